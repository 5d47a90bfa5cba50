// apps-rounds.test.mjs - the other turns a case can take, on the demo cases:
// a return for correction and the unit's corrections, an objection upheld
// (the case goes back to written review), and a draft withdrawn. The cases
// are picked by state through the API, so the demo's order does not matter.
// Drafts are the unit's own (bureau staff do not see them): a draft is looked
// for among the unit officers' own applications.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  act, ApiClient, assertClean, BASE, caseState, expectToast, launch, loggedIn, openCase, pdf, shot, submitDialog,
  upload,
} from './lib.mjs';

let browser;
let cases = [];
const officerOf = new Map(); // unit id -> login of its security officer
let draft = null; // {c, officer}: a demo draft and the officer of its unit

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
  const officers = (await sa.call('GET', '/users?role=unit_officer&limit=200')).body.items;
  for (const o of officers) {
    if (o.disabled || o.must_change_password) continue;
    const unit = new ApiClient();
    await unit.login(o.login);
    const c = (await unit.call('GET', '/applications?limit=200')).body.items.find((a) => a.state === 'draft');
    if (c) {
      draft = { c, officer: o.login };
      break;
    }
  }
});
after(async () => { await browser.close(); });

test('written review: returned for correction with items, corrected by the unit', async () => {
  const c = cases.find((a) => a.state === 'superior_review' && officerOf.has(a.unit.id));
  assert.ok(c, 'a demo case in written review');
  let page = await loggedIn(browser, 'reviewer.js');
  await openCase(page, c.id);
  await act(page, 'return', {
    items: '资本结构和股权情况须附最新股东名册\n涉密场所平面图须标明门禁位置',
    reason: '书面审查发现以下问题，请修改后重新提交。',
  }, 'superior_correction');
  assert.equal(await page.locator('[data-testid=case-head] [data-testid=deadline]').getAttribute('data-clock'), 'paused');
  assertClean(page);
  await page.context().close();

  page = await loggedIn(browser, officerOf.get(c.unit.id));
  await openCase(page, c.id);
  const notice = page.locator('[data-testid=correction-notice]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /最新股东名册[\s\S]*门禁位置/);
  const row = page.locator('tr[data-material=capital_structure]');
  await upload(page, 'capital_structure', pdf('股东名册'));
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

  const page = await loggedIn(browser, 'reviewer.js', { day: c.dates.publicity_start });
  await openCase(page, c.id, 'objections');
  const row = page.locator('tr[data-objection]', { hasText: '李四' });
  await row.waitFor();
  await row.locator('[data-testid=uphold-objection]').click();
  await submitDialog(page, { reason: '经核查，实际控制人已变更，须重新审查。' });
  await caseState(page, 'superior_review');
  await expectToast(page, '异议已处理');
  assert.match(await page.locator('[data-testid=action-panel]').innerText(), /列入现场审查/);
  assertClean(page);
  await page.context().close();
});

test('unit officer: withdraws a draft, with a reason', async () => {
  assert.ok(draft, 'a demo draft');
  const page = await loggedIn(browser, draft.officer);
  await openCase(page, draft.c.id);
  await act(page, 'withdraw', { reason: '本单位决定暂缓申请。' }, 'withdrawn');
  await page.locator('a.tab[data-tab=notes]').click();
  await page.locator('[data-note=withdrawal]', { hasText: '暂缓申请' }).waitFor();
  assertClean(page);
  await page.context().close();
});
