// shell.test.mjs - login, language, navigation by role, logout, and what
// happens when the session disappears under the page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertClean, assertNoInlineStyles, go, gotoLogin, launch, loggedIn, navTexts, newPage, settle, shot,
  submitLogin,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('login page: zh-CN by default, no console errors or CSP violations', async () => {
  const page = await newPage(browser, { locale: 'zh-CN' });
  await gotoLogin(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.locator('h1.login-name').innerText(), '保密资质管理系统');
  assert.equal(await page.locator('label[for]', { hasText: '用户名' }).count(), 1);
  assert.match(await page.title(), /保密资质管理系统/);
  // the Chinese font is really in use (not a fallback box font)
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /Noto Sans CJK SC/);
  await assertNoInlineStyles(page);
  await shot(page, 'login-zh');
  assertClean(page);
  await page.context().close();
});

test('a browser that prefers English gets English', async () => {
  const page = await newPage(browser, { locale: 'en-US' });
  await gotoLogin(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.locator('h1.login-name').innerText(), 'Secrecy Qualification Administration');
  await shot(page, 'login-en');
  assertClean(page);
  await page.context().close();
});

test('wrong password: the error is shown in the form, localised', async () => {
  const page = await newPage(browser);
  await gotoLogin(page);
  await submitLogin(page, 'inspector.nj', 'not-the-password');
  const alert = page.locator('form.login-form .alert-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /用户名或密码错误/);
  assert.match(await alert.innerText(), /invalid_credentials/);
  // empty fields are caught before asking the server, naming the field
  await page.fill('input[name=login]', '');
  await page.click('form.login-form button[type=submit]');
  await page.locator('form.login-form .alert-error', { hasText: '字段' }).waitFor();
  assert.equal(await page.getAttribute('input[name=login]', 'aria-invalid'), 'true');
  await shot(page, 'login-error');
  assertClean(page, [/status of 401/]);
  await page.context().close();
});

test('language switch: zh-CN -> English -> zh-CN, remembered across reloads', async () => {
  const page = await loggedIn(browser, 'expert.js', { locale: 'zh-CN' });
  assert.equal(await page.locator('.page-title').innerText(), '欢迎，江苏专家 郑华');
  await page.locator('button.lang-switch').click();
  await page.locator('.page-title', { hasText: 'Welcome' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(await navTexts(page), ['Home', 'My tasks', 'Applications', 'Certificates', 'Annual reports', 'Inspections', 'Leak reports', 'Organisations', 'Working days', 'Notifications', 'My account']);
  assert.match(await page.locator('header.topbar').innerText(), /Reviewer|Expert/);
  await shot(page, 'home-en');
  await page.reload();
  await page.locator('.page-title', { hasText: 'Welcome' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('baomi.lang')), 'en');
  await page.locator('button.lang-switch').click();
  await page.locator('.page-title', { hasText: '欢迎' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.deepEqual(await navTexts(page), ['首页', '我的待办', '申请查询', '证书管理', '年度自检', '监督检查', '泄密报告', '组织机构', '工作日历', '消息通知', '我的账户']);
  assertClean(page);
  await page.context().close();
});

test('bureau user: navigation shows only what the role allows; the rest is refused', async () => {
  const page = await loggedIn(browser, 'reviewer.js');
  assert.deepEqual(await navTexts(page), ['首页', '我的待办', '申请查询', '证书管理', '纸质证书登记', '年度自检', '监督检查', '泄密报告', '组织机构', '工作日历', '消息通知', '我的账户']);
  assert.match(await page.locator('[data-testid=current-roles]').innerText(), /审查员/);
  assert.match(await page.locator('[data-testid=membership]').innerText(), /江苏省国家保密局/);
  for (const hash of ['#/users', '#/access', '#/audit', '#/access/1', '#/apps/new', '#/profile']) {
    await go(page, hash, '无权访问');
    assert.match(await page.locator('[data-testid=page-message]').innerText(), /无权访问此页面/);
  }
  // units: only the Jiangsu jurisdiction (region 32....) is visible
  await go(page, '#/orgs/units', '组织机构');
  await settle(page);
  const regions = await page.locator('table.data tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(regions.length > 0, 'some units visible');
  assert.ok(regions.every((r) => r.startsWith('32')), `only Jiangsu units: ${regions}`);
  assert.equal(await page.locator('[data-testid=create-unit]').count(), 0);
  await assertNoInlineStyles(page);
  await shot(page, 'reviewer-units');
  assertClean(page);
  await page.context().close();
});

test('unit member: sees their own unit only, no administration', async () => {
  const page = await loggedIn(browser, 'member.jindun');
  assert.deepEqual(await navTexts(page), ['首页', '我的申请', '我的证书', '年度自检', '监督检查', '单位档案', '组织机构', '工作日历', '消息通知', '我的账户']);
  await go(page, '#/orgs/units', '组织机构');
  await settle(page);
  const names = await page.locator('table.data tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(names, ['南京金盾信息技术有限公司']);
  assertClean(page);
  await page.context().close();
});

test('logout returns to the login page with a notice', async () => {
  const page = await loggedIn(browser, 'inspector.nj');
  await page.locator('button.logout').click();
  await page.locator('form.login-form').waitFor();
  assert.match(await page.locator('.login-card .alert').innerText(), /已安全退出/);
  // the session is gone server-side too
  const status = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(status, 401);
  assertClean(page, [/status of 401/]);
  await page.context().close();
});

test('a 401 in the middle of work returns to login, then back to the page', async () => {
  const page = await loggedIn(browser, 'reviewer.gd');
  await page.context().clearCookies();
  await go(page, '#/me');
  await page.locator('form.login-form').waitFor();
  assert.match(await page.locator('.login-card .alert').innerText(), /会话已结束/);
  await submitLogin(page, 'reviewer.gd');
  await page.locator('.page-title', { hasText: '我的账户' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/me');
  assertClean(page, [/status of 401/]);
  await page.context().close();
});

test('unknown route shows a not-found page inside the frame', async () => {
  const page = await loggedIn(browser, 'reviewer.nation');
  await go(page, '#/no-such-page', '页面不存在');
  assert.equal(await page.locator('nav.sidenav').count(), 1);
  assertClean(page);
  await page.context().close();
});

