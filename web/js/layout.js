// layout.js - the frame around every page: header (system name, current user,
// role, language switch, logout) and the left navigation, which lists only
// what the user's roles allow.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { me, hasRole, ROLES, BUREAU_ROLES, UNIT_ROLES } from './session.js';
import { button, roleText, levelBadge } from './ui.js';

/**
 * The navigation: hash, i18n key, roles allowed (none = everyone); unitKey is
 * the label a unit user sees instead ("my applications").
 */
export const NAV = [
  { path: '', key: 'nav.home' },
  { path: 'tasks', key: 'nav.tasks', roles: BUREAU_ROLES },
  { path: 'apps', key: 'nav.apps', unitKey: 'nav.my_apps', roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { path: 'certs', key: 'nav.certs', unitKey: 'nav.my_certs', roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { path: 'paper', key: 'paper.nav', roles: ['reviewer', 'approver', 'inspector'] },
  { path: 'annual', key: 'nav.annual', roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { path: 'cancellations', key: 'nav.cancellations', roles: ['approver'] },
  { path: 'inspections', key: 'inspections.nav', roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { path: 'sanctions', key: 'sanctions.nav', roles: ['inspector', 'approver'] },
  { path: 'leaks', key: 'leaks.nav', roles: [...BUREAU_ROLES, 'unit_officer'] },
  { path: 'profile', key: 'nav.profile', roles: UNIT_ROLES },
  { path: 'users', key: 'nav.users', roles: ['system_admin'] },
  { path: 'access', key: 'nav.access', roles: ['security_admin'] },
  { path: 'audit', key: 'nav.audit', roles: ['security_auditor'] },
  { path: 'orgs', key: 'nav.orgs', roles: ROLES }, // any role at all
  { path: 'calendar', key: 'nav.calendar' },
  { path: 'notifications', key: 'nav.notifications' },
  { path: 'me', key: 'nav.me' },
];

export function navAllowed(item) {
  return !item.roles || hasRole(...item.roles);
}

export function navLabel(item) {
  return item.unitKey && hasRole(...UNIT_ROLES) ? t(item.unitKey) : t(item.key);
}

/* ---------- unread notifications in the header ---------- */

let unreadEl = null;

function showUnread(n) {
  if (!unreadEl || !document.body.contains(unreadEl)) return;
  replace(unreadEl, n > 99 ? '99+' : String(n));
  unreadEl.dataset.count = String(n);
  unreadEl.classList.toggle('is-zero', n === 0);
  unreadEl.closest('a').title = t('nav.unread_title', { n });
}

/** Show n unread notifications, or ask the server when n is not given. */
export async function refreshUnread(n) {
  if (n !== undefined) {
    showUnread(n);
    return;
  }
  if (!unreadEl || !document.body.contains(unreadEl)) return;
  try {
    const r = await api('GET', '/notifications', { query: { unread: 'true', limit: 1 } });
    showUnread(r.unread);
  } catch {
    /* the count is a convenience: the page itself reports errors */
  }
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
  unreadEl = u && !bare ? h('span', { class: 'bell-count is-zero', 'data-testid': 'unread-count', 'data-count': '0' }, '0') : null;
  const bell = unreadEl ? h('a', { class: 'hdr-bell', href: '#/notifications', title: t('nav.notifications') },
    h('span', { class: 'bell-icon', 'aria-hidden': 'true' }),
    h('span', { class: 'bell-label' }, t('nav.notifications')), unreadEl) : null;
  const header = h('header', { class: 'topbar' },
    brand(),
    h('div', { class: 'topbar-right' },
      userBox,
      bell,
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
        navLabel(item));
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
