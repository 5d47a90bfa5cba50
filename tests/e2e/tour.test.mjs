// tour.test.mjs - every page each administrator and a unit officer can reach,
// in Chinese and in English: no console errors or CSP violations, no inline
// styles, no untranslated i18n key on screen, and no layout jumps.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiClient, assertClean, assertNoInlineStyles, BASE, go, launch, layoutShift, loggedIn, navTexts, newPage, settle,
  shot,
} from './lib.mjs';

const ROOT = process.env.BAOMI_ROOT || join(dirname(fileURLToPath(import.meta.url)), '..', '..');
function keys(obj, prefix = '', out = []) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') keys(v, key, out);
    else out.push(key);
  }
  return out;
}
const I18N_KEYS = keys(JSON.parse(readFileSync(join(ROOT, 'web', 'i18n', 'zh-CN.json'), 'utf8')))
  .filter((k) => k.includes('.'));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const TOURS = {
  sysadmin: ['#/', '#/users', '#/orgs/authorities', '#/orgs/units', '#/orgs/regions', '#/calendar', '#/notifications', '#/me'],
  secadmin: ['#/', '#/access', '#/access/5', '#/orgs/units', '#/calendar', '#/me'],
  auditor: ['#/', '#/audit', '#/orgs', '#/notifications', '#/me'],
  'officer.jindun': ['#/', '#/apps', '#/apps/new', '#/certs', '#/annual', '#/inspections', '#/leaks', '#/profile', '#/orgs/units', '#/calendar', '#/notifications', '#/me'],
  // bureau users: the queue, the register and demo cases in every tab
  'reviewer.js': async (api) => {
    const apps = (await api.call('GET', '/applications?limit=200')).body.items;
    // (another suite may have moved a demo case on: fall back to a near state)
    const id = (...states) => (apps.find((a) => states.includes(a.state)) || apps[0]).id;
    const pub = id('publicity', 'onsite_passed', 'decision');
    return ['#/tasks', '#/apps', `#/apps/${pub}`, `#/apps/${pub}/materials`, `#/apps/${pub}/submission`,
      `#/apps/${pub}/notes`, `#/apps/${pub}/onsite`, `#/apps/${pub}/objections`, `#/apps/${pub}/timeline`,
      `#/apps/${id('onsite')}/onsite`, `#/apps/${id('submitted')}`, `#/apps/${id('halted')}`,
      `#/profile/${apps.find((a) => a.id === pub).unit.id}`, '#/certs', ...await certPages(api), '#/calendar', '#/notifications'];
  },
  'approver.js': async (api) => {
    const apps = (await api.call('GET', '/applications?limit=200')).body.items;
    const id = (...states) => (apps.find((a) => states.includes(a.state)) || apps[0]).id;
    // an inspection and a sanction proposal, when there are any (inspections.test.mjs makes them)
    const one = async (path, hash) => {
      const items = (await api.call('GET', path)).body.items || [];
      return items.length ? [`${hash}/${items[0].id}`] : [];
    };
    return ['#/tasks', '#/apps', `#/apps/${id('decision', 'approved')}`, `#/apps/${id('rejected')}/notes`,
      '#/annual', '#/cancellations', '#/inspections', ...await one('/inspections', '#/inspections'),
      '#/sanctions', ...await one('/sanctions', '#/sanctions'), '#/leaks'];
  },
};

/** A certificate's page, when one has been issued (certs.test.mjs issues one). */
async function certPages(api) {
  const certs = (await api.call('GET', '/certificates?limit=1')).body.items;
  return certs.length ? [`#/certs/${certs[0].id}`] : [];
}

async function visit(page, user, lang, hash) {
  await go(page, hash);
  await page.waitForFunction((h) => {
    const p = document.querySelector('#main .page');
    return location.hash === h && p && document.querySelector('.page-title');
  }, hash);
  await settle(page);
  await page.waitForLoadState('networkidle');
  // the words on screen, not codes shown on purpose (action codes, logins, JSON)
  const text = await page.evaluate(() => {
    const clone = document.body.cloneNode(true);
    for (const el of clone.querySelectorAll('.mono, pre, code, datalist')) el.remove();
    return clone.textContent;
  });
  const raw = I18N_KEYS.filter((k) => text.includes(k));
  assert.deepEqual(raw, [], `${user} ${lang} ${hash}: untranslated keys on screen`);
  assert.equal(await page.locator('.alert-error').count(), 0, `${user} ${lang} ${hash}: an error is shown`);
  await assertNoInlineStyles(page);
}

for (const [user, tour] of Object.entries(TOURS)) {
  test(`tour of ${user} in Chinese and English`, async () => {
    let pages = tour;
    if (typeof tour === 'function') {
      const api = new ApiClient();
      await api.login(user);
      pages = await tour(api);
    }
    const page = await loggedIn(browser, user);
    for (const hash of pages) await visit(page, user, 'zh-CN', hash);
    await page.locator('button.lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.ok((await navTexts(page)).includes('My account'));
    for (const hash of pages) {
      await visit(page, user, 'en', hash);
      if (user === 'sysadmin' && hash === '#/users') await shot(page, 'en-users');
      if (user === 'auditor' && hash === '#/audit') await shot(page, 'en-audit');
      if (user === 'secadmin' && hash === '#/access/5') await shot(page, 'en-access');
      if (user === 'reviewer.js' && hash === '#/tasks') await shot(page, 'en-tasks');
      if (user === 'reviewer.js' && /onsite$/.test(hash)) await shot(page, 'en-onsite');
      if (user === 'officer.jindun' && hash === '#/profile') await shot(page, 'en-profile');
      if (user === 'sysadmin' && hash === '#/calendar') await shot(page, 'en-calendar');
    }
    const shift = await layoutShift(page);
    assert.ok(shift < 0.1, `${user}: cumulative layout shift ${shift.toFixed(3)}`);
    await page.locator('button.lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assertClean(page);
    await page.context().close();
  });
}

test('the public pages, without login, in Chinese and English', async () => {
  const page = await newPage(browser);
  const PUBLIC = [
    ['#/public', '保密资质审查公示', 'Secrecy qualification publicity'],
    ['#/public/certs', '保密资质证书查询', 'Secrecy qualification certificate register'],
    ['#/public/verify', '保密资质证书核验', 'Verify a secrecy qualification certificate'],
  ];
  const check = async (hash, title) => {
    await page.locator('.page-title', { hasText: title }).waitFor();
    await page.waitForLoadState('networkidle');
    await settle(page);
    const text = await page.evaluate(() => document.body.textContent);
    assert.deepEqual(I18N_KEYS.filter((k) => text.includes(k)), [], `${hash}: untranslated keys on screen`);
    assert.equal(await page.locator('.alert-error').count(), 0, `${hash}: an error is shown`);
    await assertNoInlineStyles(page);
  };
  await page.goto(`${BASE}/#/public`);
  for (const [hash, zh] of PUBLIC) {
    await page.locator(`.public-nav-link[href="${hash}"]`).click();
    await check(hash, zh);
  }
  await page.locator('button.lang-switch').click();
  for (const [hash, , en] of PUBLIC) {
    await page.locator(`.public-nav-link[href="${hash}"]`).click();
    await check(hash, en);
  }
  await page.locator('[data-testid=to-login]').click();
  await page.locator('form.login-form').waitFor();
  assertClean(page);
  await page.context().close();
});
