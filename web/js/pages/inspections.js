// inspections.js (page) - the bureau inspections, sanction proposals and leak
// reports of docs/certificates.md §22: the list of inspections (an inspector
// plans one in a dialog), one inspection's workspace (start, record findings,
// conclude, cancel, as its "can" allows, and the findings of §21 with the
// unit's answers and the inspector's verification, through findings.js);
// the sanction proposals (the bureau's working papers: an inspector amends the
// measure, an approver who is not the proposer decides); the leak reports (a
// unit's officer reports one, which opens an inspection).

import { h, replace } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { api, apiIn, fetchAll } from '../api.js';
import { hasRole, today, UNIT_ROLES } from '../session.js';
import {
  button, dataTable, dateEl, field, notify, notifyError, openDialog, pageHeader, pagedTable, selectInput, textArea, timeEl,
} from '../ui.js';
import {
  areaName, facts, findingCard, findingsEditor, loadAreas, loadFindings, mono, overdueBadge, stateBadge,
} from '../findings.js';

const INSPECTION_STATES = ['planned', 'in_progress', 'rectifying', 'closed', 'cancelled'];
const KINDS = ['planned', 'unannounced'];
const SANCTION_STATES = ['pending', 'accepted', 'declined'];
const MEASURES = ['suspend', 'downgrade', 'revoke'];
const REVOKE_REASONS = ['altered', 'sold', 'rented', 'lent', 'forged', 'conditions_not_met', 'serious_violation'];
const LEAK_LEVELS = ['top_secret', 'secret', 'confidential'];
const STANDING = ['valid', 'suspended'];

/** api(), with the refusals "inspections.errors" has words for in the UI's language. */
const call = apiIn('inspections');

const certLink = (r) => h('a', { href: `#/certs/${r.certificate_id}`, class: 'mono', 'data-testid': 'cert-link' }, r.number);

/** The standing certificates the caller sees, as select options "number unit". */
async function standingOptions() {
  const all = await fetchAll('/certificates');
  return all.filter((c) => STANDING.includes(c.state)).map((c) => ({ value: String(c.id), label: `${c.number} ${c.unit}` }));
}

/* ---------- inspections ---------- */

function kindText(kind) {
  return tOr(`inspections.kinds.${kind}`, kind);
}

function planDialog(certs, areas, ctx) {
  const certSel = selectInput(certs, { name: 'certificate_id' });
  const kind = selectInput(KINDS.map((k) => ({ value: k, label: kindText(k) })), { name: 'kind' });
  const day = h('input', { type: 'date', name: 'planned_on', value: today() || '', min: today() || undefined });
  const checks = h('div', { class: 'checks' }, areas.map((a) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'areas', value: a.code, checked: true }), areaName(a.code, a.name))));
  const areasBox = h('fieldset', { class: 'group field-wide', 'data-field': 'areas' },
    h('legend', null, t('inspections.areas')), h('p', { class: 'hint' }, t('inspections.areas_hint')), checks);
  const purpose = textArea({ name: 'purpose', rows: 3, maxlength: 2000 });
  openDialog({
    title: t('inspections.plan_title'),
    wide: true,
    body: h('div', { class: 'form-grid' },
      field({ label: t('inspections.col.certificate'), input: certSel, name: 'certificate_id', required: true, wide: true }),
      field({ label: t('inspections.col.kind'), input: kind, name: 'kind', required: true, hint: t('inspections.kind_hint') }),
      field({ label: t('inspections.col.planned_on'), input: day, name: 'planned_on', required: true }),
      areasBox,
      field({ label: t('inspections.purpose'), input: purpose, name: 'purpose', wide: true })),
    submitLabel: t('inspections.plan'),
    onSubmit: async () => {
      const picked = [...checks.querySelectorAll('input:checked')].map((i) => i.value);
      const body = { certificate_id: Number(certSel.value), kind: kind.value, planned_on: day.value, areas: picked };
      if (purpose.value.trim()) body.purpose = purpose.value.trim();
      const r = await call('POST', '/inspections', { body });
      notify(t('inspections.planned', { number: r.number }), 'success');
      ctx.go(`inspections/${r.id}`);
    },
  });
}

export async function inspectionsListPage(main, params, ctx) {
  const unit = hasRole(...UNIT_ROLES);
  // #/inspections?certificate_id=N (the certificate page's link): that certificate's only
  const certId = new URLSearchParams(location.hash.split('?')[1] || '').get('certificate_id') || '';
  const stateSel = selectInput([{ value: '', label: t('common.any') },
    ...INSPECTION_STATES.map((s) => ({ value: s, label: t(`inspections.states.${s}`) }))], { name: 'state' });
  const listErr = h('div');
  const table = dataTable([
    { label: t('inspections.col.id'), className: 'mono nowrap', render: (i) => h('a', { href: `#/inspections/${i.id}`, 'data-testid': 'inspection-link' }, `#${i.id}`) },
    { label: t('inspections.col.certificate'), className: 'nowrap', render: certLink },
    unit ? null : { label: t('inspections.col.unit'), render: (i) => i.unit },
    { label: t('inspections.col.kind'), render: (i) => kindText(i.kind) },
    { label: t('inspections.col.planned_on'), className: 'mono nowrap', render: (i) => i.planned_on || '—' },
    { label: t('inspections.col.state'), render: (i) => stateBadge('inspections.states', i.state) },
    { label: t('inspections.col.unverified'), className: 'num', render: (i) => String(i.unverified_findings) },
  ].filter(Boolean), {
    caption: t('inspections.title'),
    empty: t('inspections.none'),
    rowAttrs: (i) => ({ 'data-inspection-id': String(i.id), 'data-state': i.state, 'data-kind': i.kind }),
  });
  const paged = pagedTable(table, listErr, (cursor) => api('GET', '/inspections', { query: { state: stateSel.value, certificate_id: certId, cursor } }));
  await paged.load();
  let planBtn = null;
  if (hasRole('inspector')) {
    planBtn = button(t('inspections.plan'), { kind: 'primary', 'data-testid': 'plan-inspection' });
    planBtn.addEventListener('click', async () => {
      try {
        const [certs, areas] = await Promise.all([standingOptions(), loadAreas()]);
        planDialog(certs, areas, ctx);
      } catch (err) {
        notifyError(err);
      }
    });
  }
  replace(main,
    pageHeader(t('inspections.title'), t(unit ? 'inspections.unit_intro' : 'inspections.intro'), planBtn),
    h('section', { class: 'panel', 'data-testid': 'inspections', 'data-cert-filter': certId }, paged.withFilters([
      field({ label: t('inspections.col.state'), input: stateSel }),
    ], certId ? [t('inspections.cert_only'), ' ', h('a', { href: '#/inspections', 'data-testid': 'show-all' }, t('inspections.show_all'))] : null)));
}

/** Record findings: one or more, in the inspection's areas. */
function findingsDialog(insp, areas, reload) {
  const inScope = areas.filter((a) => insp.areas.includes(a.code));
  const editor = findingsEditor(inScope);
  editor.add();
  openDialog({
    title: t('inspections.findings_title'),
    wide: true,
    body: [h('p', { class: 'hint' }, t('annual.deadline_hint')), editor.box, editor.addBtn],
    submitLabel: t('inspections.record'),
    onSubmit: async () => {
      await call('POST', `/inspections/${insp.id}/findings`, { body: { findings: editor.read() } });
      notify(t('inspections.recorded'), 'success');
      await reload();
    },
  });
}

/** A step that takes a text (conclusion, cancellation note) or nothing (start). */
function stepDialog(insp, step, reload) {
  const text = step === 'start' ? null : textArea({ name: step === 'conclude' ? 'conclusion' : 'note', rows: 4, maxlength: 4000 });
  const path = { start: 'start', conclude: 'conclusion', cancel: 'cancellation' }[step];
  openDialog({
    title: t(`inspections.steps.${step}_title`),
    body: [h('p', { class: 'dialog-message' }, t(`inspections.steps.${step}_text`)),
      text ? field({ label: t(`inspections.steps.${step}_field`), input: text, name: text.name, required: true, wide: true }) : null],
    submitLabel: t(`inspections.steps.${step}`),
    danger: step === 'cancel',
    onSubmit: async () => {
      const body = text ? { [text.name]: text.value.trim() } : undefined;
      await call('POST', `/inspections/${insp.id}/${path}`, { body, version: insp.version });
      notify(t(`inspections.steps.${step}_done`), 'success');
      await reload();
    },
  });
}

function findingsTable(findings) {
  const table = dataTable([
    { label: t('annual.col.area'), render: (f) => areaName(f.area, f.area_name) },
    { label: t('annual.col.severity'), className: 'nowrap', render: (f) => tOr(`annual.severity.${f.severity}`, f.severity) },
    { label: t('annual.col.requirement'), className: 'wrap-text', render: (f) => f.requirement },
    { label: t('annual.col.deadline'), className: 'mono nowrap', render: (f) => f.deadline || '—' },
    { label: t('inspections.col.state'), render: (f) => h('span', null, stateBadge('annual.finding_states', f.state), ' ', overdueBadge(f.overdue)) },
  ], {
    caption: t('annual.findings_title'),
    empty: t('inspections.no_findings'),
    rowAttrs: (f) => ({ 'data-finding-id': String(f.id), 'data-state': f.state }),
  });
  table.update(findings);
  return table;
}

export async function inspectionPage(main, params) {
  const id = Number.parseInt(params.id, 10);
  const render = async () => {
    const [insp, areas] = await Promise.all([api('GET', `/inspections/${id}`), loadAreas()]);
    const findings = await loadFindings('inspection', id);
    const can = insp.can || [];
    const reload = () => render();
    const actions = [];
    const act = (step, kind) => {
      const b = button(t(`inspections.steps.${step}`), { kind, 'data-action': step });
      b.addEventListener('click', () => (step === 'findings' ? findingsDialog(insp, areas, reload) : stepDialog(insp, step, reload)));
      actions.push(b);
    };
    if (can.includes('start')) act('start', 'primary');
    if (can.includes('findings')) act('findings', 'primary');
    if (can.includes('conclude')) act('conclude', 'secondary');
    if (can.includes('cancel')) act('cancel', 'danger-outline');
    const names = insp.areas.map((code) => areaName(code, (areas.find((a) => a.code === code) || {}).name));
    replace(main,
      pageHeader(t('inspections.one_title', { id: insp.id, number: insp.number }), null,
        h('a', { class: 'btn btn-secondary', href: '#/inspections' }, t('inspections.back'))),
      h('section', {
        class: 'panel', 'data-testid': 'inspection-head', 'data-state': insp.state, 'data-inspection-id': String(insp.id),
      },
      facts([
        [t('inspections.col.certificate'), certLink(insp)],
        [t('inspections.col.unit'), insp.unit],
        [t('annual.col.cert_state'), tOr(`cert.states.${insp.certificate_state}`, insp.certificate_state)],
        [t('inspections.col.kind'), kindText(insp.kind)],
        [t('inspections.col.state'), h('span', { 'data-testid': 'inspection-state' }, stateBadge('inspections.states', insp.state))],
        [t('inspections.col.planned_on'), mono(insp.planned_on)],
        [t('inspections.areas'), h('span', { class: 'label-cell', 'data-testid': 'inspection-areas' }, names.map((n) => h('span', { class: 'chip' }, n)))],
        [t('inspections.purpose'), insp.purpose ? h('span', { class: 'wrap-text' }, insp.purpose) : null],
        insp.started_at ? [t('inspections.started'), timeEl(insp.started_at)] : null,
        insp.concluded_at ? [t('inspections.concluded'), timeEl(insp.concluded_at)] : null,
        insp.conclusion ? [t('inspections.steps.conclude_field'), h('span', { class: 'wrap-text', 'data-testid': 'conclusion' }, insp.conclusion)] : null,
        insp.closed_at ? [t('inspections.closed'), timeEl(insp.closed_at)] : null,
      ]),
      actions.length ? h('div', { class: 'form-actions', 'data-testid': 'inspection-actions' }, actions) : null),
      h('section', { class: 'panel', 'data-testid': 'findings' },
        h('h2', { class: 'panel-title' }, t('annual.findings_title')),
        findingsTable(findings),
        findings.map((f) => findingCard(f, reload))));
  };
  await render();
}

/* ---------- sanction proposals ---------- */

function measureText(p) {
  const m = tOr(`sanctions.measures.${p.measure}`, p.measure);
  if (p.measure === 'suspend' && p.months) return t('sanctions.suspend_months', { n: p.months });
  if (p.measure === 'revoke' && p.reason) return `${m}: ${tOr(`sanctions.reasons.${p.reason}`, p.reason)}`;
  return m;
}

export async function sanctionsListPage(main, params, ctx) {
  const stateSel = selectInput([{ value: '', label: t('common.any') },
    ...SANCTION_STATES.map((s) => ({ value: s, label: t(`sanctions.states.${s}`) }))], { name: 'state', value: 'pending' });
  const listErr = h('div');
  const table = dataTable([
    { label: t('sanctions.col.id'), className: 'mono nowrap', render: (p) => h('a', { href: `#/sanctions/${p.id}`, 'data-testid': 'sanction-link' }, `#${p.id}`) },
    { label: t('inspections.col.certificate'), className: 'nowrap', render: certLink },
    { label: t('inspections.col.unit'), render: (p) => p.unit },
    { label: t('sanctions.col.ground'), render: (p) => tOr(`sanctions.grounds.${p.ground}`, p.ground) },
    { label: t('sanctions.col.measure'), render: measureText },
    { label: t('sanctions.col.proposed'), className: 'nowrap', render: (p) => dateEl(p.proposed_at) },
    { label: t('inspections.col.state'), render: (p) => stateBadge('sanctions.states', p.state) },
  ], {
    caption: t('sanctions.title'),
    empty: t('sanctions.none'),
    rowAttrs: (p) => ({ 'data-sanction-id': String(p.id), 'data-state': p.state, 'data-cert-id': String(p.certificate_id), class: 'row-link' }),
  });
  table.tbody.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button')) return;
    const tr = ev.target.closest('tr[data-sanction-id]');
    if (tr) ctx.go(`sanctions/${tr.dataset.sanctionId}`);
  });
  const paged = pagedTable(table, listErr, (cursor) => api('GET', '/sanctions', { query: { state: stateSel.value, cursor } }));
  await paged.load();
  replace(main,
    pageHeader(t('sanctions.title'), t('sanctions.intro')),
    h('section', { class: 'panel', 'data-testid': 'sanctions' }, paged.withFilters([
      field({ label: t('inspections.col.state'), input: stateSel }),
    ])));
}

function amendDialog(p, reload) {
  const measure = selectInput(MEASURES.map((m) => ({ value: m, label: t(`sanctions.measures.${m}`) })), { name: 'measure', value: p.measure });
  const months = h('input', { type: 'number', name: 'months', min: 6, max: 12, class: 'num', value: String(p.months || 6) });
  const reason = selectInput([{ value: '', label: t('sanctions.reason_pick') },
    ...REVOKE_REASONS.map((r) => ({ value: r, label: t(`sanctions.reasons.${r}`) }))], { name: 'reason', value: p.reason || '' });
  const note = textArea({ name: 'note', rows: 3, maxlength: 2000 });
  note.value = p.note || '';
  const monthsField = field({ label: t('sanctions.months'), input: months, name: 'months', required: true, hint: t('sanctions.months_hint') });
  const reasonField = field({ label: t('sanctions.reason'), input: reason, name: 'reason', required: true });
  const extra = h('div', { class: 'form-grid' });
  const sync = () => replace(extra,
    measure.value === 'suspend' ? monthsField : null,
    measure.value === 'revoke' ? reasonField : null);
  measure.addEventListener('change', sync);
  sync();
  openDialog({
    title: t('sanctions.amend_title', { id: p.id }),
    body: [h('div', { class: 'form-grid' },
      field({ label: t('sanctions.col.measure'), input: measure, name: 'measure', required: true, hint: t('sanctions.measure_hint') })),
    extra,
    h('div', { class: 'form-grid' }, field({ label: t('annual.note'), input: note, name: 'note', wide: true }))],
    submitLabel: t('sanctions.amend'),
    onSubmit: async () => {
      const body = { measure: measure.value };
      if (measure.value === 'suspend') body.months = Number(months.value);
      if (measure.value === 'revoke') body.reason = reason.value;
      if (note.value.trim()) body.note = note.value.trim();
      await call('PATCH', `/sanctions/${p.id}`, { body, version: p.version });
      notify(t('sanctions.amended'), 'success');
      await reload();
    },
  });
}

function decideDialog(p, reload) {
  const decision = selectInput(['accept', 'decline'].map((d) => ({ value: d, label: t(`sanctions.decisions.${d}`) })), { name: 'decision' });
  const note = textArea({ name: 'note', rows: 3, maxlength: 2000 });
  openDialog({
    title: t('sanctions.decide_title', { id: p.id }),
    body: [h('p', { class: 'dialog-message' }, t('sanctions.decide_text', { number: p.number, unit: p.unit, measure: measureText(p) })),
      h('div', { class: 'form-grid' },
        field({ label: t('sanctions.decision'), input: decision, name: 'decision', required: true }),
        field({ label: t('annual.note'), input: note, name: 'note', hint: t('sanctions.note_hint'), wide: true }))],
    submitLabel: t('sanctions.decide'),
    onSubmit: async () => {
      const body = { decision: decision.value };
      if (note.value.trim()) body.note = note.value.trim();
      if (decision.value === 'decline' && !body.note) {
        throw Object.assign(new Error('missing_field'), { code: 'missing_field', field: 'note' });
      }
      await call('POST', `/sanctions/${p.id}/decision`, { body, version: p.version });
      notify(t(`sanctions.decided.${decision.value}`), 'success');
      await reload();
    },
  });
}

/** Where a finding came from: its inspection or annual report, as a link. */
function findingLink(f) {
  if (!f) return null;
  const href = f.source_type === 'inspection' ? `#/inspections/${f.source_id}` : `#/annual/${f.source_id}`;
  return h('a', { href, 'data-testid': 'finding-link' },
    `${t(`sanctions.sources.${f.source_type}`)} #${f.source_id}: ${areaName(f.area, f.area_name)}`);
}

export async function sanctionPage(main, params) {
  const id = Number.parseInt(params.id, 10);
  const render = async () => {
    const p = await api('GET', `/sanctions/${id}`);
    let finding = null;
    try {
      finding = await api('GET', `/findings/${p.finding_id}`);
    } catch {
      /* the finding's link is a convenience: the proposal stands without it */
    }
    const can = p.can || [];
    const reload = () => render();
    const actions = [];
    if (can.includes('amend')) {
      actions.push(button(t('sanctions.amend'), { kind: 'primary', 'data-action': 'amend', onclick: () => amendDialog(p, reload) }));
    }
    if (can.includes('decide')) {
      actions.push(button(t('sanctions.decide'), { kind: 'primary', 'data-action': 'decide', onclick: () => decideDialog(p, reload) }));
    }
    replace(main,
      pageHeader(t('sanctions.one_title', { id: p.id, number: p.number }), null,
        h('a', { class: 'btn btn-secondary', href: '#/sanctions' }, t('sanctions.back'))),
      h('section', {
        class: 'panel', 'data-testid': 'sanction-head', 'data-state': p.state, 'data-measure': p.measure, 'data-sanction-id': String(p.id),
      },
      facts([
        [t('inspections.col.certificate'), certLink(p)],
        [t('inspections.col.unit'), p.unit],
        [t('annual.col.cert_state'), h('span', { 'data-testid': 'cert-state' }, tOr(`cert.states.${p.certificate_state}`, p.certificate_state))],
        [t('sanctions.col.ground'), tOr(`sanctions.grounds.${p.ground}`, p.ground)],
        [t('sanctions.finding'), findingLink(finding) || mono(`#${p.finding_id}`)],
        [t('sanctions.col.measure'), h('span', { 'data-testid': 'measure' }, measureText(p))],
        [t('annual.note'), p.note ? h('span', { class: 'wrap-text' }, p.note) : null],
        [t('sanctions.col.proposed'), timeEl(p.proposed_at)],
        [t('inspections.col.state'), h('span', { 'data-testid': 'sanction-state' }, stateBadge('sanctions.states', p.state))],
        p.decided_at ? [t('sanctions.decided_at'), timeEl(p.decided_at)] : null,
        p.decision_note ? [t('sanctions.decision_note'), h('span', { class: 'wrap-text' }, p.decision_note)] : null,
        p.new_certificate_id ? [t('sanctions.new_cert'), h('a', { href: `#/certs/${p.new_certificate_id}`, 'data-testid': 'new-cert-link' }, t('sanctions.new_cert_open'))] : null,
      ]),
      actions.length ? h('div', { class: 'form-actions', 'data-testid': 'sanction-actions' }, actions) : null));
  };
  await render();
}

/* ---------- leak reports ---------- */

/** A local date and time (from date and time inputs) as the UTC instant the server takes: YYYY-MM-DDTHH:MM:SSZ. */
export function localToUtc(date, time) {
  const d = new Date(`${date}T${time.length === 5 ? `${time}:00` : time}`);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.toISOString().slice(0, 19)}Z`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

function reportDialog(certs, reload) {
  const certSel = selectInput(certs, { name: 'certificate_id' });
  const level = selectInput(LEAK_LEVELS.map((l) => ({ value: l, label: t(`levels.${l}`) })), { name: 'level', value: 'confidential' });
  const now = new Date();
  const date = h('input', { type: 'date', name: 'discovered_date', value: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` });
  const time = h('input', { type: 'time', name: 'discovered_time', value: `${pad(now.getHours())}:${pad(now.getMinutes())}` });
  date.dataset.field = 'discovered_at';
  time.dataset.field = 'discovered_at';
  const description = textArea({ name: 'description', rows: 4, maxlength: 4000 });
  const measures = textArea({ name: 'measures', rows: 4, maxlength: 4000 });
  openDialog({
    title: t('leaks.report_title'),
    wide: true,
    body: [h('p', { class: 'dialog-message' }, t('leaks.report_text')),
      h('div', { class: 'form-grid' },
        field({ label: t('inspections.col.certificate'), input: certSel, name: 'certificate_id', required: true, wide: true }),
        field({ label: t('leaks.col.level'), input: level, name: 'level', required: true }),
        field({ label: t('leaks.discovered_date'), input: date, required: true }),
        field({ label: t('leaks.discovered_time'), input: time, required: true, hint: t('leaks.time_hint') }),
        field({ label: t('leaks.description'), input: description, name: 'description', required: true, wide: true }),
        field({ label: t('leaks.measures'), input: measures, name: 'measures', required: true, wide: true }))],
    submitLabel: t('leaks.report'),
    danger: true,
    onSubmit: async () => {
      const r = await call('POST', '/leak-reports', {
        body: {
          certificate_id: Number(certSel.value),
          level: level.value,
          discovered_at: localToUtc(date.value, time.value),
          description: description.value.trim(),
          measures: measures.value.trim(),
        },
      });
      notify(t(r.late ? 'leaks.reported_late' : 'leaks.reported'), r.late ? 'warning' : 'success');
      await reload();
    },
  });
}

export async function leaksPage(main) {
  const unit = hasRole(...UNIT_ROLES);
  const listErr = h('div');
  const table = dataTable([
    { label: t('leaks.col.id'), className: 'mono nowrap', render: (l) => `#${l.id}` },
    { label: t('inspections.col.certificate'), className: 'nowrap', render: certLink },
    unit ? null : { label: t('inspections.col.unit'), render: (l) => l.unit },
    { label: t('leaks.col.level'), render: (l) => tOr(`levels.${l.level}`, l.level) },
    { label: t('leaks.col.discovered'), className: 'nowrap', render: (l) => timeEl(l.discovered_at) },
    {
      label: t('leaks.col.reported'),
      className: 'nowrap',
      render: (l) => h('span', null, timeEl(l.reported_at), ' ',
        l.late ? h('span', { class: 'badge ast-red', 'data-testid': 'late' }, t('leaks.late'))
          : h('span', { class: 'badge ast-green', 'data-testid': 'in-time' }, t('leaks.in_time'))),
    },
    { label: t('leaks.description'), className: 'wrap-text', render: (l) => l.description },
    {
      label: t('leaks.col.inspection'),
      className: 'nowrap',
      render: (l) => (l.inspection_id ? h('a', { href: `#/inspections/${l.inspection_id}`, 'data-testid': 'leak-inspection' }, `#${l.inspection_id}`) : '—'),
    },
  ].filter(Boolean), {
    caption: t('leaks.title'),
    empty: t('leaks.none'),
    rowAttrs: (l) => ({ 'data-leak-id': String(l.id), 'data-late': String(l.late), 'data-inspection-id': String(l.inspection_id || '') }),
  });
  const paged = pagedTable(table, listErr, (cursor) => api('GET', '/leak-reports', { query: { cursor } }));
  await paged.load();
  let reportBtn = null;
  if (hasRole('unit_officer')) {
    reportBtn = button(t('leaks.report'), { kind: 'danger', 'data-testid': 'report-leak' });
    reportBtn.addEventListener('click', async () => {
      try {
        reportDialog(await standingOptions(), () => paged.load());
      } catch (err) {
        notifyError(err);
      }
    });
  }
  replace(main,
    pageHeader(t('leaks.title'), t(unit ? 'leaks.unit_intro' : 'leaks.intro'), reportBtn),
    h('section', { class: 'panel', 'data-testid': 'leaks' }, listErr, table, paged.bar));
}
