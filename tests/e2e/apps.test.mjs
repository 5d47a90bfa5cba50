// apps.test.mjs - the whole integration-qualification path through the
// browser, grade B, with a supplement round and an objection:
//
//   officer fills the unit profile (people, declarations, premises), creates
//   the application, is refused on missing materials, uploads every one,
//   checks eligibility and submits; reviewer.js requests a supplement; the
//   officer uploads and resubmits; reviewer.js accepts (paper receipt date),
//   lists for on-site review and schedules the team, picked by name
//   (reviewer.js leader, inspector.nj staff, expert.js expert), six days
//   ahead; neither the officer nor a member sees what is not theirs to do
//   (no schedule button, no sheet before the day); each member scores on the
//   day and submits; the leader signs "passed" with the unit's
//   representative; publicity opens; a member of the public objects on the
//   public page; the reviewer dismisses it; after the window the reviewer
//   closes publicity; approver.js extends the limit and approves; the officer
//   sees the decision and the notifications.
//
// The business clock is pinned with X-Baomi-Test-Now (test builds only), so
// the dates below are the same whatever day the suite runs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  act, assertClean, assertNoInlineStyles, caseState, dialog, ensureEnabled, expectToast, fillDialog, go, gotoLogin,
  launch, loggedIn, newPage, openCase, pdf, settle, shot, submitDialog, upload,
} from './lib.mjs';

const D0 = '2026-09-07'; // Monday: profile, draft, submission, supplement notice
const D1 = '2026-09-08'; // supplement handed in, accepted, listed, scheduled
const ONSITE = '2026-09-14'; // six days after the notice: scoring, signature, publicity
const OBJECT_DAY = '2026-09-15';

const UNIT = '南京金盾信息技术有限公司';
let browser;
let appId = null;
let number = null;
let publicityEnd = null;
let decideDay = null;

before(async () => {
  browser = await launch();
  // another suite disables approver.js to test that: it must act here
  await ensureEnabled('approver.js');
});
after(async () => { await browser.close(); });

/** A user's own browser, logged in, with the business clock at day. */
const as = (user, day, { locale = 'zh-CN' } = {}) => loggedIn(browser, user, { locale, day });

test('unit officer: the profile, a refused eligibility check, then people, premises and declarations', async () => {
  const page = await as('officer.jindun', D0);
  const nav = await page.locator('nav.sidenav .nav-link').allInnerTexts();
  assert.deepEqual(nav, ['首页', '我的申请', '我的证书', '年度自检', '监督检查', '泄密报告', '单位档案', '组织机构', '工作日历', '消息通知', '我的账户']);

  // a leak recorded in the history: the pre-check says the unit is not eligible, and why
  await go(page, '#/profile', '单位档案');
  await page.click('[data-testid=add-event]');
  await submitDialog(page, { kind: 'leak', occurred_on: '2026-03-02', description: '误录入的测试事项' });
  await expectToast(page, '事项已登记');
  await page.locator('[data-testid=events] tbody tr', { hasText: '2026-03-02' }).waitFor();

  await go(page, '#/apps/new', '新建资质申请');
  await page.selectOption('select[name=scheme]', 'integration');
  await page.selectOption('select[name=grade]', 'B');
  await page.click('[data-testid=check-eligibility]');
  const verdict = page.locator('[data-testid=elig-verdict]');
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute('data-eligible'), 'false');
  const leak = page.locator('[data-testid=elig-result] tr[data-condition=no_leak_1y]');
  assert.equal(await leak.getAttribute('data-result'), 'fail');
  // every line says why, and carries its source tag
  assert.match(await leak.innerText(), /不符合[\s\S]*2026-03-02[\s\S]*\[law\] Implementing Regulations Art\. 47/);
  assert.equal(await page.locator('[data-testid=elig-result] tr[data-condition=secrecy_body]').getAttribute('data-result'), 'unknown');
  await shot(page, 'app-01-eligibility-refused');

  // the event was recorded in error: remove it
  await go(page, '#/profile', '单位档案');
  await page.locator('[data-testid=events] tbody tr', { hasText: '2026-03-02' }).getByRole('button', { name: '删除' }).click();
  await submitDialog(page);
  await expectToast(page, '已删除');
  await page.locator('[data-testid=events] tr.empty-row').waitFor();

  // ownership and leadership
  await go(page, '#/profile', '单位档案');
  await page.click('[data-testid=edit-extra]');
  await submitDialog(page, {
    principal_head: '王建国',
    actual_controller: '王建国',
    registered_capital: '30000000',
    employees: '86',
    foreign_known: 'true',
    foreign_direct_bp: '0',
    foreign_indirect_bp: '0',
  });
  await expectToast(page, '已保存');
  await page.locator('[data-testid=ownership]', { hasText: '已查明' }).waitFor();

  // key people: a bad nationality code is refused on its field
  const people = [
    ['legal_representative', '王建国'], ['principal_head', '王建国'], ['actual_controller', '王建国'],
    ['senior_manager', '陈晓燕'], ['secret_related_staff', '李明'],
  ];
  for (const [role, name] of people) {
    await page.click('[data-testid=add-person]');
    let fields = { role, name };
    if (role === 'legal_representative') {
      const dlg = await submitDialog(page, { ...fields, nationality: 'C' }, { refused: '国籍 (nationality)' });
      assert.equal(await dlg.locator('input[name=nationality]').getAttribute('aria-invalid'), 'true');
      fields = { nationality: 'CN' };
    }
    const dlg = await submitDialog(page, fields);
    await expectToast(page, `人员“${name}”已保存`);
    await dlg.waitFor({ state: 'detached' });
  }
  await page.locator(`[data-testid=people] tr[data-role=secret_related_staff]`).waitFor();
  assert.equal(await page.locator('[data-testid=people] tbody tr').count(), 5);

  // premises
  await page.click('[data-testid=add-premises]');
  await submitDialog(page, { address: '南京市建邺区江东中路 100 号 8 层', tenure: 'owned', since: '2015-06-18', area: '1200' });
  await expectToast(page, '场所已添加');
  await page.locator('[data-testid=premises] tr', { hasText: '江东中路 100 号 8 层' }).waitFor();

  // declaration: a dedicated secrecy body
  await page.click('[data-testid=declare-secrecy_body-yes]');
  await submitDialog(page);
  await expectToast(page, '声明已记录');
  await page.locator('tr[data-declaration=secrecy_body] .badge', { hasText: '是' }).waitFor();
  await assertNoInlineStyles(page);
  await shot(page, 'app-02-profile');
  assertClean(page, [/status of 400/]);
  await page.context().close();
});

test('unit officer: creates the draft, is told what is missing, uploads everything and submits', async () => {
  const page = await as('officer.jindun', D0);
  await go(page, '#/apps/new', '新建资质申请');
  await page.selectOption('select[name=scheme]', 'integration');
  await page.selectOption('select[name=grade]', 'B');
  // no category: refused before asking the server, naming the field
  await page.click('[data-testid=create-app]');
  await page.locator('[data-testid=new-app-form] .alert-error', { hasText: '业务种类 (categories)' }).waitFor();
  await page.check('input[name=categories][value=software_development]');
  await page.check('input[name=categories][value=operation_maintenance]');
  await page.click('[data-testid=check-eligibility]');
  await page.locator('[data-testid=elig-verdict][data-eligible=true]').waitFor();
  assert.equal(await page.locator('[data-testid=elig-result] tr[data-result=fail]').count(), 0);
  await shot(page, 'app-03-new-eligible');
  await page.click('[data-testid=create-app]');
  await page.waitForURL(/#\/apps\/\d+\/materials$/);
  appId = Number(/#\/apps\/(\d+)\//.exec(page.url())[1]);
  await page.locator('[data-testid=case-head][data-state=draft]').waitFor();
  await settle(page);
  assert.equal(await page.locator('tr[data-material]').count(), 9);

  // submitting now is refused: the materials the refusal names are listed on the page, by name
  await act(page, 'submit');
  const report = page.locator('[data-testid=submit-report]');
  await report.locator('[data-error-code=materials_missing]').waitFor();
  const missing = report.locator('[data-testid=missing-materials] li');
  const checklist = await page.locator('tr[data-material]').evaluateAll((rows) => rows.map((r) => r.dataset.material));
  assert.deepEqual((await missing.evaluateAll((li) => li.map((x) => x.dataset.material))).sort(), checklist.sort());
  assert.equal(await report.locator('li[data-material=application_form]').innerText(), '申请书');
  assert.equal(await report.locator('li[data-material=business_licence]').innerText(), '营业执照或事业单位法人证书');
  assert.match(await report.innerText(), /申请材料 \(materials\)/);
  await shot(page, 'app-04-materials-missing');

  // a file that is no accepted document is refused on the file field
  await page.locator('tr[data-material=application_form] input[type=file]').setInputFiles({
    name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text'),
  });
  const typeErr = page.locator('.alert-error', { hasText: '文件格式不被接受' });
  await typeErr.waitFor();
  assert.match(await typeErr.innerText(), /文件 \(file\)/);

  const materials = await page.locator('tr[data-material]').evaluateAll((rows) => rows.map((r) => r.dataset.material));
  for (const m of materials) {
    await upload(page, m, pdf(m));
    await page.locator(`tr[data-material=${m}][data-present=true]`).waitFor();
  }
  // a wrong file replaced: remove it before submitting, upload the right one
  await upload(page, 'premises', pdf('premises-old-lease'));
  const old = page.locator('tr[data-material=premises] li.file-item', { hasText: 'premises-old-lease.pdf' });
  await old.locator('[data-testid=remove-file]').click();
  await submitDialog(page);
  await expectToast(page, '已删除');
  await old.waitFor({ state: 'detached' });
  await page.locator('[data-testid=mat-summary][data-complete=true]').waitFor();

  // the file comes back as it was uploaded
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('tr[data-material=application_form] a[data-testid=download]').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'application_form.pdf');

  // eligibility from the draft, then submit
  await page.click('[data-testid=check-eligibility]');
  await page.locator('[data-testid=elig-verdict][data-eligible=true]').waitFor();
  await shot(page, 'app-05-draft-complete');
  await act(page, 'submit', {}, 'submitted');
  number = (await page.locator('[data-testid=case-number]').innerText()).trim();
  assert.match(number, /^SQ-integration-2026-\d{5}$/);
  const deadline = page.locator('[data-testid=case-head] [data-testid=deadline]');
  assert.equal(await deadline.getAttribute('data-clock'), 'ok');
  assert.match(await deadline.innerText(), /受理期限：剩余 5 个工作日（2026-09-14 截止）/);
  await assertNoInlineStyles(page);
  assertClean(page, [/status of 4(00|15|22)/]);
  await page.context().close();
});

test('reviewer: finds the case in the task queue and requests a supplement', async () => {
  const page = await as('reviewer.js', D0);
  assert.deepEqual(await page.locator('nav.sidenav .nav-link').allInnerTexts(),
    ['首页', '我的待办', '申请查询', '证书管理', '纸质证书登记', '年度自检', '监督检查', '泄密报告', '组织机构', '工作日历', '消息通知', '我的账户']);
  await go(page, '#/tasks', '我的待办');
  const row = page.locator(`tr[data-app-id="${appId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /南京金盾信息技术有限公司[\s\S]*乙级[\s\S]*已提交待受理[\s\S]*受理审查[\s\S]*剩余 5 个工作日/);
  await shot(page, 'app-06-tasks');

  // the searchable list: filters by scheme, state and region
  await go(page, '#/apps', '申请查询');
  await settle(page);
  await page.selectOption('form.filters select[name=scheme]', 'integration');
  await page.selectOption('form.filters select[name=state]', 'submitted');
  await page.selectOption('form.filters select[name=region]', '320100');
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/applications?'));
  await page.click('form.filters button[type=submit]');
  await answered;
  await settle(page);
  await page.locator(`tr[data-app-id="${appId}"]`).waitFor();
  const states = await page.locator('table.data tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.state));
  assert.ok(states.every((s) => s === 'submitted'), `only submitted: ${states}`);

  await page.locator(`tr[data-app-id="${appId}"] a.app-link`).click();
  await page.locator('[data-testid=case-head][data-state=submitted]').waitFor();
  assert.match(await page.locator('[data-testid=authorities]').innerText(), /受理\s*江苏省国家保密局[\s\S]*审批决定\s*江苏省国家保密局/);
  // the submission as frozen, with its eligibility report
  await page.click('a.tab[data-tab=submission]');
  await page.locator('a.tab[data-tab=submission][aria-current=page]').waitFor();
  await page.locator('[data-testid=snapshot-unit]', { hasText: '王建国' }).waitFor();
  assert.ok(await page.locator('tr[data-condition=legal_person_3y][data-result=pass]').count() === 1);
  await shot(page, 'app-07-submission');

  // an empty item list is refused on its field; then the itemised notice
  await page.locator('[data-action=request_supplement]').click();
  await submitDialog(page, {}, { refused: '(items)' });
  await fillDialog(page, {
    items: '营业执照副本复印件须加盖单位公章\n\n近三年集成业务合同清单须附合同首页及签章页',
    reason: '材料不齐全，请一次性补正。',
  });
  await shot(page, 'app-08-supplement-dialog');
  await submitDialog(page);
  await caseState(page, 'supplement');
  await expectToast(page, '已办理');
  assert.match(await page.locator('[data-testid=case-head] [data-testid=deadline]').innerText(), /补正期限/);
  await page.click('a.tab[data-tab=notes]');
  const note = page.locator('[data-note=supplement_notice]');
  await note.waitFor();
  assert.equal(await note.locator('ol.note-items li').count(), 2);
  assertClean(page, [/status of 400/]);
  await page.context().close();
});

test('unit officer: sees the notice, uploads the supplement and hands it in', async () => {
  const page = await as('officer.jindun', D1);
  await go(page, '#/apps', '我的申请');
  await page.locator(`tr[data-app-id="${appId}"][data-state=supplement]`).waitFor();
  await page.locator('[data-testid=awaiting-unit]').waitFor();
  await openCase(page, appId);
  const notice = page.locator('[data-testid=supplement-notice]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /营业执照副本复印件须加盖单位公章[\s\S]*近三年集成业务合同清单须附合同首页及签章页/);
  // the files handed in are frozen: no remove button on them
  const licence = page.locator('tr[data-material=business_licence]');
  assert.equal(await licence.locator('[data-testid=remove-file]').count(), 0);
  assert.ok(await licence.locator('.st-frozen').count() >= 1);
  await upload(page, 'business_licence', pdf('business_licence-stamped'));
  await upload(page, 'contracts_3y', pdf('contracts_3y-with-pages'));
  assert.match(await licence.innerText(), /补正/);
  await shot(page, 'app-09-supplement-upload');
  await act(page, 'resubmit', {}, 'submitted');
  assertClean(page);
  await page.context().close();
});

test('reviewer: accepts with the paper receipt date, lists for on-site review and schedules the team', async () => {
  const page = await as('reviewer.js', D1);
  await openCase(page, appId);
  // the receipt date: not after the server's today (the test day, not this machine's)
  await page.locator('[data-testid=action-panel] [data-action=accept]').click();
  assert.equal(await dialog(page).locator('input[name=date]').getAttribute('max'), D1);
  await submitDialog(page, { date: D1 });
  await caseState(page, 'superior_review');
  const deadline = page.locator('[data-testid=case-head] [data-testid=deadline]');
  assert.match(await deadline.innerText(), /审批期限：剩余 20 个工作日/);
  await page.click('a.tab[data-tab=notes]');
  await page.locator('[data-note=acceptance_notice]', { hasText: D1 }).waitFor();

  await act(page, 'list_onsite', { opinion: '书面审查符合要求，列入现场审查。' }, 'onsite');

  // schedule: the team is picked by name among those who may sit on it, each in a seat they may take
  await page.locator('[data-action=schedule_onsite]').click();
  const dlg = await fillDialog(page, { date: '2026-09-10' });
  const find = dlg.locator('input[name=find]');
  const candidate = (name) => dlg.locator('tr[data-candidate]:not([hidden])', { hasText: name });
  const pick = async (name, seat) => {
    await find.fill(name);
    const row = candidate(name);
    await row.locator('input[name=member]').check();
    await row.locator('select[name=seat]').selectOption(seat);
  };
  await pick('孙丽', 'staff');
  await pick('何静', 'staff');
  // finding narrows the list; the chosen stay in view
  assert.equal(await dlg.locator('tr[data-candidate]:not([hidden])').count(), 2);
  await pick('郑华', 'expert');
  // an expert may only sit as an expert
  assert.deepEqual(await candidate('郑华').locator('select[name=seat] option').evaluateAll((o) => o.map((x) => x.value)), ['expert']);
  // no leader: refused before asking the server
  await submitDialog(page, {}, { refused: '审查组须有且只有一名组长' });
  await candidate('孙丽').locator('select[name=seat]').selectOption('leader');
  // too early a date is refused on the date field
  await submitDialog(page, {}, { refused: '日期 (date)' });
  assert.equal(await dlg.locator('input[name=date]').getAttribute('aria-invalid'), 'true');
  await fillDialog(page, { date: ONSITE, find: '' });
  assert.match(await dlg.locator('[data-testid=team-count]').innerText(), /已选 3 人：组长 1 人，组员 1 人，专家 1 人/);
  await shot(page, 'app-10-schedule');
  await submitDialog(page);
  await expectToast(page, `现场审查已安排在 ${ONSITE}`);
  await page.locator('[data-testid=onsite-date]', { hasText: ONSITE }).waitFor();
  assert.match(await page.locator('[data-testid=onsite-team]').innerText(), /组长[\s\S]*reviewer\.js[\s\S]*组员[\s\S]*inspector\.nj[\s\S]*专家[\s\S]*expert\.js/);
  // scoring opens on the day: no sheet before it
  await page.locator('[data-testid=sheet-later]', { hasText: ONSITE }).waitFor();
  assert.equal(await page.locator('[data-testid=sheet-form]').count(), 0);
  assertClean(page, [/status of 422/]);
  await page.context().close();
});

test('before the on-site day: the officer may not schedule, a member may not score yet', async () => {
  let page = await as('officer.jindun', D1);
  await openCase(page, appId);
  await caseState(page, 'onsite');
  await page.locator('[data-testid=action-panel] [data-action=withdraw]').waitFor();
  assert.equal(await page.locator('[data-action=schedule_onsite]').count(), 0);
  assertClean(page);
  await page.context().close();

  page = await as('inspector.nj', D1);
  await openCase(page, appId, 'onsite');
  await page.locator('[data-testid=sheet-later]').waitFor();
  assert.equal(await page.locator('[data-testid=sheet-form]').count(), 0);
  assert.equal(await page.locator('[data-action=schedule_onsite]').count(), 0);
  assertClean(page);
  await page.context().close();
});

/** Fill every item of the sheet: the maximum less `less`, never below 0. */
async function fillSheet(page, less) {
  const inputs = page.locator('[data-testid=sheet-form] input.score-input');
  const n = await inputs.count();
  for (let i = 0; i < n; i += 1) {
    const max = Number(await inputs.nth(i).getAttribute('max'));
    await inputs.nth(i).fill(String(Math.max(0, max - (max > 5 ? less : 0))));
  }
  return n;
}

test('on-site day: each member scores and submits; others\' sheets only after one\'s own', async () => {
  // the expert (in English): a draft first, then the whole sheet
  let page = await as('expert.js', ONSITE, { locale: 'en-US' });
  await go(page, '#/tasks', 'My tasks');
  await page.locator(`tr[data-app-id="${appId}"]`).waitFor();
  await openCase(page, appId, 'onsite');
  await page.locator('[data-testid=sheet-form]').waitFor();
  await page.locator('[data-testid=sheet-form] input[name=score_rules_complete]').fill('99');
  await page.locator('[data-testid=sheet-save]').click();
  await page.locator('[data-testid=sheet-form] .alert-error', { hasText: '(scores)' }).waitFor();
  await page.locator('[data-testid=sheet-form] input[name=score_rules_complete]').fill('7');
  await page.locator('[data-testid=sheet-save]').click();
  await expectToast(page, 'Draft sheet saved');
  await page.locator('[data-testid=sheet-form] input[name=score_rules_complete]').waitFor();
  assert.equal(await page.locator('[data-testid=sheet-form] input[name=score_rules_complete]').inputValue(), '7');
  assert.match(await page.locator('[data-testid=onsite-team]').innerText(), /Visible after you submit yours/);
  const items = await fillSheet(page, 1);
  assert.equal(items, 17);
  assert.match(await page.locator('[data-testid=sheet-total]').innerText(), /^\d+ \/ 100$/);
  await shot(page, 'app-11-en-sheet');
  await page.locator('[data-testid=sheet-submit]').click();
  await submitDialog(page);
  await page.locator('.alert-success', { hasText: 'Your sheet is submitted' }).waitFor();
  await page.locator('[data-testid=sheets-matrix]').waitFor();
  assertClean(page, [/status of 400/]);
  await page.context().close();

  for (const [user, less] of [['inspector.nj', 2], ['reviewer.js', 1]]) {
    page = await as(user, ONSITE);
    await openCase(page, appId, 'onsite');
    // the leader is offered no outcome while a sheet is outstanding
    assert.equal(await page.locator('[data-testid=action-panel] [data-action^=onsite_]').count(), 0);
    await fillSheet(page, less);
    await page.locator('[data-testid=sheet-submit]').click();
    await submitDialog(page);
    await page.locator('.alert-success', { hasText: '您已提交评分表' }).waitFor();
    await page.locator('[data-testid=sheets-matrix]').waitFor();
    if (user !== 'reviewer.js') await page.context().close();
  }

  // the leader sees every sheet and the aggregate, then signs with the unit's representative
  // on-site time does not count against the decision limit
  assert.equal(await page.locator('[data-testid=case-head] [data-testid=deadline]').getAttribute('data-clock'), 'paused');
  const agg = page.locator('[data-testid=aggregate]');
  await agg.waitFor();
  assert.equal(await agg.getAttribute('data-outcome'), 'pass');
  assert.equal(await page.locator('[data-testid=sheets-matrix] thead th').count(), 5);
  // only the outcome the sheets give is offered
  const outcomes = await page.locator('[data-testid=action-panel] [data-action^=onsite_]').evaluateAll((b) => b.map((x) => x.dataset.action));
  assert.deepEqual(outcomes, ['onsite_pass']);
  await shot(page, 'app-12-aggregate');
  await act(page, 'onsite_pass', { opinion: '经现场审查，该单位保密管理制度健全、落实到位，现场审查合格。', representative: '王建国' }, 'onsite_passed');
  await page.click('a.tab[data-tab=onsite]');
  await page.locator('[data-testid=onsite-opinion]', { hasText: '王建国' }).waitFor();

  // publicity opens today: the server's day (the test day), not this machine's
  await page.locator('[data-testid=action-panel] [data-action=open_publicity]').click();
  assert.equal(await dialog(page).locator('input[name=date]').inputValue(), ONSITE);
  await submitDialog(page);
  await caseState(page, 'publicity');
  await page.click('a.tab[data-tab=overview]');
  const progress = await page.locator('[data-testid=app-progress]').innerText();
  const m = /(\d{4}-\d{2}-\d{2}) — (\d{4}-\d{2}-\d{2})/.exec(progress);
  assert.ok(m, `publicity window shown: ${progress}`);
  publicityEnd = m[2];
  assert.match(await page.locator('[data-testid=action-panel]').innerText(), new RegExp(`${publicityEnd} 届满`));
  assertClean(page);
  await page.context().close();
});

test('public page: anyone files an objection without logging in', async () => {
  const page = await newPage(browser, { locale: 'zh-CN' });
  await page.context().setExtraHTTPHeaders({ 'X-Baomi-Test-Now': OBJECT_DAY });
  await gotoLogin(page);
  await page.click('[data-testid=public-link]');
  await page.locator('.page-title', { hasText: '保密资质审查公示' }).waitFor();
  const row = page.locator(`tr[data-app-id="${appId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`${number}[\\s\\S]*${UNIT}[\\s\\S]*涉密信息系统集成资质[\\s\\S]*乙级[\\s\\S]*软件开发、运行维护`));
  await row.locator('[data-testid=object]').click();
  await submitDialog(page, { name: '张三' }, { refused: '联系方式' });
  await fillDialog(page, { contact: '13800000000', text: '据了解，该单位 2025 年曾将涉密项目分包给无资质单位，请核查。' });
  await shot(page, 'app-13-public-objection');
  await submitDialog(page);
  await page.locator('[data-testid=objection-receipt] .alert-success', { hasText: '异议已收到' }).waitFor();
  await assertNoInlineStyles(page);
  // the same page in English
  await page.locator('button.lang-switch').click();
  await page.locator('.page-title', { hasText: 'Secrecy qualification publicity' }).waitFor();
  const enRow = page.locator(`tr[data-app-id="${appId}"]`, { hasText: 'Grade B' });
  await enRow.waitFor();
  assert.match(await enRow.innerText(), /Classified information system integration qualification[\s\S]*Software development, Operation and maintenance/);
  await shot(page, 'app-14-en-public');
  await page.locator('button.lang-switch').click();
  await page.locator('.page-title', { hasText: '保密资质审查公示' }).waitFor();
  assertClean(page, [/status of 400/]);
  await page.context().close();
});

test('reviewer: dismisses the objection, closes publicity after the window', async () => {
  let page = await as('reviewer.js', OBJECT_DAY);
  await openCase(page, appId, 'objections');
  const row = page.locator('tr[data-objection]', { hasText: '张三' });
  await row.waitFor();
  assert.match(await row.innerText(), /13800000000[\s\S]*分包[\s\S]*待处理/);
  await row.locator('[data-testid=dismiss-objection]').click();
  await submitDialog(page, { reason: '经核查，相关项目系总包合同内分工，不属于违规分包，异议不成立。' });
  await expectToast(page, '异议已处理');
  await page.locator('tr[data-objection] .badge', { hasText: '已驳回' }).waitFor();
  // still in the window: closing is not offered
  assert.equal(await page.locator('[data-action=close_publicity]').count(), 0);
  await shot(page, 'app-15-objection-dismissed');
  await page.context().close();

  const afterWindow = new Date(`${publicityEnd}T00:00:00Z`);
  afterWindow.setUTCDate(afterWindow.getUTCDate() + 1);
  const day = afterWindow.toISOString().slice(0, 10);
  page = await as('reviewer.js', day);
  await openCase(page, appId);
  await act(page, 'close_publicity', {}, 'decision');
  assertClean(page);
  await page.context().close();
  decideDay = day;
});

test('approver: extends the decision limit, then approves; the officer sees the decision', async () => {
  const day = decideDay;
  let page = await as('approver.js', day, { locale: 'en-US' });
  await go(page, '#/tasks', 'My tasks');
  await page.locator(`tr[data-app-id="${appId}"]`).waitFor();
  await openCase(page, appId);
  await page.locator('[data-action=extend]').click();
  await submitDialog(page, { working_days: '11', reason: 'Expert opinion on the subcontracting question pending.' },
    { refused: '(working_days)' });
  await submitDialog(page, { working_days: '5' });
  await expectToast(page, 'The decision limit is extended');
  await page.locator('[data-testid=case-head]').waitFor();
  await shot(page, 'app-16-en-decision');
  await act(page, 'approve', { reason: '符合《涉密信息系统集成资质管理办法》规定的条件，准予许可。' }, 'approved');
  await page.locator('[data-testid=decision]').waitFor();
  assertClean(page, [/status of 422/]);
  await page.context().close();

  // the officer: approved, with the decision, and the notifications
  page = await as('officer.jindun', day);
  const unread = Number(await page.locator('[data-testid=unread-count]').getAttribute('data-count'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=unread-count]').dataset.count) > 0);
  await go(page, '#/apps', '我的申请');
  const row = page.locator(`tr[data-app-id="${appId}"]`);
  await row.locator('.badge', { hasText: '准予许可' }).waitFor();
  await openCase(page, appId);
  await caseState(page, 'approved');
  const decision = await page.locator('[data-testid=decision]').innerText();
  assert.match(decision, /准予许可[\s\S]*乙级[\s\S]*软件开发、运行维护[\s\S]*符合《涉密信息系统集成资质管理办法》/);
  assert.match(await page.locator('[data-testid=no-actions]').innerText(), /已办结/);
  await shot(page, 'app-17-approved');
  await openCase(page, appId, 'timeline');
  await page.locator('[data-testid=timeline] tbody tr[data-event=approve]').waitFor();
  const events = await page.locator('[data-testid=timeline] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.event));
  for (const ev of ['application.create', 'submit', 'request_supplement', 'resubmit', 'accept', 'list_onsite',
    'application.onsite_schedule', 'application.sheet_submit', 'onsite_pass', 'open_publicity', 'objection.resolve',
    'close_publicity', 'application.extend', 'approve']) {
    assert.ok(events.includes(ev), `timeline has ${ev}: ${events}`);
  }
  await shot(page, 'app-18-timeline');

  await go(page, '#/notifications', '消息通知');
  await settle(page);
  assert.ok(await page.locator('tr.row-unread').count() >= 1);
  assert.match(await page.locator('table.data').innerText(), new RegExp(number));
  await shot(page, 'app-19-notifications');
  await page.click('[data-testid=mark-all-read]');
  await expectToast(page, '全部通知已标为已读');
  await page.locator('[data-testid=unread-line][data-unread="0"]').waitFor();
  await page.locator('[data-testid=unread-count][data-count="0"]').waitFor();
  assert.ok(unread >= 0);
  assertClean(page);
  await page.context().close();
});
