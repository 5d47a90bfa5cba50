// lib.mjs - shared helpers of the browser tests: the browser, pages that
// record console errors and CSP violations, logging in, screenshots, dialogs,
// the steps of an application's case page, and a small API client for setting
// up data the way a script would.

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = (process.env.BAOMI_E2E_URL || 'http://127.0.0.1:18181').replace(/\/$/, '');
export const PASSWORD = 'Baomi-Demo-2026';
const HERE = dirname(fileURLToPath(import.meta.url));
export const SHOTS = join(HERE, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

// An AddressSanitizer server answers slower: give every wait room.
export const TIMEOUT = Number(process.env.BAOMI_E2E_TIMEOUT || 15000);

export async function launch() {
  return chromium.launch({
    executablePath: process.env.BAOMI_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic'],
  });
}

/**
 * A fresh context and page. page.problems collects console errors and
 * warnings, uncaught exceptions and CSP violations.
 */
export async function newPage(browser, { locale = 'zh-CN', viewport = { width: 1366, height: 860 } } = {}) {
  const context = await browser.newContext({ locale, viewport });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      const where = m.location() && m.location().url ? ` [${m.location().url}]` : '';
      page.problems.push(`console.${m.type()}: ${m.text()}${where}`);
    }
  });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  // CSP violations also reach the console; this catches any the console drops
  await page.exposeFunction('__bmCsp', (v) => page.problems.push(`csp: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__bmCsp(`${e.violatedDirective} ${e.blockedURI}`);
    });
    // cumulative layout shift not caused by input: "no layout jumps"
    window.__bmShift = 0;
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__bmShift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    } catch {
      /* no layout-shift entries in this browser */
    }
  });
  return page;
}

/** Fail unless the page logged nothing bad (allow: regexps of expected lines). */
export function assertClean(page, allow = []) {
  const bad = page.problems.filter((p) => !allow.some((re) => re.test(p)));
  assert.deepEqual(bad, [], `console errors, exceptions or CSP violations:\n${bad.join('\n')}`);
}

/** No element may carry an inline style attribute (the CSP would block it). */
export async function assertNoInlineStyles(page) {
  // (an empty style="" can be left by the screenshot machinery: not ours)
  const found = await page.evaluate(() => [...document.querySelectorAll('[style]')]
    .filter((e) => e.getAttribute('style').trim() !== '')
    .map((e) => e.outerHTML.slice(0, 160)));
  assert.deepEqual(found, [], 'elements with a style="" attribute');
}

/** Layout shift accumulated since the page loaded (or since the last reset). */
export async function layoutShift(page, { reset = false } = {}) {
  return page.evaluate((r) => {
    const v = window.__bmShift;
    if (r) window.__bmShift = 0;
    return v;
  }, reset);
}

export async function shot(page, name) {
  // from the top, so the sticky header sits where a reader expects it
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export async function gotoLogin(page) {
  await page.goto(`${BASE}/`);
  await page.locator('form.login-form').waitFor();
}

/** Fill the login form on the page and submit it (waits for nothing). */
export async function submitLogin(page, user, password = PASSWORD) {
  await page.locator('input[name=login]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form.login-form button[type=submit]').click();
}

/** Log in through the form; waits for the frame (or the password page). */
export async function login(page, user, password = PASSWORD) {
  await gotoLogin(page);
  await submitLogin(page, user, password);
  await page.locator('header.topbar').waitFor();
  await page.locator('.page-title').first().waitFor();
}

/**
 * A user's own browser (a fresh context), logged in; if day is given, every
 * request, the login too, carries it as the business clock (X-Baomi-Test-Now,
 * test builds only): the session's "today" is that day.
 */
export async function loggedIn(browser, user, { locale = 'zh-CN', day = null, password = PASSWORD } = {}) {
  const page = await newPage(browser, { locale });
  if (day) await page.context().setExtraHTTPHeaders({ 'X-Baomi-Test-Now': day });
  await login(page, user, password);
  return page;
}

/** Navigate inside the app and wait for the page's title. */
export async function go(page, hash, title) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  if (title) await page.locator('.page-title', { hasText: title }).waitFor();
}

export async function navTexts(page) {
  return page.locator('nav.sidenav .nav-link').allInnerTexts();
}

/** Wait until no table is loading. */
export async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('.table-wrap.is-loading'));
}

/**
 * Wait for a success notice containing text; if an error box shows up
 * instead, fail at once with what it says.
 */
export async function expectToast(page, text) {
  const toast = page.locator('.toast', { hasText: text }).last();
  const error = page.locator('.alert-error').first();
  await Promise.race([toast.waitFor(), error.waitFor()]);
  if (!(await toast.isVisible())) {
    assert.fail(`expected "${text}", got the error: ${await error.innerText()}`);
  }
}

/* ---------- dialogs ---------- */

/** The open dialog. */
export function dialog(page) {
  return page.locator('dialog.dialog[open]');
}

/**
 * Fill the open dialog's fields by name, in order: a <select> is chosen from,
 * anything else typed into. Returns the dialog.
 */
export async function fillDialog(page, fields = {}) {
  const dlg = dialog(page);
  await dlg.waitFor();
  for (const [name, value] of Object.entries(fields)) {
    const input = dlg.locator(`[name=${name}]`);
    if (await input.evaluate((el) => el.tagName) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  return dlg;
}

/**
 * fillDialog, then submit the dialog. With refused, wait for it to show an
 * error containing that text (the dialog stays open). Returns the dialog.
 */
export async function submitDialog(page, fields = {}, { refused = null } = {}) {
  const dlg = await fillDialog(page, fields);
  await dlg.locator('button[type=submit]').click();
  if (refused) await dlg.locator('.alert-error', { hasText: refused }).waitFor();
  return dlg;
}

/* ---------- the case page ---------- */

/** Open an application's page (or one of its tabs) and wait for it to be shown. */
export async function openCase(page, id, tab = '') {
  await go(page, `#/apps/${id}${tab ? `/${tab}` : ''}`);
  await page.locator('[data-testid=case-head]').waitFor();
  if (tab) await page.locator(`a.tab[data-tab=${tab}][aria-current=page]`).waitFor();
  await settle(page);
}

export async function caseState(page, state) {
  await page.locator(`[data-testid=case-head][data-state=${state}]`).waitFor();
}

/** Raise an event from the action panel, filling the dialog's fields. */
export async function act(page, action, fields = {}, nextState = null) {
  await page.locator(`[data-testid=action-panel] [data-action=${action}]`).click();
  await submitDialog(page, fields);
  if (nextState) await caseState(page, nextState);
}

/** A small valid PDF named after label, for setInputFiles. */
export function pdf(label) {
  return {
    name: `${label}.pdf`,
    mimeType: 'application/pdf',
    buffer: Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
  };
}

/** Upload file for material on the materials tab: accepted (201) and then listed in its row. */
export async function upload(page, material, file) {
  const row = page.locator(`tr[data-material=${material}]`);
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/materials/${material}`));
  await row.locator('input[type=file]').setInputFiles(file);
  assert.equal((await answered).status(), 201, `upload of ${file.name} for ${material}`);
  await row.locator('li.file-item', { hasText: file.name }).first().waitFor();
}

/* ---------- lists ---------- */

/** Submit the filter bar and wait for the list's answer to be shown. */
export async function submitFilters(page) {
  const answered = page.waitForResponse((r) => r.request().method() === 'GET'
    && /\/api\/v1\/(users|units|audit)\?/.test(r.url()));
  await page.click('form.filters button[type=submit]');
  await answered;
  await settle(page);
}

/* ---------- API client for test set-up (as a script would use it) ---------- */

export class ApiClient {
  constructor() {
    this.cookie = null;
    this.csrf = null;
  }

  async login(user, password = PASSWORD) {
    const res = await fetch(`${BASE}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: user, password }),
    });
    assert.equal(res.status, 200, `API login of ${user}`);
    const body = await res.json();
    this.cookie = res.headers.get('set-cookie').split(';')[0];
    this.csrf = body.csrf_token;
    return body.user;
  }

  async call(method, path, body, headers = {}) {
    const h = { Cookie: this.cookie, ...headers };
    if (method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(`${BASE}/api/v1${path}`, {
      method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async userByLogin(loginName) {
    const r = await this.call('GET', `/users?q=${encodeURIComponent(loginName)}&limit=200`);
    assert.equal(r.status, 200);
    return r.body.items.find((u) => u.login === loginName);
  }
}

/* ---------- certificates ---------- */

/** Cases of every state as user sees them (API), and the first in one of states. */
export async function caseIn(user, ...states) {
  const api = new ApiClient();
  await api.login(user);
  const r = await api.call('GET', '/applications?limit=200');
  assert.equal(r.status, 200, `applications of ${user}`);
  return r.body.items.find((a) => states.includes(a.state)) || null;
}

/** Make sure the demo account login is enabled (another suite disables some to test that). */
export async function ensureEnabled(loginName) {
  const api = new ApiClient();
  await api.login('sysadmin');
  const u = await api.userByLogin(loginName);
  if (u.disabled) {
    const r = await api.call('PATCH', `/users/${u.id}`, { disabled: false }, { 'If-Match': `"v${u.version}"` });
    assert.equal(r.status, 200, `${loginName} enabled again`);
  }
}

/** The login of a unit's security officer (an enabled one with a usable password), or null. */
export async function officerOf(unitId) {
  const api = new ApiClient();
  await api.login('sysadmin');
  const r = await api.call('GET', `/users?unit_id=${unitId}&role=unit_officer&limit=20`);
  const u = r.body.items.find((x) => !x.disabled && !x.must_change_password);
  return u ? u.login : null;
}

/**
 * On the public verification page: paste payload, verify, and wait for the
 * result. Returns the result element (data-result is the server's result).
 */
export async function verifyPasted(page, payload) {
  const form = page.locator('[data-testid=verify-paste]');
  await form.locator('textarea[name=payload]').fill(payload);
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/public/verify'));
  await form.locator('[data-testid=verify-payload]').click();
  const res = await answered;
  const body = await res.json();
  const result = page.locator('[data-testid=verify-slot] [data-testid=verify-result]');
  await page.locator(`[data-testid=verify-slot] [data-testid=verify-result][data-result="${body.result}"]`).waitFor();
  return { result, body, status: res.status() };
}

/** 2027's working-day calendar as the tests load it (test data, not the official one). */
export const Y2027 = {
  year: 2027,
  source: '端到端测试用的 2027 年节假日安排（非正式数据） [test]',
  holidays: [
    { name_zh: '元旦', name_en: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
    { name_zh: '春节', name_en: 'Spring Festival', from: '2027-02-05', to: '2027-02-11' },
    { name_zh: '国庆节', name_en: 'National Day', from: '2027-10-01', to: '2027-10-07' },
  ],
  adjusted_working_days: ['2027-02-13', '2027-10-09'],
};

/* ---------- unified social credit codes ---------- */

// GB 32100-2015: the 18th character of a unified social credit code.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18-character code of its first 17 characters, with the check character. */
export function uscc(body17) {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_CHARS.indexOf(body17[i]) * USCC_WEIGHTS[i];
  return body17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}

let usccSeq = 0;
/** A valid code of a Nanjing unit no other call of this run (or a recent run) gives. */
export function freshUscc() {
  usccSeq += 1;
  let n = (Date.now() + usccSeq * 7919) % 887503681; // 31^6: seven characters of the alphabet
  let s = '';
  for (let i = 0; i < 7; i += 1) {
    s = USCC_CHARS[n % 31] + s;
    n = Math.floor(n / 31);
  }
  return uscc(`91320100MA${s}`);
}
