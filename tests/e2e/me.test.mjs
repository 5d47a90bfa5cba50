// me.test.mjs - one's own account: profile and API tokens (secret shown once,
// usable, then revoked).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertClean, assertNoInlineStyles, BASE, dialog, expectToast, go, launch, loggedIn, settle, shot,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function meWithToken(token) {
  const res = await fetch(`${BASE}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

test('my account: profile, then an API token created, used and revoked', async () => {
  const page = await loggedIn(browser, 'reviewer.nation');
  await go(page, '#/me', '我的账户');
  await settle(page);
  const profile = await page.locator('[data-testid=profile]').innerText();
  assert.match(profile, /reviewer\.nation/);
  assert.match(profile, /国家局审查员 高远/);
  assert.match(profile, /绝密/);
  await page.locator('[data-testid=profile] dd', { hasText: '国家保密局' }).waitFor();

  // a name is required
  await page.click('[data-testid=token-form] button[type=submit]');
  await page.locator('[data-testid=token-form] .alert-error', { hasText: '名称 (name)' }).waitFor();

  await page.fill('[data-testid=token-form] input[name=name]', 'nightly-export');
  await page.fill('[data-testid=token-form] input[name=expires_in_days]', '30');
  await page.click('[data-testid=token-form] button[type=submit]');
  const dlg = dialog(page);
  await dlg.locator('[data-testid=token-secret]').waitFor();
  const secret = await dlg.locator('[data-testid=token-secret]').inputValue();
  assert.match(secret, /^bmt_/);
  assert.match(await dlg.innerText(), /无法再次查看/);
  await assertNoInlineStyles(page);
  await shot(page, 'token-created');
  await dlg.getByRole('button', { name: '关闭' }).click();
  await dlg.waitFor({ state: 'detached' });

  const row = page.locator('table.data tbody tr', { hasText: 'nightly-export' });
  await row.locator('.badge', { hasText: '有效' }).waitFor();
  assert.match(await row.innerText(), new RegExp(secret.slice(0, 8)));
  const used = await meWithToken(secret);
  assert.equal(used.status, 200);
  assert.equal(used.body.auth, 'token');
  assert.equal(used.body.user.login, 'reviewer.nation');

  await row.getByRole('button', { name: '撤销' }).click();
  await dialog(page).getByRole('button', { name: '撤销' }).click();
  await expectToast(page, '令牌“nightly-export”已撤销');
  await row.locator('.badge', { hasText: '已撤销' }).waitFor();
  assert.equal(await row.getByRole('button', { name: '撤销' }).count(), 0);
  const after = await meWithToken(secret);
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, 'token_revoked');
  await shot(page, 'me-tokens');
  assertClean(page);
  await page.context().close();
});
