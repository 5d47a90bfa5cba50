// orgs.test.mjs - organisations: the system administrator registers a bureau
// and a unit (the USCC check character verified by the server); a unit
// officer keeps their own unit's contact data but not its identity.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertClean, assertNoInlineStyles, dialog, expectToast, go, launch, loggedIn, settle, shot, submitDialog, submitFilters,
  uscc,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });


test('the USCC helper of this test agrees with the known valid code', () => {
  assert.equal(uscc('91110000101623741'), '91110000101623741K');
});

test('system administrator: registers a secrecy bureau and a unit', async () => {
  const page = await loggedIn(browser, 'sysadmin');
  await go(page, '#/orgs', '组织机构');
  await settle(page);
  assert.ok(await page.locator('table.data tbody tr').count() >= 9);
  assert.match(await page.locator('table.data tbody tr[data-region="320100"]').innerText(), /市级[\s\S]*江苏省国家保密局/);

  // a second bureau for a region that has one is refused, naming the field
  await page.click('[data-testid=create-authority]');
  const dlg = await submitDialog(page, { name_zh: '南京市第二保密局', name_en: 'Second Nanjing Bureau', region: '320100' },
    { refused: '记录已存在' });
  assert.match(await dlg.locator('.alert-error').innerText(), /行政区划 \(region\)/);
  // a new one for Wuxi, under the Jiangsu bureau
  await submitDialog(page, { name_zh: '无锡市国家保密局', name_en: 'Wuxi Municipal Secrecy Bureau', region: '320200' });
  await expectToast(page, '无锡市国家保密局');
  const wuxi = page.locator('table.data tbody tr[data-region="320200"]');
  await wuxi.waitFor();
  assert.match(await wuxi.innerText(), /市级[\s\S]*江苏省国家保密局/);
  await shot(page, 'orgs-authorities');

  // units: a wrong check character is refused on the USCC field, a right one accepted
  await page.click('a.tab[data-tab=units]');
  await page.locator('[data-testid=create-unit]').waitFor();
  await settle(page);
  await page.click('[data-testid=create-unit]');
  const code = uscc('91320200MA7X8Y9Z0'.replace(/[IOSVZ]/g, 'A'));
  const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
  const unit = await submitDialog(page, {
    name: '无锡太湖信息安全有限公司',
    uscc: wrong,
    region: '320200',
    address: '无锡市滨湖区太湖大道 1 号',
    legal_representative: '钱伟',
    registered_on: '2019-04-01',
    phone: '0510-8000 1234',
  }, { refused: '统一社会信用代码无效' });
  assert.match(await unit.locator('.alert-error').innerText(), /统一社会信用代码 \(uscc\)/);
  assert.equal(await unit.locator('input[name=uscc]').getAttribute('aria-invalid'), 'true');
  await shot(page, 'units-uscc-error');
  await submitDialog(page, { uscc: code });
  await expectToast(page, '无锡太湖信息安全有限公司');
  await page.fill('form.filters input[name=q]', '无锡');
  await submitFilters(page);
  const row = page.locator(`table.data tbody tr[data-uscc="${code}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /320200 无锡市[\s\S]*钱伟[\s\S]*2019-04-01[\s\S]*内部/);

  // region filter matches a province and everything under it
  await page.fill('form.filters input[name=q]', '');
  await page.selectOption('form.filters select[name=region]', '440000');
  await submitFilters(page);
  await page.waitForFunction(() => [...document.querySelectorAll('table.data tbody tr td:nth-child(3)')]
    .every((td) => td.innerText.startsWith('44')));
  assert.equal(await page.locator('table.data tbody tr').count(), 2);

  await page.click('a.tab[data-tab=regions]');
  await page.locator('table.data tbody tr', { hasText: '320200' }).waitFor();
  await assertNoInlineStyles(page);
  assertClean(page, [/status of 409/, /status of 400/]);
  await page.context().close();
});

test('unit officer: edits the unit contact data, not its identity', async () => {
  const page = await loggedIn(browser, 'officer.jindun');
  await go(page, '#/orgs/units', '组织机构');
  await settle(page);
  const row = page.locator('table.data tbody tr', { hasText: '南京金盾信息技术有限公司' });
  await row.getByRole('button', { name: '编辑' }).click();
  const dlg = dialog(page);
  assert.equal(await dlg.locator('input[name=uscc]').isDisabled(), true);
  assert.equal(await dlg.locator('select[name=region]').isDisabled(), true);
  await submitDialog(page, { phone: '025-8666 1234' });
  await expectToast(page, '已保存');
  await row.locator('td', { hasText: '025-8666 1234' }).waitFor();
  assertClean(page);
  await page.context().close();
});
