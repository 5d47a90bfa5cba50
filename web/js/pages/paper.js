// paper.js (page) - the certificates a bureau issued on paper before it used
// this system, registered into the register (docs/certificates.md §23): the
// list of registrations (an approver of the deciding bureau registers one in a
// dialog), and one registration's page. Registering is a two-person act: a
// second member of the bureau's staff, never the registrant, confirms it (the
// certificate is signed and stands valid in the register) or any member of the
// staff rejects it with a reason; the buttons follow the registration's "can".

import { h, replace } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { apiIn } from '../api.js';
import { hasRole, me, today } from '../session.js';
import {
  button, dataTable, field, fillSelect, notify, notifyError, openDialog, pageHeader, pagedTable, selectInput, textArea, textInput,
  timeEl,
} from '../ui.js';
import { getSchemes, gradeName, schemeById, txt } from '../apps.js';
import { getUnits } from '../orgs.js';
import { facts, mono } from '../findings.js';
import { gradeOptions } from './app_new.js';

const STATES = ['pending', 'confirmed', 'rejected'];
const TONE = { pending: 'amber', confirmed: 'green', rejected: 'grey' };
const NOTE_MAX = 2000;
const REASON_MAX = 2000;

/** api(), with the refusals "paper.errors" has words for in the UI's language. */
const call = apiIn('paper');

function stateBadge(state) {
  return h('span', { class: `badge app-state ast-${TONE[state] || 'blue'}`, 'data-state': state },
    tOr(`paper.states.${state}`, state));
}

function categoryName(code, scheme) {
  const c = scheme && scheme.categories ? scheme.categories.find((x) => x.code === code) : null;
  return c ? txt(c.name) : code;
}

function categoriesText(r, scheme) {
  return (r.categories || []).map((c) => categoryName(c, scheme)).join(t('common.list_sep')) || '—';
}

/** "Grade B" over "Classified information system integration qualification". */
function qualification(r, schemes) {
  const s = schemeById(schemes, r.scheme);
  return h('span', { class: 'name-cell' }, gradeName(r.grade, s), h('span', { class: 'sub' }, s ? txt(s.name) : r.scheme));
}

function validity(r) {
  return t('cert.validity_range', { from: r.valid_from, until: r.valid_until });
}

const certLink = (r) => (r.certificate_id
  ? h('a', { href: `#/certs/${r.certificate_id}`, class: 'mono', 'data-testid': 'cert-link' }, t('paper.open_cert'))
  : null);

/** A time, marked when the caller is the person who acted. */
function whenBy(at, by) {
  const u = me();
  return h('span', null, timeEl(at), u && by === u.id ? h('span', { class: 'self-tag' }, t('paper.you')) : null);
}

/* ---------- registering ---------- */

/** The category checkboxes of scheme, in a fieldset; .values() gives the ticked codes. */
function categoryChecks(scheme) {
  const box = h('div', { class: 'checks' }, scheme.categories.map((c) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'categories', value: c.code }), txt(c.name))));
  const fs = h('fieldset', { class: 'group field-wide', 'data-field': 'categories' },
    h('legend', null, t('paper.f.categories'), h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
    h('p', { class: 'hint' }, t('paper.categories_hint')), box);
  fs.values = () => [...box.querySelectorAll('input:checked')].map((i) => i.value);
  return fs;
}

function registerDialog(units, schemes, done) {
  const day = today() || undefined;
  const unitSel = selectInput([{ value: '', label: t('paper.choose_unit') },
    ...units.map((u) => ({ value: String(u.id), label: `${u.name} (${u.uscc})` }))], { name: 'unit_id' });
  const number = textInput({ name: 'number', maxlength: 48, class: 'mono' });
  const schemeSel = selectInput(schemes.map((s) => ({ value: s.id, label: txt(s.name) })), { name: 'scheme' });
  const gradeSel = selectInput([], { name: 'grade' });
  const catSlot = h('div', { class: 'field-wide' });
  const issued = h('input', { type: 'date', name: 'paper_issued', max: day });
  const from = h('input', { type: 'date', name: 'valid_from', max: day });
  const until = h('input', { type: 'date', name: 'valid_until', min: day });
  const untilHint = h('span');
  const note = textArea({ name: 'note', rows: 3, maxlength: NOTE_MAX });
  let cats = null;
  const schemeChanged = () => {
    const s = schemeById(schemes, schemeSel.value);
    const first = s.grades.find((g) => !g.legacy) || s.grades[0];
    fillSelect(gradeSel, gradeOptions(s), first ? first.code : '');
    cats = categoryChecks(s);
    replace(catSlot, cats);
    replace(untilHint, t('paper.valid_until_hint', { years: s.validity_years }));
  };
  schemeSel.addEventListener('change', schemeChanged);
  schemeChanged();
  openDialog({
    title: t('paper.register_title'),
    wide: true,
    body: [h('p', { class: 'dialog-message' }, t('paper.register_text')),
      h('div', { class: 'form-grid' },
        field({ label: t('paper.f.unit'), input: unitSel, name: 'unit_id', required: true, wide: true }),
        field({ label: t('paper.f.number'), input: number, name: 'number', required: true, hint: t('paper.number_hint') }),
        field({ label: t('paper.f.paper_issued'), input: issued, name: 'paper_issued', required: true, hint: t('paper.paper_issued_hint') }),
        field({ label: t('paper.f.scheme'), input: schemeSel, name: 'scheme', required: true }),
        field({ label: t('paper.f.grade'), input: gradeSel, name: 'grade', required: true, hint: t('paper.grade_hint') }),
        catSlot,
        field({ label: t('paper.f.valid_from'), input: from, name: 'valid_from', required: true }),
        field({ label: t('paper.f.valid_until'), input: until, name: 'valid_until', required: true, hint: untilHint }),
        field({ label: t('paper.f.note'), input: note, name: 'note', hint: t('paper.note_hint'), wide: true }))],
    submitLabel: t('paper.register'),
    onSubmit: async () => {
      const picked = cats.values();
      if (picked.length === 0) {
        throw Object.assign(new Error('missing_field'), { code: 'missing_field', field: 'categories' });
      }
      const body = {
        unit_id: Number(unitSel.value),
        number: number.value.trim(),
        scheme: schemeSel.value,
        grade: gradeSel.value,
        categories: picked,
        paper_issued: issued.value,
        valid_from: from.value,
        valid_until: until.value,
      };
      if (note.value.trim()) body.note = note.value.trim();
      const r = await call('POST', '/paper-registrations', { body });
      notify(t('paper.registered', { number: r.number }), 'success');
      await done(r);
    },
  });
}

/* ---------- importing a spreadsheet ---------- */

/**
 * An approver uploads a CSV file (UTF-8, a header row naming the columns); all its
 * rows are registered, or none: a refused file lists each row's refusal by line.
 */
function importDialog(done) {
  const file = h('input', { type: 'file', name: 'csv', accept: '.csv,text/csv' });
  const refusals = h('div', { 'data-testid': 'import-refusals' });
  openDialog({
    title: t('paper.import_title'),
    wide: true,
    body: [h('p', { class: 'dialog-message' }, t('paper.import_text')),
      h('pre', { class: 'mono import-columns' },
        'unit_uscc,number,scheme,grade,categories,paper_issued,valid_from,valid_until,note'),
      field({ label: t('paper.f.csv'), input: file, name: 'csv', required: true, wide: true }),
      refusals],
    submitLabel: t('paper.import'),
    onSubmit: async () => {
      replace(refusals);
      const f = file.files && file.files[0];
      if (!f) throw Object.assign(new Error('missing_field'), { code: 'missing_field', field: 'csv' });
      try {
        const r = await call('POST', '/paper-registrations/import', { raw: f, type: 'text/csv; charset=utf-8' });
        notify(t('paper.imported', { n: r.registered }), 'success');
        await done();
        return true;
      } catch (err) {
        if (err.code !== 'import_invalid' || !err.data || !err.data.rows) throw err;
        const table = dataTable([
          { label: t('paper.col.line'), className: 'mono nowrap', render: (e) => String(e.line) },
          { label: t('paper.col.field'), className: 'mono nowrap', render: (e) => e.field || '—' },
          { label: t('paper.col.refusal'), render: (e) => tOr(`paper.errors.${e.code}`, e.message) },
        ], { caption: t('paper.import_refused', { n: err.data.rows.length + (err.data.more || 0) }) });
        table.update(err.data.rows);
        replace(refusals, table);
        throw err;
      }
    },
  });
}

/* ---------- confirming and rejecting ---------- */

/** Send a decision; a stale version reloads (the caller sees the registration as it stands now). */
async function decide(r, path, body, done) {
  try {
    return await call('POST', `/paper-registrations/${r.id}/${path}`, { body, version: r.version });
  } catch (err) {
    if (err.status === 412) {
      notify(t('common.stale_reloaded'), 'warning');
      await done();
      return null;
    }
    throw err;
  }
}

function confirmDialog(r, schemes, done) {
  const s = schemeById(schemes, r.scheme);
  openDialog({
    title: t('paper.confirm_title', { number: r.number }),
    wide: true,
    body: [h('p', { class: 'dialog-message' }, t('paper.confirm_text')),
      facts([
        [t('paper.f.number'), mono(r.number)],
        [t('paper.f.unit'), `${r.unit} (${r.uscc})`],
        [t('paper.f.scheme'), s ? txt(s.name) : r.scheme],
        [t('paper.f.grade'), gradeName(r.grade, s)],
        [t('paper.f.categories'), categoriesText(r, s)],
        [t('paper.f.paper_issued'), mono(r.paper_issued)],
        [t('paper.col.validity'), mono(validity(r))],
        [t('paper.f.note'), r.note ? h('span', { class: 'wrap-text' }, r.note) : null],
      ])],
    submitLabel: t('paper.confirm_btn'),
    onSubmit: async () => {
      const out = await decide(r, 'confirmation', undefined, done);
      if (!out) return true;
      notify(t('paper.confirmed', { number: out.number }), 'success');
      await done(out);
      return true;
    },
  });
}

function rejectDialog(r, done) {
  const reason = textArea({ name: 'reason', rows: 4, maxlength: REASON_MAX });
  openDialog({
    title: t('paper.reject_title', { number: r.number }),
    body: [h('p', { class: 'dialog-message' }, t('paper.reject_text', { unit: r.unit })),
      field({ label: t('paper.f.reason'), input: reason, name: 'reason', required: true, wide: true })],
    submitLabel: t('paper.reject'),
    danger: true,
    onSubmit: async () => {
      const out = await decide(r, 'rejection', { reason: reason.value.trim() }, done);
      if (!out) return true;
      notify(t('paper.rejected', { number: out.number }), 'success');
      await done(out);
      return true;
    },
  });
}

/** The Confirm and Reject buttons the registration's "can" allows. */
function actionButtons(r, schemes, done, small) {
  const can = r.can || [];
  return [
    can.includes('confirm') ? button(t('paper.confirm'), {
      kind: 'primary', small, 'data-action': 'confirm', onclick: () => confirmDialog(r, schemes, done),
    }) : null,
    can.includes('reject') ? button(t('paper.reject'), {
      kind: 'danger-outline', small, 'data-action': 'reject', onclick: () => rejectDialog(r, done),
    }) : null,
  ].filter(Boolean);
}

/* ---------- the pages ---------- */

export async function paperListPage(main) {
  const schemes = await getSchemes();
  const stateSel = selectInput([{ value: '', label: t('common.any') },
    ...STATES.map((s) => ({ value: s, label: t(`paper.states.${s}`) }))], { name: 'state' });
  const listErr = h('div');
  let paged = null;
  const reload = () => paged.load();
  const table = dataTable([
    {
      label: t('paper.col.number'),
      className: 'nowrap',
      render: (r) => h('a', { href: `#/paper/${r.id}`, class: 'mono', 'data-testid': 'paper-link' }, r.number),
    },
    { label: t('paper.col.unit'), render: (r) => h('span', { class: 'name-cell' }, r.unit, h('span', { class: 'sub mono' }, r.uscc)) },
    { label: t('paper.col.qualification'), render: (r) => qualification(r, schemes) },
    { label: t('paper.col.paper_issued'), className: 'mono nowrap', render: (r) => r.paper_issued },
    { label: t('paper.col.validity'), className: 'mono nowrap', render: validity },
    { label: t('paper.col.registered'), className: 'nowrap', render: (r) => whenBy(r.registered_at, r.registered_by) },
    {
      label: t('paper.col.state'),
      render: (r) => h('span', null, stateBadge(r.state),
        r.state === 'rejected' && r.reason ? h('span', { class: 'sub wrap-text', 'data-testid': 'paper-reason' }, r.reason) : null),
    },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (r) => (r.state === 'confirmed' ? certLink(r) : actionButtons(r, schemes, reload, true)),
    },
  ], {
    caption: t('paper.title'),
    empty: t('paper.none'),
    rowAttrs: (r) => ({
      'data-paper-id': String(r.id), 'data-number': r.number, 'data-state': r.state, 'data-unit-id': String(r.unit_id),
    }),
  });
  paged = pagedTable(table, listErr, (cursor) => call('GET', '/paper-registrations', { query: { state: stateSel.value, cursor } }));
  await paged.load();
  let registerBtn = null;
  let importBtn = null;
  if (hasRole('approver')) {
    registerBtn = button(t('paper.register'), { kind: 'primary', 'data-testid': 'register-paper' });
    registerBtn.addEventListener('click', async () => {
      try {
        registerDialog(await getUnits(), schemes, () => paged.search());
      } catch (err) {
        notifyError(err);
      }
    });
    importBtn = button(t('paper.import'), { kind: 'secondary', 'data-testid': 'import-paper' });
    importBtn.addEventListener('click', () => importDialog(() => paged.search()));
  }
  replace(main,
    pageHeader(t('paper.title'), t('paper.intro'), importBtn, registerBtn),
    h('section', { class: 'panel', 'data-testid': 'paper-registrations' }, paged.withFilters([
      field({ label: t('paper.col.state'), input: stateSel }),
    ])));
}

export async function paperPage(main, params) {
  const id = Number.parseInt(params.id, 10);
  const schemes = await getSchemes();
  const render = async () => {
    const r = await call('GET', `/paper-registrations/${id}`);
    const s = schemeById(schemes, r.scheme);
    const actions = actionButtons(r, schemes, render, false);
    replace(main,
      pageHeader(t('paper.one_title', { number: r.number }), null,
        h('a', { class: 'btn btn-secondary', href: '#/paper' }, t('paper.back'))),
      h('section', {
        class: 'panel', 'data-testid': 'paper-head', 'data-state': r.state, 'data-paper-id': String(r.id),
      },
      facts([
        [t('paper.f.number'), h('span', { class: 'mono', 'data-testid': 'paper-number' }, r.number)],
        [t('paper.f.unit'), r.unit],
        [t('cert.f.uscc'), mono(r.uscc)],
        [t('paper.f.scheme'), s ? txt(s.name) : r.scheme],
        [t('paper.f.grade'), gradeName(r.grade, s)],
        [t('paper.f.categories'), categoriesText(r, s)],
        [t('paper.f.paper_issued'), mono(r.paper_issued)],
        [t('paper.col.validity'), mono(validity(r))],
        [t('paper.f.authority'), txt(r.authority)],
        [t('paper.f.note'), r.note ? h('span', { class: 'wrap-text' }, r.note) : null],
        [t('paper.col.state'), h('span', { 'data-testid': 'paper-state' }, stateBadge(r.state))],
        [t('paper.f.registered_at'), whenBy(r.registered_at, r.registered_by)],
        r.decided_at ? [t('paper.f.decided_at'), whenBy(r.decided_at, r.decided_by)] : null,
        r.reason ? [t('paper.f.reason'), h('span', { class: 'wrap-text', 'data-testid': 'paper-reason' }, r.reason)] : null,
        r.certificate_id ? [t('paper.f.certificate'), certLink(r)] : null,
      ]),
      actions.length ? h('div', { class: 'form-actions', 'data-testid': 'paper-actions' }, actions) : null));
  };
  await render();
}
