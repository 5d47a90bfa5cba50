// ui.js - shared pieces: formatting, error display, form submission, fields,
// dialogs, tables and their loading, paging and notifications. Pages are built
// from these so they look and behave alike.

import { h, append, clear, replace, uid } from './dom.js';
import { t, has, tOr, getLang } from './i18n.js';

/* ---------- formatting ---------- */

function pad(n, w = 2) {
  return String(n).padStart(w, '0');
}

/** An ISO timestamp from the server, in the browser's local time. */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `
    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** <time> element: local time shown, UTC ISO in the tooltip and datetime. */
export function timeEl(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: iso }, fmtTime(iso));
}

/** Only the local day of a timestamp; the full time in the tooltip. */
export function dateEl(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: fmtTime(iso) }, fmtTime(iso).slice(0, 10));
}

/** Text cut to one line with an ellipsis, whole in the tooltip. */
export function clipped(text) {
  return h('span', { class: 'clip', title: text }, text);
}

export function levelText(level) {
  return tOr(`levels.${level}`, level);
}

export function levelBadge(level) {
  return h('span', { class: `badge level level-${level}` }, levelText(level));
}

/** A security label {level, compartments[]} as a badge and compartment chips. */
export function labelEl(label) {
  if (!label) return h('span', { class: 'muted' }, '—');
  return h('span', { class: 'label-cell' }, levelBadge(label.level),
    (label.compartments || []).map((c) => h('span', { class: 'chip mono' }, c)));
}

export function roleText(role) {
  return tOr(`roles.${role}`, role);
}

export function rolesEl(roles) {
  if (!roles || roles.length === 0) return h('span', { class: 'muted' }, t('common.none'));
  return h('span', { class: 'roles-cell' },
    roles.map((r) => h('span', { class: `badge role role-${r}` }, roleText(r))));
}

export function userStatusEl(u) {
  const out = [];
  if (u.disabled) out.push(h('span', { class: 'badge st-disabled' }, t('users.status.disabled')));
  if (u.locked) out.push(h('span', { class: 'badge st-locked' }, t('users.status.locked')));
  if (u.must_change_password) {
    out.push(h('span', { class: 'badge st-pending' }, t('users.status.must_change_password')));
  }
  if (out.length === 0) out.push(h('span', { class: 'badge st-active' }, t('users.status.active')));
  return h('span', { class: 'status-cell' }, out);
}

/* ---------- errors ---------- */

/** Localised parts of an error: main message, field, server detail. */
export function errorParts(err) {
  const code = err && err.code ? err.code : 'unknown';
  const message = has(`errors.${code}`) ? t(`errors.${code}`) : (err.message || code);
  let field = null;
  if (err && err.field) {
    const base = err.field.replace(/\[\d+\]$/, '');
    field = has(`fields.${base}`) ? `${t(`fields.${base}`)} (${err.field})` : err.field;
  }
  return { code, message, field, detail: err && err.message, requestId: err && err.requestId };
}

/** An alert box for an error, with field and the server's own words. */
export function errorBox(err) {
  const p = errorParts(err);
  return h('div', { class: 'alert alert-error', role: 'alert', 'data-error-code': p.code },
    h('div', { class: 'alert-title' }, p.message),
    p.field ? h('div', { class: 'alert-field' }, `${t('errors.field')}: `,
      h('span', { class: 'mono' }, p.field)) : null,
    h('div', { class: 'alert-detail' },
      `${t('errors.detail')}: `, h('span', { class: 'mono' }, p.code),
      p.detail && p.detail !== p.code ? ` — ${p.detail}` : '',
      p.requestId ? ` · ${t('errors.request_id')}: ${p.requestId}` : ''));
}

export function infoBox(kind, ...children) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    children);
}

/** Take an error shown by showFormError away again. */
export function clearFormError(form, slot) {
  clear(slot);
  markFields(form, null);
}

/** Show err in slot as an alert box and mark the inputs of form (if given) it names. */
export function showFormError(form, slot, err) {
  replace(slot, errorBox(err));
  if (form) markFields(form, err);
}

/** Mark the inputs of form that the error's field names; focus the first. */
function markFields(form, err) {
  for (const el of form.querySelectorAll('.is-invalid')) {
    el.classList.remove('is-invalid');
    el.removeAttribute('aria-invalid');
  }
  if (!err || !err.field) return;
  const f = err.field;
  let first = null;
  for (const el of form.querySelectorAll('[data-field]')) {
    const df = el.dataset.field;
    if (f === df || f.startsWith(`${df}.`) || f.startsWith(`${df}[`)) {
      el.classList.add('is-invalid');
      el.setAttribute('aria-invalid', 'true');
      if (!first) first = el;
    }
  }
  if (first) {
    const target = first.matches('input,select,textarea') ? first
      : first.querySelector('input,select,textarea');
    if (target) target.focus();
  }
}

/**
 * The first required, enabled control of form left empty, as an error like
 * the server's missing_field (the server checks again; this only saves a trip).
 */
export function requiredMissing(form) {
  for (const el of form.querySelectorAll('input[required], select[required], textarea[required]')) {
    if (!el.disabled && String(el.value).trim() === '') {
      const name = el.dataset.field || el.name;
      return { code: 'missing_field', field: name, message: 'missing_field' };
    }
  }
  return null;
}

/**
 * Run fn while btn is busy; an error it throws is shown in slot (and the
 * field it names marked in form, if given).
 */
export async function attempt(btn, slot, fn, form = null) {
  await busy(btn, async () => {
    try {
      await fn();
    } catch (err) {
      showFormError(form, slot, err);
    }
  });
}

/**
 * Handle form's submit: clear slot and the marked fields, refuse at once with
 * what check(form) finds (an error like the server's, or null; by default the
 * first empty required control), else attempt(btn, slot, run, form).
 */
export function onFormSubmit(form, btn, slot, run, check = requiredMissing) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormError(form, slot);
    const refused = check(form);
    if (refused) {
      showFormError(form, slot, refused);
      return;
    }
    await attempt(btn, slot, run, form);
  });
}

/* ---------- fields ---------- */

/**
 * A labelled control. input gets an id and (with field) data-field, so a server
 * error naming that field can be shown on it.
 */
export function field({ label, input, hint, name, required, wide }) {
  if (!input.id) input.id = uid('in');
  if (name) input.dataset.field = name;
  let hintEl = null;
  if (hint) {
    hintEl = h('div', { class: 'hint', id: uid('hint') }, hint);
    input.setAttribute('aria-describedby', hintEl.id);
  }
  if (required) input.required = true;
  return h('div', { class: ['field', wide && 'field-wide'] },
    h('label', { for: input.id }, label,
      required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    input, hintEl);
}

export function textInput(attrs = {}) {
  return h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
}

export function textArea(attrs = {}) {
  return h('textarea', { rows: 4, spellcheck: 'false', ...attrs });
}

/** One line per item, blank lines dropped. */
export function linesOf(text) {
  return String(text || '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}

export function selectInput(options, attrs = {}) {
  const sel = h('select', attrs);
  fillSelect(sel, options, attrs.value);
  return sel;
}

/** options: [{value, label}] or [{group, options: [...]}] */
export function fillSelect(sel, options, value) {
  clear(sel);
  for (const o of options) {
    if (o.group !== undefined) {
      const g = h('optgroup', { label: o.group });
      for (const oo of o.options) g.append(h('option', { value: oo.value }, oo.label));
      sel.append(g);
    } else {
      sel.append(h('option', { value: o.value }, o.label));
    }
  }
  if (value !== undefined && value !== null) sel.value = String(value);
}

export function levelOptions({ any = false } = {}) {
  const opts = ['public', 'internal', 'confidential', 'secret', 'top_secret']
    .map((l) => ({ value: l, label: levelText(l) }));
  return any ? [{ value: '', label: t('common.any') }, ...opts] : opts;
}

/** Compartment names typed as "a, b c" into a clean list. */
export function parseCompartments(text) {
  return String(text || '').split(/[\s,;\uFF0C\uFF1B\u3001]+/).map((s) => s.trim()).filter(Boolean);
}

const COMPARTMENT_RE = /^[a-z0-9_-]{1,32}$/;

/** The error for the first badly formed name in compartments (field: the form's name for them), or null. */
export function compartmentsError(compartments, field) {
  const bad = compartments.find((c) => !COMPARTMENT_RE.test(c));
  return bad ? { code: 'invalid_compartment', field, message: bad } : null;
}

/** A strong random password for initial and reset passwords. */
export function randomPassword(len = 16) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789-_';
  const buf = new Uint32Array(len);
  crypto.getRandomValues(buf);
  let s = '';
  for (const n of buf) s += alphabet[n % alphabet.length];
  return s;
}

/* ---------- buttons ---------- */

export function button(label, attrs = {}) {
  const kind = attrs.kind || 'secondary';
  const a = { type: 'button', ...attrs };
  delete a.kind;
  a.class = ['btn', `btn-${kind}`, attrs.small && 'btn-sm', attrs.class].filter(Boolean).join(' ');
  delete a.small;
  return h('button', a, label);
}

/** Run fn while btn is disabled and marked busy. */
async function busy(btn, fn) {
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
  }
}

/* ---------- notifications ---------- */

let toastRegion = null;

function region() {
  if (!toastRegion || !document.body.contains(toastRegion)) {
    toastRegion = h('div', { class: 'toasts', 'aria-live': 'polite' });
    document.body.append(toastRegion);
  }
  return toastRegion;
}

/** A short notice in the corner: kind success | warning | error | info. */
export function notify(message, kind = 'success', { timeout } = {}) {
  const close = button('×', {
    class: 'toast-close', 'aria-label': t('common.close'), small: true, kind: 'ghost',
  });
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('div', { class: 'toast-body' }, message), close);
  const remove = () => el.remove();
  close.addEventListener('click', remove);
  region().append(el);
  setTimeout(remove, timeout || (kind === 'error' || kind === 'warning' ? 10000 : 5000));
  return el;
}

export function notifyError(err) {
  const p = errorParts(err);
  notify(p.field ? `${p.message} (${t('errors.field')}: ${p.field})` : p.message, 'error');
}

/* ---------- dialogs ---------- */

/**
 * A modal form. onSubmit(form) may throw ApiError (shown in the dialog, the
 * named field marked) or return false to keep the dialog open.
 * Returns {dialog, close}.
 */
export function openDialog({ title, body, submitLabel, cancelLabel, onSubmit, danger, wide, onClose }) {
  const titleId = uid('dlg');
  const errSlot = h('div', { class: 'dialog-error' });
  const submit = onSubmit
    ? button(submitLabel || t('common.save'), { type: 'submit', kind: danger ? 'danger' : 'primary' })
    : null;
  const cancel = button(cancelLabel || (onSubmit ? t('common.cancel') : t('common.close')), {
    kind: onSubmit ? 'secondary' : 'primary',
  });
  const form = h('form', { class: 'dialog-form', novalidate: true },
    h('header', { class: 'dialog-head' }, h('h2', { id: titleId }, title)),
    h('div', { class: 'dialog-body' }, body),
    errSlot,
    h('footer', { class: 'dialog-foot' }, cancel, submit));
  const dialog = h('dialog', { class: ['dialog', wide && 'dialog-wide'], 'aria-labelledby': titleId },
    form);
  const close = () => {
    if (dialog.open) dialog.close();
  };
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (onClose) onClose();
  });
  cancel.addEventListener('click', close);
  if (onSubmit) {
    onFormSubmit(form, submit, errSlot, async () => {
      const keep = await onSubmit(form);
      if (keep !== false) close();
    });
  } else {
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      close();
    });
  }
  document.body.append(dialog);
  dialog.showModal();
  const first = form.querySelector('.dialog-body input:not([type=hidden]):not([disabled]), .dialog-body select, .dialog-body textarea');
  if (first) first.focus();
  return { dialog, form, close, errSlot };
}

export function confirmDialog({ title, message, confirmLabel, danger, onConfirm }) {
  return openDialog({
    title,
    body: h('p', { class: 'dialog-message' }, message),
    submitLabel: confirmLabel || t('common.confirm'),
    danger,
    onSubmit: onConfirm,
  });
}

/* ---------- tables and paging ---------- */

/**
 * columns: [{label, className, render(row) -> node|string}]
 * Returns the wrapper; call .update(rows) to swap rows without rebuilding
 * the header (no layout jump while paging).
 */
export function dataTable(columns, { caption, empty, rowAttrs } = {}) {
  const tbody = h('tbody');
  const table = h('table', { class: 'data' },
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.className }, c.label)))),
    tbody);
  const wrap = h('div', { class: 'table-wrap' }, table);
  wrap.table = table;
  wrap.update = (rows) => {
    clear(tbody);
    if (!rows || rows.length === 0) {
      tbody.append(h('tr', { class: 'empty-row' },
        h('td', { colspan: columns.length }, empty || t('common.no_records'))));
      return;
    }
    for (const row of rows) {
      const tr = h('tr', rowAttrs ? rowAttrs(row) : null,
        columns.map((c) => h('td', { class: c.className }, c.render(row))));
      tbody.append(tr);
    }
  };
  wrap.loading = () => {
    wrap.classList.add('is-loading');
    wrap.setAttribute('aria-busy', 'true');
  };
  wrap.done = () => {
    wrap.classList.remove('is-loading');
    wrap.removeAttribute('aria-busy');
  };
  wrap.tbody = tbody;
  wrap.update(null);
  return wrap;
}

/** Cursor paging: remembers the cursors of the pages seen, for "previous". */
class CursorPager {
  constructor() {
    this.reset();
  }

  reset() {
    this.stack = [null];
    this.index = 0;
    this.next = null;
  }

  get cursor() {
    return this.stack[this.index];
  }

  get page() {
    return this.index + 1;
  }

  forward() {
    if (!this.next) return;
    this.stack = this.stack.slice(0, this.index + 1);
    this.stack.push(this.next);
    this.index += 1;
  }

  back() {
    if (this.index > 0) this.index -= 1;
  }
}

/** Pager bar; returns element with .update(pager, count). */
function pagerBar(onPrev, onNext) {
  const prev = button(t('common.prev_page'), { small: true, onclick: onPrev, class: 'pager-prev' });
  const next = button(t('common.next_page'), { small: true, onclick: onNext, class: 'pager-next' });
  const info = h('span', { class: 'pager-info', 'aria-live': 'polite' });
  const bar = h('nav', { class: 'pager', 'aria-label': t('common.pagination') }, info, prev, next);
  bar.update = (pager, count) => {
    prev.disabled = pager.index === 0;
    next.disabled = !pager.next;
    replace(info, t('common.page_info', { page: pager.page, count }));
  };
  return bar;
}

/**
 * load() for table: fetchRows() returns the rows to show. While it runs the
 * table is marked busy; a failure is shown in errSlot and leaves the rows as
 * they were.
 */
export function tableLoader(table, errSlot, fetchRows) {
  return async function load() {
    table.loading();
    try {
      const rows = await fetchRows();
      replace(errSlot);
      table.update(rows);
    } catch (err) {
      replace(errSlot, errorBox(err));
    } finally {
      table.done();
    }
  };
}

/**
 * A table filled a page at a time: fetchPage(cursor) returns the server's
 * page {items, next_cursor}. Returns {pager, bar, load, search, withFilters}:
 * load() shows the current page, search() the first one again (after the
 * filters changed); bar is the pager bar to show under the table;
 * withFilters(fields, note) is the whole list to show: a filter bar of fields
 * that searches (and resets to the first page), the error slot, the table and
 * the pager bar.
 */
export function pagedTable(table, errSlot, fetchPage) {
  const pager = new CursorPager();
  const bar = pagerBar(() => { pager.back(); load(); }, () => { pager.forward(); load(); });
  const load = tableLoader(table, errSlot, async () => {
    const page = await fetchPage(pager.cursor);
    pager.next = page.next_cursor;
    bar.update(pager, page.items.length);
    return page.items;
  });
  const search = () => { pager.reset(); load(); };
  const withFilters = (fields, note) => [filterBar(fields, search, search, note), errSlot, table, bar];
  return { pager, bar, load, search, withFilters };
}

/* ---------- page frame ---------- */

/**
 * Links that download a list as CSV and XLSX: GET /api/v1 + path with the list's
 * current filters (query(): an object; empty values are left out), format and the
 * UI's language. The address is made when a link is followed, so it carries the
 * filters as they are then.
 */
export function exportLinks(path, query = () => ({})) {
  const link = (format, label) => {
    const a = h('a', { class: 'btn btn-secondary', href: '#', download: '', 'data-testid': `export-${format}` }, label);
    a.addEventListener('click', () => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query())) if (v !== '' && v !== undefined && v !== null) params.set(k, v);
      params.set('format', format);
      params.set('lang', getLang());
      a.href = `/api/v1${path}?${params}`;
    });
    return a;
  };
  return h('span', { class: 'export-links' }, link('csv', t('common.export_csv')), link('xlsx', t('common.export_xlsx')));
}

export function pageHeader(title, subtitle, ...actions) {
  return h('div', { class: 'page-head' },
    h('div', { class: 'page-titles' }, h('h1', { class: 'page-title' }, title),
      subtitle ? h('p', { class: 'page-sub' }, subtitle) : null),
    h('div', { class: 'page-actions' }, actions));
}

/** A counter: a large figure over its label; tone (red, amber, green) colours it. */
export function stat(figure, label, tone) {
  return h('div', { class: ['stat', tone && `stat-${tone}`] },
    h('span', { class: 'stat-n' }, figure), h('span', { class: 'stat-l' }, label));
}

export function section(title, ...children) {
  return h('section', { class: 'panel' },
    title ? h('h2', { class: 'panel-title' }, title) : null, children);
}

/** A filter bar form; onSearch runs on submit. note: a line of help below. */
function filterBar(fields, onSearch, onReset, note) {
  const form = h('form', { class: 'filters', role: 'search' },
    fields,
    h('div', { class: 'filter-actions' },
      button(t('common.search'), { type: 'submit', kind: 'primary' }),
      onReset ? button(t('common.reset'), { onclick: () => { form.reset(); onReset(); } }) : null),
    note ? h('p', { class: 'filter-note hint' }, note) : null);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    onSearch();
  });
  return form;
}

export { append };
