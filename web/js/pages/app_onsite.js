// app_onsite.js - the on-site review of a case: the schedule and team (picked
// from the server's candidates by those it lets schedule), each member's
// scoring sheet (every item with its maximum, veto items, save as draft or
// submit; offered when the server says the caller may score), the sheets of
// the others once one's own is submitted, and the aggregate with its
// divergence flag. The leader signs the opinion from the action panel.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { me } from '../session.js';
import {
  attempt, button, clearFormError, confirmDialog, dataTable, field, infoBox, notify, openDialog, selectInput,
  showFormError, stat, textArea, textInput,
} from '../ui.js';
import { fmtScore, getSchemeDoc, txt } from '../apps.js';

function roleText(r) {
  return t(`apps.onsite.role.${r}`);
}

/* ---------- schedule ---------- */

/** The seat a candidate is offered first: the leader is chosen on purpose. */
function firstSeat(seats) {
  return ['staff', 'expert', 'leader'].find((r) => seats.includes(r)) || seats[0];
}

/**
 * The date and the team. The team is picked from the people the server says
 * may sit on it (found by name, login or bureau), each in one of the seats
 * they may take; exactly one leader.
 */
export async function scheduleDialog({ app, onsite, reload }) {
  const [{ items: candidates }, doc] = await Promise.all([
    api('GET', `/applications/${app.id}/onsite/candidates`),
    getSchemeDoc(app.scheme.id),
  ]);
  const seated = new Map(((onsite && onsite.team) || []).map((m) => [m.user_id, m.role]));
  const picks = candidates.map((c) => {
    const box = h('input', {
      type: 'checkbox', name: 'member', value: String(c.user_id), checked: seated.has(c.user_id),
      'aria-label': t('apps.onsite.pick', { name: c.display_name }),
    });
    const seat = selectInput(c.seats.map((r) => ({ value: r, label: roleText(r) })), {
      name: 'seat', value: seated.get(c.user_id) || firstSeat(c.seats),
      'aria-label': t('apps.onsite.seat_for', { name: c.display_name }),
    });
    const words = [c.display_name, c.login, c.membership_name].join(' ').toLowerCase();
    return { c, box, seat, words };
  });
  const byId = new Map(picks.map((p) => [p.c.user_id, p]));
  const chosen = () => picks.filter((p) => p.box.checked);

  const countEl = h('p', { class: 'hint', 'aria-live': 'polite', 'data-testid': 'team-count' });
  const recount = () => {
    const n = (r) => chosen().filter((p) => p.seat.value === r).length;
    replace(countEl, t('apps.onsite.team_count', {
      n: chosen().length, leader: n('leader'), staff: n('staff'), expert: n('expert'),
    }));
  };
  for (const p of picks) {
    p.box.addEventListener('change', recount);
    p.seat.addEventListener('change', () => {
      p.box.checked = true;
      recount();
    });
  }

  const table = dataTable([
    { label: t('apps.onsite.col.pick'), render: (c) => byId.get(c.user_id).box },
    {
      label: t('apps.onsite.col.member'),
      render: (c) => h('span', { class: 'name-cell' }, c.display_name, h('span', { class: 'sub mono' }, c.login)),
    },
    { label: t('apps.onsite.col.bureau'), render: (c) => c.membership_name || '—' },
    { label: t('apps.onsite.col.role'), render: (c) => byId.get(c.user_id).seat },
  ], {
    caption: t('apps.onsite.team'),
    empty: t('apps.onsite.no_candidates'),
    rowAttrs: (c) => ({ 'data-candidate': c.login }),
  });
  table.classList.add('team-table');
  table.update(candidates);

  // finding people narrows the list; those chosen stay in view
  const find = textInput({ type: 'search', name: 'find', placeholder: t('apps.onsite.find_ph'), 'aria-label': t('apps.onsite.find_ph') });
  find.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') ev.preventDefault();
  });
  find.addEventListener('input', () => {
    const q = find.value.trim().toLowerCase();
    for (const p of picks) p.box.closest('tr').hidden = q !== '' && !p.box.checked && !p.words.includes(q);
  });
  recount();

  const notice = doc.time_limits.onsite_notice.days;
  const dateIn = h('input', { type: 'date', name: 'date', value: app.dates.onsite_date || '' });
  openDialog({
    title: app.dates.onsite_date ? t('apps.onsite.reschedule_btn') : t('apps.onsite.schedule_btn'),
    wide: true,
    body: [
      h('p', { class: 'dialog-message' }, t('apps.onsite.schedule_text', {
        days: notice, min_staff: doc.team.min_staff, max_experts: doc.team.max_experts,
      })),
      field({ label: t('apps.f.onsite_date'), input: dateIn, name: 'date', required: true, hint: t('apps.onsite.date_hint', { days: notice }) }),
      h('div', { class: 'field field-wide' }, h('span', { class: 'field-label' }, t('apps.onsite.team')),
        h('div', { class: 'team-box', 'data-field': 'team' }, find, table, countEl)),
    ],
    submitLabel: t('apps.onsite.schedule_save'),
    onSubmit: async () => {
      const team = chosen().map((p) => ({ user_id: p.c.user_id, role: p.seat.value }));
      if (team.filter((m) => m.role === 'leader').length !== 1) {
        const e = new Error(t('apps.onsite.one_leader'));
        Object.assign(e, { code: 'invalid_team', field: 'team' });
        throw e;
      }
      await api('PUT', `/applications/${app.id}/onsite`, { body: { date: dateIn.value, team }, version: app.version });
      notify(t('apps.onsite.scheduled', { date: dateIn.value }), 'success');
      reload('onsite');
    },
  });
}

/* ---------- the tab ---------- */

function sheetTotal(doc, scores) {
  let sum = 0;
  for (const s of doc.scoring.sections) for (const i of s.items) sum += Number(scores[i.code] || 0);
  return sum;
}

export async function onsiteTab(box, pageCtx) {
  const { app, onsite, onTeam, notes } = pageCtx;
  const u = me();
  const doc = await getSchemeDoc(app.scheme.id);
  const mine = onsite.sheets.find((s) => s.user_id === u.id);
  const myRole = onTeam ? onsite.team.find((m) => m.user_id === u.id).role : null;
  const opinion = notes.filter((n) => n.kind === 'onsite_opinion').pop();

  const teamTable = h('table', { class: 'data', 'data-testid': 'onsite-team' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('apps.onsite.col.role')),
      h('th', { scope: 'col' }, t('apps.onsite.col.member')),
      h('th', { scope: 'col' }, t('apps.onsite.col.sheet')))),
    h('tbody', null, onsite.team.map((m) => {
      const s = onsite.sheets.find((x) => x.user_id === m.user_id);
      let state;
      if (s && s.submitted_at) state = h('span', { class: 'badge st-active' }, t('apps.onsite.sheet_submitted'));
      else if (s) state = h('span', { class: 'badge st-pending' }, t('apps.onsite.sheet_draft'));
      else state = h('span', { class: 'muted' }, m.user_id === u.id ? t('apps.onsite.sheet_none') : t('apps.onsite.sheet_hidden'));
      return h('tr', { 'data-member': m.login },
        h('td', null, h('span', { class: `badge team-${m.role}` }, roleText(m.role))),
        h('td', null, m.display_name, h('span', { class: 'sub mono' }, m.login)),
        h('td', null, state));
    })));

  const parts = [
    h('div', { class: 'tab-head' },
      h('div', null,
        h('h3', { class: 'sub-title' }, t('apps.onsite.schedule')),
        h('p', { class: 'panel-intro', 'data-testid': 'onsite-date' },
          onsite.date ? t('apps.onsite.date_line', { date: onsite.date }) : t('apps.onsite.not_scheduled'))),
      myRole ? h('span', { class: 'chip' }, t('apps.onsite.my_role', { role: roleText(myRole) })) : null),
    teamTable,
  ];

  // my own sheet: submitted, to fill in now, or from the on-site day on
  if (app.state === 'onsite' && mine && mine.submitted_at) {
    parts.push(infoBox('success', t('apps.onsite.my_submitted', { total: fmtScore(mine.total) })));
  } else if (app.can.includes('score')) {
    parts.push(sheetForm({ app, doc, mine, reload: pageCtx.reload }));
  } else if (onTeam && app.state === 'onsite' && onsite.date) {
    parts.push(h('p', { class: 'hint', 'data-testid': 'sheet-later' }, t('apps.onsite.sheet_from', { date: onsite.date })));
  }

  // sheets visible to me (the server decides which)
  const shown = onsite.sheets.filter((s) => s.submitted_at);
  if (shown.length) parts.push(sheetsMatrix(doc, onsite, shown));
  else if (onTeam && !(mine && mine.submitted_at)) parts.push(h('p', { class: 'hint' }, t('apps.onsite.others_hidden')));

  if (onsite.aggregate) parts.push(aggregateBox(onsite.aggregate));
  if (opinion) {
    parts.push(h('div', { class: 'signed-opinion', 'data-testid': 'onsite-opinion' },
      h('h3', { class: 'sub-title' }, t('apps.notes.onsite_opinion')),
      h('dl', { class: 'facts facts-compact' },
        h('dt', null, t('apps.note_field.outcome')), h('dd', null, t(`apps.onsite.outcome.${opinion.body.outcome}`)),
        h('dt', null, t('apps.note_field.opinion')), h('dd', null, opinion.body.opinion),
        h('dt', null, t('apps.onsite.leader_signed')), h('dd', null, opinion.body.signed_by),
        h('dt', null, t('apps.note_field.representative')), h('dd', null, opinion.body.representative))));
  }
  replace(box, parts);
}

function aggregateBox(a) {
  return h('div', { class: ['aggregate', `agg-${a.outcome}`], 'data-testid': 'aggregate', 'data-outcome': a.outcome },
    h('h3', { class: 'sub-title' }, t('apps.onsite.aggregate')),
    h('div', { class: 'stat-row' },
      stat(fmtScore(a.total), t('apps.onsite.agg_total', { out_of: a.out_of })),
      stat(String(a.pass), t('apps.onsite.agg_pass')),
      stat(`${a.min_total}–${a.max_total}`, t('apps.onsite.agg_range')),
      stat(String(a.sheets), t('apps.onsite.agg_sheets')),
      stat(t(`apps.onsite.outcome.${a.outcome}`), t('apps.onsite.agg_outcome'), a.outcome === 'pass' ? 'green' : 'red')),
    a.divergent ? infoBox('warning', h('strong', null, t('apps.onsite.divergent')), ' ', t('apps.onsite.divergent_text')) : null,
    a.vetoes_failed.length ? infoBox('error', t('apps.onsite.vetoes_failed', { items: a.vetoes_failed.join(t('common.list_sep')) })) : null);
}

function sheetsMatrix(doc, onsite, sheets) {
  const name = (uid) => {
    const m = onsite.team.find((x) => x.user_id === uid);
    return m ? m.display_name : `#${uid}`;
  };
  const head = h('tr', null, h('th', { scope: 'col' }, t('apps.onsite.col.item')), h('th', { scope: 'col', class: 'num' }, t('apps.onsite.col.max')),
    sheets.map((s) => h('th', { scope: 'col', class: 'num' }, name(s.user_id))));
  const body = [];
  for (const sec of doc.scoring.sections) {
    body.push(h('tr', { class: 'section-row' }, h('td', { colspan: 2 + sheets.length }, txt(sec.name))));
    for (const i of sec.items) {
      body.push(h('tr', { 'data-item': i.code },
        h('td', null, txt(i.name), i.veto ? h('span', { class: 'badge veto' }, t('apps.onsite.veto')) : null),
        h('td', { class: 'num' }, String(i.points)),
        sheets.map((s) => {
          const failed = (s.vetoes || []).includes(i.code);
          return h('td', { class: ['num', failed && 'veto-failed'] }, s.scores[i.code] === undefined ? '—' : String(s.scores[i.code]),
            failed ? h('span', { class: 'badge veto' }, t('apps.onsite.veto_failed')) : null);
        })));
    }
  }
  body.push(h('tr', { class: 'total-row' }, h('td', null, t('apps.onsite.total')), h('td', { class: 'num' }, String(doc.scoring.total)),
    sheets.map((s) => h('td', { class: 'num' }, String(s.total)))));
  return h('div', null,
    h('h3', { class: 'sub-title' }, t('apps.onsite.sheets')),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data sheet-matrix', 'data-testid': 'sheets-matrix' }, h('thead', null, head), h('tbody', null, body))));
}

function sheetForm({ app, doc, mine, reload }) {
  const scores = mine ? mine.scores : {};
  const vetoes = new Set(mine ? mine.vetoes : []);
  const rows = [];
  const inputs = [];
  const totalEl = h('strong', { 'data-testid': 'sheet-total' });
  const recount = () => {
    const cur = {};
    for (const inp of inputs) if (inp.value !== '') cur[inp.dataset.item] = Number(inp.value);
    replace(totalEl, `${fmtScore(sheetTotal(doc, cur))} / ${doc.scoring.total}`);
  };
  for (const sec of doc.scoring.sections) {
    rows.push(h('tr', { class: 'section-row' }, h('td', { colspan: 4 }, txt(sec.name))));
    for (const i of sec.items) {
      const inp = h('input', {
        type: 'number', min: 0, max: i.points, step: 1, class: 'num score-input', name: `score_${i.code}`,
        value: scores[i.code] === undefined ? '' : String(scores[i.code]), 'data-item': i.code,
        'aria-label': t('apps.onsite.score_for', { item: txt(i.name), max: i.points }),
      });
      inp.addEventListener('input', recount);
      inputs.push(inp);
      const veto = i.veto ? h('label', { class: 'check veto-check' },
        h('input', { type: 'checkbox', name: `veto_${i.code}`, value: i.code, checked: vetoes.has(i.code) }),
        t('apps.onsite.veto_fail_label')) : h('span', { class: 'muted' }, '—');
      rows.push(h('tr', { 'data-item': i.code },
        h('td', null, txt(i.name), h('span', { class: 'sub mono' }, i.code)),
        h('td', { class: 'num' }, String(i.points)),
        h('td', null, inp),
        h('td', null, veto)));
    }
  }
  recount();
  const note = textArea({ name: 'note', maxlength: 4000, rows: 3, value: mine ? mine.note : '' });
  if (mine) note.value = mine.note || '';
  const errSlot = h('div', { class: 'form-error' });
  const saveBtn = button(t('apps.onsite.save_draft'), { 'data-testid': 'sheet-save' });
  const submitBtn = button(t('apps.onsite.submit_sheet'), { kind: 'primary', 'data-testid': 'sheet-submit' });
  const form = h('form', { class: 'sheet-form', novalidate: true, 'data-testid': 'sheet-form' },
    h('h3', { class: 'sub-title' }, t('apps.onsite.my_sheet')),
    h('p', { class: 'hint' }, t('apps.onsite.sheet_hint', { pass: doc.scoring.pass, total: doc.scoring.total })),
    h('div', { class: 'table-wrap', 'data-field': 'scores' },
      h('table', { class: 'data sheet-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('apps.onsite.col.item')),
          h('th', { scope: 'col', class: 'num' }, t('apps.onsite.col.max')),
          h('th', { scope: 'col' }, t('apps.onsite.col.score')),
          h('th', { scope: 'col' }, t('apps.onsite.col.veto')))),
        h('tbody', null, rows),
        h('tfoot', null, h('tr', { class: 'total-row' }, h('td', null, t('apps.onsite.total')), h('td', null, ''), h('td', { colspan: 2 }, totalEl))))),
    field({ label: t('apps.onsite.note'), input: note, name: 'note', wide: true }),
    errSlot,
    h('div', { class: 'form-actions' }, submitBtn, saveBtn));
  form.addEventListener('submit', (ev) => ev.preventDefault());

  const payload = (submit) => ({
    scores: inputs.filter((i) => i.value !== '').map((i) => ({ item: i.dataset.item, points: Number.parseInt(i.value, 10) })),
    vetoes: [...form.querySelectorAll('input[type=checkbox][name^=veto_]:checked')].map((c) => c.value),
    note: note.value.trim(),
    submit,
  });
  const send = async (btn, submit) => {
    clearFormError(form, errSlot);
    const body = payload(submit);
    const bad = body.scores.find((s) => !Number.isFinite(s.points));
    if (bad) {
      showFormError(form, errSlot, { code: 'invalid_score', field: 'scores', message: bad.item });
      return;
    }
    await attempt(btn, errSlot, async () => {
      await api('PUT', `/applications/${app.id}/onsite/sheet`, { body });
      notify(t(submit ? 'apps.onsite.sheet_sent' : 'apps.onsite.sheet_saved'), 'success');
      reload('onsite');
    }, form);
  };
  saveBtn.addEventListener('click', () => send(saveBtn, false));
  submitBtn.addEventListener('click', () => {
    const missing = inputs.filter((i) => i.value === '').length;
    confirmDialog({
      title: t('apps.onsite.submit_sheet'),
      message: missing ? t('apps.onsite.submit_missing', { n: missing }) : t('apps.onsite.submit_confirm'),
      confirmLabel: t('apps.onsite.submit_sheet'),
      onConfirm: async () => {
        await send(submitBtn, true);
      },
    });
  });
  return form;
}

