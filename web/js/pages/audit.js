// audit.js - the security auditor's view of the audit trail: filters, cursor
// paging, expandable details and a full verification of the trail.

import { h, replace, uid } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { today } from '../session.js';
import {
  attempt, button, dataTable, field, infoBox,
  pageHeader, pagedTable, section, selectInput, textInput, timeEl, fmtTime,
} from '../ui.js';

export const AUDIT_ACTIONS = [
  'session.login', 'session.logout',
  'user.create', 'user.update', 'user.disable', 'user.password_reset', 'user.password_change',
  'user.set_access', 'user.lock',
  'api_token.create', 'api_token.revoke',
  'authority.create', 'authority.update', 'region.create',
  'unit.create', 'unit.update', 'unit.set_label', 'unit.read', 'unit.list',
  'calendar.replace',
  'audit.read', 'audit.verify', 'request.denied',
];
const ACTION_PREFIXES = ['session.', 'user.', 'api_token.', 'authority.', 'unit.', 'region.', 'calendar.', 'audit.', 'request.'];
const OBJECT_TYPES = ['user', 'unit', 'authority', 'region', 'api_token', 'calendar', 'audit', 'route', 'session'];

function actionEl(action) {
  return h('span', { class: 'action-cell' },
    h('span', { class: 'action-label' }, tOr(`audit.actions.${action}`, action)),
    h('span', { class: 'mono action-code' }, action));
}

function outcomeEl(outcome) {
  return h('span', { class: `badge outcome outcome-${outcome}` }, tOr(`audit.outcomes.${outcome}`, outcome));
}

/** Local day YYYY-MM-DD -> ISO instant at its start (or end) in local time. */
function dayBound(day, end) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const d = end
    ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
    : new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
  return d.toISOString();
}

function detailsRow(e, cols) {
  const json = JSON.stringify(e.details, null, 2);
  return h('tr', { class: 'detail-row', 'data-detail-for': String(e.seq) },
    h('td', { colspan: cols },
      h('div', { class: 'detail-box' },
        h('dl', { class: 'facts facts-compact' },
          h('dt', null, t('audit.col.seq')), h('dd', { class: 'mono' }, String(e.seq)),
          h('dt', null, t('audit.col.ts')), h('dd', { class: 'mono' }, `${fmtTime(e.ts)} (${e.ts})`),
          h('dt', null, t('audit.col.actor')), h('dd', null, `${e.actor} (#${e.actor_id}) · ${e.actor_roles || '—'}`),
          h('dt', null, t('audit.col.object')), h('dd', { class: 'mono' }, `${e.object_type} ${e.object_id || '—'}`),
          h('dt', null, t('audit.col.request_id')), h('dd', { class: 'mono' }, e.request_id || '—'),
          h('dt', null, t('audit.col.client')), h('dd', { class: 'mono' }, e.client_addr || '—')),
        h('div', { class: 'json-title' }, t('audit.details')),
        h('pre', { class: 'json', tabindex: '0', 'data-testid': 'audit-details' }, json))));
}

export async function auditPage(main) {
  const actorIn = textInput({ name: 'actor', placeholder: t('audit.actor_placeholder') });
  const listId = uid('actions');
  const actionIn = textInput({ name: 'action', list: listId, placeholder: t('audit.action_placeholder') });
  const datalist = h('datalist', { id: listId },
    ACTION_PREFIXES.map((p) => h('option', { value: p }, t('audit.prefix_option', { prefix: p }))),
    AUDIT_ACTIONS.map((a) => h('option', { value: a }, tOr(`audit.actions.${a}`, a))));
  const typeSel = selectInput([{ value: '', label: t('common.any') },
    ...OBJECT_TYPES.map((o) => ({ value: o, label: tOr(`audit.object_types.${o}`, o) }))], { name: 'object_type' });
  const objIn = textInput({ name: 'object_id' });
  const fromIn = h('input', { type: 'date', name: 'from', max: today() });
  const toIn = h('input', { type: 'date', name: 'to', max: today() });
  const limitSel = selectInput([50, 100, 200, 500].map((n) => ({ value: String(n), label: String(n) })), { name: 'limit', value: '50' });
  const listErr = h('div');
  const verifySlot = h('div', { class: 'verify-slot', 'data-testid': 'verify-result' });
  const COLS = 8;

  const table = dataTable([
    { label: t('audit.col.seq'), className: 'num mono', render: (e) => String(e.seq) },
    { label: t('audit.col.ts'), className: 'nowrap', render: (e) => timeEl(e.ts) },
    {
      label: t('audit.col.actor'),
      render: (e) => h('span', { class: 'actor-cell' }, h('span', { class: 'mono' }, e.actor),
        e.actor_roles ? h('span', { class: 'sub' }, e.actor_roles.split(',').map((r) => tOr(`roles.${r}`, r)).join(t('common.list_sep'))) : null),
    },
    { label: t('audit.col.action'), render: (e) => actionEl(e.action) },
    {
      label: t('audit.col.object'),
      render: (e) => h('span', null, tOr(`audit.object_types.${e.object_type}`, e.object_type),
        e.object_id ? h('span', { class: 'mono sub-inline' }, ` ${e.object_id}`) : null),
    },
    { label: t('audit.col.outcome'), render: (e) => outcomeEl(e.outcome) },
    { label: t('audit.col.client'), className: 'mono', render: (e) => e.client_addr || '—' },
    {
      label: t('audit.col.details'),
      className: 'actions',
      render: (e) => {
        const b = button(t('audit.show_details'), { small: true, kind: 'ghost', 'aria-expanded': 'false', class: 'toggle-details' });
        b.addEventListener('click', () => {
          const tr = b.closest('tr');
          const next = tr.nextElementSibling;
          if (next && next.dataset.detailFor === String(e.seq)) {
            next.remove();
            b.setAttribute('aria-expanded', 'false');
            replace(b, t('audit.show_details'));
          } else {
            tr.after(detailsRow(e, COLS));
            b.setAttribute('aria-expanded', 'true');
            replace(b, t('audit.hide_details'));
          }
        });
        return b;
      },
    },
  ], { caption: t('audit.title'), rowAttrs: (e) => ({ 'data-seq': String(e.seq), 'data-action': e.action }) });

  const { pager, load, withFilters } = pagedTable(table, listErr, (cursor) => {
    if (fromIn.value && toIn.value && fromIn.value > toIn.value) {
      throw { code: 'invalid_range', field: 'from', message: 'from > to' };
    }
    return api('GET', '/audit', {
      query: {
        actor: actorIn.value.trim(),
        action: actionIn.value.trim(),
        object_type: typeSel.value,
        object_id: objIn.value.trim(),
        from: dayBound(fromIn.value, false),
        to: dayBound(toIn.value, true),
        limit: limitSel.value,
        cursor,
      },
    });
  });

  const verifyBtn = button(t('audit.verify'), { kind: 'primary', 'data-testid': 'verify-audit' });
  verifyBtn.addEventListener('click', () => attempt(verifyBtn, verifySlot, async () => {
    replace(verifySlot, infoBox('info', t('audit.verifying')));
    const r = await api('GET', '/audit/verify');
    const when = fmtTime(new Date().toISOString());
    replace(verifySlot, r.ok
      ? infoBox('success', h('strong', null, t('audit.verify_ok_title')), ' ',
        t('audit.verify_ok', { entries: r.entries, heads: r.signed_heads, time: when }))
      : infoBox('error', h('strong', null, t('audit.verify_bad_title')), ' ',
        t('audit.verify_bad', { seq: r.first_bad_seq, problem: r.problem || '—', entries: r.entries, time: when })));
    // the verification is itself an audited action: show it
    if (pager.index === 0) await load();
  }));

  await load();
  replace(main,
    pageHeader(t('audit.title'), t('audit.intro'), verifyBtn),
    verifySlot,
    section(null, withFilters([
      field({ label: t('audit.actor'), input: actorIn }),
      field({ label: t('audit.action'), input: actionIn }),
      field({ label: t('audit.object_type'), input: typeSel }),
      field({ label: t('audit.object_id'), input: objIn }),
      field({ label: t('audit.from'), input: fromIn }),
      field({ label: t('audit.to'), input: toIn }),
      field({ label: t('common.page_size'), input: limitSel }),
      datalist,
    ], t('audit.action_hint'))));
}
