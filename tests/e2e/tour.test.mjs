// tour.test.mjs - every page each administrator and a unit officer can reach,
// in Chinese and in English: no console errors or CSP violations, no inline
// styles, no untranslated i18n key on screen, and no layout jumps.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertClean, assertNoInlineStyles, go, launch, layoutShift, login, navTexts, newPage, settle, shot,
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
  sysadmin: ['#/', '#/users', '#/orgs/authorities', '#/orgs/units', '#/orgs/regions', '#/me'],
  secadmin: ['#/', '#/access', '#/access/5', '#/orgs/units', '#/me'],
  auditor: ['#/', '#/audit', '#/orgs', '#/me'],
  'officer.jindun': ['#/', '#/orgs/units', '#/me'],
};

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

for (const [user, pages] of Object.entries(TOURS)) {
  test(`tour of ${user} in Chinese and English`, async () => {
    const page = await newPage(browser);
    await login(page, user);
    for (const hash of pages) await visit(page, user, 'zh-CN', hash);
    await page.locator('button.lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.ok((await navTexts(page)).includes('My account'));
    for (const hash of pages) {
      await visit(page, user, 'en', hash);
      if (user === 'sysadmin' && hash === '#/users') await shot(page, 'en-users');
      if (user === 'auditor' && hash === '#/audit') await shot(page, 'en-audit');
      if (user === 'secadmin' && hash === '#/access/5') await shot(page, 'en-access');
    }
    const shift = await layoutShift(page);
    assert.ok(shift < 0.1, `${user}: cumulative layout shift ${shift.toFixed(3)}`);
    await page.locator('button.lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assertClean(page);
    await page.context().close();
  });
}
