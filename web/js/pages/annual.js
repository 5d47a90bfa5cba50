// annual.js (page) - the annual self-inspection (docs/certificates.md §20-21):
// for a unit, the reports its certificates owe for a year with the due day,
// and its reports; for the bureau, the reports handed in (to review); one
// report: its thirteen areas (edited by the unit's officer while a draft, with
// attachments, then submitted), the inspector's review (pass, rectify with
// findings, fail) and the findings with the unit's answers and evidence and
// the inspector's verification; for an approver, the cancellations proposed
// after the examination, to confirm or decline. Every button follows the
// record's "can".

import { h, replace } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, today, UNIT_ROLES } from '../session.js';
import {
  attempt, button, clearFormError, dataTable, dateEl, field, notify, openDialog, pageHeader, pagedTable,
  onFormSubmit, selectInput, tableLoader, textArea,
} from '../ui.js';
import {
  areaName, facts, fileList, findingCard, findingsEditor, loadAreas, loadFindings, mono, overdueBadge, stateBadge,
  uploadButton,
} from '../findings.js';

const ANSWER_STATUSES = ['compliant', 'partly', 'not'];
const REPORT_STATES = ['draft', 'submitted', 'rectify', 'passed', 'failed'];
const PROPOSAL_STATES = ['pending', 'confirmed', 'declined'];

function badge(kind, state) {
  return stateBadge(`annual.${kind}`, state);
}

/** The last year that is over on the business day: the year a report is due for now. */
function lastYear() {
  const d = today() || new Date().toISOString().slice(0, 10);
  return Number(d.slice(0, 4)) - 1;
}

const reportHref = (r) => `#/annual/${r.id}`;

/* ---------- lists ---------- */

function reportColumns({ unit = true } = {}) {
  return [
    { label: t('annual.col.number'), className: 'nowrap', render: (r) => h('a', { href: reportHref(r), class: 'mono', 'data-testid': 'report-link' }, r.number) },
    unit ? { label: t('annual.col.unit'), render: (r) => r.unit } : null,
    { label: t('annual.col.year'), className: 'mono', render: (r) => String(r.year) },
    { label: t('annual.col.due'), className: 'mono nowrap', render: (r) => r.due || '—' },
    { label: t('annual.col.submitted'), className: 'nowrap', render: (r) => dateEl(r.submitted_at) },
    { label: t('annual.col.state'), render: (r) => h('span', null, badge('states', r.state), ' ', overdueBadge(r.overdue)) },
  ].filter(Boolean);
}

function reportsTable(go, opts) {
  const table = dataTable(reportColumns(opts), {
    caption: opts.caption,
    empty: t('annual.none'),
    rowAttrs: (r) => ({ 'data-report-id': String(r.id), 'data-state': r.state, class: 'row-link' }),
  });
  table.tbody.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button, input, select')) return;
    const tr = ev.target.closest('tr[data-report-id]');
    if (tr) go(`annual/${tr.dataset.reportId}`);
  });
  return table;
}

/** The unit: the year's duties (start a report) and its reports. */
async function unitAnnualPage(main, params, ctx) {
  const officer = hasRole('unit_officer');
  const yearIn = h('input', {
    type: 'number', name: 'year', min: 2000, max: 2200, class: 'num', value: String(lastYear()),
  });
  const owedErr = h('div');
  const dueLine = h('p', { class: 'hint', 'data-testid': 'owed-due' });
  const owedTable = dataTable([
    { label: t('annual.col.number'), className: 'nowrap', render: (o) => h('span', { class: 'mono' }, o.number) },
    { label: t('annual.col.year'), className: 'mono', render: (o) => String(o.year) },
    { label: t('annual.col.due'), className: 'mono nowrap', render: (o) => o.due },
    {
      label: t('annual.col.state'),
      render: (o) => h('span', null, o.report_state ? badge('states', o.report_state) : h('span', { class: 'muted' }, t('annual.not_started')),
        ' ', overdueBadge(o.overdue)),
    },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (o) => {
        if (o.report_id) return h('a', { class: 'btn btn-secondary btn-sm', href: `#/annual/${o.report_id}`, 'data-testid': 'open-report' }, t('annual.open'));
        if (!officer) return null;
        const b = button(t('annual.start'), { small: true, kind: 'primary', 'data-testid': 'start-report' });
        b.addEventListener('click', () => attempt(b, owedErr, async () => {
          const r = await api('POST', '/annual-reports', { body: { certificate_id: o.certificate_id, year: o.year } });
          notify(t('annual.started'), 'success');
          ctx.go(`annual/${r.id}`);
        }));
        return b;
      },
    },
  ], {
    caption: t('annual.owed_title'),
    empty: t('annual.owed_none'),
    rowAttrs: (o) => ({ 'data-cert-id': String(o.certificate_id), 'data-number': o.number }),
  });
  const loadOwed = tableLoader(owedTable, owedErr, async () => {
    const r = await api('GET', '/annual-reports/owed', { query: { year: yearIn.value } });
    replace(dueLine, t('annual.due_line', { year: r.year, due: r.due }));
    return r.items;
  });
  const yearForm = h('form', { class: 'filters', role: 'search', 'data-testid': 'owed-form' },
    field({ label: t('annual.col.year'), input: yearIn }),
    h('div', { class: 'filter-actions' }, button(t('common.search'), { type: 'submit', kind: 'primary' })));
  yearForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    loadOwed();
  });

  const listErr = h('div');
  const table = reportsTable(ctx.go, { unit: false, caption: t('annual.my_reports') });
  // (the server answers every report in one page: no cursor)
  const { load, bar } = pagedTable(table, listErr, () => api('GET', '/annual-reports'));
  await Promise.all([loadOwed(), load()]);
  replace(main,
    pageHeader(t('annual.unit_title'), t('annual.unit_intro')),
    h('section', { class: 'panel', 'data-testid': 'owed' },
      h('h2', { class: 'panel-title' }, t('annual.owed_title')), yearForm, dueLine, owedErr, owedTable),
    h('section', { class: 'panel', 'data-testid': 'reports' },
      h('h2', { class: 'panel-title' }, t('annual.my_reports')), listErr, table, bar));
}

/** The bureau: the reports handed in (by default those awaiting review). */
async function bureauAnnualPage(main, params, ctx) {
  const stateSel = selectInput([{ value: '', label: t('common.any') },
    ...REPORT_STATES.filter((s) => s !== 'draft').map((s) => ({ value: s, label: t(`annual.states.${s}`) }))],
  { name: 'state', value: 'submitted' });
  const yearIn = h('input', { type: 'number', name: 'year', min: 2000, max: 2200, class: 'num' });
  const listErr = h('div');
  const table = reportsTable(ctx.go, { unit: true, caption: t('annual.list_title') });
  const { load, withFilters } = pagedTable(table, listErr, () => api('GET', '/annual-reports', {
    query: { state: stateSel.value, year: yearIn.value },
  }));
  await load();
  replace(main,
    pageHeader(t('annual.list_title'), t('annual.list_intro'),
      hasRole('approver') ? h('a', { class: 'btn btn-secondary', href: '#/cancellations' }, t('nav.cancellations')) : null),
    h('section', { class: 'panel', 'data-testid': 'reports' }, withFilters([
      field({ label: t('annual.col.state'), input: stateSel }),
      field({ label: t('annual.col.year'), input: yearIn }),
    ])));
}

export async function annualListPage(main, params, ctx) {
  if (hasRole(...UNIT_ROLES)) return unitAnnualPage(main, params, ctx);
  return bureauAnnualPage(main, params, ctx);
}

/* ---------- one report ---------- */

/** The thirteen areas (areas: the server's list) as a form (status and text each),
 * filled from answers. */
function answersForm(answers, areas) {
  const byArea = new Map((answers || []).map((a) => [a.area, a]));
  const rows = areas.map(({ code, name }, i) => {
    const a = byArea.get(code) || {};
    const status = selectInput([{ value: '', label: t('annual.status_none') },
      ...ANSWER_STATUSES.map((s) => ({ value: s, label: t(`annual.status.${s}`) }))], {
      name: `status_${code}`, value: a.status || '', 'data-area': code,
    });
    const text = textArea({ name: `text_${code}`, rows: 2, maxlength: 4000 });
    text.value = a.text || '';
    status.dataset.field = `answers[${i}].status`;
    text.dataset.field = `answers[${i}].text`;
    return h('fieldset', { class: 'form-grid area-answer', 'data-area': code },
      h('legend', { class: 'sub-title' }, `${i + 1}. ${areaName(code, name)}`),
      field({ label: t('annual.answer_status'), input: status }),
      field({ label: t('annual.answer_text'), input: text, wide: true }));
  });
  const read = () => areas.map(({ code }, i) => ({
    area: code,
    status: rows[i].querySelector('select').value,
    text: rows[i].querySelector('textarea').value.trim(),
  })).filter((a) => a.status);
  return { rows, read };
}

function answersTable(answers) {
  const table = dataTable([
    { label: t('annual.col.area'), render: (a) => areaName(a.area, a.area_name) },
    { label: t('annual.answer_status'), className: 'nowrap', render: (a) => tOr(`annual.status.${a.status}`, a.status) },
    { label: t('annual.answer_text'), className: 'wrap-text', render: (a) => a.text || '—' },
  ], { caption: t('annual.answers_title'), rowAttrs: (a) => ({ 'data-area': a.area, 'data-status': a.status }) });
  table.update(answers || []);
  return table;
}

/** The inspector's review: pass, rectify with findings, or fail with a note. */
function reviewPanel(rep, reload, areas) {
  const slot = h('div');
  const decision = selectInput(['pass', 'rectify', 'fail'].map((d) => ({ value: d, label: t(`annual.decision.${d}`) })),
    { name: 'decision' });
  const note = textArea({ name: 'note', rows: 3, maxlength: 2000 });
  note.dataset.field = 'note';
  const editor = findingsEditor(areas);
  const findingsPart = h('div', { class: 'field-wide', hidden: true },
    h('h3', { class: 'sub-title' }, t('annual.findings_title')),
    h('p', { class: 'hint' }, t('annual.deadline_hint')), editor.box, editor.addBtn);
  const sync = () => {
    findingsPart.hidden = decision.value !== 'rectify';
    if (decision.value === 'rectify' && !editor.count()) editor.add();
  };
  decision.addEventListener('change', sync);
  const submit = button(t('annual.review_submit'), { type: 'submit', kind: 'primary', 'data-testid': 'review-submit' });
  const form = h('form', { class: 'form', 'data-testid': 'review-form', novalidate: true },
    h('div', { class: 'form-grid' },
      field({ label: t('annual.decision_label'), input: decision }),
      field({ label: t('annual.note'), input: note, hint: t('annual.note_hint'), wide: true }),
      findingsPart),
    slot, h('div', { class: 'form-actions' }, submit));
  onFormSubmit(form, submit, slot, async () => {
    const body = { decision: decision.value };
    if (note.value.trim()) body.note = note.value.trim();
    if (decision.value === 'rectify') body.findings = editor.read();
    await api('POST', `/annual-reports/${rep.id}/review`, { body, version: rep.version });
    notify(t(`annual.reviewed.${decision.value}`), 'success');
    await reload();
  });
  return h('section', { class: 'panel', 'data-testid': 'review-panel' },
    h('h2', { class: 'panel-title' }, t('annual.review_title')), form);
}

export async function annualReportPage(main, params) {
  const id = Number.parseInt(params.id, 10);
  const render = async () => {
    const rep = await api('GET', `/annual-reports/${id}`);
    const can = rep.can || [];
    const findings = rep.state === 'draft' ? [] : await loadFindings('annual_report', id);
    const reload = () => render();
    const blocks = [];
    if (can.includes('edit') || can.includes('submit')) {
      const slot = h('div');
      const { rows, read } = answersForm(rep.answers, await loadAreas());
      const save = button(t('annual.save'), { type: 'submit', kind: 'secondary', 'data-testid': 'save-report' });
      const submitBtn = button(t('annual.submit'), { kind: 'primary', 'data-testid': 'submit-report' });
      const form = h('form', { class: 'form', 'data-testid': 'answers-form', novalidate: true },
        h('p', { class: 'hint' }, t('annual.answers_hint')), rows, slot,
        h('div', { class: 'form-actions' }, save, can.includes('submit') ? submitBtn : null));
      // (the server checks the answers; nothing to refuse here first)
      onFormSubmit(form, save, slot, async () => {
        await api('PUT', `/annual-reports/${id}`, { body: { answers: read() }, version: rep.version });
        notify(t('annual.saved'), 'success');
        await reload();
      }, () => null);
      submitBtn.addEventListener('click', () => {
        clearFormError(form, slot);
        attempt(submitBtn, slot, async () => {
          // what is on the form is saved first, so nothing typed is lost
          const saved = await api('PUT', `/annual-reports/${id}`, { body: { answers: read() }, version: rep.version });
          await api('POST', `/annual-reports/${id}/submit`, { version: saved.version });
          notify(t('annual.submitted'), 'success');
          await reload();
        }, form);
      });
      blocks.push(h('section', { class: 'panel', 'data-testid': 'answers' },
        h('h2', { class: 'panel-title' }, t('annual.answers_title')), form));
    } else {
      blocks.push(h('section', { class: 'panel', 'data-testid': 'answers' },
        h('h2', { class: 'panel-title' }, t('annual.answers_title')), answersTable(rep.answers)));
    }
    const filesSlot = h('div');
    blocks.push(h('section', { class: 'panel', 'data-testid': 'attachments' },
      h('div', { class: 'tab-head' },
        h('h2', { class: 'panel-title' }, t('annual.files_title')),
        can.includes('edit') ? uploadButton(t('annual.attach'), t('annual.attach_aria'), `/annual-reports/${id}/files`, filesSlot, reload, 'attach-input') : null),
      filesSlot,
      fileList(rep.files, (f) => `/api/v1/annual-reports/${id}/files/${f.file_id}`, 'report-files')));
    if (can.includes('review')) blocks.push(reviewPanel(rep, reload, await loadAreas()));
    if (findings.length) {
      blocks.push(h('section', { class: 'panel', 'data-testid': 'findings' },
        h('h2', { class: 'panel-title' }, t('annual.findings_title')),
        findings.map((f) => findingCard(f, reload))));
    }
    replace(main,
      pageHeader(t('annual.report_title', { number: rep.number, year: rep.year }), null,
        h('a', { class: 'btn btn-secondary', href: '#/annual' }, t('annual.back')),
        h('a', { class: 'btn btn-secondary', href: `#/certs/${rep.certificate_id}` }, t('annual.to_cert'))),
      h('section', {
        class: 'panel', 'data-testid': 'report-head', 'data-state': rep.state, 'data-report-id': String(rep.id),
      },
      facts([
        [t('annual.col.number'), mono(rep.number)],
        [t('annual.col.unit'), rep.unit],
        [t('annual.col.year'), mono(String(rep.year))],
        [t('annual.col.due'), mono(rep.due)],
        [t('annual.col.state'), h('span', { 'data-testid': 'report-state' }, badge('states', rep.state), ' ', overdueBadge(rep.overdue))],
        [t('annual.col.cert_state'), tOr(`cert.states.${rep.certificate_state}`, rep.certificate_state)],
        [t('annual.col.submitted'), dateEl(rep.submitted_at)],
        rep.reviewed_at ? [t('annual.col.reviewed'), dateEl(rep.reviewed_at)] : null,
        rep.decision_note ? [t('annual.note'), h('span', { class: 'wrap-text' }, rep.decision_note)] : null,
      ])),
      blocks);
  };
  await render();
}

/* ---------- cancellation proposals ---------- */

function decideDialog(p, decision, reload) {
  const note = textArea({ name: 'note', rows: 3, maxlength: 2000, required: decision === 'decline' });
  note.dataset.field = 'note';
  openDialog({
    title: t(`annual.cancel.${decision}_title`, { number: p.number }),
    body: [h('p', { class: 'dialog-message' }, t(`annual.cancel.${decision}_text`, { number: p.number, unit: p.unit, year: p.year })),
      field({ label: t('annual.note'), input: note, required: decision === 'decline', wide: true })],
    submitLabel: t(`annual.cancel.${decision}`),
    danger: decision === 'confirm',
    onSubmit: async () => {
      const body = { decision };
      if (note.value.trim()) body.note = note.value.trim();
      await api('POST', `/cancellation-proposals/${p.id}/decision`, { body, version: p.version });
      notify(t(`annual.cancel.${decision}_done`, { number: p.number }), 'success');
      await reload();
    },
  });
}

export async function cancellationsPage(main) {
  const stateSel = selectInput([{ value: '', label: t('common.any') },
    ...PROPOSAL_STATES.map((s) => ({ value: s, label: t(`annual.proposal_states.${s}`) }))], { name: 'state', value: 'pending' });
  const listErr = h('div');
  let load = null;
  const table = dataTable([
    { label: t('annual.col.number'), className: 'nowrap', render: (p) => h('a', { href: `#/certs/${p.certificate_id}`, class: 'mono' }, p.number) },
    { label: t('annual.col.unit'), render: (p) => p.unit },
    { label: t('annual.col.year'), className: 'mono', render: (p) => String(p.year) },
    {
      label: t('annual.col.reason'),
      render: (p) => [tOr(`annual.reasons.${p.reason}`, p.reason),
        p.report_id ? [' ', h('a', { href: `#/annual/${p.report_id}` }, t('annual.open'))] : null],
    },
    { label: t('annual.col.proposed'), className: 'nowrap', render: (p) => dateEl(p.proposed_at) },
    {
      label: t('annual.col.state'),
      render: (p) => h('span', null, badge('proposal_states', p.state), p.decision_note ? h('span', { class: 'sub' }, p.decision_note) : null),
    },
    { label: t('annual.col.cert_state'), render: (p) => tOr(`cert.states.${p.certificate_state}`, p.certificate_state) },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (p) => ((p.can || []).includes('decide') ? h('div', { class: 'inline-actions' },
        button(t('annual.cancel.confirm'), { small: true, kind: 'danger', 'data-testid': 'confirm-cancel', onclick: () => decideDialog(p, 'confirm', () => load()) }),
        button(t('annual.cancel.decline'), { small: true, 'data-testid': 'decline-cancel', onclick: () => decideDialog(p, 'decline', () => load()) })) : null),
    },
  ], {
    caption: t('annual.cancel.title'),
    empty: t('annual.cancel.none'),
    rowAttrs: (p) => ({ 'data-proposal-id': String(p.id), 'data-number': p.number, 'data-state': p.state }),
  });
  const paged = pagedTable(table, listErr, () => api('GET', '/cancellation-proposals', {
    query: { state: stateSel.value },
  }));
  ({ load } = paged);
  await load();
  replace(main,
    pageHeader(t('annual.cancel.title'), t('annual.cancel.intro')),
    h('section', { class: 'panel', 'data-testid': 'proposals' }, paged.withFilters([
      field({ label: t('annual.col.state'), input: stateSel }),
    ])));
}
