// apps.js (page) - lists of qualification applications: the unit's own
// applications, the bureau's searchable register, and the bureau user's work
// queue ("my tasks", sorted by due date by the server).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, UNIT_ROLES } from '../session.js';
import {
  CursorPager, dataTable, dateEl, errorBox, field, fillSelect, filterBar, pageHeader, pagerBar, section,
  selectInput,
} from '../ui.js';
import { getRegions, regionOptions } from '../orgs.js';
import {
  appLink, appSchemeName, categoriesText, deadlineBadge, getSchemes, gradeName, schemeById, schemeShort,
  STATES, stateBadge, stateText, txt, UNIT_EDIT_STATES,
} from '../apps.js';

/** 320000 -> "32", 320100 -> "3201": the prefix the region filter matches on. */
function regionPrefix(code) {
  let p = code;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

function columns(schemes, { unit = false, task = false } = {}) {
  return [
    { label: t('apps.col.number'), className: 'nowrap', render: (a) => appLink(a) },
    unit ? null : {
      label: t('apps.col.unit'),
      className: 'col-unit',
      render: (a) => h('span', { class: 'name-cell' }, a.unit.name, h('span', { class: 'sub mono' }, a.unit.uscc)),
    },
    {
      label: t('apps.col.scheme'),
      className: 'col-scheme',
      render: (a) => h('span', { class: 'name-cell', title: appSchemeName(a) }, schemeShort(a.scheme.id, appSchemeName(a)),
        h('span', { class: 'sub' }, categoriesText(a.categories, schemeById(schemes, a.scheme.id)))),
    },
    { label: t('apps.col.grade'), className: 'nowrap', render: (a) => gradeName(a.scheme.id, a.grade, schemeById(schemes, a.scheme.id)) },
    { label: t('apps.col.state'), className: 'nowrap', render: (a) => stateBadge(a.state) },
    task ? { label: t('apps.col.todo'), className: 'col-todo', render: (a) => t(`apps.todo.${a.state}`) } : null,
    { label: t('apps.col.deadline'), className: 'nowrap', render: (a) => deadlineBadge(a, { compact: true }) },
    { label: t('apps.col.submitted_at'), className: 'nowrap', render: (a) => dateEl(a.dates.submitted_at) },
    unit ? { label: t('fields.updated_at'), className: 'nowrap', render: (a) => dateEl(a.updated_at) } : null,
  ].filter(Boolean);
}

const rowAttrs = (a) => ({ 'data-app-id': String(a.id), 'data-state': a.state, class: 'row-link' });

/** Clicking anywhere on a row opens the case (the number is the real link). */
function rowsOpen(table, go) {
  table.tbody.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button, input, select')) return;
    const tr = ev.target.closest('tr[data-app-id]');
    if (tr) go(`apps/${tr.dataset.appId}`);
  });
}

async function unitAppsPage(main, params, ctx) {
  const schemes = await getSchemes();
  const listErr = h('div');
  const table = dataTable(columns(schemes, { unit: true }), {
    caption: t('apps.my_title'), empty: t('apps.none_yet'), rowAttrs,
  });
  rowsOpen(table, ctx.go);
  let items = [];
  try {
    const page = await api('GET', '/applications', { query: { limit: 200 } });
    items = page.items;
    table.update(items);
  } catch (err) {
    replace(listErr, errorBox(err));
  }
  const waiting = items.filter((a) => UNIT_EDIT_STATES.includes(a.state));
  replace(main,
    pageHeader(t('apps.my_title'), t('apps.my_intro'),
      hasRole('unit_officer') ? h('a', { class: 'btn btn-primary', href: '#/apps/new', 'data-testid': 'new-app' }, t('apps.new')) : null),
    waiting.length ? h('div', { class: 'alert alert-warning', role: 'status', 'data-testid': 'awaiting-unit' },
      t('apps.awaiting_unit', { n: waiting.length })) : null,
    section(null, listErr, table));
}

async function bureauAppsPage(main, params, ctx) {
  const [schemes, regions] = await Promise.all([getSchemes(), getRegions().catch(() => [])]);
  const pager = new CursorPager();
  const schemeSel = selectInput([{ value: '', label: t('common.any') },
    ...schemes.map((s) => ({ value: s.id, label: txt(s.name) }))], { name: 'scheme' });
  const gradeSel = selectInput([], { name: 'grade' });
  const fillGrades = () => {
    const list = schemeSel.value ? [schemeById(schemes, schemeSel.value)] : schemes;
    const seen = new Set();
    const opts = [{ value: '', label: t('common.any') }];
    for (const s of list) {
      for (const g of s.grades) {
        if (seen.has(g.code)) continue;
        seen.add(g.code);
        opts.push({ value: g.code, label: schemeSel.value ? gradeName(s.id, g.code, s) : `${g.code} · ${gradeName(s.id, g.code, s)}` });
      }
    }
    fillSelect(gradeSel, opts, '');
  };
  fillGrades();
  schemeSel.addEventListener('change', fillGrades);
  const stateSel = selectInput([{ value: '', label: t('common.any') }, { value: 'open', label: t('apps.state_open') },
    ...STATES.map((s) => ({ value: s, label: stateText(s) }))], { name: 'state' });
  const regionSel = selectInput([{ value: '', label: t('common.any') }, ...regionOptions(regions, { includeNational: false })], { name: 'region' });
  const dueIn = h('input', { type: 'number', name: 'due_within', min: 0, max: 365, class: 'num', placeholder: t('apps.due_within_ph') });
  const overdueIn = h('input', { type: 'checkbox', name: 'overdue' });
  const listErr = h('div');
  const table = dataTable(columns(schemes), { caption: t('apps.search_title'), rowAttrs });
  rowsOpen(table, ctx.go);
  const bar = pagerBar(() => { pager.back(); load(); }, () => { pager.forward(); load(); });

  async function load() {
    table.loading();
    try {
      const page = await api('GET', '/applications', {
        query: {
          scheme: schemeSel.value,
          grade: gradeSel.value,
          state: stateSel.value,
          region: regionSel.value ? regionPrefix(regionSel.value) : '',
          due_within: dueIn.value.trim(),
          overdue: overdueIn.checked ? 'true' : '',
          limit: 50,
          cursor: pager.cursor,
        },
      });
      pager.next = page.next_cursor;
      replace(listErr);
      table.update(page.items);
      bar.update(pager, page.items.length);
    } catch (err) {
      replace(listErr, errorBox(err));
    } finally {
      table.done();
    }
  }
  const search = () => { pager.reset(); load(); };

  await load();
  replace(main,
    pageHeader(t('apps.search_title'), t('apps.search_intro'),
      h('a', { class: 'btn btn-secondary', href: '#/tasks' }, t('nav.tasks'))),
    section(null,
      filterBar([
        field({ label: t('apps.col.scheme'), input: schemeSel }),
        field({ label: t('apps.col.grade'), input: gradeSel }),
        field({ label: t('apps.col.state'), input: stateSel }),
        field({ label: t('fields.region'), input: regionSel }),
        field({ label: t('apps.due_within'), input: dueIn, name: 'due_within' }),
        h('label', { class: 'check filter-check' }, overdueIn, t('apps.overdue_only')),
      ], search, search, t('apps.search_note')),
      listErr, table, bar));
}

export async function appsListPage(main, params, ctx) {
  if (hasRole(...UNIT_ROLES)) return unitAppsPage(main, params, ctx);
  return bureauAppsPage(main, params, ctx);
}

export async function tasksPage(main, params, ctx) {
  const schemes = await getSchemes();
  const listErr = h('div');
  const table = dataTable(columns(schemes, { task: true }), {
    caption: t('apps.tasks_title'), empty: t('apps.no_tasks'), rowAttrs,
  });
  rowsOpen(table, ctx.go);
  let items = [];
  try {
    items = (await api('GET', '/applications', { query: { tasks: 'true' } })).items;
    table.update(items);
  } catch (err) {
    replace(listErr, errorBox(err));
  }
  const overdue = items.filter((a) => a.clock && a.clock.overdue).length;
  const soon = items.filter((a) => a.clock && !a.clock.overdue && !a.clock.paused && a.clock.remaining <= 2).length;
  replace(main,
    pageHeader(t('apps.tasks_title'), t('apps.tasks_intro'),
      h('a', { class: 'btn btn-secondary', href: '#/apps' }, t('nav.apps'))),
    h('div', { class: 'stat-row', 'data-testid': 'task-stats' },
      h('div', { class: 'stat' }, h('span', { class: 'stat-n' }, String(items.length)), h('span', { class: 'stat-l' }, t('apps.stat_tasks'))),
      h('div', { class: ['stat', overdue && 'stat-red'] }, h('span', { class: 'stat-n' }, String(overdue)), h('span', { class: 'stat-l' }, t('apps.stat_overdue'))),
      h('div', { class: ['stat', soon && 'stat-amber'] }, h('span', { class: 'stat-n' }, String(soon)), h('span', { class: 'stat-l' }, t('apps.stat_soon')))),
    section(null, listErr, table));
}
