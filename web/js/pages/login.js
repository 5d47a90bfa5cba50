// login.js - the login page.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { login } from '../session.js';
import { button, field, infoBox, onFormSubmit, textInput } from '../ui.js';
import { langSwitch } from '../layout.js';

const NOTICES = {
  session_expired: 'warning',
  session_ended: 'warning',
  signed_out: 'success',
};

export function loginPage(root, { notice, onLang, onLoggedIn }) {
  const loginIn = textInput({ name: 'login', autocomplete: 'username', autocapitalize: 'none' });
  const pwIn = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  const errSlot = h('div', { class: 'form-error' });
  const submit = button(t('login.submit'), { type: 'submit', kind: 'primary', class: 'btn-block' });
  const form = h('form', { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title' },
    notice && NOTICES[notice] ? infoBox(NOTICES[notice], t(`login.notice.${notice}`)) : null,
    field({ label: t('login.login'), input: loginIn, name: 'login', required: true }),
    field({ label: t('login.password'), input: pwIn, name: 'password', required: true }),
    errSlot,
    submit);

  onFormSubmit(form, submit, errSlot, async () => {
    try {
      await login(loginIn.value.trim(), pwIn.value);
    } catch (err) {
      // a refused password is typed again (a field the error names takes the focus)
      pwIn.value = '';
      pwIn.focus();
      throw err;
    }
    pwIn.value = '';
    onLoggedIn();
  }, () => {
    const missing = !loginIn.value.trim() ? 'login' : (!pwIn.value ? 'password' : null);
    return missing ? { code: 'missing_field', field: missing, message: 'missing_field' } : null;
  });

  replace(root,
    h('div', { class: 'login-screen' },
      h('div', { class: 'login-top' }, langSwitch(onLang)),
      h('main', { class: 'login-card', id: 'main' },
        h('div', { class: 'login-head' },
          h('img', { class: 'login-emblem', src: 'img/emblem.svg', alt: '', width: 56, height: 56 }),
          h('div', null,
            h('h1', { class: 'login-name', id: 'login-title' }, t('app.name')),
            h('p', { class: 'login-sub' }, t('app.subtitle')))),
        h('div', { class: 'login-body' },
          h('h2', { class: 'login-heading' }, t('login.title')),
          form),
        h('p', { class: 'login-foot' }, t('login.footer'))),
      h('p', { class: 'login-public' },
        h('a', { href: '#/public', 'data-testid': 'public-link' }, t('public.link')))));
  loginIn.focus();
}
