// password.js - change one's own password; also the page a user is sent to
// when the server demands a change (new account or reset by an administrator).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { me, refreshMe } from '../session.js';
import { button, field, infoBox, notify, onFormSubmit, pageHeader, section } from '../ui.js';

/** The change-password form; onDone runs after a successful change. */
export function passwordForm({ onDone }) {
  const cur = h('input', { type: 'password', name: 'current_password', autocomplete: 'current-password' });
  const next = h('input', { type: 'password', name: 'new_password', autocomplete: 'new-password' });
  const again = h('input', { type: 'password', name: 'confirm_password', autocomplete: 'new-password' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = button(t('password.submit'), { type: 'submit', kind: 'primary' });
  // for password managers: which account this password belongs to
  const username = h('input', {
    type: 'text', name: 'username', autocomplete: 'username', value: me().login, readonly: true, hidden: true,
  });
  const form = h('form', { class: 'form form-narrow', novalidate: true, 'data-testid': 'password-form' },
    username,
    field({ label: t('password.current'), input: cur, name: 'current_password', required: true }),
    field({ label: t('password.new'), input: next, name: 'new_password', required: true, hint: t('password.policy') }),
    field({ label: t('password.confirm'), input: again, name: 'confirm_password', required: true }),
    errSlot,
    h('div', { class: 'form-actions' }, submit));

  onFormSubmit(form, submit, errSlot, async () => {
    await api('POST', '/me/password', {
      body: { current_password: cur.value, new_password: next.value },
    });
    for (const el of [cur, next, again]) el.value = '';
    await refreshMe();
    notify(t('password.changed'), 'success');
    onDone();
  }, () => {
    let local = null;
    if (!cur.value) local = { code: 'missing_field', field: 'current_password' };
    else if (!next.value) local = { code: 'missing_field', field: 'new_password' };
    else if (next.value !== again.value) local = { code: 'password_mismatch', field: 'confirm_password' };
    return local && { ...local, message: local.code };
  });
  return form;
}

export function passwordPage(main, { onDone }) {
  const forced = me().must_change_password;
  replace(main, h('div', { class: 'page page-password', 'data-page': 'password' },
    pageHeader(t('password.title'), null),
    forced ? infoBox('warning', h('strong', null, t('password.forced_title')), ' ',
      t('password.forced_text')) : null,
    section(null, passwordForm({ onDone }))));
  const first = main.querySelector('input');
  if (first) first.focus();
}
