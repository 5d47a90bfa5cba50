// dashboard.js - the role dashboard at the top of the home page (GET /api/v1/dashboard).
//
// A bureau user: number tiles, each linking to the list behind it, and four charts
// (certificates by state, grade, category and province), each with a data table of the
// same numbers: the table is what screen readers and the tests read. A unit user: its
// certificates, its next deadlines by date and its open findings.
//
// Charts are drawn by Chart.js from Debian's libjs-chart.js, which the server serves at
// /vendor/chart.js/ when it is installed; it is loaded on demand by a <script src>
// (the CSP allows scripts from 'self' only, never inline ones). Without it the tables
// alone show the numbers. Chart.js sizes its canvas through the CSSOM, which leaves a
// style attribute behind: it is removed at once and app.css sizes the canvas instead.

import { h } from '../dom.js';
import { getLang, t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { BUREAU_ROLES, hasRole, UNIT_ROLES } from '../session.js';
import { dataTable, errorBox, section } from '../ui.js';
import { certState } from '../certs.js';

const CHART_SRC = '/vendor/chart.js/chart.min.js';
const CANVAS_W = 420; // the drawing size; app.css scales it down to the panel
const CANVAS_H = 240;

let chartLib = null; // the promise of window.Chart, or of null when it is not there
let drawn = []; // the charts drawn last: released when the next ones are drawn

/** Chart.js, loaded once by a <script src>; resolves to null when it cannot load. */
function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!chartLib) {
    chartLib = new Promise((resolve) => {
      const s = h('script', { src: CHART_SRC, async: true });
      s.addEventListener('load', () => resolve(window.Chart || null));
      s.addEventListener('error', () => resolve(null));
      document.head.append(s);
    });
  }
  return chartLib;
}

/** A {zh-CN, en} name in the reader's language, or ''. */
function nm(o) {
  if (!o) return '';
  return getLang() === 'en' ? o.en || o['zh-CN'] || '' : o['zh-CN'] || o.en || '';
}

function cssVar(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

// the colours of app.css: one per certificate state, and the bars
const STATE_COLOUR = {
  valid: '--green',
  suspended: '--amber',
  revoked: '--red',
  cancelled: '--muted',
  expired: '--gold',
  superseded: '--navy-700',
};

/* ---------- pieces ---------- */

/** A civil day (YYYY-MM-DD) as it is: no time zone may move it. */
function dayEl(day) {
  return day ? h('time', { datetime: day }, day) : h('span', { class: 'muted' }, '—');
}

/** A number tile; with href it links to the list behind the number. */
function tile(id, n, label, { href = null, tone = null } = {}) {
  const attrs = {
    class: ['stat', 'dash-tile', href && 'stat-link', tone && `stat-${tone}`],
    'data-testid': `dash-tile-${id}`,
    'data-n': n === null || n === undefined ? '' : String(n),
  };
  const body = [h('span', { class: 'stat-n' }, n === null || n === undefined ? '—' : String(n)),
    h('span', { class: 'stat-l' }, label)];
  return href ? h('a', { ...attrs, href }, body) : h('div', attrs, body);
}

/**
 * A chart with its data table. rows: [{key, label, short?, n}] (short: the chart's label
 * when the table's is long). Returns {el, draw(Chart)}:
 * the canvas is added by draw, only when Chart.js is there and there is something to draw.
 */
function chartFigure(id, title, rows, { type = 'bar', colours = null } = {}) {
  const box = h('div', { class: 'dash-canvas-box' });
  const table = h('table', { class: 'data dash-table', 'data-testid': `dash-table-${id}` },
    h('caption', { class: 'visually-hidden' }, title),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t(`dashboard.col.${id}`)),
      h('th', { scope: 'col', class: 'num' }, t('dashboard.col.count')))),
    h('tbody', null, rows.length
      ? rows.map((r) => h('tr', { 'data-key': r.key },
        h('th', { scope: 'row', class: 'dash-row-label' }, r.label),
        h('td', { class: 'num', 'data-testid': 'dash-n' }, String(r.n))))
      : h('tr', { class: 'empty-row' }, h('td', { colspan: 2 }, t('dashboard.no_data')))));
  const el = h('figure', { class: 'dash-chart', 'data-testid': `dash-chart-${id}` },
    h('figcaption', { class: 'dash-chart-title' }, title), box, table);
  const draw = (Chart) => {
    if (!Chart || !rows.length) return;
    const canvas = h('canvas', {
      class: 'dash-canvas', width: CANVAS_W, height: CANVAS_H, role: 'img',
      'aria-label': t('dashboard.chart_alt', { title }), 'data-testid': `dash-canvas-${id}`,
    });
    box.append(canvas);
    const bar = cssVar('--navy-600', '#245397');
    Chart.defaults.font.family = cssVar('--font', Chart.defaults.font.family);
    Chart.defaults.color = cssVar('--text', Chart.defaults.color);
    const chart = new Chart(canvas, {
      type,
      data: {
        labels: rows.map((r) => r.short || r.label),
        datasets: [{
          label: t('dashboard.col.count'),
          data: rows.map((r) => r.n),
          backgroundColor: colours || bar,
          borderColor: type === 'doughnut' ? cssVar('--panel', '#fff') : bar,
          borderWidth: 1,
        }],
      },
      options: {
        responsive: false,
        animation: false,
        plugins: {
          legend: { display: type === 'doughnut', position: 'right' },
          tooltip: { enabled: true },
        },
        scales: type === 'bar'
          ? { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { autoSkip: false } } }
          : {},
      },
    });
    // Chart.js set the canvas's size through its style: app.css holds it instead
    canvas.removeAttribute('style');
    drawn.push(chart);
  };
  return { el, draw };
}

/* ---------- a bureau ---------- */

function bureauDashboard(d) {
  const c = d.certificates;
  const a = d.annual;
  const f = d.findings;
  const i = d.inspections;
  const tiles = h('div', { class: 'stat-row dash-tiles', 'data-testid': 'dash-tiles' },
    tile('annual-due', a.not_submitted, t('dashboard.tile.annual_due', { year: a.year }),
      { href: '#/annual', tone: a.not_submitted ? 'amber' : null }),
    tile('annual-overdue', a.overdue, t('dashboard.tile.annual_overdue', { year: a.year }),
      { href: '#/annual', tone: a.overdue ? 'red' : null }),
    tile('findings-open', f.open, t('dashboard.tile.findings_open'), { href: '#/annual' }),
    tile('findings-overdue', f.overdue, t('dashboard.tile.findings_overdue'),
      { href: '#/annual', tone: f.overdue ? 'red' : null }),
    tile('cancellations', d.cancellations.pending, t('dashboard.tile.cancellations'),
      { href: hasRole('approver') ? '#/cancellations' : null, tone: d.cancellations.pending ? 'amber' : null }),
    tile('issuances', d.issuances.pending, t('dashboard.tile.issuances'), { href: '#/tasks' }),
    tile('expiring', c.expiring.n, t('dashboard.tile.expiring', { months: c.expiring.months }),
      { href: '#/certs', tone: c.expiring.n ? 'amber' : null }),
    tile('inspections', i.planned + i.in_progress + i.rectifying, t('dashboard.tile.inspections'),
      { href: '#/inspections' }),
    tile('sanctions', i.sanctions_pending, t('dashboard.tile.sanctions'),
      { href: hasRole('inspector', 'approver') ? '#/sanctions' : null, tone: i.sanctions_pending ? 'amber' : null }),
    tile('leaks', i.leaks.n, t('dashboard.tile.leaks', { days: i.leaks.days }),
      { href: '#/leaks', tone: i.leaks.n ? 'red' : null }));
  const annualLine = h('p', { class: 'hint dash-annual', 'data-testid': 'dash-annual' },
    t('dashboard.annual_line', {
      year: a.year, due: a.due || '—', owed: a.owed, submitted: a.submitted,
      passed: a.passed, rectify: a.rectify, failed: a.failed,
    }));

  const figures = [
    chartFigure('state', t('dashboard.by_state'), c.by_state.map((s) => ({
      key: s.state, label: tOr(`cert.states.${s.state}`, s.state), n: s.n,
    })), {
      type: 'doughnut',
      colours: c.by_state.map((s) => cssVar(STATE_COLOUR[s.state] || '--navy-600', '#245397')),
    }),
    chartFigure('grade', t('dashboard.by_grade'), c.by_grade.map((g) => ({
      key: `${g.scheme_id}.${g.grade}`,
      label: `${nm(g.scheme_name) || g.scheme_id} ${nm(g.name) || g.grade}`,
      short: nm(g.name) || g.grade, // the table names the scheme too
      n: g.n,
    }))),
    chartFigure('category', t('dashboard.by_category'), c.by_category.map((g) => ({
      key: `${g.scheme_id}.${g.category}`, label: nm(g.name) || g.category, n: g.n,
    }))),
    chartFigure('province', t('dashboard.by_province'), c.by_province.map((p) => ({
      key: p.province, label: nm(p.name) || p.province, n: p.n,
    }))),
  ];
  const el = section(t('dashboard.title_bureau'),
    h('p', { class: 'hint' }, t('dashboard.intro_bureau', { total: c.total })),
    tiles, annualLine,
    h('div', { class: 'dash-charts' }, figures.map((x) => x.el)));
  el.dataset.testid = 'dashboard';
  el.dataset.kind = 'bureau';
  return { el, figures };
}

/* ---------- a unit ---------- */

function findingHref(f) {
  return f.source_type === 'annual_report' ? `#/annual/${f.source_id}` : `#/certs/${f.certificate_id}`;
}

function overdueBadge(overdue) {
  return overdue ? h('span', { class: 'badge app-state ast-red', 'data-testid': 'dash-overdue' }, t('dashboard.overdue')) : null;
}

function unitDashboard(d) {
  const certs = dataTable([
    { label: t('cert.col.number'), className: 'nowrap', render: (c) => h('a', { href: `#/certs/${c.id}`, class: 'mono', 'data-testid': 'dash-cert-link' }, c.number) },
    { label: t('cert.col.grade'), render: (c) => nm(c.grade_name) || c.grade },
    { label: t('cert.col.state'), render: (c) => certState(c) },
    { label: t('cert.f.valid_until'), className: 'nowrap', render: (c) => dayEl(c.valid_until) },
  ], { caption: t('dashboard.my_certs'), empty: t('cert.none'), rowAttrs: (c) => ({ 'data-cert-id': String(c.id) }) });
  certs.update(d.certificates);
  certs.dataset.testid = 'dash-certs';

  const findingById = new Map(d.findings.map((f) => [f.id, f]));
  const deadlineHref = (x) => {
    if (x.kind === 'annual_report') return x.report_id ? `#/annual/${x.report_id}` : '#/annual';
    if (x.kind === 'finding' && findingById.has(x.finding_id)) return findingHref(findingById.get(x.finding_id));
    return `#/certs/${x.certificate_id}`;
  };
  const deadlines = dataTable([
    { label: t('dashboard.col.date'), className: 'nowrap', render: (x) => dayEl(x.date) },
    { label: t('dashboard.col.what'), render: (x) => h('a', { href: deadlineHref(x), 'data-testid': 'dash-deadline-link' }, t(`dashboard.deadline.${x.kind}`, { year: x.year || '' })) },
    { label: t('cert.col.number'), className: 'nowrap mono', render: (x) => x.number },
    { label: t('dashboard.col.status'), render: (x) => overdueBadge(x.overdue) },
  ], { caption: t('dashboard.deadlines'), empty: t('dashboard.no_deadlines'), rowAttrs: (x) => ({ 'data-kind': x.kind, 'data-date': x.date }) });
  deadlines.update(d.deadlines);
  deadlines.dataset.testid = 'dash-deadlines';

  const findings = dataTable([
    { label: t('annual.col.area'), render: (f) => h('a', { href: findingHref(f), 'data-testid': 'dash-finding-link' }, nm(f.area_name) || f.area) },
    { label: t('dashboard.col.severity'), render: (f) => tOr(`annual.severity.${f.severity}`, f.severity) },
    { label: t('dashboard.col.status'), render: (f) => [tOr(`annual.finding_states.${f.state}`, f.state), ' ', overdueBadge(f.overdue)] },
    { label: t('dashboard.col.deadline'), className: 'nowrap', render: (f) => dayEl(f.deadline) },
    { label: t('cert.col.number'), className: 'nowrap mono', render: (f) => f.number },
  ], { caption: t('dashboard.findings'), empty: t('dashboard.no_findings'), rowAttrs: (f) => ({ 'data-finding-id': String(f.id) }) });
  findings.update(d.findings);
  findings.dataset.testid = 'dash-findings';

  const el = section(t('dashboard.title_unit'),
    h('div', { class: 'grid-2' },
      h('div', null, h('h3', { class: 'sub-title' }, t('dashboard.deadlines')), deadlines),
      h('div', null, h('h3', { class: 'sub-title' }, t('dashboard.my_certs')), certs)),
    h('h3', { class: 'sub-title' }, t('dashboard.findings')), findings);
  el.dataset.testid = 'dashboard';
  el.dataset.kind = 'unit';
  return { el, figures: [] };
}

/* ---------- the home page's part ---------- */

/**
 * The caller's dashboard, or null for a user with neither bureau nor unit roles.
 * Returns {el, draw()}: put el in the page, then call draw() for the charts.
 */
export async function dashboardPanel() {
  const bureau = hasRole(...BUREAU_ROLES);
  if (!bureau && !hasRole(...UNIT_ROLES)) return null;
  let d;
  let Chart = null;
  try {
    [d, Chart] = await Promise.all([api('GET', '/dashboard'), bureau ? loadChart() : null]);
  } catch (err) {
    const el = section(bureau ? t('dashboard.title_bureau') : t('dashboard.title_unit'), errorBox(err));
    el.dataset.testid = 'dashboard';
    return { el, draw() {} };
  }
  const part = d.kind === 'bureau' ? bureauDashboard(d) : unitDashboard(d);
  part.el.dataset.charts = Chart ? 'yes' : 'no';
  return {
    el: part.el,
    draw() {
      // the previous page's charts are off screen by now: release them
      for (const c of drawn) c.destroy();
      drawn = [];
      for (const f of part.figures) f.draw(Chart);
    },
  };
}
