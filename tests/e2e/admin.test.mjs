// admin.test.mjs - the three administrators (三员) doing their jobs through
// the UI, in order: the system administrator creates an account and disables
// another; the security administrator assigns the new account's access (and
// is refused two administrator roles); the security auditor finds all of it
// in the audit trail and verifies the trail.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient, assertClean, assertNoInlineStyles, dialog, expectToast, go, gotoLogin, launch, loggedIn, navTexts,
  newPage, settle, shot, submitDialog, submitFilters, submitLogin,
} from './lib.mjs';

const NEW_LOGIN = 'wang.fang';
const NEW_NAME = '测试用户 王芳';
const DISABLED_LOGIN = 'approver.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function searchUsers(page, q) {
  await page.fill('form.filters input[name=q]', q);
  await submitFilters(page);
  await page.locator(`tr[data-login="${q}"]`).waitFor();
}

test('system administrator: creates a user, renames it, disables another', async () => {
  const page = await loggedIn(browser, 'sysadmin');
  assert.deepEqual(await navTexts(page), ['首页', '用户管理', '组织机构', '工作日历', '消息通知', '我的账户']);
  await go(page, '#/users', '用户管理');
  await settle(page);
  assert.ok(await page.locator('table.data tbody tr').count() >= 12);

  // create, first with a weak password and a taken login: both refused, shown on the field
  await page.click('[data-testid=create-user]');
  const dlg = await submitDialog(page, { login: 'sysadmin', display_name: NEW_NAME, password: 'short' },
    { refused: '密码不符合要求' });
  assert.match(await dlg.locator('.alert-error').innerText(), /字段: 密码 \(password\)/);
  assert.equal(await dlg.locator('input[name=password]').getAttribute('aria-invalid'), 'true');
  await dlg.getByRole('button', { name: '随机生成' }).click();
  assert.equal((await dlg.locator('input[name=password]').inputValue()).length, 16);
  await submitDialog(page, {}, { refused: '记录已存在' });
  assert.match(await dlg.locator('.alert-error').innerText(), /用户名 \(login\)/);
  await dlg.locator('input[name=login]').fill(NEW_LOGIN);
  await shot(page, 'users-create-dialog');
  await submitDialog(page);
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, `用户 ${NEW_LOGIN} 已创建`);

  await searchUsers(page, NEW_LOGIN);
  const row = page.locator(`tr[data-login="${NEW_LOGIN}"]`);
  assert.match(await row.innerText(), /待修改密码/);
  assert.match(await row.innerText(), /内部/);

  // rename it
  await row.getByRole('button', { name: '改名' }).click();
  await submitDialog(page, { display_name: '王芳' });
  await expectToast(page, `用户 ${NEW_LOGIN} 的姓名已修改`);
  await page.locator(`tr[data-login="${NEW_LOGIN}"] td.col-name`, { hasText: /^王芳$/ }).waitFor();

  // disable another account
  await searchUsers(page, DISABLED_LOGIN);
  const other = page.locator(`tr[data-login="${DISABLED_LOGIN}"]`);
  await other.getByRole('button', { name: '停用' }).click();
  const confirm = dialog(page);
  assert.match(await confirm.innerText(), /强制退出/);
  await confirm.getByRole('button', { name: '停用' }).click();
  await expectToast(page, `用户 ${DISABLED_LOGIN} 已停用`);
  await other.locator('.badge', { hasText: '已停用' }).waitFor();
  await other.getByRole('button', { name: '启用' }).waitFor();

  // one's own row offers no "disable"
  await searchUsers(page, 'sysadmin');
  assert.equal(await page.locator('tr[data-login="sysadmin"]').getByRole('button', { name: '停用' }).count(), 0);

  await page.fill('form.filters input[name=q]', '');
  await submitFilters(page);
  await assertNoInlineStyles(page);
  await shot(page, 'users-list');
  assertClean(page, [/status of 409/, /status of 400/]);
  await page.context().close();
});

test('user list: cursor paging forward and back', async () => {
  const page = await loggedIn(browser, 'sysadmin');
  await go(page, '#/users', '用户管理');
  await settle(page);
  await page.selectOption('form.filters select[name=limit]', '10');
  await submitFilters(page);
  const logins = () => page.locator('table.data tbody tr[data-login]').evaluateAll((rs) => rs.map((r) => r.dataset.login));
  const first = await logins();
  assert.equal(first.length, 10);
  assert.match(await page.locator('.pager-info').innerText(), /第 1 页，本页 10 条/);
  assert.equal(await page.locator('.pager-prev').isDisabled(), true);
  const answered = page.waitForResponse((r) => /\/api\/v1\/users\?.*cursor=/.test(r.url()));
  await page.click('.pager-next');
  await answered;
  await settle(page);
  await page.locator('.pager-info', { hasText: '第 2 页' }).waitFor();
  const second = await logins();
  assert.ok(second.length >= 3 && second.length <= 10, `second page: ${second}`);
  assert.ok(second.every((l) => !first.includes(l)), 'pages do not overlap');
  await page.click('.pager-prev');
  await page.locator('.pager-info', { hasText: '第 1 页' }).waitFor();
  await settle(page);
  assert.deepEqual(await logins(), first);
  assertClean(page);
  await page.context().close();
});

test('the disabled account can no longer log in', async () => {
  const page = await newPage(browser);
  await gotoLogin(page);
  await submitLogin(page, DISABLED_LOGIN);
  await page.locator('form.login-form .alert-error', { hasText: '用户名或密码错误' }).waitFor();
  assertClean(page, [/status of 401/]);
  await page.context().close();
});

test('the system administrator enables the account again, and it can log in', async () => {
  const page = await loggedIn(browser, 'sysadmin');
  await go(page, '#/users', '用户管理');
  await settle(page);
  await searchUsers(page, DISABLED_LOGIN);
  const row = page.locator(`tr[data-login="${DISABLED_LOGIN}"]`);
  await row.getByRole('button', { name: '启用' }).click();
  await dialog(page).getByRole('button', { name: '启用' }).click();
  await expectToast(page, `用户 ${DISABLED_LOGIN} 已启用`);
  await row.locator('.badge', { hasText: '正常' }).waitFor();
  assertClean(page);
  await page.context().close();

  const back = await loggedIn(browser, DISABLED_LOGIN);
  await back.locator('.page-title', { hasText: '欢迎' }).waitFor();
  assertClean(back);
  await back.context().close();
});

test('a stale edit (412) is reported and the list reloaded', async () => {
  const page = await loggedIn(browser, 'sysadmin');
  await go(page, '#/users', '用户管理');
  await searchUsers(page, 'reviewer.gd');
  await page.locator('tr[data-login="reviewer.gd"]').getByRole('button', { name: '改名' }).click();
  await dialog(page).locator('input[name=display_name]').fill('广东审查员 林峰（界面）');

  // meanwhile someone else renames the same account
  const api = new ApiClient();
  await api.login('sysadmin');
  const u = await api.userByLogin('reviewer.gd');
  const r = await api.call('PATCH', `/users/${u.id}`, { display_name: '广东审查员 林峰（接口）' },
    { 'If-Match': `"v${u.version}"` });
  assert.equal(r.status, 200);

  await submitDialog(page);
  await expectToast(page, '已被其他人修改');
  await page.locator('tr[data-login="reviewer.gd"]', { hasText: '林峰（接口）' }).waitFor();
  assertClean(page, [/status of 412/]);
  await page.context().close();
});

test('security administrator: separation of duties refused, then roles, membership and clearance assigned', async () => {
  const page = await loggedIn(browser, 'secadmin');
  assert.deepEqual(await navTexts(page), ['首页', '授权管理', '组织机构', '工作日历', '消息通知', '我的账户']);
  await go(page, '#/access', '授权管理');
  await searchUsers(page, NEW_LOGIN);
  await page.locator(`tr[data-login="${NEW_LOGIN}"]`).getByRole('link', { name: '分配权限' }).click();
  await page.locator('.page-title', { hasText: '分配权限：王芳' }).waitFor();

  // two administrator roles: the page warns, the server refuses
  await page.check('input[name=roles][value=system_admin]');
  await page.check('input[name=roles][value=security_auditor]');
  await page.locator('[data-testid=role-warnings]', { hasText: '违反三员分立原则' }).waitFor();
  await page.click('[data-testid=save-access]');
  const err = page.locator('form.access-form .form-error .alert-error');
  await err.waitFor();
  const text = await err.innerText();
  assert.match(text, /违反三员分立原则/);
  assert.match(text, /字段: 角色 \(roles\)/);
  assert.match(text, /separation_of_duties/);
  assert.match(await page.getAttribute('fieldset[data-field=roles]', 'class'), /is-invalid/);
  await shot(page, 'access-sod-refused');

  // reviewer of the Jiangsu bureau; compartments the security administrator
  // does not hold are refused (nobody grants more than their own clearance)
  await page.uncheck('input[name=roles][value=system_admin]');
  await page.uncheck('input[name=roles][value=security_auditor]');
  await page.check('input[name=roles][value=reviewer]');
  await page.check('input[name=membership_kind][value=authority]');
  const authValue = await page.locator('select[name=authority_id] option', { hasText: '江苏省国家保密局' }).getAttribute('value');
  await page.selectOption('select[name=authority_id]', authValue);
  await page.selectOption('select[name=level]', 'confidential');
  await page.fill('input[name=compartments]', 'nuclear, crypto_2');
  assert.equal(await page.locator('[data-testid=role-warnings] .alert').count(), 0);
  await page.click('[data-testid=save-access]');
  const above = page.locator('form.access-form .form-error .alert-error');
  await above.waitFor();
  assert.match(await above.innerText(), /不能授予高于您自身密级权限/);
  assert.match(await above.innerText(), /字段: 密级权限 \(clearance\)/);
  await page.fill('input[name=compartments]', '');
  await page.click('[data-testid=save-access]');
  await expectToast(page, `用户 ${NEW_LOGIN} 的权限已保存`);
  const summary = await page.locator('[data-testid=access-summary]').innerText();
  assert.match(summary, /审查员/);
  assert.match(summary, /江苏省国家保密局/);
  assert.match(summary, /秘密/);
  await assertNoInlineStyles(page);
  await shot(page, 'access-assigned');

  // a bad compartment name is caught with the field named
  await page.fill('input[name=compartments]', 'Nuclear!');
  await page.click('[data-testid=save-access]');
  await page.locator('form.access-form .alert-error', { hasText: '知悉范围名称无效' }).waitFor();
  assert.equal(await page.getAttribute('input[name=compartments]', 'aria-invalid'), 'true');

  // one's own access cannot be changed
  await go(page, '#/access', '授权管理');
  await searchUsers(page, 'secadmin');
  assert.match(await page.locator('tr[data-login="secadmin"]').innerText(), /不可修改本人/);

  assertClean(page, [/status of 422/]);
  await page.context().close();
});

test('security administrator: sets a unit label, refused above own clearance', async () => {
  const page = await loggedIn(browser, 'secadmin');
  await go(page, '#/orgs/units', '组织机构');
  await settle(page);
  const row = page.locator('table.data tbody tr', { hasText: '苏州智网系统集成有限公司' });
  await row.getByRole('button', { name: '设置密级' }).click();
  // the demo security administrator is cleared top secret with the demo's
  // compartments (aerospace, defense, nuclear): a compartment beyond them is refused
  await submitDialog(page, { level: 'top_secret', compartments: 'chemical' }, { refused: '不能设置高于您自身密级权限' });
  await submitDialog(page, { compartments: '', level: 'confidential' });
  await expectToast(page, '密级标识已保存');
  await row.locator('.badge', { hasText: '秘密' }).waitFor();
  await shot(page, 'units-label');
  assertClean(page, [/status of 422/]);
  await page.context().close();
});

test('security auditor: finds these actions in the audit trail and verifies it', async () => {
  const page = await loggedIn(browser, 'auditor');
  assert.deepEqual(await navTexts(page), ['首页', '审计日志', '组织机构', '工作日历', '消息通知', '我的账户']);
  await go(page, '#/audit', '审计日志');
  await settle(page);

  // every user action (prefix filter)
  await page.fill('input[name=action]', 'user.');
  await submitFilters(page);
  await page.locator('tr[data-action="user.set_access"]').first().waitFor();
  const actions = await page.locator('table.data tbody tr[data-action]').evaluateAll(
    (rows) => rows.map((r) => r.dataset.action));
  for (const a of ['user.create', 'user.update', 'user.disable', 'user.set_access']) {
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  }
  assert.ok(actions.every((a) => a.startsWith('user.')), 'prefix filter');

  // the security administrator's assignment, by actor and exact action, with details
  await page.fill('input[name=actor]', 'secadmin');
  await page.fill('input[name=action]', 'user.set_access');
  // yesterday..today (local): the run may cross midnight
  const [yesterday, today] = await page.evaluate(() => {
    const day = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const now = new Date();
    return [day(new Date(now.getTime() - 86400000)), day(now)];
  });
  await page.fill('input[name=from]', yesterday);
  await page.fill('input[name=to]', today);
  await submitFilters(page);
  const rows = page.locator('table.data tbody tr[data-action]');
  await page.waitForFunction(() => [...document.querySelectorAll('table.data tbody tr[data-action]')]
    .every((r) => r.dataset.action === 'user.set_access'));
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /secadmin/);
  assert.match(await rows.first().innerText(), /分配权限/);
  await rows.first().getByRole('button', { name: '展开' }).click();
  const details = await page.locator('[data-testid=audit-details]').innerText();
  assert.match(details, /"reviewer"/);
  assert.match(details, /"confidential"/);
  await shot(page, 'audit-details');

  // who created the account, and who disabled the other one
  await page.fill('input[name=actor]', 'sysadmin');
  await page.fill('input[name=action]', 'user.disable');
  await submitFilters(page);
  await page.waitForFunction(() => [...document.querySelectorAll('table.data tbody tr[data-action]')]
    .every((r) => r.dataset.action === 'user.disable'));
  assert.equal(await rows.count(), 1);

  await page.fill('input[name=action]', 'user.create');
  await submitFilters(page);
  await page.waitForFunction(() => [...document.querySelectorAll('table.data tbody tr[data-action]')]
    .every((r) => r.dataset.action === 'user.create'));
  await rows.first().getByRole('button', { name: '展开' }).click();
  assert.match(await page.locator('[data-testid=audit-details]').first().innerText(), /wang\.fang/);

  // verify the whole trail
  await page.click('[data-testid=verify-audit]');
  const result = page.locator('[data-testid=verify-result] .alert-success');
  await result.waitFor();
  assert.match(await result.innerText(), /验证通过/);
  const n = Number((await result.innerText()).match(/共 (\d+) 条记录/)[1]);
  assert.ok(n > 20, `entries verified: ${n}`);
  await assertNoInlineStyles(page);
  await shot(page, 'audit-verified');

  // the auditor administers nothing else
  await go(page, '#/users', '无权访问');
  assertClean(page);
  await page.context().close();
});
