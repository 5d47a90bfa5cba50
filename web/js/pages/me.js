// me.js - the caller's own account: profile, password, API tokens.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { me } from '../session.js';
import {
  button, confirmDialog, dataTable, field, labelEl, notify, onFormSubmit, openDialog, pageHeader,
  rolesEl, section, tableLoader, textInput, timeEl,
} from '../ui.js';
import { membershipName } from '../orgs.js';
import { passwordForm } from './password.js';

function tokenState(tok) {
  if (tok.revoked_at) return 'revoked';
  if (tok.expires_at && new Date(tok.expires_at).getTime() <= Date.now()) return 'expired';
  return 'active';
}

function showSecret(tok) {
  const input = h('input', { type: 'text', class: 'mono secret', readonly: true, value: tok.token, 'data-testid': 'token-secret' });
  const copy = button(t('tokens.copy'), {
    small: true,
    onclick: async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(tok.token);
        notify(t('tokens.copied'), 'success');
      } catch {
        notify(t('tokens.copy_manually'), 'info');
      }
    },
  });
  openDialog({
    title: t('tokens.created_title', { name: tok.name }),
    body: [
      h('div', { class: 'alert alert-warning', role: 'status' }, t('tokens.shown_once')),
      field({ label: t('tokens.secret'), input, wide: true }),
      h('div', { class: 'inline-actions' }, copy),
      h('p', { class: 'hint' }, t('tokens.usage')),
    ],
  });
  input.select();
}

export async function mePage(main) {
  const u = me();
  const membership = h('dd', null, await membershipName(u));

  const table = dataTable([
    { label: t('tokens.name'), render: (x) => x.name },
    { label: t('tokens.hint'), className: 'mono', render: (x) => `${x.hint}…` },
    { label: t('fields.created_at'), render: (x) => timeEl(x.created_at) },
    { label: t('tokens.expires_at'), render: (x) => timeEl(x.expires_at) },
    { label: t('tokens.last_used_at'), render: (x) => timeEl(x.last_used_at) },
    {
      label: t('fields.status'),
      render: (x) => h('span', { class: `badge tok-${tokenState(x)}` }, t(`tokens.state.${tokenState(x)}`)),
    },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (x) => (tokenState(x) === 'revoked' ? '' : button(t('tokens.revoke'), {
        small: true,
        kind: 'danger-outline',
        'data-testid': `revoke-token-${x.id}`,
        onclick: () => confirmDialog({
          title: t('tokens.revoke_title'),
          message: t('tokens.revoke_text', { name: x.name }),
          confirmLabel: t('tokens.revoke'),
          danger: true,
          onConfirm: async () => {
            await api('DELETE', `/me/tokens/${x.id}`);
            notify(t('tokens.revoked', { name: x.name }), 'success');
            await loadTokens();
          },
        }),
      })),
    },
  ], { caption: t('tokens.title'), empty: t('tokens.none') });
  const listErr = h('div');
  const loadTokens = tableLoader(table, listErr, async () => (await api('GET', '/me/tokens')).items);

  const nameIn = textInput({ name: 'name', maxlength: 64 });
  const daysIn = h('input', { type: 'number', name: 'expires_in_days', min: 1, max: 3660, value: '90', class: 'num' });
  const createErr = h('div', { class: 'form-error' });
  const createBtn = button(t('tokens.create'), { type: 'submit', kind: 'primary' });
  const createForm = h('form', { class: 'form form-row', novalidate: true, 'data-testid': 'token-form' },
    field({ label: t('tokens.name'), input: nameIn, name: 'name', required: true }),
    field({ label: t('tokens.days'), input: daysIn, name: 'expires_in_days', required: true }),
    h('div', { class: 'form-actions' }, createBtn),
    createErr);
  onFormSubmit(createForm, createBtn, createErr, async () => {
    const days = Number.parseInt(daysIn.value, 10);
    const tok = await api('POST', '/me/tokens', {
      body: { name: nameIn.value.trim(), expires_in_days: Number.isFinite(days) ? days : 0 },
    });
    nameIn.value = '';
    showSecret(tok);
    await loadTokens();
  });

  await loadTokens();
  replace(main,
    pageHeader(t('me.title'), t('me.intro')),
    h('div', { class: 'grid-2' },
      section(t('me.profile'),
        h('dl', { class: 'facts', 'data-testid': 'profile' },
          h('dt', null, t('fields.login')), h('dd', { class: 'mono' }, u.login),
          h('dt', null, t('fields.display_name')), h('dd', null, u.display_name),
          h('dt', null, t('fields.roles')), h('dd', null, rolesEl(u.roles)),
          h('dt', null, t('fields.membership')), membership,
          h('dt', null, t('fields.clearance')), h('dd', null, labelEl(u.clearance)),
          h('dt', null, t('fields.password_changed_at')), h('dd', null, timeEl(u.password_changed_at)),
          h('dt', null, t('fields.created_at')), h('dd', null, timeEl(u.created_at)))),
      section(t('password.title'), passwordForm({ onDone: () => {} }))),
    section(t('tokens.title'),
      h('p', { class: 'panel-intro' }, t('tokens.intro')),
      createForm, listErr, table));
}
