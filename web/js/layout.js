// layout.js - the frame around every page: header (system name, current user,
// role, language switch, logout) and the left navigation, which lists only
// what the user's roles allow.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { me, hasRole, ROLES } from './session.js';
import { button, roleText, levelBadge } from './ui.js';

/** The navigation: hash, i18n key, roles allowed (none = everyone). */
export const NAV = [
  { path: '', key: 'nav.home' },
  { path: 'users', key: 'nav.users', roles: ['system_admin'] },
  { path: 'access', key: 'nav.access', roles: ['security_admin'] },
  { path: 'audit', key: 'nav.audit', roles: ['security_auditor'] },
  { path: 'orgs', key: 'nav.orgs', roles: ROLES }, // any role at all
  { path: 'me', key: 'nav.me' },
];

export function navAllowed(item) {
  return !item.roles || hasRole(...item.roles);
}

export function langSwitch(onLang) {
  return button(t('lang.switch_to'), {
    class: 'lang-switch',
    kind: 'ghost-inverse',
    small: true,
    lang: t('lang.switch_code'),
    title: t('lang.switch_title'),
    'aria-label': t('lang.switch_title'),
    onclick: onLang,
  });
}

function brand() {
  return h('a', { class: 'brand', href: '#/' },
    h('img', { class: 'brand-emblem', src: 'img/emblem.svg', alt: '', width: 32, height: 32 }),
    h('span', { class: 'brand-text' },
      h('span', { class: 'brand-name' }, t('app.name')),
      h('span', { class: 'brand-sub' }, t('app.subtitle'))));
}

/**
 * Build the frame into root. bare: no navigation (the forced password page).
 * Returns {main, setActive(path)}.
 */
export function renderShell(root, { bare = false, onLang, onLogout }) {
  const u = me();
  const userBox = u ? h('div', { class: 'userbox' },
    h('div', { class: 'userbox-who' },
      h('span', { class: 'userbox-name', 'data-testid': 'current-user' }, u.display_name),
      h('span', { class: 'userbox-login mono' }, u.login)),
    h('div', { class: 'userbox-roles', 'data-testid': 'current-roles' },
      u.roles.length ? u.roles.map((r) => h('span', { class: 'hdr-role' }, roleText(r)))
        : h('span', { class: 'hdr-role' }, t('common.no_role')),
      h('span', { class: 'hdr-clear' }, t('fields.clearance')),
      levelBadge(u.clearance.level))) : null;
  const header = h('header', { class: 'topbar' },
    brand(),
    h('div', { class: 'topbar-right' },
      userBox,
      langSwitch(onLang),
      u ? button(t('nav.logout'), { kind: 'ghost-inverse', small: true, class: 'logout', onclick: onLogout }) : null));

  const links = new Map();
  let nav = null;
  if (!bare) {
    const list = h('ul', { class: 'nav-list' });
    for (const item of NAV) {
      if (!navAllowed(item)) continue;
      const a = h('a', { href: `#/${item.path}`, class: 'nav-link', dataset: { nav: item.path || 'home' } },
        h('span', { class: `nav-icon nav-icon-${item.path || 'home'}`, 'aria-hidden': 'true' }),
        t(item.key));
      links.set(item.path, a);
      list.append(h('li', null, a));
    }
    nav = h('nav', { class: 'sidenav', 'aria-label': t('nav.label') }, list,
      h('div', { class: 'sidenav-foot' }, t('app.audit_notice')));
  }
  const main = h('main', { class: 'content', id: 'main', tabindex: '-1' });
  const body = h('div', { class: ['shell-body', bare && 'shell-bare'] }, nav, main);
  replace(root, h('a', { class: 'skip-link', href: '#main' }, t('nav.skip')), header, body);
  // the skip link targets an id, not a route: keep it from changing the hash
  root.querySelector('.skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    main.focus();
  });

  return {
    main,
    setActive(path) {
      const top = path.split('/')[0];
      for (const [p, a] of links) {
        if (p === top) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
  };
}
