// access.js - the security administrator's page: roles, membership and
// clearance of users. The three administrator roles are mutually exclusive
// (三员分立); the page explains and warns, the server decides.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { ADMIN_ROLES, BUREAU_ROLES, UNIT_ROLES, me } from '../session.js';
import {
  button, compartmentsError, dataTable, field, infoBox, labelEl, levelOptions, notify,
  onFormSubmit, pageHeader, pagedTable, parseCompartments, roleText, rolesEl, section, selectInput,
  textInput, timeEl, userStatusEl,
} from '../ui.js';
import { authorityOptions, byId, getAuthorities, getUnits, membershipText } from '../orgs.js';
import { staleAware, userListParts } from './users.js';

export async function accessListPage(main) {
  const parts = await userListParts();
  const listErr = h('div');
  const selfId = me().id;

  const table = dataTable([
    { label: t('fields.login'), className: 'mono', render: (u) => u.login },
    ...parts.columns,
    { label: t('fields.updated_at'), className: 'nowrap', render: (u) => timeEl(u.updated_at) },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (u) => (u.id === selfId
        ? h('span', { class: 'muted' }, t('access.not_self_short'))
        : h('a', { class: 'btn btn-secondary btn-sm', href: `#/access/${u.id}` }, t('access.assign'))),
    },
  ], { caption: t('access.title'), rowAttrs: (u) => ({ 'data-login': u.login }) });

  const { load, withFilters } = pagedTable(table, listErr, (cursor) => api('GET', '/users', {
    query: { ...parts.query(), limit: 50, cursor },
  }));

  await load();
  replace(main,
    pageHeader(t('access.title'), t('access.intro')),
    section(null, withFilters(parts.fields)));
}

function roleGroup(key, roles, selected, disabled) {
  return h('fieldset', { class: `role-group role-group-${key}` },
    h('legend', null, t(`access.group.${key}`)),
    h('p', { class: 'hint' }, t(`access.group_help.${key}`)),
    h('div', { class: 'checks' }, roles.map((r) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'roles', value: r, checked: selected.includes(r), disabled }),
      h('span', null, roleText(r)),
      h('span', { class: 'mono role-code' }, r)))));
}

/** Client-side hints on a role set; the server's refusal is the final word. */
function roleWarnings(roles, kind) {
  const w = [];
  const admins = roles.filter((r) => ADMIN_ROLES.includes(r));
  if (admins.length > 1) w.push(t('access.warn.sod', { roles: admins.map(roleText).join(t('common.list_sep')) }));
  if (admins.length > 0 && roles.some((r) => UNIT_ROLES.includes(r))) w.push(t('access.warn.admin_unit'));
  if (roles.some((r) => BUREAU_ROLES.includes(r)) && kind !== 'authority') w.push(t('access.warn.bureau'));
  if (roles.some((r) => UNIT_ROLES.includes(r)) && kind !== 'unit') w.push(t('access.warn.unit'));
  return w;
}

export async function accessEditPage(main, params, ctx) {
  const id = Number.parseInt(params.id, 10);
  let u;
  let auths = [];
  let units = [];
  [u, auths, units] = await Promise.all([
    api('GET', `/users/${id}`),
    getAuthorities().catch(() => []),
    getUnits().catch(() => []),
  ]);
  const self = u.id === me().id;
  const authMap = byId(auths);
  const unitMap = byId(units);

  const kind0 = u.authority_id ? 'authority' : (u.unit_id ? 'unit' : 'none');
  const radios = ['none', 'authority', 'unit'].map((k) => h('input', {
    type: 'radio', name: 'membership_kind', value: k, checked: k === kind0, disabled: self, id: `mk-${k}`,
  }));
  const authSel = selectInput([{ value: '', label: t('access.choose_authority') }, ...authorityOptions(auths)],
    { name: 'authority_id', value: u.authority_id ? String(u.authority_id) : '' });
  const unitOpts = (filter) => [{ value: '', label: t('access.choose_unit') },
    ...units.filter((x) => !filter || x.name.includes(filter) || x.uscc.includes(filter.toUpperCase()))
      .map((x) => ({ value: String(x.id), label: t('access.unit_option', { name: x.name, uscc: x.uscc }) }))];
  const unitSel = selectInput(unitOpts(''), { name: 'unit_id', value: u.unit_id ? String(u.unit_id) : '' });
  const unitFilter = textInput({ type: 'search', name: 'unit_filter', placeholder: t('access.unit_filter') });
  unitFilter.addEventListener('input', () => {
    const keep = unitSel.value;
    replace(unitSel);
    for (const o of unitOpts(unitFilter.value.trim())) unitSel.append(h('option', { value: o.value }, o.label));
    unitSel.value = keep;
    if (unitSel.value !== keep) unitSel.value = '';
  });
  const levelSel = selectInput(levelOptions(), { name: 'level', value: u.clearance.level, disabled: self });
  const compIn = textInput({ name: 'compartments', value: u.clearance.compartments.join(', '), class: 'mono', disabled: self });
  const warnSlot = h('div', { class: 'role-warnings', 'aria-live': 'polite', 'data-testid': 'role-warnings' });
  const errSlot = h('div', { class: 'form-error' });
  const save = button(t('common.save'), { type: 'submit', kind: 'primary', disabled: self, 'data-testid': 'save-access' });

  const form = h('form', { class: 'form access-form', novalidate: true },
    h('fieldset', { class: 'group', 'data-field': 'roles' },
      h('legend', null, t('fields.roles')),
      infoBox('info', h('strong', null, t('access.sod_title')), ' ', t('access.sod_text')),
      roleGroup('admin', ADMIN_ROLES, u.roles, self),
      roleGroup('bureau', BUREAU_ROLES, u.roles, self),
      roleGroup('unit', UNIT_ROLES, u.roles, self),
      warnSlot),
    h('fieldset', { class: 'group', 'data-field': 'membership' },
      h('legend', null, t('fields.membership')),
      h('p', { class: 'hint' }, t('access.membership_help')),
      h('div', { class: 'radios' }, radios.map((r) => h('label', { class: 'check', for: r.id }, r,
        h('span', null, t(`access.kind.${r.value}`))))),
      h('div', { class: 'form-grid form-grid-3' },
        field({ label: t('fields.authority'), input: authSel, name: 'membership.authority_id' }),
        field({ label: t('fields.unit'), input: unitSel, name: 'membership.unit_id' }),
        field({ label: t('access.unit_filter_label'), input: unitFilter }))),
    h('fieldset', { class: 'group', 'data-field': 'clearance' },
      h('legend', null, t('fields.clearance')),
      h('p', { class: 'hint' }, t('access.clearance_help')),
      h('div', { class: 'form-grid' },
        field({ label: t('fields.level'), input: levelSel, name: 'clearance.level' }),
        field({ label: t('fields.compartments'), input: compIn, name: 'clearance.compartments', hint: t('access.compartments_hint') }))),
    errSlot,
    h('div', { class: 'form-actions' },
      save,
      h('a', { class: 'btn btn-secondary', href: '#/access' }, t('common.back')),
      h('span', { class: 'hint' }, t('access.sessions_note'))));

  const checkedRoles = () => [...form.querySelectorAll('input[name=roles]:checked')].map((x) => x.value);
  const kind = () => (radios.find((r) => r.checked) || radios[0]).value;
  function refresh() {
    const k = kind();
    authSel.disabled = self || k !== 'authority';
    unitSel.disabled = self || k !== 'unit';
    unitFilter.disabled = self || k !== 'unit';
    const w = roleWarnings(checkedRoles(), k);
    replace(warnSlot, w.length ? infoBox('warning', h('ul', { class: 'plain' }, w.map((x) => h('li', null, x)))) : null);
  }
  form.addEventListener('change', refresh);

  const comps = () => parseCompartments(compIn.value);
  onFormSubmit(form, save, errSlot, () => staleAware(async () => {
    const k = kind();
    const body = {
      roles: checkedRoles(),
      membership: {
        authority_id: k === 'authority' && authSel.value ? Number(authSel.value) : null,
        unit_id: k === 'unit' && unitSel.value ? Number(unitSel.value) : null,
      },
      clearance: { level: levelSel.value, compartments: comps() },
    };
    u = await api('PUT', `/users/${u.id}/access`, { body, version: u.version });
    notify(t('access.saved', { login: u.login }), 'success');
    renderSummary();
  }, async () => {
    if (ctx.isCurrent()) await accessEditPage(main, params, ctx);
  }), () => compartmentsError(comps(), 'clearance.compartments'));

  const summary = h('dl', { class: 'facts facts-row', 'data-testid': 'access-summary' });
  function renderSummary() {
    replace(summary,
      h('div', null, h('dt', null, t('fields.login')), h('dd', { class: 'mono' }, u.login)),
      h('div', null, h('dt', null, t('fields.display_name')), h('dd', null, u.display_name)),
      h('div', null, h('dt', null, t('fields.roles')), h('dd', null, rolesEl(u.roles))),
      h('div', null, h('dt', null, t('fields.membership')), h('dd', null, membershipText(u, authMap, unitMap))),
      h('div', null, h('dt', null, t('fields.clearance')), h('dd', null, labelEl(u.clearance))),
      h('div', null, h('dt', null, t('fields.status')), h('dd', null, userStatusEl(u))),
      h('div', null, h('dt', null, t('fields.updated_at')), h('dd', null, timeEl(u.updated_at))));
  }
  renderSummary();

  replace(main,
    pageHeader(t('access.edit_title', { name: u.display_name }), t('access.edit_intro'),
      h('a', { class: 'btn btn-secondary', href: '#/access' }, t('access.back_to_list'))),
    section(t('access.current'), summary),
    self ? infoBox('warning', t('access.not_self')) : null,
    section(t('access.assign_title'), form));
  refresh();
}
