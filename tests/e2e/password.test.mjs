// password.test.mjs - a user whose password was set by an administrator is
// taken to the password page and can use nothing else until it is changed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient, assertClean, assertNoInlineStyles, dialog, expectToast, go, launch, loggedIn, login, navTexts, shot,
  submitDialog, submitFilters,
} from './lib.mjs';

const LOGIN = 'li.na';
const FIRST = 'Initial-Pass-2026';
const SECOND = 'Changed-Pass-2026!';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function changePassword(page, current, next, confirm = next) {
  await page.fill('input[name=current_password]', current);
  await page.fill('input[name=new_password]', next);
  await page.fill('input[name=confirm_password]', confirm);
  await page.click('[data-testid=password-form] button[type=submit]');
}

test('a new account is taken to the password page and can change its password', async () => {
  // the administrator's script creates the account through the API
  const api = new ApiClient();
  await api.login('sysadmin');
  const r = await api.call('POST', '/users', { login: LOGIN, display_name: '李娜', password: FIRST });
  assert.equal(r.status, 201);
  assert.equal(r.body.must_change_password, true);

  const page = await loggedIn(browser, LOGIN, { password: FIRST });
  await page.locator('.page-title', { hasText: '修改密码' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/password');
  assert.equal(await page.locator('nav.sidenav').count(), 0, 'no navigation before the change');
  assert.match(await page.locator('.alert-warning').innerText(), /首次登录必须修改密码/);
  await assertNoInlineStyles(page);
  await shot(page, 'password-forced');

  // other pages lead back here, and the server refuses everything else too
  await page.evaluate(() => { location.hash = '#/me'; });
  await page.waitForFunction(() => location.hash === '#/password');
  const refused = await page.evaluate(async () => {
    const res = await fetch('/api/v1/users');
    return { status: res.status, code: (await res.json()).error.code };
  });
  assert.deepEqual(refused, { status: 403, code: 'password_change_required' });

  // the two new passwords differ: caught in the page
  await changePassword(page, FIRST, SECOND, `${SECOND}x`);
  await page.locator('[data-testid=password-form] .alert-error', { hasText: '两次输入的新密码不一致' }).waitFor();
  assert.equal(await page.getAttribute('input[name=confirm_password]', 'aria-invalid'), 'true');

  // the wrong current password: refused by the server, on the field
  await changePassword(page, 'Wrong-Current-Pass', SECOND);
  const err = page.locator('[data-testid=password-form] .alert-error', { hasText: '当前密码不正确' });
  await err.waitFor();
  assert.match(await err.innerText(), /字段: 当前密码 \(current_password\)/);
  assert.equal(await page.getAttribute('input[name=current_password]', 'aria-invalid'), 'true');

  // too short: refused by the server's policy
  await changePassword(page, FIRST, 'short-pass');
  await page.locator('[data-testid=password-form] .alert-error', { hasText: '密码不符合要求' }).waitFor();

  await changePassword(page, FIRST, SECOND);
  await expectToast(page, '密码已修改');
  await page.locator('.page-title', { hasText: '欢迎，李娜' }).waitFor();
  // no role yet: only one's own account
  assert.deepEqual(await navTexts(page), ['首页', '工作日历', '消息通知', '我的账户']);

  // the next login goes straight to the home page
  await page.locator('button.logout').click();
  await page.locator('form.login-form').waitFor();
  await login(page, LOGIN, SECOND);
  await page.locator('.page-title', { hasText: '欢迎，李娜' }).waitFor();
  assertClean(page, [/status of 400/, /status of 403/]);
  await page.context().close();
});

test('a password reset by the system administrator forces another change', async () => {
  const admin = await loggedIn(browser, 'sysadmin');
  await go(admin, '#/users', '用户管理');
  await admin.fill('form.filters input[name=q]', LOGIN);
  await submitFilters(admin);
  const row = admin.locator(`tr[data-login="${LOGIN}"]`);
  await row.getByRole('button', { name: '重置密码' }).click();
  const dlg = dialog(admin);
  await dlg.getByRole('button', { name: '随机生成' }).click();
  const generated = await dlg.locator('input[name=password]').inputValue();
  await submitDialog(admin);
  await expectToast(admin, `用户 ${LOGIN} 的密码已重置`);
  await row.locator('.badge', { hasText: '待修改密码' }).waitFor();
  assertClean(admin);
  await admin.context().close();

  const page = await loggedIn(browser, LOGIN, { password: generated });
  await page.locator('.page-title', { hasText: '修改密码' }).waitFor();
  await changePassword(page, generated, 'Third-Password-2026');
  await page.locator('.page-title', { hasText: '欢迎，李娜' }).waitFor();
  assertClean(page);
  await page.context().close();
});
