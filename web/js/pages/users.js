// users.js - account management for the system administrator: list with
// filters and cursor paging; create, rename, disable/enable, reset password.
// Roles, membership and clearance are the security administrator's (access.js).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { me, ROLES } from '../session.js';
import {
  button, clipped, confirmDialog, dataTable, dateEl, field, labelEl, notify,
  openDialog, pageHeader, pagedTable, randomPassword, roleText, rolesEl, section, selectInput,
  textInput, userStatusEl,
} from '../ui.js';
import {
  authorityOptions, byId, getAuthorities, getUnits, membershipText,
} from '../orgs.js';

/** Run fn; on 412 (someone else changed the record) say so and reload. */
export async function staleAware(fn, reload) {
  try {
    return await fn();
  } catch (err) {
    if (err.status === 412) {
      notify(t('common.stale_reloaded'), 'warning');
      await reload();
      return undefined;
    }
    throw err;
  }
}

/** A password input with a "generate" button beside it. */
export function passwordWithGenerate(name) {
  const input = textInput({ name, class: 'mono', autocomplete: 'new-password', maxlength: 256 });
  const gen = button(t('users.generate'), {
    small: true,
    onclick: () => {
      input.value = randomPassword();
      input.focus();
      input.select();
    },
  });
  return { input, gen };
}

/** Name (one's own row tagged), roles, membership, clearance and status. */
function userColumns(authMap, unitMap) {
  const selfId = me().id;
  return [
    {
      label: t('fields.display_name'),
      className: 'col-name',
      render: (u) => [u.display_name, u.id === selfId ? h('span', { class: 'self-tag' }, t('users.self')) : null],
    },
    { label: t('fields.roles'), render: (u) => rolesEl(u.roles) },
    { label: t('fields.membership'), render: (u) => clipped(membershipText(u, authMap, unitMap)) },
    { label: t('fields.clearance'), render: (u) => labelEl(u.clearance) },
    { label: t('fields.status'), render: (u) => userStatusEl(u) },
  ];
}

/**
 * What both user lists share: the filters (login or name, role, bureau, unit)
 * as fields, query() (their values for GET /users), and the columns between
 * the login and the page's own (name, roles, membership, clearance, status).
 */
export async function userListParts() {
  let auths = [];
  let units = [];
  try {
    [auths, units] = await Promise.all([getAuthorities(), getUnits()]);
  } catch {
    /* names fall back to ids */
  }
  const qIn = textInput({ name: 'q', type: 'search', placeholder: t('users.q_placeholder') });
  const roleSel = selectInput([{ value: '', label: t('common.any') },
    ...ROLES.map((r) => ({ value: r, label: roleText(r) }))], { name: 'role' });
  const authSel = selectInput([{ value: '', label: t('common.any') }, ...authorityOptions(auths)], { name: 'authority_id' });
  const unitSel = selectInput([{ value: '', label: t('common.any') },
    ...units.map((u) => ({ value: String(u.id), label: u.name }))], { name: 'unit_id' });
  return {
    columns: userColumns(byId(auths), byId(units)),
    fields: [
      field({ label: t('users.q'), input: qIn }),
      field({ label: t('fields.role'), input: roleSel }),
      field({ label: t('fields.authority'), input: authSel }),
      field({ label: t('fields.unit'), input: unitSel }),
    ],
    query: () => ({ q: qIn.value.trim(), role: roleSel.value, authority_id: authSel.value, unit_id: unitSel.value }),
  };
}

export async function usersPage(main) {
  const limitSel = selectInput([10, 20, 50, 100].map((n) => ({ value: String(n), label: String(n) })), { name: 'limit', value: '50' });
  const parts = await userListParts();
  const listErr = h('div');
  const selfId = me().id;

  const table = dataTable([
    { label: t('fields.login'), className: 'mono', render: (u) => h('span', { title: `${t('fields.id')} ${u.id}` }, u.login) },
    ...parts.columns,
    { label: t('fields.created_at'), className: 'nowrap', render: (u) => dateEl(u.created_at) },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (u) => [
        button(t('users.rename'), { small: true, onclick: () => renameDialog(u) }),
        u.id === selfId ? null : button(u.disabled ? t('users.enable') : t('users.disable'), {
          small: true,
          kind: u.disabled ? 'secondary' : 'danger-outline',
          onclick: () => toggleDialog(u),
        }),
        button(t('users.reset_password'), { small: true, onclick: () => resetDialog(u) }),
      ],
    },
  ], { caption: t('users.title'), rowAttrs: (u) => ({ 'data-login': u.login, class: u.disabled ? 'row-muted' : null }) });

  const { load, withFilters } = pagedTable(table, listErr, (cursor) => api('GET', '/users', {
    query: { ...parts.query(), limit: limitSel.value, cursor },
  }));

  function createDialog() {
    const login = textInput({ name: 'login', maxlength: 64, autocapitalize: 'none' });
    const name = textInput({ name: 'display_name', maxlength: 64 });
    const pw = passwordWithGenerate('password');
    openDialog({
      title: t('users.create_title'),
      submitLabel: t('users.create'),
      body: [
        field({ label: t('fields.login'), input: login, name: 'login', required: true, hint: t('users.login_hint') }),
        field({ label: t('fields.display_name'), input: name, name: 'display_name', required: true }),
        h('div', { class: 'field-with-action' },
          field({ label: t('users.initial_password'), input: pw.input, name: 'password', required: true, hint: t('users.initial_password_hint') }),
          pw.gen),
        h('p', { class: 'hint' }, t('users.access_note')),
      ],
      onSubmit: async () => {
        const u = await api('POST', '/users', {
          body: { login: login.value.trim(), display_name: name.value.trim(), password: pw.input.value },
        });
        notify(t('users.created', { login: u.login }), 'success');
        await load();
      },
    });
  }

  function renameDialog(u) {
    const name = textInput({ name: 'display_name', maxlength: 64, value: u.display_name });
    openDialog({
      title: t('users.rename_title', { login: u.login }),
      body: field({ label: t('fields.display_name'), input: name, name: 'display_name', required: true }),
      onSubmit: () => staleAware(async () => {
        await api('PATCH', `/users/${u.id}`, { body: { display_name: name.value.trim() }, version: u.version });
        notify(t('users.renamed', { login: u.login }), 'success');
        await load();
      }, load),
    });
  }

  function toggleDialog(u) {
    const disabling = !u.disabled;
    confirmDialog({
      title: t(disabling ? 'users.disable_title' : 'users.enable_title', { login: u.login }),
      message: t(disabling ? 'users.disable_text' : 'users.enable_text', { login: u.login, name: u.display_name }),
      confirmLabel: t(disabling ? 'users.disable' : 'users.enable'),
      danger: disabling,
      onConfirm: () => staleAware(async () => {
        await api('PATCH', `/users/${u.id}`, { body: { disabled: disabling }, version: u.version });
        notify(t(disabling ? 'users.disabled' : 'users.enabled', { login: u.login }), 'success');
        await load();
      }, load),
    });
  }

  function resetDialog(u) {
    const pw = passwordWithGenerate('password');
    openDialog({
      title: t('users.reset_title', { login: u.login }),
      submitLabel: t('users.reset_password'),
      body: [
        h('p', { class: 'dialog-message' }, t('users.reset_text')),
        h('div', { class: 'field-with-action' },
          field({ label: t('users.new_password'), input: pw.input, name: 'password', required: true, hint: t('users.initial_password_hint') }),
          pw.gen),
      ],
      onSubmit: async () => {
        await api('POST', `/users/${u.id}/password`, { body: { password: pw.input.value } });
        notify(t('users.password_reset', { login: u.login }), 'success');
        await load();
      },
    });
  }

  // fill the table before the page is shown: no jump when the rows arrive
  await load();
  replace(main,
    pageHeader(t('users.title'), t('users.intro'),
      button(t('users.create'), { kind: 'primary', onclick: createDialog, 'data-testid': 'create-user' })),
    section(null, withFilters([...parts.fields, field({ label: t('common.page_size'), input: limitSel })])));
}
