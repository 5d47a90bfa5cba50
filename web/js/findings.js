// findings.js - the findings of docs/certificates.md §21, shared by the
// annual report review (pages/annual.js) and the bureau inspections
// (pages/inspections.js): a finding's card (what was asked, by when, the
// unit's answer and evidence, the inspector's verification, and the buttons
// its "can" allows), the state and overdue badges, file lists and the upload
// button, and the thirteen areas.

import { h, replace } from './dom.js';
import { t, tOr } from './i18n.js';
import { api } from './api.js';
import {
  attempt, button, errorBox, field, notify, onFormSubmit, openDialog, selectInput, textArea,
} from './ui.js';
import { today } from './session.js';
import { mimeFor, sizeText, txt } from './apps.js';

export const SEVERITIES = ['minor', 'major', 'serious'];
/** The file types the server takes for attachments and evidence. */
export const FILE_ACCEPT = '.pdf,.ofd,.jpg,.jpeg,.png,.docx,.xlsx';

let areasList = null;
/** The thirteen areas as the server keeps them ({code, name}), fetched once. */
export async function loadAreas() {
  if (!areasList) areasList = (await api('GET', '/inspection-areas')).items;
  return areasList;
}

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
  planned: 'blue',
  in_progress: 'amber',
  rectifying: 'amber',
  closed: 'green',
  cancelled: 'grey',
  accepted: 'red',
};

/** An area's name as the server gives it ({zh-CN, en}), or its code. */
export function areaName(code, name) {
  return txt(name) || code;
}

/** A state badge: the text is the i18n key section.state (e.g. annual.finding_states.open). */
export function stateBadge(section, state) {
  return h('span', { class: `badge app-state ast-${TONE[state] || 'blue'}`, 'data-state': state },
    tOr(`${section}.${state}`, state));
}

export function overdueBadge(on) {
  return on ? h('span', { class: 'badge ast-red', 'data-testid': 'overdue' }, t('annual.overdue')) : null;
}

export function mono(s) {
  return s ? h('span', { class: 'mono' }, s) : h('span', { class: 'muted' }, '—');
}

/** A definition list of [label, value] pairs (null pairs left out, empty values as a dash). */
export function facts(pairs, attrs = {}) {
  return h('dl', { class: 'facts facts-compact', ...attrs },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

/* ---------- files ---------- */

export function fileList(files, urlOf, testid) {
  if (!files || files.length === 0) return h('p', { class: 'hint', 'data-testid': `${testid}-none` }, t('annual.no_files'));
  return h('ul', { class: 'file-list', 'data-testid': testid }, files.map((f) => h('li', { class: 'file-item', 'data-file-id': String(f.file_id) },
    h('a', { href: urlOf(f), download: f.name, class: 'file-name' }, f.name),
    h('span', { class: 'file-meta' }, `${String(f.type || '').toUpperCase()} · ${sizeText(f.size)}`))));
}

/** A button-like label around a file input: uploads the chosen file to path, then done(). */
export function uploadButton(label, aria, path, slot, done, testid) {
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

/* ---------- new findings ---------- */

/**
 * The inputs of new findings (area of areas, severity, requirement, optional
 * deadline), one fieldset each: {box, addBtn, add(), count(), read()}.
 * read() gives the findings as the server takes them, in order; each input's
 * data-field names its place (findings[i].area), so a refusal marks it.
 */
export function findingsEditor(areas) {
  const box = h('div', { class: 'field-stack', 'data-testid': 'review-findings' });
  const addBtn = button(t('annual.add_finding'), { small: true, 'data-testid': 'add-finding' });
  const renumber = () => {
    [...box.children].forEach((fs, i) => {
      fs.querySelector('legend').textContent = t('annual.finding_n', { n: i + 1 });
      for (const el of fs.querySelectorAll('[name^=f_]')) el.dataset.field = `findings[${i}].${el.name.slice(2)}`;
    });
  };
  const add = () => {
    const area = selectInput(areas.map((a) => ({ value: a.code, label: areaName(a.code, a.name) })), { name: 'f_area' });
    const sev = selectInput(SEVERITIES.map((s) => ({ value: s, label: t(`annual.severity.${s}`) })), { name: 'f_severity' });
    const req = textArea({ name: 'f_requirement', rows: 2, maxlength: 2000 });
    const dl = h('input', { type: 'date', name: 'f_deadline', min: today() || undefined });
    const remove = button(t('annual.remove_finding'), { small: true, kind: 'danger-outline' });
    const fs = h('fieldset', { class: 'form-grid finding-new', 'data-testid': 'finding-new' },
      h('legend', { class: 'sub-title' }),
      field({ label: t('annual.col.area'), input: area }),
      field({ label: t('annual.col.severity'), input: sev }),
      field({ label: t('annual.col.requirement'), input: req, wide: true }),
      field({ label: t('annual.col.deadline'), input: dl, hint: t('annual.deadline_default') }),
      h('div', { class: 'form-actions' }, remove));
    remove.addEventListener('click', () => {
      fs.remove();
      renumber();
    });
    box.append(fs);
    renumber();
  };
  addBtn.addEventListener('click', add);
  const read = () => [...box.children].map((fs) => {
    const f = {
      area: fs.querySelector('[name=f_area]').value,
      severity: fs.querySelector('[name=f_severity]').value,
      requirement: fs.querySelector('[name=f_requirement]').value.trim(),
    };
    const d = fs.querySelector('[name=f_deadline]').value;
    if (d) f.deadline = d;
    return f;
  });
  return { box, addBtn, add, count: () => box.children.length, read };
}

/* ---------- one finding ---------- */

/** One finding: what was asked, by when, the answer and evidence, and what the caller may do. */
export function findingCard(f, reload) {
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
    h('span', null, stateBadge('annual.finding_states', f.state), ' ', overdueBadge(f.overdue))),
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

/**
 * The findings of a source (type annual_report or inspection, id) whole, each
 * with its evidence and "can", in one request.
 */
export async function loadFindings(sourceType, sourceId) {
  return (await api('GET', '/findings', { query: { source_type: sourceType, source_id: sourceId } })).items;
}
