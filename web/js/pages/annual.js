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
  attempt, button, clearFormError, dataTable, dateEl, errorBox, field, notify, openDialog, pageHeader, pagedTable,
  onFormSubmit, selectInput, tableLoader, textArea,
} from '../ui.js';
import { mimeFor, sizeText, txt } from '../apps.js';

let areasList = null;
/** The thirteen areas of a report as the server keeps them ({code, name}), fetched once. */
async function loadAreas() {
  if (!areasList) areasList = (await api('GET', '/inspection-areas')).items;
  return areasList;
}
const ANSWER_STATUSES = ['compliant', 'partly', 'not'];
const SEVERITIES = ['minor', 'major', 'serious'];
const REPORT_STATES = ['draft', 'submitted', 'rectify', 'passed', 'failed'];
const PROPOSAL_STATES = ['pending', 'confirmed', 'declined'];
/** The file types the server takes for attachments and evidence. */
const FILE_ACCEPT = '.pdf,.ofd,.jpg,.jpeg,.png,.docx,.xlsx';

const TONE = {
  draft: 'grey',
  submitted: 'blue',
  rectify: 'amber',
  passed: 'green',
  failed: 'red',
  open: 'amber',
  responded: 'blue',
  verified: 'green',
  rejected: 'red',
  pending: 'amber',
  confirmed: 'red',
  declined: 'grey',
};

/** An area's name as the server gives it ({zh-CN, en}), or its code. */
function areaName(code, name) {
  return txt(name) || code;
}

function badge(kind, state) {
  return h('span', { class: `badge app-state ast-${TONE[state] || 'blue'}`, 'data-state': state },
    tOr(`annual.${kind}.${state}`, state));
}

function overdueBadge(on) {
  return on ? h('span', { class: 'badge ast-red', 'data-testid': 'overdue' }, t('annual.overdue')) : null;
}

function mono(s) {
  return s ? h('span', { class: 'mono' }, s) : h('span', { class: 'muted' }, '—');
}

function facts(pairs, attrs = {}) {
  return h('dl', { class: 'facts facts-compact', ...attrs },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

/** The last year that is over on the business day: the year a report is due for now. */
function lastYear() {
  const d = today() || new Date().toISOString().slice(0, 10);
  return Number(d.slice(0, 4)) - 1;
}

const reportHref = (r) => `#/annual/${r.id}`;

/* ---------- files ---------- */

function fileList(files, urlOf, testid) {
  if (!files || files.length === 0) return h('p', { class: 'hint', 'data-testid': `${testid}-none` }, t('annual.no_files'));
  return h('ul', { class: 'file-list', 'data-testid': testid }, files.map((f) => h('li', { class: 'file-item', 'data-file-id': String(f.file_id) },
    h('a', { href: urlOf(f), download: f.name, class: 'file-name' }, f.name),
    h('span', { class: 'file-meta' }, `${String(f.type || '').toUpperCase()} · ${sizeText(f.size)}`))));
}

/** A button-like label around a file input: uploads the chosen file to path, then done(). */
function uploadButton(label, aria, path, slot, done, testid) {
  const input = h('input', {
    type: 'file', class: 'visually-hidden file-input', accept: FILE_ACCEPT, 'aria-label': aria, 'data-testid': testid,
  });
  const el = h('label', { class: 'btn btn-secondary btn-sm upload-btn' }, input, label);
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    el.classList.add('is-busy');
    try {
      await api('POST', path, { query: { name: file.name }, raw: file, type: mimeFor(file) });
      replace(slot);
      notify(t('annual.uploaded', { name: file.name }), 'success');
      await done();
    } catch (err) {
      replace(slot, errorBox(err));
    } finally {
      el.classList.remove('is-busy');
      input.value = '';
    }
  });
  return el;
}

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
  const findingsBox = h('div', { class: 'field-stack', 'data-testid': 'review-findings' });
  const addBtn = button(t('annual.add_finding'), { small: true, 'data-testid': 'add-finding' });
  const findingsPart = h('div', { class: 'field-wide', hidden: true },
    h('h3', { class: 'sub-title' }, t('annual.findings_title')),
    h('p', { class: 'hint' }, t('annual.deadline_hint')), findingsBox, addBtn);
  let n = 0;
  const addFinding = () => {
    const i = n;
    n += 1;
    const area = selectInput(areas.map((a) => ({ value: a.code, label: areaName(a.code, a.name) })), { name: 'f_area' });
    area.dataset.field = `findings[${i}].area`;
    const sev = selectInput(SEVERITIES.map((s) => ({ value: s, label: t(`annual.severity.${s}`) })), { name: 'f_severity' });
    sev.dataset.field = `findings[${i}].severity`;
    const req = textArea({ name: 'f_requirement', rows: 2, maxlength: 2000 });
    req.dataset.field = `findings[${i}].requirement`;
    const dl = h('input', { type: 'date', name: 'f_deadline', min: today() || undefined });
    dl.dataset.field = `findings[${i}].deadline`;
    const remove = button(t('annual.remove_finding'), { small: true, kind: 'danger-outline' });
    const box = h('fieldset', { class: 'form-grid finding-new', 'data-testid': 'finding-new' },
      h('legend', { class: 'sub-title' }, t('annual.finding_n', { n: i + 1 })),
      field({ label: t('annual.col.area'), input: area }),
      field({ label: t('annual.col.severity'), input: sev }),
      field({ label: t('annual.col.requirement'), input: req, wide: true }),
      field({ label: t('annual.col.deadline'), input: dl, hint: t('annual.deadline_default') }),
      h('div', { class: 'form-actions' }, remove));
    remove.addEventListener('click', () => box.remove());
    findingsBox.append(box);
  };
  addBtn.addEventListener('click', addFinding);
  const sync = () => {
    findingsPart.hidden = decision.value !== 'rectify';
    if (decision.value === 'rectify' && !findingsBox.children.length) addFinding();
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
    if (decision.value === 'rectify') {
      body.findings = [...findingsBox.querySelectorAll('fieldset')].map((fs) => {
        const f = {
          area: fs.querySelector('[name=f_area]').value,
          severity: fs.querySelector('[name=f_severity]').value,
          requirement: fs.querySelector('[name=f_requirement]').value.trim(),
        };
        const d = fs.querySelector('[name=f_deadline]').value;
        if (d) f.deadline = d;
        return f;
      });
    }
    await api('POST', `/annual-reports/${rep.id}/review`, { body, version: rep.version });
    notify(t(`annual.reviewed.${decision.value}`), 'success');
    await reload();
  });
  return h('section', { class: 'panel', 'data-testid': 'review-panel' },
    h('h2', { class: 'panel-title' }, t('annual.review_title')), form);
}

/** One finding: what was asked, by when, the answer and evidence, and what the caller may do. */
function findingCard(f, reload) {
  const can = f.can || [];
  const slot = h('div');
  const parts = [];
  if (can.includes('respond')) {
    const resp = textArea({ name: 'response', rows: 3, maxlength: 4000, required: true });
    resp.value = f.response || '';
    resp.dataset.field = 'response';
    const send = button(t('annual.respond'), { type: 'submit', kind: 'primary', 'data-testid': 'respond' });
    const form = h('form', { class: 'form', 'data-testid': 'respond-form', novalidate: true },
      field({ label: t('annual.response'), input: resp, required: true, wide: true }),
      h('div', { class: 'form-actions' },
        uploadButton(t('annual.add_evidence'), t('annual.add_evidence_for', { area: areaName(f.area, f.area_name) }),
          `/findings/${f.id}/files`, slot, reload, 'evidence-input'),
        send));
    onFormSubmit(form, send, slot, async () => {
      await api('POST', `/findings/${f.id}/response`, { body: { response: resp.value.trim() }, version: f.version });
      notify(t('annual.responded'), 'success');
      await reload();
    });
    parts.push(form);
  }
  if (can.includes('verify')) {
    const verify = button(t('annual.verify'), { kind: 'primary', 'data-testid': 'verify' });
    verify.addEventListener('click', () => {
      replace(slot);
      attempt(verify, slot, async () => {
        await api('POST', `/findings/${f.id}/verification`, { body: { decision: 'verified' }, version: f.version });
        notify(t('annual.verified'), 'success');
        await reload();
      });
    });
    const reject = button(t('annual.reject'), { kind: 'danger-outline', 'data-testid': 'reject' });
    reject.addEventListener('click', () => {
      const note = textArea({ name: 'note', rows: 3, maxlength: 2000, required: true });
      note.dataset.field = 'note';
      openDialog({
        title: t('annual.reject_title'),
        body: field({ label: t('annual.note'), input: note, required: true, wide: true }),
        submitLabel: t('annual.reject'),
        danger: true,
        onSubmit: async () => {
          await api('POST', `/findings/${f.id}/verification`, { body: { decision: 'rejected', note: note.value.trim() }, version: f.version });
          notify(t('annual.rejected'), 'success');
          await reload();
        },
      });
    });
    parts.push(h('div', { class: 'form-actions' }, verify, reject));
  }
  return h('article', {
    class: 'panel finding', 'data-testid': 'finding', 'data-finding-id': String(f.id), 'data-state': f.state,
  },
  h('div', { class: 'tab-head' },
    h('h3', { class: 'sub-title' }, areaName(f.area, f.area_name)),
    h('span', null, badge('finding_states', f.state), ' ', overdueBadge(f.overdue))),
  facts([
    [t('annual.col.severity'), tOr(`annual.severity.${f.severity}`, f.severity)],
    [t('annual.col.requirement'), h('span', { class: 'wrap-text' }, f.requirement)],
    [t('annual.col.deadline'), mono(f.deadline)],
    [t('annual.response'), f.response ? h('span', { class: 'wrap-text', 'data-testid': 'finding-response' }, f.response) : null],
    f.verification_note ? [t('annual.verification_note'), h('span', { class: 'wrap-text' }, f.verification_note)] : null,
    [t('annual.evidence'), fileList(f.files, (x) => `/api/v1/findings/${f.id}/files/${x.file_id}`, 'evidence')],
  ]),
  slot, parts);
}

export async function annualReportPage(main, params) {
  const id = Number.parseInt(params.id, 10);
  const render = async () => {
    const rep = await api('GET', `/annual-reports/${id}`);
    const can = rep.can || [];
    const list = rep.state === 'draft' ? []
      : (await api('GET', '/findings', { query: { source_type: 'annual_report', source_id: id } })).items;
    // the list leaves the evidence out: each finding whole
    const findings = await Promise.all(list.map((f) => api('GET', `/findings/${f.id}`)));
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
