// cert_life.js (page part) - the life of an issued certificate on its page
// (docs/certificates.md §16): the actions the server offers the caller
// ("actions": suspend, reinstate, revoke, cancel; "can": request_cancellation
// for the unit's officer), each through a dialog that asks for what the event
// needs and sends it with If-Match, and the history of the certificate's moves
// and requests, oldest first.

import { h } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, today } from '../session.js';
import {
  button, dataTable, field, notify, openDialog, selectInput, tableLoader, textArea,
} from '../ui.js';
import { certEventText, certReasonText, certStateText } from '../certs.js';

/** The reasons the dialog offers for an event (docs/certificates.md §2), by the state it leaves. */
function reasonsFor(ev, state) {
  if (ev === 'suspend') return ['rectification_overdue', 'rectification_rejected'];
  if (ev === 'revoke') return ['altered', 'sold', 'rented', 'lent', 'forged', 'conditions_not_met', 'serious_violation'];
  // a suspended certificate is not cancelled at the unit's request
  if (ev === 'cancel') return state === 'suspended' ? ['legal_person_ended'] : ['legal_person_ended', 'unit_request'];
  return [];
}

/** The final events: the dialog asks for an explicit confirmation. */
const FINAL_EVENTS = ['revoke', 'cancel'];
const NOTE_MAX = 1000;

function pad2(n) {
  return String(n).padStart(2, '0');
}

/**
 * The last day of a period of months beginning on first (YYYY-MM-DD), as the
 * server counts it (certlife_period_last): the day before the same day months
 * later, or the end of that month when it has no such day.
 */
export function periodLast(first, months) {
  const [y, m, d] = first.split('-').map(Number);
  const idx = m - 1 + months;
  const ty = y + Math.floor(idx / 12);
  const tm = (idx % 12) + 1;
  const monthLen = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (d > monthLen) return `${ty}-${pad2(tm)}-${pad2(monthLen)}`;
  const same = new Date(Date.UTC(ty, tm - 1, d - 1));
  return `${same.getUTCFullYear()}-${pad2(same.getUTCMonth() + 1)}-${pad2(same.getUTCDate())}`;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The suspension's start and end inputs: the end follows the start (6 months on) until changed by hand. */
function termFields() {
  const first = today() || new Date().toISOString().slice(0, 10);
  const start = h('input', { type: 'date', name: 'start', value: first });
  const end = h('input', { type: 'date', name: 'end', value: periodLast(first, 6) });
  const range = h('span', { class: 'mono' });
  const showRange = () => {
    range.textContent = ISO_DAY.test(start.value)
      ? t('cert.life.term_range', { min: periodLast(start.value, 6), max: periodLast(start.value, 12) }) : '';
  };
  let endTouched = false;
  end.addEventListener('input', () => { endTouched = true; });
  start.addEventListener('change', () => {
    if (ISO_DAY.test(start.value) && !endTouched) end.value = periodLast(start.value, 6);
    showRange();
  });
  showRange();
  const endField = field({ label: t('cert.life.f.end'), input: end, name: 'end', required: true, hint: range });
  // a term of the wrong length is refused with the guard's name: mark the end day
  endField.dataset.field = 'suspension_length';
  return {
    inputs: { start, end },
    fields: [field({ label: t('cert.life.f.start'), input: start, name: 'start', required: true }), endField],
  };
}

/**
 * The dialog of event ev (or 'request_cancellation') on certificate c; done()
 * shows the page again after the server's answer.
 */
function eventDialog(ev, c, done) {
  const request = ev === 'request_cancellation';
  const body = [h('p', { class: 'dialog-message' }, t(`cert.life.help.${ev}`))];
  const inputs = {};
  if (request) {
    body.push(h('p', { class: 'hint' }, `${t('fields.reason')}: ${certReasonText('unit_request')}`));
  } else {
    const reasons = reasonsFor(ev, c.state);
    if (reasons.length) {
      inputs.reason = selectInput([{ value: '', label: t('cert.life.choose_reason') },
        ...reasons.map((r) => ({ value: r, label: certReasonText(r) }))], { name: 'reason' });
      body.push(field({ label: t('fields.reason'), input: inputs.reason, name: 'reason', required: true, wide: true }));
    }
  }
  if (ev === 'suspend') {
    const term = termFields();
    Object.assign(inputs, term.inputs);
    body.push(...term.fields);
  }
  inputs.note = textArea({ name: 'note', maxlength: NOTE_MAX, rows: 3 });
  body.push(field({ label: t('fields.note'), input: inputs.note, name: 'note', wide: true }));
  let final = null;
  if (FINAL_EVENTS.includes(ev)) {
    final = h('input', { type: 'checkbox', name: 'confirm_final' });
    body.push(h('div', { class: 'alert alert-warning', role: 'note' },
      h('label', { class: 'check', 'data-field': 'confirm_final' }, final, t(`cert.life.final.${ev}`))));
  }
  openDialog({
    title: t(`cert.life.title.${ev}`),
    body,
    wide: true,
    danger: FINAL_EVENTS.includes(ev),
    submitLabel: t(`cert.life.submit.${ev}`),
    onSubmit: async () => {
      if (final && !final.checked) {
        throw Object.assign(new Error('confirm_final'), { code: 'confirm_final', field: 'confirm_final' });
      }
      const payload = {};
      for (const [name, input] of Object.entries(inputs)) {
        if (input.value.trim() !== '') payload[name] = input.value.trim();
      }
      if (request) payload.reason = 'unit_request';
      const path = `/certificates/${c.id}/events/${request ? 'cancel' : ev}`;
      try {
        await api('POST', path, { body: payload, version: c.version });
      } catch (err) {
        if (err.status === 412) {
          notify(t('common.stale_reloaded'), 'warning');
          await done();
          return true;
        }
        throw err;
      }
      notify(t(`cert.life.done.${ev}`, { number: c.number }), 'success');
      await done();
      return true;
    },
  });
}

/**
 * The actions area of certificate c: a button per event the caller may raise
 * now, "request cancellation" for the unit's officer, and for the officer the
 * reminder that a change of grade or categories is a new application. Null
 * when there is nothing to show. done(): show the page again.
 */
export function certActions(c, done) {
  const events = (c.actions || []).filter((ev) => ['suspend', 'reinstate', 'revoke', 'cancel'].includes(ev));
  const buttons = events.map((ev) => button(t(`cert.life.btn.${ev}`), {
    kind: FINAL_EVENTS.includes(ev) ? 'danger' : (ev === 'reinstate' ? 'primary' : 'secondary'),
    'data-action': ev,
    onclick: () => eventDialog(ev, c, done),
  }));
  if ((c.can || []).includes('request_cancellation')) {
    buttons.push(button(t('cert.life.btn.request_cancellation'), {
      'data-action': 'request_cancellation',
      onclick: () => eventDialog('request_cancellation', c, done),
    }));
  }
  const officer = hasRole('unit_officer');
  if (buttons.length === 0 && !officer) return null;
  return h('section', { class: 'panel action-panel', 'data-testid': 'cert-actions' },
    h('h2', { class: 'panel-title' }, t('cert.life.actions_title')),
    buttons.length ? h('div', { class: 'inline-actions' }, buttons) : null,
    officer ? h('p', { class: 'hint', 'data-testid': 'cert-change-hint' }, t('cert.life.change_hint'), ' ',
      h('a', { href: '#/apps/new' }, t('cert.life.change_link'))) : null);
}

function termText(e) {
  return e.start ? t('cert.validity_range', { from: e.start, until: e.end || '—' }) : '—';
}

function byText(e) {
  return e.by === null || e.by === undefined ? t('cert.life.by_system') : e.by_login;
}

/** The history of certificate id, oldest first: a section with its table (loaded by .load()). */
export function certHistory(id) {
  const errSlot = h('div');
  const table = dataTable([
    { label: t('cert.life.col.day'), className: 'mono nowrap', render: (e) => e.day || '—' },
    { label: t('cert.life.col.event'), className: 'nowrap', render: (e) => certEventText(e.event) },
    { label: t('cert.life.col.reason'), render: (e) => (e.reason ? certReasonText(e.reason) : '—') },
    {
      label: t('cert.life.col.states'),
      className: 'nowrap',
      render: (e) => (e.from === e.to ? certStateText(e.to) : `${certStateText(e.from)} → ${certStateText(e.to)}`),
    },
    { label: t('cert.life.col.term'), className: 'mono nowrap', render: termText },
    { label: t('cert.life.col.by'), className: 'nowrap', render: byText },
    { label: t('cert.life.col.note'), className: 'wrap-text', render: (e) => e.note || '—' },
  ], {
    caption: t('cert.life.history_title'),
    empty: t('cert.life.history_none'),
    rowAttrs: (e) => ({
      'data-event': e.event, 'data-reason': e.reason || '', 'data-from': e.from, 'data-to': e.to,
    }),
  });
  const load = tableLoader(table, errSlot, async () => (await api('GET', `/certificates/${id}/history`)).items);
  const el = h('section', { class: 'panel', 'data-testid': 'cert-history' },
    h('h2', { class: 'panel-title' }, t('cert.life.history_title')), errSlot, table);
  return { el, load };
}
