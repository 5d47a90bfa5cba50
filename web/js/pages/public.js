// public.js - what anyone may see without logging in: the units whose
// qualification is in publicity (公示) after passing the on-site review, and
// the form to file an objection against one of them during the window; and
// the frame every public page shares (public_certs.js: the certificate
// register and verification).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { dataTable, errorBox, field, infoBox, openDialog, textArea, textInput } from '../ui.js';
import { langSwitch } from '../layout.js';
import { txt } from '../apps.js';

export async function publicPage(root, { onLang, loggedIn }) {
  const listErr = h('div');
  const doneSlot = h('div', { 'data-testid': 'objection-receipt' });
  let items = [];
  try {
    items = (await api('GET', '/public/publicity', { auth401: true })).items;
  } catch (err) {
    replace(listErr, errorBox(err));
  }

  const table = dataTable([
    { label: t('public.col.number'), className: 'mono nowrap', render: (p) => p.number },
    {
      label: t('public.col.unit'),
      render: (p) => h('span', { class: 'name-cell' }, p.unit, h('span', { class: 'sub mono' }, p.uscc)),
    },
    { label: t('public.col.scheme'), render: (p) => txt(p.scheme_name) },
    { label: t('public.col.grade'), className: 'nowrap', render: (p) => txt(p.grade_name) },
    { label: t('public.col.categories'), render: (p) => p.category_names.map(txt).join(t('common.list_sep')) },
    { label: t('public.col.window'), className: 'mono nowrap', render: (p) => `${p.start} — ${p.end}` },
    {
      label: t('common.actions'),
      className: 'actions',
      render: (p) => h('button', {
        type: 'button', class: 'btn btn-secondary btn-sm', 'data-testid': 'object', onclick: () => objectDialog(p),
      }, t('public.object')),
    },
  ], { caption: t('public.title'), empty: t('public.none'), rowAttrs: (p) => ({ 'data-app-id': String(p.id), 'data-unit': p.unit }) });
  table.update(items);

  function objectDialog(p) {
    const name = textInput({ name: 'name', maxlength: 64, autocomplete: 'name' });
    const contact = textInput({ name: 'contact', maxlength: 128, autocomplete: 'tel' });
    const text = textArea({ name: 'text', maxlength: 4000, rows: 6 });
    openDialog({
      title: t('public.object_title', { unit: p.unit }),
      wide: true,
      body: [
        h('p', { class: 'dialog-message' }, t('public.object_text', { number: p.number, end: p.end })),
        h('div', { class: 'form-grid' },
          field({ label: t('public.f.name'), input: name, name: 'name', required: true }),
          field({ label: t('public.f.contact'), input: contact, name: 'contact', required: true, hint: t('public.contact_hint') }),
          field({ label: t('public.f.text'), input: text, name: 'text', required: true, wide: true, hint: t('public.text_hint') })),
      ],
      submitLabel: t('public.submit'),
      onSubmit: async () => {
        const r = await api('POST', `/public/publicity/${p.id}/objections`, {
          body: { name: name.value.trim(), contact: contact.value.trim(), text: text.value.trim() },
          auth401: true,
        });
        replace(doneSlot, infoBox('success', h('strong', null, t('public.received_title')), ' ',
          t('public.received', { unit: p.unit, id: r.id })));
        doneSlot.scrollIntoView({ block: 'nearest' });
      },
    });
  }

  publicFrame(root, { onLang, loggedIn, active: 'publicity', subtitle: t('public.subtitle') },
    h('div', { class: 'page-head' },
      h('div', { class: 'page-titles' },
        h('h1', { class: 'page-title' }, t('public.title')),
        h('p', { class: 'page-sub' }, t('public.intro')))),
    doneSlot,
    h('section', { class: 'panel' },
      h('h2', { class: 'panel-title' }, t('public.list_title', { n: items.length })),
      listErr, table),
    h('section', { class: 'panel public-rules' },
      h('h2', { class: 'panel-title' }, t('public.rules_title')),
      h('ul', { class: 'rules' },
        h('li', null, t('public.rule_window')),
        h('li', null, t('public.rule_real')),
        h('li', null, t('public.rule_secret')),
        h('li', null, t('public.rule_handling')))),
    h('p', { class: 'public-foot' }, t('public.footer')));
}

/** The public pages' own navigation: publicity, the certificate register, verification. */
const PUBLIC_NAV = [
  { key: 'publicity', path: 'public' },
  { key: 'register', path: 'public/certs' },
  { key: 'verify', path: 'public/verify' },
];

/**
 * The frame of a public page (no login): the header with the language switch
 * and the way to log in, the public navigation with active marked, and the
 * page's content.
 */
export function publicFrame(root, { onLang, loggedIn, active, subtitle }, ...content) {
  replace(root,
    h('div', { class: 'public-screen' },
      h('header', { class: 'topbar' },
        h('a', { class: 'brand', href: '#/public' },
          h('img', { class: 'brand-emblem', src: 'img/emblem.svg', alt: '', width: 32, height: 32 }),
          h('span', { class: 'brand-text' },
            h('span', { class: 'brand-name' }, t('app.name')),
            h('span', { class: 'brand-sub' }, subtitle))),
        h('div', { class: 'topbar-right' },
          langSwitch(onLang),
          h('a', { class: 'btn btn-ghost-inverse btn-sm', href: loggedIn ? '#/' : '#/login', 'data-testid': 'to-login' },
            loggedIn ? t('public.back_app') : t('public.to_login')))),
      h('nav', { class: 'public-nav', 'aria-label': t('public.nav.label') },
        h('ul', { class: 'public-nav-list' }, PUBLIC_NAV.map((n) => h('li', null,
          h('a', {
            href: `#/${n.path}`, class: 'public-nav-link', 'data-public-nav': n.key,
            'aria-current': n.key === active ? 'page' : null,
          }, t(`public.nav.${n.key}`)))))),
      h('main', { class: 'public-main', id: 'main' }, content)));
}
