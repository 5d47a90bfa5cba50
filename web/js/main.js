// main.js - start-up and hash routing (#/users, #/access/12, ...).
//
// Order of checks on every navigation: not logged in -> login page; must
// change password -> password page; route needs a role the user lacks ->
// "no permission" page inside the frame; else the page.

import { h, replace } from './dom.js';
import { detectLang, getLang, setLang, t } from './i18n.js';
import { setAuthHooks } from './api.js';
import {
  BUREAU_ROLES, hasRole, loadSession, logout, me, ROLES, session, setSession, UNIT_ROLES,
} from './session.js';
import { renderShell, refreshUnread } from './layout.js';
import { errorBox, notifyError } from './ui.js';
import { resetOrgCache } from './orgs.js';
import { loginPage } from './pages/login.js';
import { passwordPage } from './pages/password.js';
import { homePage } from './pages/home.js';
import { mePage } from './pages/me.js';
import { usersPage } from './pages/users.js';
import { accessListPage, accessEditPage } from './pages/access.js';
import { auditPage } from './pages/audit.js';
import { orgsPage } from './pages/orgs.js';
import { appsListPage, tasksPage } from './pages/apps.js';
import { appNewPage } from './pages/app_new.js';
import { appCasePage } from './pages/app_case.js';
import { profilePage } from './pages/profile.js';
import { notificationsPage } from './pages/notifications.js';
import { calendarPage } from './pages/calendar.js';
import { publicPage } from './pages/public.js';
import { publicCertPage, publicRegisterPage, publicVerifyPage } from './pages/public_certs.js';
import { certsListPage, certPage } from './pages/certs.js';
import { annualListPage, annualReportPage, cancellationsPage } from './pages/annual.js';
import {
  inspectionPage, inspectionsListPage, leaksPage, sanctionPage, sanctionsListPage,
} from './pages/inspections.js';
import { paperListPage, paperPage } from './pages/paper.js';
import { resetAppCache } from './apps.js';

const ROUTES = [
  { pattern: '', title: 'nav.home', page: homePage },
  { pattern: 'me', title: 'nav.me', page: mePage },
  { pattern: 'users', title: 'nav.users', page: usersPage, roles: ['system_admin'] },
  { pattern: 'access', title: 'nav.access', page: accessListPage, roles: ['security_admin'] },
  { pattern: 'access/:id', title: 'nav.access', page: accessEditPage, roles: ['security_admin'] },
  { pattern: 'audit', title: 'nav.audit', page: auditPage, roles: ['security_auditor'] },
  { pattern: 'orgs', title: 'nav.orgs', page: orgsPage, roles: ROLES },
  { pattern: 'orgs/:tab', title: 'nav.orgs', page: orgsPage, roles: ROLES },
  { pattern: 'tasks', title: 'nav.tasks', page: tasksPage, roles: BUREAU_ROLES },
  { pattern: 'apps', title: 'nav.apps', page: appsListPage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'apps/new', title: 'apps.new_title', page: appNewPage, roles: ['unit_officer'] },
  { pattern: 'apps/:id', title: 'nav.apps', page: appCasePage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'apps/:id/:tab', title: 'nav.apps', page: appCasePage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'certs', title: 'nav.certs', page: certsListPage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'certs/:id', title: 'nav.certs', page: certPage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'annual', title: 'nav.annual', page: annualListPage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'annual/:id', title: 'nav.annual', page: annualReportPage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'paper', title: 'paper.nav', page: paperListPage, roles: ['reviewer', 'approver', 'inspector'] },
  { pattern: 'paper/:id', title: 'paper.nav', page: paperPage, roles: ['reviewer', 'approver', 'inspector'] },
  { pattern: 'cancellations', title: 'nav.cancellations', page: cancellationsPage, roles: ['approver'] },
  { pattern: 'inspections', title: 'inspections.nav', page: inspectionsListPage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'inspections/:id', title: 'inspections.nav', page: inspectionPage, roles: [...BUREAU_ROLES, ...UNIT_ROLES] },
  { pattern: 'sanctions', title: 'sanctions.nav', page: sanctionsListPage, roles: ['inspector', 'approver'] },
  { pattern: 'sanctions/:id', title: 'sanctions.nav', page: sanctionPage, roles: ['inspector', 'approver'] },
  { pattern: 'leaks', title: 'leaks.nav', page: leaksPage, roles: [...BUREAU_ROLES, 'unit_officer'] },
  { pattern: 'profile', title: 'nav.profile', page: profilePage, roles: UNIT_ROLES },
  { pattern: 'profile/:id', title: 'nav.profile', page: profilePage, roles: [...BUREAU_ROLES, ...UNIT_ROLES, 'system_admin'] },
  { pattern: 'notifications', title: 'nav.notifications', page: notificationsPage },
  { pattern: 'calendar', title: 'nav.calendar', page: calendarPage },
];

/** The public page for path, with its argument (a certificate's number), or null. */
function publicRoute(path) {
  if (path === 'public') return { page: publicPage, title: 'public.title' };
  if (path === 'public/certs') return { page: publicRegisterPage, title: 'cert.register.title' };
  if (path === 'public/verify') return { page: publicVerifyPage, title: 'cert.verify.title' };
  const m = /^public\/certs\/([^/]+)$/.exec(path);
  if (m) return { page: publicCertPage, title: 'cert.register.title', arg: m[1] };
  return null;
}

const root = document.getElementById('app');
let shell = null; // {main, setActive, bare}
let loginNotice = null; // why we are on the login page (e.g. session expired)
let returnTo = null; // where to go after logging in

function currentPath() {
  const raw = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  return raw.split('?')[0].replace(/\/+$/, '');
}

function match(path) {
  const parts = path === '' ? [] : path.split('/');
  for (const r of ROUTES) {
    const pp = r.pattern === '' ? [] : r.pattern.split('/');
    if (pp.length !== parts.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < pp.length; i += 1) {
      if (pp[i].startsWith(':')) params[pp[i].slice(1)] = parts[i];
      else if (pp[i] !== parts[i]) ok = false;
    }
    if (ok) return { route: r, params };
  }
  return null;
}

export function go(path) {
  const target = `#/${path}`;
  if (location.hash === target) render();
  else location.hash = target;
}

async function switchLang() {
  try {
    await setLang(getLang() === 'en' ? 'zh-CN' : 'en', { remember: true });
  } catch (err) {
    notifyError(err);
    return;
  }
  shell = null;
  render();
}

async function doLogout() {
  try {
    await logout();
  } catch (err) {
    // the session is gone locally either way; tell the user if the server disagreed
    if (err.status !== 401) notifyError(err);
  }
  resetOrgCache();
  resetAppCache();
  shell = null;
  loginNotice = 'signed_out';
  returnTo = null;
  go('login');
}

function ensureShell(bare) {
  if (!shell || shell.bare !== bare || !root.contains(shell.main)) {
    shell = { ...renderShell(root, { bare, onLang: switchLang, onLogout: doLogout }), bare };
  }
  return shell;
}

function simplePage(main, titleKey, textKey) {
  replace(main, h('div', { class: 'page-head' }, h('h1', { class: 'page-title' }, t(titleKey))),
    h('div', { class: 'panel empty-state', 'data-testid': 'page-message' }, h('p', null, t(textKey)),
      h('p', null, h('a', { href: '#/' }, t('nav.back_home')))));
}

let renderSeq = 0;

async function render() {
  const seq = ++renderSeq;
  const path = currentPath();
  const s = session();

  // the public pages (publicity and objections, the certificate register,
  // verification) need no login
  const pub = publicRoute(path);
  if (pub) {
    shell = null;
    document.title = `${t(pub.title)} - ${t('app.name')}`;
    try {
      await pub.page(root, {
        onLang: switchLang, loggedIn: !!s && !me().must_change_password, go, isCurrent: () => seq === renderSeq,
      }, pub.arg);
    } catch (err) {
      if (seq === renderSeq) replace(root, h('main', { class: 'content' }, errorBox(err)));
    }
    return;
  }

  if (!s) {
    shell = null;
    if (path !== 'login') {
      if (path !== '' && path !== 'password') returnTo = path;
      location.replace('#/login');
      return;
    }
    document.title = `${t('login.title')} - ${t('app.name')}`;
    loginPage(root, {
      notice: loginNotice,
      onLang: switchLang,
      onLoggedIn: () => {
        loginNotice = null;
        resetOrgCache();
        resetAppCache();
        const target = me().must_change_password ? 'password' : (returnTo || '');
        returnTo = null;
        go(target);
      },
    });
    return;
  }
  if (me().must_change_password && path !== 'password') {
    location.replace('#/password');
    return;
  }
  if (path === 'login') {
    location.replace('#/');
    return;
  }
  if (path === 'password') {
    const sh = ensureShell(true);
    document.title = `${t('password.title')} - ${t('app.name')}`;
    passwordPage(sh.main, { onDone: () => { shell = null; go(''); } });
    return;
  }

  const sh = ensureShell(false);
  const m = match(path);
  sh.setActive(path);
  // each page gets a fresh container, so a slow answer for a page already left
  // lands in a detached element and cannot overwrite the new page
  const main = h('div', { class: 'page', 'data-page': m ? m.route.pattern.split('/')[0] || 'home' : 'none' },
    h('div', { class: 'page-loading', role: 'status' }, t('common.loading')));
  replace(sh.main, main);
  if (!m) {
    document.title = `${t('common.not_found')} - ${t('app.name')}`;
    simplePage(main, 'common.not_found', 'common.not_found_text');
    return;
  }
  document.title = `${t(m.route.title)} - ${t('app.name')}`;
  if (m.route.roles && !hasRole(...m.route.roles)) {
    simplePage(main, 'common.forbidden', 'common.forbidden_text');
    return;
  }
  refreshUnread();
  try {
    await m.route.page(main, m.params, { go, isCurrent: () => seq === renderSeq });
  } catch (err) {
    if (seq === renderSeq && err.status !== 401) replace(main, errorBox(err));
  }
}

setAuthHooks({
  unauthenticated(err) {
    if (!session()) return;
    setSession(null);
    resetOrgCache();
    resetAppCache();
    loginNotice = err.code === 'session_expired' ? 'session_expired' : 'session_ended';
    const path = currentPath();
    if (path !== 'login' && path !== 'password' && path !== '') returnTo = path;
    shell = null;
    go('login');
  },
  passwordChange() {
    const u = me();
    if (u) u.must_change_password = true;
    go('password');
  },
});

async function boot() {
  try {
    await setLang(detectLang());
  } catch {
    await setLang('zh-CN');
  }
  try {
    await loadSession();
  } catch (err) {
    replace(root, h('main', { class: 'content' }, errorBox(err)));
    return;
  }
  window.addEventListener('hashchange', render);
  await render();
  document.documentElement.dataset.ready = 'true';
}

boot();
