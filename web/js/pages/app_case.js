// app_case.js - one qualification application: the header (number, unit,
// scheme, grade, categories, state, the statutory deadline), the action panel
// driven by the server's "actions" (the events the caller may raise now), the
// authorities per step, and tabs: overview, materials, the submission as
// frozen, notes (notices, opinions, decision), on-site review, objections and
// the timeline.

import { h, replace } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, me, today, BUREAU_ROLES } from '../session.js';
import {
  attempt, button, confirmDialog, dataTable, errorBox, field, infoBox, notify, openDialog, pageHeader,
  linesOf, section, selectInput, tableLoader, textArea, textInput, timeEl,
} from '../ui.js';
import { authorityName, byId, getAuthorities } from '../orgs.js';
import {
  acceptFor, appNumber, appSchemeName, categoriesText, deadlineBadge, eligibilityTable,
  eligibilityVerdict, eventText, FINAL_STATES, fileUrl, fmtScore, getSchemes, gradeName, mimeFor, pick,
  schemeById, sizeText, stateBadge, stateText, STEPS, txt, typesText,
} from '../apps.js';
import { categoryChecks, gradeOptions } from './app_new.js';
import { onsiteTab, scheduleDialog } from './app_onsite.js';

/* ---------- small builders ---------- */


function factList(pairs, attrs = {}) {
  return h('dl', { class: 'facts facts-compact', ...attrs },
    pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]));
}

function dateText(d) {
  return d ? h('span', { class: 'mono' }, d) : h('span', { class: 'muted' }, '—');
}

const EVENT_FIELDS = {
  submit: [],
  withdraw: ['reason?'],
  accept: ['date?'],
  request_supplement: ['items', 'reason?'],
  resubmit: [],
  refuse: ['reason'],
  forward: ['opinion'],
  return: ['items', 'reason'],
  correct: [],
  list_onsite: ['opinion'],
  reject: ['reason'],
  onsite_pass: ['opinion', 'representative'],
  onsite_fail: ['opinion', 'representative'],
  onsite_halt: ['opinion', 'representative'],
  reschedule: [],
  open_publicity: ['date?'],
  close_publicity: [],
  approve: ['reason'],
};
/** Where the second officer confirms a certificate's issuance. */
const ISSUANCE_PATH = (id) => `/applications/${id}/certificate`;
const DANGER_EVENTS = ['withdraw', 'refuse', 'reject', 'onsite_fail', 'onsite_halt'];
const PRIMARY_EVENTS = ['submit', 'resubmit', 'correct', 'accept', 'forward', 'list_onsite', 'onsite_pass',
  'open_publicity', 'close_publicity', 'approve'];
/** The order of buttons in the action panel. */
const EVENT_ORDER = ['submit', 'resubmit', 'correct', 'accept', 'request_supplement', 'refuse', 'forward',
  'list_onsite', 'return', 'onsite_pass', 'onsite_fail', 'onsite_halt', 'reschedule', 'open_publicity',
  'close_publicity', 'approve', 'reject', 'withdraw'];

/* ---------- the page ---------- */

export async function appCasePage(main, params, ctx) {
  const id = Number.parseInt(params.id, 10);
  const [app, schemes, auths] = await Promise.all([
    api('GET', `/applications/${id}`),
    getSchemes(),
    getAuthorities().catch(() => []),
  ]);
  const scheme = schemeById(schemes, app.scheme.id);
  const authMap = byId(auths);
  const u = me();
  const isUnit = !!u.unit_id;
  const isBureau = hasRole(...BUREAU_ROLES) && !!u.authority_id;
  const final = FINAL_STATES.includes(app.state);

  // what is loaded once and shared by the tabs
  const notesP = api('GET', `/applications/${id}/notes`).then((r) => r.items).catch(() => []);
  const onsiteP = (app.dates.onsite_notified_on || app.state === 'onsite' || app.onsite)
    ? api('GET', `/applications/${id}/onsite`).catch(() => null) : Promise.resolve(null);
  // the certificate issued on the case, for its number (a link without it if unreadable)
  const certP = app.issuance && app.issuance.certificate_id
    ? api('GET', `/certificates/${app.issuance.certificate_id}`).catch(() => null) : Promise.resolve(null);
  const [notes, onsite, cert] = await Promise.all([notesP, onsiteP, certP]);
  if (cert) app.certNumber = cert.number;
  const onTeam = !!(onsite && onsite.team.some((m) => m.user_id === u.id));

  const tabs = ['overview', 'materials'];
  if (app.state !== 'draft') tabs.push('submission');
  tabs.push('notes');
  if (onsite) tabs.push('onsite');
  if (isBureau && app.dates.publicity_start) tabs.push('objections');
  tabs.push('timeline');
  let defTab = 'overview';
  if (app.can.includes('upload')) defTab = 'materials';
  else if (app.can.includes('score')) defTab = 'onsite';
  const tab = tabs.includes(params.tab) ? params.tab : defTab;
  const reload = (toTab = tab) => ctx.go(`apps/${id}/${toTab}`);

  const pageCtx = {
    app, scheme, schemes, notes, onsite, onTeam, isUnit, isBureau, reload, authMap, go: ctx.go,
  };
  const reportSlot = h('div', { class: 'report-slot', 'data-testid': 'submit-report' });
  pageCtx.reportSlot = reportSlot;

  const box = h('div', { class: 'tab-body' });
  if (tab === 'materials') await materialsTab(box, pageCtx);
  else if (tab === 'submission') await submissionTab(box, pageCtx);
  else if (tab === 'notes') notesTab(box, pageCtx);
  else if (tab === 'onsite') await onsiteTab(box, pageCtx);
  else if (tab === 'objections') await objectionsTab(box, pageCtx);
  else if (tab === 'timeline') await timelineTab(box, pageCtx);
  else overviewTab(box, pageCtx);

  const tabNav = h('nav', { class: 'tabs', 'aria-label': t('apps.case_tabs') },
    tabs.map((k) => h('a', {
      href: `#/apps/${id}/${k}`, class: 'tab', 'aria-current': k === tab ? 'page' : null, 'data-tab': k,
    }, t(`apps.tabs.${k}`))));

  replace(main,
    pageHeader(t('apps.case_title', { number: appNumber(app) }), null,
      h('a', { class: 'btn btn-secondary', href: isBureau ? '#/tasks' : '#/apps' }, t('apps.back_to_list'))),
    caseHeader(pageCtx),
    unitNotice(pageCtx),
    reportSlot,
    h('div', { class: 'case-grid' },
      h('div', { class: 'case-main' }, tabNav, h('section', { class: 'panel tab-panel' }, box)),
      h('aside', { class: 'case-side' },
        actionPanel(pageCtx),
        authoritiesPanel(pageCtx),
        final ? null : datesPanel(pageCtx))));
}

/* ---------- header ---------- */

function caseHeader({ app, scheme, isBureau }) {
  return h('section', { class: 'panel case-head', 'data-testid': 'case-head', 'data-state': app.state },
    h('div', { class: 'case-head-top' },
      h('div', { class: 'case-id' },
        h('span', { class: 'case-number mono', 'data-testid': 'case-number' }, appNumber(app)),
        stateBadge(app.state),
        app.acceptance_no ? h('span', { class: 'chip mono', title: t('apps.f.acceptance_no') }, app.acceptance_no) : null,
        certLink(app)),
      h('div', { class: 'case-deadline' }, h('span', { class: 'case-deadline-l' }, t('apps.col.deadline')), deadlineBadge(app))),
    h('dl', { class: 'facts-row case-facts' },
      h('div', null, h('dt', null, t('apps.col.unit')),
        h('dd', { 'data-testid': 'case-unit' }, isBureau ? h('a', { href: `#/profile/${app.unit.id}` }, app.unit.name) : app.unit.name,
          h('span', { class: 'sub mono' }, app.unit.uscc))),
      h('div', null, h('dt', null, t('apps.col.scheme')), h('dd', null, appSchemeName(app))),
      h('div', null, h('dt', null, t('apps.col.grade')), h('dd', { 'data-testid': 'case-grade' }, gradeName(app.grade, scheme))),
      h('div', null, h('dt', null, t('apps.categories')), h('dd', { 'data-testid': 'case-categories' }, categoriesText(app.categories, scheme))),
      h('div', null, h('dt', null, t('apps.f.submitted_at')), h('dd', null, timeEl(app.dates.submitted_at)))));
}

/**
 * The certificate issued on the case ({id, number}), or null. The case says
 * which (issuance.certificate_id); its number is read with it (certNumber).
 */
function caseCertificate(app) {
  const id = app.issuance && app.issuance.certificate_id;
  return id ? { id, number: app.certNumber || null } : null;
}

/** A link to the certificate issued on the case. */
function certLink(app) {
  const c = caseCertificate(app);
  if (!c) return null;
  return h('a', { class: 'chip chip-link mono', href: `#/certs/${c.id}`, 'data-testid': 'case-certificate', 'data-cert-id': String(c.id) },
    c.number ? t('cert.on_case_link', { number: c.number }) : t('cert.issued_done_plain'));
}

/** What the unit has to do now: the supplement or correction notice, itemised. */
function unitNotice({ app, notes, isUnit }) {
  if (!isUnit) return null;
  const latest = (kind) => notes.filter((n) => n.kind === kind).pop();
  let note = null;
  let key = null;
  if (app.state === 'supplement') {
    note = latest('supplement_notice');
    key = 'supplement';
  } else if (app.state === 'preliminary_correction' || app.state === 'superior_correction') {
    note = latest('return_notice');
    key = 'correction';
  } else if (app.state === 'draft') {
    return infoBox('info', t('apps.notice.draft'));
  }
  if (!note) return null;
  return h('div', { class: 'alert alert-warning notice-box', role: 'status', 'data-testid': `${key}-notice` },
    h('div', { class: 'alert-title notice-title' }, t(`apps.notice.${key}_title`)),
    h('p', { class: 'notice-text' }, t(`apps.notice.${key}_text`)),
    h('ol', { class: 'notice-items' }, (note.body.items || []).map((it) => h('li', null, it))),
    note.body.reason ? h('p', { class: 'notice-text' }, `${t('apps.note_field.reason')}: ${note.body.reason}`) : null);
}

/* ---------- side panels ---------- */

function authoritiesPanel({ app, authMap }) {
  return section(t('apps.authorities'),
    h('dl', { class: 'facts facts-compact', 'data-testid': 'authorities' },
      STEPS.filter((s) => app.authorities[s]).map((s) => [
        h('dt', null, t(`apps.steps.${s}`)),
        h('dd', null, authorityName(authMap.get(app.authorities[s])) || `#${app.authorities[s]}`),
      ])),
    STEPS.some((s) => app.authorities[s]) ? null : h('p', { class: 'hint' }, t('apps.authorities_later')));
}

function datesPanel({ app, scheme }) {
  const d = app.dates;
  return section(t('apps.key_dates'), factList([
    [t('apps.f.received_on'), dateText(d.received_on)],
    [t('apps.f.accepted_on'), dateText(d.accepted_on)],
    d.supplement_on ? [t('apps.f.supplement_on'), dateText(d.supplement_on)] : null,
    d.onsite_date ? [t('apps.f.onsite_date'), dateText(d.onsite_date)] : null,
    d.publicity_start ? [t('apps.f.publicity'), h('span', { class: 'mono' }, `${d.publicity_start} — ${d.publicity_end}`)] : null,
    [t('apps.f.decision_limit'), scheme ? t('apps.wd', { n: scheme.time_limits.decision + app.decision_extension }) : '—'],
    app.decision_extension ? [t('apps.f.extension'), t('apps.wd', { n: app.decision_extension })] : null,
  ]));
}

/**
 * The events the server offers ("actions") and what else it lets the caller
 * do now ("can"): schedule the on-site review, extend the decision limit,
 * resolve objections.
 */
function actionPanel(pageCtx) {
  const { app } = pageCtx;
  const buttons = [];
  const hints = [];
  const errSlot = h('div');
  for (const ev of EVENT_ORDER) {
    if (!app.actions.includes(ev)) continue;
    buttons.push(button(eventText(ev), {
      kind: DANGER_EVENTS.includes(ev) ? 'danger-outline' : (PRIMARY_EVENTS.includes(ev) ? 'primary' : 'secondary'),
      class: 'btn-action',
      'data-action': ev,
      onclick: () => eventDialog(ev, pageCtx),
    }));
  }
  if (app.can.includes('schedule_onsite')) {
    buttons.push(button(app.dates.onsite_date ? t('apps.onsite.reschedule_btn') : t('apps.onsite.schedule_btn'), {
      kind: app.dates.onsite_date ? 'secondary' : 'primary',
      class: 'btn-action',
      'data-action': 'schedule_onsite',
      onclick: (ev) => attempt(ev.currentTarget, errSlot, () => scheduleDialog(pageCtx)),
    }));
  }
  if (app.can.includes('extend')) {
    buttons.push(button(t('apps.extend.btn'), {
      class: 'btn-action', 'data-action': 'extend', onclick: () => extensionDialog(pageCtx),
    }));
  }
  if (app.can.includes('confirm_issuance')) {
    buttons.push(button(t('cert.confirm_issuance'), {
      kind: 'primary', class: 'btn-action', 'data-action': 'confirm_issuance', onclick: () => issuanceDialog(pageCtx),
    }));
  }
  if (app.can.includes('resolve_objections')) {
    hints.push(t('apps.objections_hint'));
    if (!app.actions.includes('close_publicity')) hints.push(t('apps.close_after', { end: app.dates.publicity_end || '—' }));
  }
  if (buttons.length === 0 && hints.length === 0) {
    hints.push(FINAL_STATES.includes(app.state) ? t('apps.actions_final') : t('apps.actions_none'));
  }
  const cert = caseCertificate(app);
  const awaiting = !cert && app.issuance && app.issuance.state === 'pending' && !app.can.includes('confirm_issuance')
    ? h('p', { class: 'hint action-hint', 'data-testid': 'awaiting-issuance' }, t('cert.awaiting_issuance')) : null;
  return h('section', { class: 'panel action-panel', 'data-testid': 'action-panel' },
    h('h2', { class: 'panel-title' }, t('apps.actions_title')),
    buttons.length ? h('div', { class: 'action-list' }, buttons) : null,
    awaiting,
    errSlot,
    hints.map((x) => h('p', { class: 'hint action-hint', 'data-testid': buttons.length ? 'action-hint' : 'no-actions' }, x)));
}

/* ---------- events ---------- */

function eventDialog(ev, pageCtx) {
  const { app, reload } = pageCtx;
  const specs = EVENT_FIELDS[ev] || [];
  const inputs = {};
  const body = [h('p', { class: 'dialog-message' }, tOr(`apps.event_help.${ev}`, ''))];
  for (const spec of specs) {
    const name = spec.replace('?', '');
    const required = !spec.endsWith('?');
    let input;
    let hint = tOr(`apps.field_hint.${ev}.${name}`, tOr(`apps.field_hint.${name}`, ''));
    if (name === 'date') {
      // accept: the day the materials were received, as recorded (not after today);
      // open_publicity: the first day of publicity, from today
      input = h('input', ev === 'accept'
        ? { type: 'date', name, value: app.dates.received_on || '', max: today() }
        : { type: 'date', name, value: today(), min: today() });
      hint = tOr(`apps.field_hint.${ev}.date`, '');
    } else if (name === 'representative') {
      input = textInput({ name, maxlength: 64 });
    } else {
      input = textArea({ name, maxlength: name === 'items' ? 50000 : 4000, rows: name === 'items' ? 6 : 4 });
    }
    inputs[name] = input;
    body.push(field({
      label: tOr(`apps.field.${ev}.${name}`, t(`apps.field.${name}`)), input, name, required, wide: true, hint: hint || null,
    }));
  }
  if (ev.startsWith('onsite_') && pageCtx.onsite && pageCtx.onsite.aggregate) {
    const a = pageCtx.onsite.aggregate;
    body.splice(1, 0, infoBox('info',
      t('apps.onsite.expect', {
        total: fmtScore(a.total), out_of: a.out_of, pass: a.pass, outcome: t(`apps.onsite.outcome.${a.outcome}`),
      })));
  }
  openDialog({
    title: eventText(ev),
    body,
    wide: specs.length > 1,
    danger: DANGER_EVENTS.includes(ev),
    submitLabel: t(`apps.confirm_event.${ev}`),
    onSubmit: async () => {
      const payload = {};
      for (const [name, input] of Object.entries(inputs)) {
        if (name === 'items') {
          const items = linesOf(input.value);
          if (items.length) payload.items = items;
        } else if (input.value.trim() !== '') {
          payload[name] = input.value.trim();
        }
      }
      try {
        await api('POST', `/applications/${app.id}/events/${ev}`, { body: payload, version: app.version });
      } catch (err) {
        if (err.code === 'eligibility_failed' || err.code === 'materials_missing') {
          showSubmitRefusal(err, pageCtx);
          return true; // the dialog closes; the report is on the page
        }
        if (err.status === 412) {
          notify(t('common.stale_reloaded'), 'warning');
          reload();
          return true;
        }
        throw err;
      }
      notify(t('apps.event_done', { event: eventText(ev) }), 'success');
      reload(ev === 'submit' || ev === 'resubmit' || ev === 'correct' ? 'overview' : undefined);
      return true;
    },
  });
}

/**
 * The second officer's confirmation of an approved case's certificate: the
 * server numbers and signs it; the case then links to it.
 */
function issuanceDialog({ app, scheme, reload }) {
  confirmDialog({
    title: t('cert.confirm_issuance_title'),
    message: [
      t('cert.confirm_issuance_text'),
      h('span', { class: 'dialog-facts' },
        `${app.unit.name} · ${app.unit.uscc} · ${appSchemeName(app)} · `
        + `${gradeName(app.decision && app.decision.granted_grade ? app.decision.granted_grade : app.grade, scheme)} · `
        + `${categoriesText(app.decision && app.decision.granted_categories ? app.decision.granted_categories : app.categories, scheme)}`),
    ],
    confirmLabel: t('cert.confirm_issuance_btn'),
    onConfirm: async () => {
      let cert;
      try {
        cert = await api('POST', ISSUANCE_PATH(app.id));
      } catch (err) {
        if (err.code === 'already_issued') {
          // someone else confirmed it meanwhile: show the case as it is now
          notify(t('errors.already_issued'), 'warning');
          reload('overview');
          return true;
        }
        // here the refusal is the two-person rule of issuance, not the three administrators'
        if (err.code === 'separation_of_duties') err.code = 'confirm_by_approver';
        throw err;
      }
      notify(cert && cert.number ? t('cert.issued_done', { number: cert.number }) : t('cert.issued_done_plain'), 'success');
      reload('overview');
      return true;
    },
  });
}

/** A refused submission: the eligibility report, or the materials still missing (as the refusal names them). */
function showSubmitRefusal(err, { scheme, reportSlot }) {
  const parts = [errorBox(err)];
  if (err.code === 'eligibility_failed' && err.data && err.data.eligibility) {
    parts.push(eligibilityVerdict(err.data.eligibility), eligibilityTable(err.data.eligibility),
      h('p', { class: 'hint' }, t('apps.elig.profile_hint'), ' ', h('a', { href: '#/profile' }, t('nav.profile'))));
  } else if (err.code === 'materials_missing' && err.data && err.data.missing) {
    parts.push(h('p', null, t('apps.mat.missing_list')),
      h('ul', { class: 'plain', 'data-testid': 'missing-materials' },
        err.data.missing.map((code) => h('li', { 'data-material': code }, materialName(scheme, code)))));
  }
  replace(reportSlot, section(t('apps.submit_refused'), parts));
  notify(t('apps.submit_refused'), 'error');
  reportSlot.scrollIntoView({ block: 'start' });
}

function extensionDialog({ app, scheme, reload }) {
  const max = scheme ? scheme.time_limits.decision_extension - app.decision_extension : 10;
  const days = h('input', { type: 'number', name: 'working_days', min: 1, max: Math.max(1, max), class: 'num', value: String(Math.max(1, max)) });
  const reason = textArea({ name: 'reason', maxlength: 4000 });
  openDialog({
    title: t('apps.extend.title'),
    body: [
      h('p', { class: 'dialog-message' }, t('apps.extend.text', { max, used: app.decision_extension })),
      field({ label: t('apps.field.working_days'), input: days, name: 'working_days', required: true }),
      field({ label: t('apps.field.reason'), input: reason, name: 'reason', required: true, wide: true }),
    ],
    submitLabel: t('apps.extend.btn'),
    onSubmit: async () => {
      await api('POST', `/applications/${app.id}/extension`, {
        body: { working_days: Number.parseInt(days.value, 10) || 0, reason: reason.value.trim() },
        version: app.version,
      });
      notify(t('apps.extend.done'), 'success');
      reload();
    },
  });
}

/* ---------- overview ---------- */

function overviewTab(box, { app, scheme, notes }) {
  const d = app.dates;
  const decision = notes.filter((n) => n.kind === 'decision' || n.kind === 'refusal').pop();
  replace(box,
    h('div', { class: 'grid-2' },
      h('div', null,
        h('h3', { class: 'sub-title' }, t('apps.app_facts')),
        factList([
          [t('apps.col.scheme'), `${appSchemeName(app)} (${t('apps.scheme_version', { v: app.scheme.version })})`],
          [t('apps.col.grade'), gradeName(app.grade, scheme)],
          [t('apps.categories'), categoriesText(app.categories, scheme)],
          [t('fields.region'), h('span', { class: 'mono' }, app.region)],
          [t('fields.label'), app.label ? tOr(`levels.${app.label.level}`, app.label.level) : '—'],
          [t('fields.created_at'), timeEl(app.created_at)],
          [t('apps.f.submitted_at'), timeEl(d.submitted_at)],
          [t('apps.f.supplement_used'), app.supplement_used ? t('common.yes') : t('common.no')],
          [t('apps.f.deemed_accepted'), app.deemed_accepted ? t('common.yes') : t('common.no')],
        ], { 'data-testid': 'app-facts' })),
      h('div', null,
        h('h3', { class: 'sub-title' }, t('apps.progress')),
        factList([
          [t('apps.f.received_on'), dateText(d.received_on)],
          [t('apps.f.acceptance_no'), app.acceptance_no ? h('span', { class: 'mono' }, app.acceptance_no) : '—'],
          [t('apps.f.accepted_on'), dateText(d.accepted_on)],
          [t('apps.f.onsite_notified_on'), dateText(d.onsite_notified_on)],
          [t('apps.f.onsite_date'), dateText(d.onsite_date)],
          [t('apps.f.onsite_result'), app.onsite ? `${t(`apps.onsite.outcome.${app.onsite.outcome}`)} · ${fmtScore(app.onsite.total)}` : '—'],
          [t('apps.f.halted_on'), dateText(d.halted_on)],
          [t('apps.f.publicity'), d.publicity_start ? h('span', { class: 'mono' }, `${d.publicity_start} — ${d.publicity_end}`) : '—'],
          [t('apps.f.decided_on'), dateText(d.decided_on)],
        ], { 'data-testid': 'app-progress' }))),
    app.decision || decision ? h('div', { class: ['decision-box', app.state === 'approved' ? 'decision-ok' : 'decision-no'], 'data-testid': 'decision' },
      h('h3', { class: 'sub-title' }, t('apps.decision_title')),
      factList([
        [t('apps.col.state'), stateText(app.state)],
        app.decision && app.decision.granted_grade ? [t('apps.f.granted_grade'), gradeName(app.decision.granted_grade, scheme)] : null,
        app.decision && app.decision.granted_categories ? [t('apps.f.granted_categories'), categoriesText(app.decision.granted_categories, scheme)] : null,
        [t('apps.note_field.reason'), (app.decision && app.decision.reason) || (decision && decision.body.reason) || '—'],
        decision ? [t('apps.note_field.signed_by'), decision.body.signed_by] : null,
        [t('apps.f.decided_on'), dateText(d.decided_on)],
        caseCertificate(app) ? [t('cert.on_case'), certLink(app)] : null,
      ])) : null);
}

/* ---------- materials ---------- */

async function materialsTab(box, pageCtx) {
  const { app, isUnit } = pageCtx;
  const canEdit = app.can.includes('upload');
  const listErr = h('div');
  const head = h('div');
  let data = { checklist: [], files: [] };

  const table = dataTable([
    {
      label: t('apps.mat.col.name'),
      render: (c) => h('span', { class: 'name-cell' }, pick(c.name_zh, c.name_en), h('span', { class: 'sub mono' }, c.material)),
    },
    { label: t('apps.mat.col.required'), className: 'nowrap', render: (c) => (c.required ? t('apps.mat.required') : t('apps.mat.optional')) },
    { label: t('apps.mat.col.types'), className: 'mono nowrap', render: (c) => typesText(c.types) },
    {
      label: t('apps.mat.col.status'),
      className: 'nowrap',
      render: (c) => (c.present ? h('span', { class: 'badge st-active' }, t('apps.mat.present'))
        : h('span', { class: ['badge', c.required ? 'st-disabled' : 'st-pending'] }, t('apps.mat.absent'))),
    },
    { label: t('apps.mat.col.files'), render: (c) => filesCell(c) },
    ...(canEdit ? [{ label: t('common.actions'), className: 'actions', render: (c) => uploadControl(c) }] : []),
  ], { caption: t('apps.tabs.materials'), rowAttrs: (c) => ({ 'data-material': c.material, 'data-present': String(c.present) }) });

  function filesCell(c) {
    const files = data.files.filter((f) => f.material === c.material);
    if (files.length === 0) return h('span', { class: 'muted' }, '—');
    return h('ul', { class: 'file-list' }, files.map((f) => h('li', { class: 'file-item', 'data-file-id': String(f.file_id) },
      h('a', { href: fileUrl(app.id, f.file_id), download: f.name, class: 'file-name', 'data-testid': 'download' }, f.name),
      h('span', { class: 'file-meta' }, `${f.type.toUpperCase()} · ${sizeText(f.size)} · ${tOr(`apps.phase.${f.phase}`, f.phase)}`),
      f.frozen ? h('span', { class: 'badge st-frozen', title: t('apps.mat.frozen_hint') }, t('apps.mat.frozen')) : null,
      canEdit && !f.frozen ? button(t('apps.mat.remove'), {
        small: true, kind: 'danger-outline', 'data-testid': 'remove-file', onclick: () => removeFile(f),
      }) : null)));
  }

  function uploadControl(c) {
    const input = h('input', {
      type: 'file', class: 'visually-hidden file-input', accept: acceptFor(c.types), 'data-material': c.material,
      'aria-label': t('apps.mat.upload_for', { name: pick(c.name_zh, c.name_en) }),
    });
    const label = h('label', { class: 'btn btn-secondary btn-sm upload-btn' }, input, t('apps.mat.upload'));
    input.addEventListener('change', async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      label.classList.add('is-busy');
      try {
        await api('POST', `/applications/${app.id}/materials/${encodeURIComponent(c.material)}`, {
          query: { name: file.name }, raw: file, type: mimeFor(file),
        });
        notify(t('apps.mat.uploaded', { name: file.name }), 'success');
        await load();
      } catch (err) {
        replace(listErr, errorBox(err));
      } finally {
        label.classList.remove('is-busy');
        input.value = '';
      }
    });
    return label;
  }

  function removeFile(f) {
    confirmDialog({
      title: t('apps.mat.remove_title'),
      message: t('apps.mat.remove_text', { name: f.name }),
      confirmLabel: t('apps.mat.remove'),
      danger: true,
      onConfirm: async () => {
        await api('DELETE', `/applications/${app.id}/files/${f.file_id}`);
        notify(t('apps.mat.removed', { name: f.name }), 'success');
        await load();
      },
    });
  }

  const summary = h('p', { class: 'mat-summary', 'data-testid': 'mat-summary' });
  const load = tableLoader(table, listErr, async () => {
    data = await api('GET', `/applications/${app.id}/materials`);
    const req = data.checklist.filter((c) => c.required);
    const have = req.filter((c) => c.present).length;
    summary.dataset.complete = String(have === req.length);
    replace(summary, t('apps.mat.summary', { have, need: req.length, files: data.files.length }));
    return data.checklist;
  });
  await load();

  if (app.state === 'draft' && canEdit) replace(head, draftPanel(pageCtx));
  replace(box,
    head,
    h('div', { class: 'tab-head' },
      h('div', null, h('h3', { class: 'sub-title' }, t('apps.mat.title')), summary),
      canEdit ? h('p', { class: 'hint mat-hint' }, t('apps.mat.upload_hint')) : null),
    listErr, table,
    !canEdit && isUnit && !FINAL_STATES.includes(app.state) ? h('p', { class: 'hint' }, t('apps.mat.locked')) : null);
}

/** The draft's grade and categories, editable, and the eligibility pre-check. */
function draftPanel({ app, scheme, reload }) {
  const eligSlot = h('div', { 'data-testid': 'elig-result' });
  const checkBtn = button(t('apps.elig.check'), { 'data-testid': 'check-eligibility' });
  checkBtn.addEventListener('click', () => attempt(checkBtn, eligSlot, async () => {
    const r = await api('POST', '/eligibility', { body: { scheme: app.scheme.id, grade: app.grade } });
    replace(eligSlot, h('div', { class: 'elig-box' },
      h('h3', { class: 'sub-title' }, t('apps.elig.title')),
      eligibilityVerdict(r.lines), eligibilityTable(r.lines)));
  }));
  const editBtn = button(t('apps.edit_draft'), {
    'data-testid': 'edit-draft',
    onclick: () => {
      const grade = selectInput(gradeOptions(scheme), { name: 'grade', value: app.grade });
      const cats = categoryChecks(scheme, app.categories);
      openDialog({
        title: t('apps.edit_draft'),
        wide: true,
        body: [field({ label: t('apps.col.grade'), input: grade, name: 'grade', required: true }), cats],
        onSubmit: async () => {
          const categories = cats.values();
          if (categories.length === 0) {
            const e = new Error('missing_field');
            Object.assign(e, { code: 'missing_field', field: 'categories' });
            throw e;
          }
          await api('PATCH', `/applications/${app.id}`, { body: { grade: grade.value, categories }, version: app.version });
          notify(t('orgs.saved'), 'success');
          reload();
        },
      });
    },
  });
  return h('div', { class: 'draft-box' },
    h('div', { class: 'tab-head' },
      h('p', { class: 'panel-intro' }, t('apps.draft_intro')),
      h('div', { class: 'inline-actions' }, editBtn, checkBtn)),
    eligSlot);
}

/* ---------- submission ---------- */

async function submissionTab(box, { app, scheme }) {
  const doc = await api('GET', `/applications/${app.id}/submission`);
  const s = doc.snapshot;
  if (!s) {
    replace(box, h('p', { class: 'muted' }, t('apps.no_snapshot')));
    return;
  }
  const un = s.unit || {};
  const known = (v) => (v === undefined || v === null || v < 0 ? t('apps.unknown') : String(v));
  const mats = dataTable([
    { label: t('apps.mat.col.name'), render: (m) => materialName(scheme, m.material) },
    { label: t('apps.mat.col.file'), render: (m) => h('a', { href: fileUrl(app.id, m.file_id), download: m.name }, m.name) },
    { label: t('apps.mat.col.size'), className: 'num nowrap', render: (m) => sizeText(m.size) },
    { label: t('apps.mat.col.phase'), className: 'nowrap', render: (m) => tOr(`apps.phase.${m.phase}`, m.phase) },
    { label: 'SHA-256', className: 'mono', render: (m) => h('span', { class: 'hash', title: m.sha256 }, `${m.sha256.slice(0, 16)}…`) },
  ], { caption: t('apps.snapshot_materials') });
  mats.update(s.materials || []);
  replace(box,
    h('p', { class: 'panel-intro' }, t('apps.snapshot_intro')),
    h('div', { class: 'grid-2' },
      h('div', null, h('h3', { class: 'sub-title' }, t('apps.snapshot_unit')),
        factList([
          [t('fields.unit_name'), un.name],
          [t('fields.uscc'), h('span', { class: 'mono' }, un.uscc || '—')],
          [t('fields.region'), h('span', { class: 'mono' }, un.region || '—')],
          [t('fields.address'), un.address],
          [t('fields.legal_representative'), un.legal_representative],
          [t('profile.f.principal_head'), un.principal_head],
          [t('profile.f.actual_controller'), un.actual_controller],
          [t('fields.registered_on'), un.registered_on],
          [t('profile.f.registered_capital'), known(un.registered_capital)],
          [t('profile.f.foreign_known'), un.foreign_known ? t('common.yes') : t('common.no')],
          [t('profile.f.foreign_direct'), `${((un.foreign_direct_bp || 0) / 100).toFixed(2)} %`],
          [t('profile.f.foreign_indirect'), `${((un.foreign_indirect_bp || 0) / 100).toFixed(2)} %`],
        ], { 'data-testid': 'snapshot-unit' })),
      h('div', null, h('h3', { class: 'sub-title' }, t('apps.snapshot_app')),
        factList([
          [t('apps.col.scheme'), `${appSchemeName(app)} (${t('apps.scheme_version', { v: s.scheme ? s.scheme.version : '?' })})`],
          [t('apps.col.grade'), gradeName(s.grade, scheme)],
          [t('apps.categories'), categoriesText(String(s.categories || '').split(',').filter(Boolean), scheme)],
          [t('apps.f.submitted_at'), timeEl(app.dates.submitted_at)],
        ]))),
    h('h3', { class: 'sub-title' }, t('apps.snapshot_materials')),
    mats,
    h('h3', { class: 'sub-title' }, t('apps.elig.frozen_title')),
    h('p', { class: 'hint' }, t('apps.elig.frozen_intro')),
    doc.eligibility ? [eligibilityVerdict(doc.eligibility), eligibilityTable(doc.eligibility)]
      : h('p', { class: 'muted' }, t('apps.no_snapshot')));
}

function materialName(scheme, code) {
  const m = scheme && scheme.materials.find((x) => x.code === code);
  return m ? txt(m.name) : code;
}

/* ---------- notes ---------- */

function noteValue(key, v, { app, scheme, onsite }) {
  if (v === null || v === undefined || v === '') return '—';
  if (key === 'items' && Array.isArray(v)) return h('ol', { class: 'note-items' }, v.map((x) => h('li', null, x)));
  if (key === 'team' && Array.isArray(v)) {
    return h('ul', { class: 'plain' }, v.map((m) => {
      const who = onsite && onsite.team.find((x) => x.user_id === m.user_id);
      return h('li', null, `${t(`apps.onsite.role.${m.role}`)}: ${who ? `${who.display_name} (${who.login})` : `#${m.user_id}`}`);
    }));
  }
  if (key === 'outcome') return t(`apps.onsite.outcome.${v}`);
  if (key === 'decision') return tOr(`apps.decisions.${v}`, v);
  if (key === 'grade') return gradeName(v, scheme);
  if (key === 'categories') return categoriesText(String(v).split(',').filter(Boolean), scheme);
  if (key === 'stage' || key === 'from' || key === 'to') return stateText(v);
  // a few fixed phrases the server writes in English are shown in the reader's language
  if (key === 'conclusion' || key === 'reason') return tOr(`apps.server_text.${String(v).replace(/[^a-z]+/g, '_')}`, String(v));
  if (key === 'total' || key === 'min_total' || key === 'max_total') return fmtScore(v);
  if (key === 'vetoes_failed' && Array.isArray(v)) return v.length ? v.join(t('common.list_sep')) : t('common.none');
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (Array.isArray(v)) return v.join(t('common.list_sep'));
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const NOTE_SKIP = new Set(['signed_by', 'signed_by_id']);

function noteCard(n, pageCtx) {
  const keys = Object.keys(n.body).filter((k) => !NOTE_SKIP.has(k));
  return h('article', { class: `note note-${n.kind}`, 'data-note': n.kind },
    h('header', { class: 'note-head' },
      h('h3', { class: 'note-title' }, tOr(`apps.notes.${n.kind}`, n.kind)),
      h('span', { class: 'note-meta' }, timeEl(n.created_at),
        n.body.signed_by ? ` · ${t('apps.note_field.signed_by')}: ${n.body.signed_by}` : '')),
    h('dl', { class: 'facts facts-compact note-body' },
      keys.map((k) => [h('dt', null, tOr(`apps.note_field.${k}`, k)), h('dd', null, noteValue(k, n.body[k], pageCtx))])));
}

function notesTab(box, pageCtx) {
  const { notes } = pageCtx;
  replace(box,
    h('p', { class: 'panel-intro' }, t('apps.notes_intro')),
    notes.length === 0 ? h('p', { class: 'muted' }, t('apps.no_notes'))
      : h('div', { class: 'notes', 'data-testid': 'notes' }, notes.map((n) => noteCard(n, pageCtx))));
}

/* ---------- objections ---------- */

async function objectionsTab(box, { app, reload }) {
  const canResolve = app.can.includes('resolve_objections');
  const items = (await api('GET', `/applications/${app.id}/objections`)).items;
  const table = dataTable([
    { label: t('apps.obj.col.filed_at'), className: 'nowrap', render: (o) => timeEl(o.filed_at) },
    { label: t('apps.obj.col.name'), render: (o) => h('span', { class: 'name-cell' }, o.name, h('span', { class: 'sub' }, o.contact)) },
    { label: t('apps.obj.col.text'), className: 'wrap-text', render: (o) => o.text },
    {
      label: t('apps.obj.col.resolution'),
      className: 'nowrap',
      render: (o) => (o.resolution ? h('span', { class: `badge obj-${o.resolution}` }, t(`apps.obj.res.${o.resolution}`))
        : h('span', { class: 'badge st-pending' }, t('apps.obj.open'))),
    },
    { label: t('apps.obj.col.reason'), className: 'wrap-text', render: (o) => (o.reason ? [o.reason, h('span', { class: 'sub' }, timeEl(o.resolved_at))] : '—') },
    ...(canResolve ? [{
      label: t('common.actions'),
      className: 'actions',
      render: (o) => (o.resolution ? '' : [
        button(t('apps.obj.dismiss'), { small: true, 'data-testid': 'dismiss-objection', onclick: () => resolve(o, 'dismissed') }),
        button(t('apps.obj.uphold'), { small: true, kind: 'danger-outline', 'data-testid': 'uphold-objection', onclick: () => resolve(o, 'upheld') }),
      ]),
    }] : []),
  ], { caption: t('apps.tabs.objections'), empty: t('apps.obj.none'), rowAttrs: (o) => ({ 'data-objection': String(o.id) }) });
  table.update(items);

  function resolve(o, resolution) {
    const reason = textArea({ name: 'reason', maxlength: 4000 });
    openDialog({
      title: t(`apps.obj.${resolution === 'upheld' ? 'uphold' : 'dismiss'}_title`),
      body: [
        h('blockquote', { class: 'quote' }, o.text),
        h('p', { class: 'dialog-message' }, t(`apps.obj.${resolution}_text`)),
        field({ label: t('apps.field.reason'), input: reason, name: 'reason', required: true, wide: true }),
      ],
      danger: resolution === 'upheld',
      submitLabel: t(`apps.obj.${resolution === 'upheld' ? 'uphold' : 'dismiss'}`),
      onSubmit: async () => {
        await api('POST', `/applications/${app.id}/objections/${o.id}/resolution`, {
          body: { resolution, reason: reason.value.trim() },
        });
        notify(t('apps.obj.resolved'), 'success');
        reload(resolution === 'upheld' ? 'overview' : 'objections');
      },
    });
  }

  const open = items.filter((o) => !o.resolution).length;
  replace(box,
    h('p', { class: 'panel-intro' }, t('apps.obj.intro', {
      start: app.dates.publicity_start || '—', end: app.dates.publicity_end || '—',
    })),
    open ? infoBox('warning', t('apps.obj.open_n', { n: open })) : null,
    table);
}

/* ---------- timeline ---------- */

const TL_SKIP = new Set(['sha256', 'event', 'scores', 'file_id']);

function kv(k, v) {
  return h('span', { class: 'tl-kv' }, h('span', { class: 'tl-k' }, `${tOr(`apps.note_field.${k}`, k)}${t('common.colon')}`), v);
}

function teamText(team, onsite) {
  return (team || []).map((m) => {
    const who = onsite && onsite.team.find((x) => x.user_id === m.user_id);
    return `${t(`apps.onsite.role.${m.role}`)} ${who ? who.display_name : `#${m.user_id}`}`;
  }).join(t('common.list_sep'));
}

/** The details of a timeline entry, in words: what was uploaded, said or decided. */
function tlDetails(e, pageCtx) {
  const d = e.details || {};
  const { app, scheme, onsite } = pageCtx;
  const out = [];
  if (e.event === 'application.file_upload' || e.event === 'application.file_remove') {
    out.push(h('div', { class: 'tl-line' }, h('strong', null, materialName(scheme, d.material)), ' · ',
      h('span', { class: 'mono' }, d.name || ''),
      d.size !== undefined ? h('span', { class: 'file-meta' }, ` · ${String(d.type || '').toUpperCase()} ${sizeText(d.size)}`) : null,
      d.phase ? h('span', { class: 'file-meta' }, ` · ${tOr(`apps.phase.${d.phase}`, d.phase)}`) : null));
    return h('div', { class: 'tl-details' }, out);
  }
  for (const [k, v] of Object.entries(d)) {
    if (TL_SKIP.has(k)) continue;
    if (k === 'scheme') out.push(kv(k, v === app.scheme.id ? appSchemeName(app) : v));
    else if (k === 'team') out.push(kv(k, teamText(v, onsite)));
    else if (k === 'vetoes' && Array.isArray(v) && v.length === 0) continue;
    else if (k === 'changes' && v && typeof v === 'object') {
      for (const [ck, cv] of Object.entries(v)) {
        const val = (x) => (x === undefined || x === null ? '—' : noteValue(ck, x, pageCtx));
        out.push(kv(ck, h('span', null, val(cv && cv.old), ' → ', val(cv && cv.new))));
      }
    } else {
      out.push(kv(k, noteValue(k, v, pageCtx)));
    }
  }
  if (out.length === 0) return h('span', { class: 'muted' }, '—');
  return h('div', { class: 'tl-details' }, out);
}

async function timelineTab(box, pageCtx) {
  const { app } = pageCtx;
  const items = (await api('GET', `/applications/${app.id}/timeline`)).items;
  const table = dataTable([
    { label: t('apps.tl.col.at'), className: 'nowrap', render: (e) => timeEl(e.at) },
    { label: t('apps.tl.col.actor'), className: 'mono nowrap', render: (e) => e.actor },
    { label: t('apps.tl.col.event'), className: 'tl-event', render: (e) => h('span', { title: e.event }, tOr(`apps.tl.${e.event}`, eventText(e.event))) },
    {
      label: t('apps.tl.col.state'),
      className: 'tl-state',
      render: (e) => (e.from === e.to ? stateText(e.to) : h('span', null, stateText(e.from), h('span', { class: 'arrow' }, ' → '), h('strong', null, stateText(e.to)))),
    },
    { label: t('apps.tl.col.details'), className: 'tl-col', render: (e) => tlDetails(e, pageCtx) },
  ], { caption: t('apps.tabs.timeline'), rowAttrs: (e) => ({ 'data-event': e.event }) });
  table.update(items);
  replace(box, h('p', { class: 'panel-intro' }, t('apps.tl.intro')), h('div', { 'data-testid': 'timeline' }, table));
}

