// profile.js - a unit's registry data in full, the facts eligibility is judged
// on: registration, ownership and leadership, key people (nationality, foreign
// residence, foreign spouse, dishonest-persons list), history events, premises
// and declarations. The unit's security officer (or a system administrator)
// keeps it; bureau staff in jurisdiction read it.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, me, today } from '../session.js';
import {
  button, confirmDialog, dataTable, field, notify, openDialog, pageHeader, section,
  selectInput, textArea, textInput,
} from '../ui.js';
import { getRegions, regionMap, regionName } from '../orgs.js';
import { DECLARATIONS } from '../apps.js';
import { staleAware } from './users.js';

export const PERSON_ROLES = ['legal_representative', 'principal_head', 'actual_controller', 'board_member',
  'supervisor', 'senior_manager', 'secret_related_staff'];
export const EVENT_KINDS = ['violation', 'leak', 'qualification_revoked', 'criminal_record', 'securities_penalty'];

/** true / false / null (not known) as a badge. */
function triEl(v, { badWhenTrue = true } = {}) {
  if (v === null || v === undefined) return h('span', { class: 'badge tri-unknown' }, t('profile.tri.unknown'));
  const bad = badWhenTrue ? v : !v;
  return h('span', { class: ['badge', bad ? 'tri-bad' : 'tri-ok'] }, v ? t('profile.tri.yes') : t('profile.tri.no'));
}

function triSelect(name, value) {
  const v = value === null || value === undefined ? '' : String(value);
  return selectInput([
    { value: '', label: t('profile.tri.unknown') },
    { value: 'false', label: t('profile.tri.no') },
    { value: 'true', label: t('profile.tri.yes') },
  ], { name, value: v });
}

function triValue(sel) {
  return sel.value === '' ? null : sel.value === 'true';
}

function numOrNull(input) {
  const v = input.value.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n) : Number.NaN;
}

function numErr(field) {
  const e = new Error(field);
  Object.assign(e, { code: 'invalid_type', field });
  return e;
}

function pct(bp) {
  return `${(bp / 100).toFixed(2)} %`;
}

function known(v, unitKey) {
  if (v === null || v === undefined) return h('span', { class: 'muted' }, t('apps.unknown'));
  return `${Number(v).toLocaleString()} ${unitKey ? t(unitKey) : ''}`.trim();
}

function dl(pairs, attrs) {
  return h('dl', { class: 'facts facts-compact', ...attrs },
    pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, v === '' || v === null || v === undefined ? '—' : v)]));
}

export async function profilePage(main, params, ctx) {
  const u = me();
  const unitId = params.id ? Number.parseInt(params.id, 10) : u.unit_id;
  if (!unitId) {
    replace(main, pageHeader(t('profile.title'), null), section(null, h('p', { class: 'muted' }, t('profile.no_unit'))));
    return;
  }
  const [unit, prof, regions] = await Promise.all([
    api('GET', `/units/${unitId}`),
    api('GET', `/units/${unitId}/profile`),
    getRegions().catch(() => []),
  ]);
  const rmap = regionMap(regions);
  const canEdit = (hasRole('unit_officer') && u.unit_id === unitId) || hasRole('system_admin');
  const reload = () => ctx.go(params.id ? `profile/${unitId}` : 'profile');
  const base = `/units/${unitId}`;

  /* ownership and leadership */
  function extraDialog() {
    const inputs = {
      principal_head: textInput({ name: 'principal_head', maxlength: 64, value: prof.principal_head }),
      actual_controller: textInput({ name: 'actual_controller', maxlength: 64, value: prof.actual_controller }),
      registered_capital: h('input', { type: 'number', name: 'registered_capital', min: 0, class: 'num', value: prof.registered_capital ?? '' }),
      employees: h('input', { type: 'number', name: 'employees', min: 0, class: 'num', value: prof.employees ?? '' }),
      annual_revenue: h('input', { type: 'number', name: 'annual_revenue', min: 0, class: 'num', value: prof.annual_revenue ?? '' }),
      foreign_known: selectInput([
        { value: 'false', label: t('profile.foreign_known_no') },
        { value: 'true', label: t('profile.foreign_known_yes') },
      ], { name: 'foreign_known', value: String(prof.foreign_known) }),
      foreign_direct: h('input', { type: 'number', name: 'foreign_direct_bp', min: 0, max: 100, step: '0.01', class: 'num', value: (prof.foreign_direct_bp / 100).toFixed(2) }),
      foreign_indirect: h('input', { type: 'number', name: 'foreign_indirect_bp', min: 0, max: 100, step: '0.01', class: 'num', value: (prof.foreign_indirect_bp / 100).toFixed(2) }),
    };
    openDialog({
      title: t('profile.edit_extra'),
      wide: true,
      body: h('div', { class: 'form-grid' },
        field({ label: t('profile.f.principal_head'), input: inputs.principal_head, name: 'principal_head' }),
        field({ label: t('profile.f.actual_controller'), input: inputs.actual_controller, name: 'actual_controller' }),
        field({ label: t('profile.f.registered_capital'), input: inputs.registered_capital, name: 'registered_capital', hint: t('profile.blank_unknown') }),
        field({ label: t('profile.f.employees'), input: inputs.employees, name: 'employees', hint: t('profile.blank_unknown') }),
        field({ label: t('profile.f.annual_revenue'), input: inputs.annual_revenue, name: 'annual_revenue', hint: t('profile.blank_unknown') }),
        field({ label: t('profile.f.foreign_known'), input: inputs.foreign_known, name: 'foreign_known', hint: t('profile.foreign_known_hint') }),
        field({ label: t('profile.f.foreign_direct'), input: inputs.foreign_direct, name: 'foreign_direct_bp', hint: t('profile.pct_hint') }),
        field({ label: t('profile.f.foreign_indirect'), input: inputs.foreign_indirect, name: 'foreign_indirect_bp', hint: t('profile.pct_hint') })),
      onSubmit: () => staleAware(async () => {
        const body = {
          principal_head: inputs.principal_head.value.trim(),
          actual_controller: inputs.actual_controller.value.trim(),
          foreign_known: inputs.foreign_known.value === 'true',
        };
        for (const k of ['registered_capital', 'employees', 'annual_revenue']) {
          const n = numOrNull(inputs[k]);
          if (Number.isNaN(n)) throw numErr(k);
          body[k] = n;
        }
        for (const [k, name] of [['foreign_direct', 'foreign_direct_bp'], ['foreign_indirect', 'foreign_indirect_bp']]) {
          const v = inputs[k].value.trim() === '' ? 0 : Number(inputs[k].value);
          if (!Number.isFinite(v) || v < 0 || v > 100) throw numErr(name);
          body[name] = Math.round(v * 100);
        }
        await api('PATCH', `${base}/profile`, { body, version: unit.version });
        notify(t('orgs.saved'), 'success');
        reload();
      }, reload),
    });
  }

  /* people */
  function personDialog(p) {
    const role = selectInput(PERSON_ROLES.map((r) => ({ value: r, label: t(`profile.roles.${r}`) })), { name: 'role', value: p ? p.role : 'legal_representative' });
    const name = textInput({ name: 'name', maxlength: 64, value: p ? p.name : '' });
    const nat = textInput({ name: 'nationality', maxlength: 2, class: 'mono upper', value: p ? p.nationality || '' : 'CN' });
    const res = triSelect('foreign_residence', p ? p.foreign_residence : false);
    const sp = triSelect('foreign_spouse', p ? p.foreign_spouse : false);
    const dis = triSelect('dishonest', p ? p.dishonest : false);
    openDialog({
      title: p ? t('profile.edit_person', { name: p.name }) : t('profile.add_person'),
      wide: true,
      body: [
        h('div', { class: 'form-grid' },
          field({ label: t('profile.f.role'), input: role, name: 'role', required: true }),
          field({ label: t('profile.f.name'), input: name, name: 'name', required: true }),
          field({ label: t('profile.f.nationality'), input: nat, name: 'nationality', hint: t('profile.nationality_hint') }),
          field({ label: t('profile.f.foreign_residence'), input: res, name: 'foreign_residence' }),
          field({ label: t('profile.f.foreign_spouse'), input: sp, name: 'foreign_spouse' }),
          field({ label: t('profile.f.dishonest'), input: dis, name: 'dishonest' })),
        h('p', { class: 'hint' }, t('profile.person_hint')),
      ],
      onSubmit: async () => {
        const body = {
          role: role.value,
          name: name.value.trim(),
          nationality: nat.value.trim() === '' ? null : nat.value.trim().toUpperCase(),
          foreign_residence: triValue(res),
          foreign_spouse: triValue(sp),
          dishonest: triValue(dis),
        };
        if (p) await api('PUT', `${base}/people/${p.id}`, { body });
        else await api('POST', `${base}/people`, { body });
        notify(t('profile.person_saved', { name: body.name }), 'success');
        reload();
      },
    });
  }

  function removeDialog(kind, label, path) {
    confirmDialog({
      title: t(`profile.remove_${kind}`),
      message: t('profile.remove_text', { what: label }),
      confirmLabel: t('profile.remove'),
      danger: true,
      onConfirm: async () => {
        await api('DELETE', path);
        notify(t('profile.removed', { what: label }), 'success');
        reload();
      },
    });
  }

  const people = dataTable([
    { label: t('profile.f.role'), className: 'nowrap', render: (p) => t(`profile.roles.${p.role}`) },
    { label: t('profile.f.name'), render: (p) => p.name },
    { label: t('profile.f.nationality'), className: 'mono', render: (p) => p.nationality || h('span', { class: 'muted' }, t('apps.unknown')) },
    { label: t('profile.f.foreign_residence'), render: (p) => triEl(p.foreign_residence) },
    { label: t('profile.f.foreign_spouse'), render: (p) => triEl(p.foreign_spouse) },
    { label: t('profile.f.dishonest'), render: (p) => triEl(p.dishonest) },
    ...(canEdit ? [{
      label: t('common.actions'),
      className: 'actions',
      render: (p) => [
        button(t('common.edit'), { small: true, onclick: () => personDialog(p) }),
        button(t('profile.remove'), { small: true, kind: 'danger-outline', onclick: () => removeDialog('person', p.name, `${base}/people/${p.id}`) }),
      ],
    }] : []),
  ], { caption: t('profile.people'), empty: t('profile.no_people'), rowAttrs: (p) => ({ 'data-person': p.name, 'data-role': p.role }) });
  people.update(prof.people);

  /* history events */
  function eventDialog() {
    const kind = selectInput(EVENT_KINDS.map((k) => ({ value: k, label: t(`profile.events.${k}`) })), { name: 'kind' });
    const on = h('input', { type: 'date', name: 'occurred_on', max: today() });
    const desc = textArea({ name: 'description', maxlength: 1000, rows: 3 });
    openDialog({
      title: t('profile.add_event'),
      body: [
        h('p', { class: 'dialog-message' }, t('profile.event_hint')),
        field({ label: t('profile.f.kind'), input: kind, name: 'kind', required: true }),
        field({ label: t('profile.f.occurred_on'), input: on, name: 'occurred_on', required: true }),
        field({ label: t('profile.f.description'), input: desc, name: 'description', wide: true }),
      ],
      onSubmit: async () => {
        await api('POST', `${base}/events`, { body: { kind: kind.value, occurred_on: on.value, description: desc.value.trim() } });
        notify(t('profile.event_saved'), 'success');
        reload();
      },
    });
  }
  const events = dataTable([
    { label: t('profile.f.kind'), render: (e) => h('span', { class: 'badge tri-bad' }, t(`profile.events.${e.kind}`)) },
    { label: t('profile.f.occurred_on'), className: 'mono nowrap', render: (e) => e.occurred_on },
    { label: t('profile.f.description'), className: 'wrap-text', render: (e) => e.description || '—' },
    ...(canEdit ? [{
      label: t('common.actions'),
      className: 'actions',
      render: (e) => button(t('profile.remove'), { small: true, kind: 'danger-outline', onclick: () => removeDialog('event', `${t(`profile.events.${e.kind}`)} ${e.occurred_on}`, `${base}/events/${e.id}`) }),
    }] : []),
  ], { caption: t('profile.history'), empty: t('profile.no_events') });
  events.update(prof.events);

  /* premises */
  function premisesDialog() {
    const addr = textInput({ name: 'address', maxlength: 256 });
    const tenure = selectInput(['owned', 'leased'].map((k) => ({ value: k, label: t(`profile.tenure.${k}`) })), { name: 'tenure' });
    const since = h('input', { type: 'date', name: 'since', max: today() });
    const end = h('input', { type: 'date', name: 'lease_end' });
    const area = h('input', { type: 'number', name: 'area', min: 0, class: 'num' });
    openDialog({
      title: t('profile.add_premises'),
      wide: true,
      body: h('div', { class: 'form-grid' },
        field({ label: t('profile.f.address'), input: addr, name: 'address', required: true, wide: true }),
        field({ label: t('profile.f.tenure'), input: tenure, name: 'tenure', required: true }),
        field({ label: t('profile.f.since'), input: since, name: 'since', required: true }),
        field({ label: t('profile.f.lease_end'), input: end, name: 'lease_end', hint: t('profile.lease_end_hint') }),
        field({ label: t('profile.f.area'), input: area, name: 'area', hint: t('profile.blank_unknown') })),
      onSubmit: async () => {
        const a = numOrNull(area);
        if (Number.isNaN(a)) throw numErr('area');
        await api('POST', `${base}/premises`, {
          body: {
            address: addr.value.trim(), tenure: tenure.value, since: since.value,
            lease_end: end.value || null, area: a,
          },
        });
        notify(t('profile.premises_saved'), 'success');
        reload();
      },
    });
  }
  const premises = dataTable([
    { label: t('profile.f.address'), render: (p) => p.address },
    { label: t('profile.f.tenure'), className: 'nowrap', render: (p) => t(`profile.tenure.${p.tenure}`) },
    { label: t('profile.f.since'), className: 'mono nowrap', render: (p) => p.since },
    { label: t('profile.f.lease_end'), className: 'mono nowrap', render: (p) => p.lease_end || '—' },
    { label: t('profile.f.area'), className: 'num', render: (p) => (p.area === null ? '—' : String(p.area)) },
    ...(canEdit ? [{
      label: t('common.actions'),
      className: 'actions',
      render: (p) => button(t('profile.remove'), { small: true, kind: 'danger-outline', onclick: () => removeDialog('premises', p.address, `${base}/premises/${p.id}`) }),
    }] : []),
  ], { caption: t('profile.premises'), empty: t('profile.no_premises'), rowAttrs: (p) => ({ 'data-premises': p.address }) });
  premises.update(prof.premises);

  /* declarations */
  const decl = dataTable([
    { label: t('profile.f.declaration'), render: (k) => h('span', { class: 'name-cell' }, t(`profile.decl.${k}`), h('span', { class: 'sub' }, t(`profile.decl_help.${k}`))) },
    {
      label: t('fields.status'),
      className: 'nowrap',
      render: (k) => (k in prof.declarations ? triEl(prof.declarations[k], { badWhenTrue: false })
        : h('span', { class: 'badge tri-unknown' }, t('profile.decl_none'))),
    },
    ...(canEdit ? [{
      label: t('common.actions'),
      className: 'actions',
      render: (k) => [
        button(t('profile.declare_yes'), { small: true, kind: prof.declarations[k] === true ? 'primary' : 'secondary', 'data-testid': `declare-${k}-yes`, onclick: () => declare(k, true) }),
        button(t('profile.declare_no'), { small: true, kind: prof.declarations[k] === false ? 'primary' : 'secondary', 'data-testid': `declare-${k}-no`, onclick: () => declare(k, false) }),
      ],
    }] : []),
  ], { caption: t('profile.declarations'), rowAttrs: (k) => ({ 'data-declaration': k }) });
  decl.update(DECLARATIONS);
  function declare(key, value) {
    confirmDialog({
      title: t('profile.declare_title', { what: t(`profile.decl.${key}`) }),
      message: t(value ? 'profile.declare_yes_text' : 'profile.declare_no_text', { what: t(`profile.decl.${key}`) }),
      confirmLabel: t('common.confirm'),
      onConfirm: async () => {
        await api('PUT', `${base}/declarations/${key}`, { body: { value } });
        notify(t('profile.declared'), 'success');
        reload();
      },
    });
  }

  const region = rmap.get(unit.region);
  replace(main,
    pageHeader(params.id ? t('profile.title_of', { name: unit.name }) : t('profile.title'), t('profile.intro'),
      hasRole('unit_officer') ? h('a', { class: 'btn btn-secondary', href: '#/apps/new' }, t('apps.new')) : null),
    canEdit ? null : h('div', { class: 'alert alert-info', role: 'status' }, t('profile.read_only')),
    h('div', { class: 'grid-2' },
      section(t('profile.registration'),
        dl([
          [t('fields.unit_name'), unit.name],
          [t('fields.uscc'), h('span', { class: 'mono' }, unit.uscc)],
          [t('fields.region'), h('span', null, h('span', { class: 'mono' }, unit.region), region ? ` ${regionName(region)}` : '')],
          [t('fields.address'), unit.address],
          [t('fields.legal_representative'), unit.legal_representative],
          [t('fields.registered_on'), unit.registered_on],
          [t('fields.phone'), unit.phone],
        ], { 'data-testid': 'registration' }),
        h('p', { class: 'hint' }, t('profile.registration_hint'))),
      h('section', { class: 'panel' },
        h('div', { class: 'panel-title-row' },
          h('h2', { class: 'panel-title' }, t('profile.ownership')),
          canEdit ? button(t('common.edit'), { small: true, onclick: extraDialog, 'data-testid': 'edit-extra' }) : null),
        dl([
          [t('profile.f.principal_head'), prof.principal_head],
          [t('profile.f.actual_controller'), prof.actual_controller],
          [t('profile.f.registered_capital'), known(prof.registered_capital, 'profile.yuan')],
          [t('profile.f.employees'), known(prof.employees, 'profile.persons')],
          [t('profile.f.annual_revenue'), known(prof.annual_revenue, 'profile.yuan')],
          [t('profile.f.foreign_known'), prof.foreign_known ? t('profile.foreign_known_yes') : h('span', { class: 'badge tri-unknown' }, t('profile.foreign_known_no'))],
          [t('profile.f.foreign_direct'), pct(prof.foreign_direct_bp)],
          [t('profile.f.foreign_indirect'), pct(prof.foreign_indirect_bp)],
        ], { 'data-testid': 'ownership' }))),
    h('section', { class: 'panel' },
      h('div', { class: 'panel-title-row' },
        h('h2', { class: 'panel-title' }, t('profile.people')),
        canEdit ? button(t('profile.add_person'), { small: true, kind: 'primary', onclick: () => personDialog(null), 'data-testid': 'add-person' }) : null),
      h('p', { class: 'panel-intro' }, t('profile.people_intro')),
      h('div', { 'data-testid': 'people' }, people)),
    h('section', { class: 'panel' },
      h('div', { class: 'panel-title-row' },
        h('h2', { class: 'panel-title' }, t('profile.declarations')),
        null),
      h('p', { class: 'panel-intro' }, t('profile.declarations_intro')),
      h('div', { 'data-testid': 'declarations' }, decl)),
    h('div', { class: 'grid-2' },
      h('section', { class: 'panel' },
        h('div', { class: 'panel-title-row' },
          h('h2', { class: 'panel-title' }, t('profile.premises')),
          canEdit ? button(t('profile.add_premises'), { small: true, kind: 'primary', onclick: premisesDialog, 'data-testid': 'add-premises' }) : null),
        h('div', { 'data-testid': 'premises' }, premises)),
      h('section', { class: 'panel' },
        h('div', { class: 'panel-title-row' },
          h('h2', { class: 'panel-title' }, t('profile.history')),
          canEdit ? button(t('profile.add_event'), { small: true, onclick: eventDialog, 'data-testid': 'add-event' }) : null),
        h('p', { class: 'panel-intro' }, t('profile.history_intro')),
        h('div', { 'data-testid': 'events' }, events))));
}
