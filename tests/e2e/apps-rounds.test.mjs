// apps-rounds.test.mjs - the other turns a case can take, on the demo cases:
// a return for correction and the unit's corrections, an objection upheld
// (the case goes back to written review), and a draft withdrawn. The cases
// are picked by state through the API, so the demo's order does not matter.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient, assertClean, BASE, expectToast, go, launch, login, newPage, shot,
} from './lib.mjs';

let browser;
let cases = [];
const officerOf = new Map(); // unit id -> login of its security officer

before(async () => {
  browser = await launch();
  const rv = new ApiClient();
  await rv.login('reviewer.js');
  cases = (await rv.call('GET', '/applications?limit=200')).body.items;
  const sa = new ApiClient();
  await sa.login('sysadmin');
  for (const a of cases) {
    if (officerOf.has(a.unit.id)) continue;
    const r = await sa.call('GET', `/users?unit_id=${a.unit.id}&role=unit_officer&limit=5`);
    if (r.body.items.length) officerOf.set(a.unit.id, r.body.items[0].login);
  }
});
after(async () => { await browser.close(); });

const dialog = (page) => page.locator('dialog.dialog[open]');

async function openCase(page, id) {
  await go(page, `#/apps/${id}`);
  await page.locator('[data-testid=case-head]').waitFor();
}

async function act(page, action, fields, nextState) {
  await page.locator(`[data-testid=action-panel] [data-action=${action}]`).click();
  const dlg = dialog(page);
  await dlg.waitFor();
  for (const [name, value] of Object.entries(fields)) await dlg.locator(`[name=${name}]`).fill(value);
  await dlg.locator('button[type=submit]').click();
  await page.locator(`[data-testid=case-head][data-state=${nextState}]`).waitFor();
}

test('written review: returned for correction with items, corrected by the unit', async () => {
  const c = cases.find((a) => a.state === 'superior_review' && officerOf.has(a.unit.id));
  assert.ok(c, 'a demo case in written review');
  let page = await newPage(browser);
  await login(page, 'reviewer.js');
  await openCase(page, c.id);
  await act(page, 'return', {
    items: '资本结构和股权情况须附最新股东名册\n涉密场所平面图须标明门禁位置',
    reason: '书面审查发现以下问题，请修改后重新提交。',
  }, 'superior_correction');
  assert.equal(await page.locator('[data-testid=case-head] [data-testid=deadline]').getAttribute('data-clock'), 'paused');
  assertClean(page);
  await page.context().close();

  page = await newPage(browser);
  await login(page, officerOf.get(c.unit.id));
  await openCase(page, c.id);
  const notice = page.locator('[data-testid=correction-notice]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /最新股东名册[\s\S]*门禁位置/);
  const row = page.locator('tr[data-material=capital_structure]');
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/materials/capital_structure'));
  await row.locator('input[type=file]').setInputFiles({
    name: '股东名册.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% register\n%%EOF\n'),
  });
  assert.equal((await answered).status(), 201);
  await row.locator('li.file-item', { hasText: '股东名册.pdf' }).waitFor();
  assert.match(await row.innerText(), /修改/);
  await shot(page, 'rounds-correction');
  await act(page, 'correct', {}, 'superior_review');
  assertClean(page);
  await page.context().close();
});

test('publicity: an objection upheld sends the case back to written review', async () => {
  const c = cases.find((a) => a.state === 'publicity');
  assert.ok(c, 'a demo case in publicity');
  // a member of the public objects, during the window
  const res = await fetch(`${BASE}/api/v1/public/publicity/${c.id}/objections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Baomi-Test-Now': c.dates.publicity_start },
    body: JSON.stringify({ name: '李四', contact: 'lisi@example.cn', text: '该单位实际控制人近期发生变更，档案未更新。' }),
  });
  assert.equal(res.status, 201);

  const page = await newPage(browser);
  await login(page, 'reviewer.js');
  await page.context().setExtraHTTPHeaders({ 'X-Baomi-Test-Now': c.dates.publicity_start });
  await go(page, `#/apps/${c.id}/objections`);
  const row = page.locator('tr[data-objection]', { hasText: '李四' });
  await row.waitFor();
  await row.locator('[data-testid=uphold-objection]').click();
  await dialog(page).locator('textarea[name=reason]').fill('经核查，实际控制人已变更，须重新审查。');
  await dialog(page).locator('button[type=submit]').click();
  await page.locator('[data-testid=case-head][data-state=superior_review]').waitFor();
  await expectToast(page, '异议已处理');
  assert.match(await page.locator('[data-testid=action-panel]').innerText(), /列入现场审查/);
  assertClean(page);
  await page.context().close();
});

test('unit officer: withdraws a draft, with a reason', async () => {
  const c = cases.find((a) => a.state === 'draft' && officerOf.has(a.unit.id));
  assert.ok(c, 'a demo draft');
  const page = await newPage(browser);
  await login(page, officerOf.get(c.unit.id));
  await openCase(page, c.id);
  await act(page, 'withdraw', { reason: '本单位决定暂缓申请。' }, 'withdrawn');
  await page.locator('a.tab[data-tab=notes]').click();
  await page.locator('[data-note=withdrawal]', { hasText: '暂缓申请' }).waitFor();
  assertClean(page);
  await page.context().close();
});
