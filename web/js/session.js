// session.js - who is logged in, and what their roles let them do.

import { api, setCsrf } from './api.js';

export const ROLES = [
  'system_admin', 'security_admin', 'security_auditor',
  'reviewer', 'expert', 'approver', 'inspector',
  'unit_officer', 'unit_member',
];
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'security_auditor'];
export const BUREAU_ROLES = ['reviewer', 'expert', 'approver', 'inspector'];
export const UNIT_ROLES = ['unit_officer', 'unit_member'];
export const LEVELS = ['public', 'internal', 'confidential', 'secret', 'top_secret'];

let current = null; // {user, csrf_token, session_idle_timeout, auth, today}

// The session cookie is HttpOnly, so the page cannot see it. A flag in
// localStorage remembers that a login happened, so that a fresh visit without
// one goes straight to the login page instead of asking /me for a 401.
const HINT_KEY = 'baomi.session';

function setHint(on) {
  try {
    if (on) localStorage.setItem(HINT_KEY, '1');
    else localStorage.removeItem(HINT_KEY);
  } catch {
    /* storage unavailable: /me is simply always asked */
  }
}

function hint() {
  try {
    return localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

export function session() {
  return current;
}

export function me() {
  return current ? current.user : null;
}

/**
 * Today's business day (YYYY-MM-DD, China Standard Time) as the server said
 * when the session was read: the day every date rule is judged on.
 */
export function today() {
  return current ? current.today : null;
}

export function hasRole(...roles) {
  const u = me();
  return !!u && roles.some((r) => u.roles.includes(r));
}

export function setSession(s) {
  current = s;
  setCsrf(s ? s.csrf_token : null);
  setHint(!!s);
}

/** Ask the server who we are; null when not logged in. */
export async function loadSession() {
  if (!hint()) {
    setSession(null);
    return null;
  }
  try {
    const s = await api('GET', '/me', { auth401: true });
    setSession(s);
  } catch (e) {
    if (e.status !== 401) throw e;
    setSession(null);
  }
  return current;
}

export async function refreshMe() {
  const s = await api('GET', '/me');
  setSession(s);
  return s;
}

/**
 * Log in, then read the session as every later page load does (GET /me): the
 * login's own answer is made on the real clock, /me on the business clock
 * (they differ only under a test build's X-Baomi-Test-Now).
 */
export async function login(loginName, password) {
  await api('POST', '/session', {
    body: { login: loginName, password },
    auth401: true,
  });
  return refreshMe();
}

export async function logout() {
  setHint(false); // first: a reload during the request must not ask /me
  try {
    await api('DELETE', '/session', { auth401: true });
  } finally {
    setSession(null);
  }
}
