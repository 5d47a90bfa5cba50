// certs.js - what the certificate pages share (the staff list and page, the
// public register and the verification page): names in the reader's
// language, the state badge with the "no new classified work" mark of a
// suspended certificate, the table columns, the list of a certificate's
// facts, and the verification result in words.

import { h } from './dom.js';
import { getLang, t, tOr } from './i18n.js';

// A certificate comes in two shapes: the register's (GET /certificates,
// /public/certificates: unit, scheme_name, grade_name, category_names,
// authority as names) and the decoded payload of a verification (unit_name,
// authority_name, and codes only). The helpers below read either.

/** A name pair from the server ({"zh-CN", en}) or a plain string, in the current language. */
function nm(o) {
  if (o === null || o === undefined) return '';
  if (typeof o === 'string') return o;
  const zh = o['zh-CN'] || '';
  return getLang() === 'en' ? o.en || zh : zh || o.en || '';
}

function unitName(c) {
  return c.unit || c.unit_name || '';
}

function schemeText(c) {
  return nm(c.scheme_name) || c.scheme || '';
}

function gradeText(c) {
  return nm(c.grade_name) || c.grade || '';
}

/** The categories' names, or their codes where the name is unknown. */
function categoriesJoined(c) {
  const names = c.category_names || [];
  const l = (c.categories || []).map((code, i) => nm(names[i]) || code);
  return l.length ? l.join(t('common.list_sep')) : '—';
}

function authorityText(c) {
  return nm(c.authority) || c.authority_name || '';
}

function stateText(c) {
  return tOr(`cert.states.${c.state}`, nm(c.state_label) || c.state);
}

/** A certificate state's name (valid, suspended, ...) in the reader's language. */
export function certStateText(state) {
  return tOr(`cert.states.${state}`, state);
}

/** A certificate event's name (suspend, revoke, request_cancel, ...) in the reader's language. */
export function certEventText(ev) {
  return tOr(`cert.events.${ev}`, ev);
}

/** A reason of a certificate's move (rectification_overdue, forged, ...) in the reader's language. */
export function certReasonText(reason) {
  return tOr(`cert.reasons.${reason}`, reason);
}

const STATE_TONE = {
  valid: 'green', suspended: 'amber', revoked: 'red', cancelled: 'grey', expired: 'grey', superseded: 'grey',
};

/** Is the unit barred from new classified work (a suspended certificate)? */
export function noNewWork(c) {
  return !!c.no_new_classified_work || c.state === 'suspended';
}

/** The state badge, and for a suspended certificate the mark that the unit may take no new classified work. */
export function certState(c) {
  return h('span', { class: 'cert-state', 'data-testid': 'cert-state', 'data-state': c.state },
    h('span', { class: `badge app-state ast-${STATE_TONE[c.state] || 'blue'}` }, stateText(c)),
    noNewWork(c) ? h('span', { class: 'badge no-new-work', 'data-testid': 'no-new-work', title: t('cert.no_new_work_hint') },
      t('cert.no_new_work')) : null);
}

function validityText(c) {
  return t('cert.validity_range', { from: c.valid_from || '—', until: c.valid_until || '—' });
}

/**
 * Columns of a certificate table. link(c): the certificate's address;
 * unit: show the unit's name and USCC (not on a unit's own list).
 */
export function certColumns(link, { unit = true } = {}) {
  return [
    {
      label: t('cert.col.number'),
      className: 'nowrap',
      render: (c) => h('a', { href: link(c), class: 'mono cert-link', 'data-testid': 'cert-link' }, c.number),
    },
    unit ? { label: t('cert.col.unit'), className: 'col-unit', render: unitName } : null,
    unit ? { label: t('cert.col.uscc'), className: 'mono nowrap', render: (c) => c.uscc } : null,
    {
      label: t('cert.col.grade'),
      className: 'col-scheme',
      render: (c) => h('span', { class: 'name-cell' }, gradeText(c), h('span', { class: 'sub' }, schemeText(c))),
    },
    { label: t('cert.col.categories'), render: categoriesJoined },
    { label: t('cert.col.validity'), className: 'mono nowrap', render: validityText },
    { label: t('cert.col.state'), render: certState },
  ].filter(Boolean);
}

/** The facts of a certificate as a definition list. extra: more [label, value] pairs. */
export function certFacts(c, extra = []) {
  const pairs = [
    [t('cert.f.number'), h('span', { class: 'mono', 'data-testid': 'cert-number' }, c.number)],
    [t('cert.f.unit'), h('span', { 'data-testid': 'cert-unit' }, unitName(c))],
    [t('cert.f.uscc'), h('span', { class: 'mono' }, c.uscc || '—')],
    [t('cert.f.scheme'), schemeText(c)],
    [t('cert.f.grade'), gradeText(c)],
    [t('cert.f.categories'), categoriesJoined(c)],
    [t('cert.f.issued'), h('span', { class: 'mono' }, c.issued || '—')],
    [t('cert.f.valid_from'), h('span', { class: 'mono' }, c.valid_from || '—')],
    [t('cert.f.valid_until'), h('span', { class: 'mono' }, c.valid_until || '—')],
    c.state ? [t('cert.f.state'), certState(c)] : null,
    [t('cert.f.authority'), authorityText(c) || '—'],
    ...extra,
  ].filter(Boolean);
  return h('dl', { class: 'facts cert-facts', 'data-testid': 'cert-facts' },
    pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

/* ---------- verification ---------- */

/** The order of the verification steps (docs/certificate-format.md §7). */
const STEP_ORDER = ['prefix', 'base45', 'encoding', 'key', 'key_validity', 'signature', 'validity',
  'status_signature', 'status_freshness', 'status'];

function stepName(step) {
  return tOr(`cert.verify.step.${step}`, step);
}

function resultName(result) {
  return tOr(`cert.verify.result.${result}`, result);
}

function outcomeName(outcome) {
  return tOr(`cert.verify.outcome.${outcome}`, outcome);
}

function statusAge(n) {
  if (n === 0) return t('cert.verify.status_today');
  if (n === 1) return t('cert.verify.status_age_one');
  return t('cert.verify.status_age', { n });
}

const FAILED = ['fail'];
const PASSED = ['pass'];

/**
 * The decoded certificate with the names of its scheme, grade and categories
 * taken from the register's entry of the same number (reg), where the codes
 * agree: the payload itself carries only codes.
 */
function withNames(cert, reg) {
  if (!reg || reg.number !== cert.number) return cert;
  const out = { ...cert };
  if (reg.scheme === cert.scheme) {
    out.scheme_name = reg.scheme_name;
    if (reg.grade === cert.grade) out.grade_name = reg.grade_name;
    const byCode = new Map((reg.categories || []).map((code, i) => [code, (reg.category_names || [])[i]]));
    out.category_names = (cert.categories || []).map((code) => byCode.get(code) || null);
  }
  if (reg.authority_id === cert.authority_id && reg.authority) out.authority = reg.authority;
  return out;
}

/**
 * The answer of POST /public/verify in words: valid, or the step that failed
 * and why; the steps one by one; what the certificate says (names: its
 * register entry, to name its codes).
 */
export function verifyResult(r, names = null) {
  const steps = r.steps || [];
  const valid = r.result === 'valid';
  const failed = steps.find((s) => FAILED.includes(s.outcome));
  let head;
  if (valid) {
    const statusChecked = r.status_age !== null && r.status_age !== undefined;
    head = h('div', { class: 'alert alert-success verify-verdict', role: 'status' },
      h('div', { class: 'alert-title verify-title' }, t('cert.verify.valid')),
      h('div', null, statusChecked ? t('cert.verify.valid_text') : t('cert.verify.valid_no_status')),
      statusChecked ? h('div', { class: 'hint' }, statusAge(r.status_age)) : null);
  } else {
    const n = failed ? STEP_ORDER.indexOf(failed.step) + 1 || steps.indexOf(failed) + 1 : 0;
    head = h('div', { class: 'alert alert-error verify-verdict', role: 'alert' },
      h('div', { class: 'alert-title' }, t('cert.verify.invalid')),
      h('div', { 'data-testid': 'verify-failed-step', 'data-step': failed ? failed.step : '' },
        failed ? t('cert.verify.failed_at', { n, step: stepName(failed.step), result: resultName(r.result) })
          : t('cert.verify.failed_result', { result: resultName(r.result) })),
      r.reason ? h('div', { class: 'alert-detail' }, `${t('cert.verify.reason')}: `, h('span', { class: 'mono' }, r.result),
        ` — ${r.reason}`) : null);
  }
  const list = steps.length ? h('ol', { class: 'verify-steps', 'data-testid': 'verify-steps' },
    steps.map((s) => {
      const tone = FAILED.includes(s.outcome) ? 'fail' : (PASSED.includes(s.outcome) ? 'pass' : 'skip');
      return h('li', { class: `verify-step step-${tone}`, 'data-step': s.step, 'data-outcome': s.outcome },
        h('span', { class: 'verify-step-name' }, stepName(s.step)),
        h('span', { class: `badge verify-outcome vo-${tone}` }, outcomeName(s.outcome)));
    })) : null;
  const cert = r.certificate;
  return h('div', { class: 'verify-result', 'data-testid': 'verify-result', 'data-result': r.result },
    head,
    list ? [h('h3', { class: 'sub-title' }, t('cert.verify.steps_title')), list] : null,
    cert ? [
      h('h3', { class: 'sub-title' }, t('cert.verify.decoded')),
      valid ? null : h('p', { class: 'hint' }, t('cert.verify.decoded_hint')),
      certFacts(names ? withNames(cert, names) : cert),
    ] : null);
}
