// annual.test.mjs - the annual examination of issued certificates, in the
// browser (docs/certificates.md §20-21), with the business clock in 2027:
//
//   (a) a unit's officer finds the report her certificate owes for 2026 and its
//   due day, starts it, answers the thirteen areas, attaches a PDF and submits
//   it; the inspector (in English) asks for rectification with a finding whose
//   deadline the server sets; the officer answers with evidence; the inspector
//   sends the answer back with a note, the officer answers again; the inspector
//   verifies the finding and the report passes by itself.
//   (b) another certificate's report is never filed: the scheduler, run as cron
//   runs it (`baomi jobs run --now DAY --data DIR`, the server still serving),
//   proposes its cancellation; the approver confirms it on the cancellation
//   page; the public register, without login, shows the certificate cancelled.
//
// Runs last (tests/e2e/run.sh): it loads 2027's calendar if it is missing and
// cancels certificates.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  ApiClient, assertClean, assertNoInlineStyles, BASE, dialog, ensureEnabled, expectToast, go, launch, loggedIn,
  navTexts, newPage, officerOf, pdf, shot, Y2027,
} from './lib.mjs';

const INSPECTOR = 'inspector.js';
const APPROVER = 'approver.js';
const YEAR = 2026;
const FILED = '2027-01-15'; // the report is written (2026 is over)
const REVIEWED = '2027-01-20'; // the inspector's review: the default deadline is 20 days on
const ANSWERED = '2027-01-25';
const AFTER_DUE = '2027-04-02'; // the due day, 31 March 2027, has passed
const AREA_COUNT = 13;


let browser;
let certA = null; // (a): {id, number, unit_id, officer}
let certB = null; // (b)
let reportId = null;

before(async () => {
  browser = await launch();
  await Promise.all([INSPECTOR, APPROVER].map(ensureEnabled));
  const admin = new ApiClient();
  await admin.login('sysadmin');
  const years = await admin.call('GET', '/calendar/years');
  assert.equal(years.status, 200);
  if (!years.body.items.some((y) => y.year === 2027)) {
    const r = await fetch(`${BASE}/api/v1/calendar/years/2027`, {
      method: 'PUT',
      headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify(Y2027),
    });
    assert.ok(r.status === 200 || r.status === 201, `2027 calendar loaded: ${r.status}`);
  }
  // two standing certificates of the inspector's bureau, of two units with an officer
  const insp = new ApiClient();
  await insp.login(INSPECTOR);
  const r = await insp.call('GET', '/certificates?limit=200');
  assert.equal(r.status, 200);
  const seen = new Set();
  const picked = [];
  for (const c of r.body.items.filter((x) => ['valid', 'suspended'].includes(x.state) && x.valid_from <= `${YEAR}-12-31`)) {
    if (seen.has(c.unit_id)) continue;
    seen.add(c.unit_id);
    const officer = await officerOf(c.unit_id);
    if (officer) picked.push({ ...c, officer });
    if (picked.length === 2) break;
  }
  [certA, certB] = picked;
});
after(async () => { await browser.close(); });

test('(a) report, rectification with a finding, answer with evidence, verified: the report passes', async () => {
  assert.ok(certA, 'a certificate of the Jiangsu bureau with a unit officer');
  // the unit's officer: what is owed, and by when
  let page = await loggedIn(browser, certA.officer, { day: FILED });
  assert.ok((await navTexts(page)).includes('年度自检'));
  await go(page, '#/annual', '年度自检报告');
  await page.locator('[data-testid=owed-due]', { hasText: '2027-03-31' }).waitFor();
  const owed = page.locator(`[data-testid=owed] tr[data-cert-id="${certA.id}"]`);
  await owed.waitFor();
  assert.match(await owed.innerText(), /2027-03-31[\s\S]*尚未填写/);
  await owed.locator('[data-testid=start-report]').click();
  const head = page.locator('[data-testid=report-head]');
  await head.waitFor();
  await page.locator('[data-testid=report-head][data-state=draft]').waitFor();
  reportId = Number(await head.getAttribute('data-report-id'));
  assert.ok(reportId > 0);
  assert.match(await page.locator('.page-title').innerText(), new RegExp(`${certA.number}.*${YEAR}`));

  // the thirteen areas: "partly" needs its explanation
  const form = page.locator('[data-testid=answers-form]');
  assert.equal(await form.locator('fieldset[data-area]').count(), AREA_COUNT);
  for (const area of await form.locator('fieldset[data-area]').evaluateAll((els) => els.map((e) => e.dataset.area))) {
    await form.locator(`select[name=status_${area}]`).selectOption(area === 'training' ? 'partly' : 'compliant');
  }
  await form.locator('[data-testid=save-report]').click();
  // refused by the server, the field named
  await form.locator('.alert-error').waitFor();
  await form.locator('textarea[name=text_training][aria-invalid=true]').waitFor();
  await form.locator('textarea[name=text_training]').fill('培训记录不全，已安排补训。');
  await form.locator('[data-testid=save-report]').click();
  await expectToast(page, '草稿已保存');
  await page.locator('[data-testid=answers-form] select[name=status_training]').waitFor();
  assert.equal(await page.locator('select[name=status_training]').inputValue(), 'partly');

  // an attachment, sealed on the server
  const answered = page.waitForResponse((res) => res.request().method() === 'POST' && res.url().includes(`/annual-reports/${reportId}/files`));
  await page.locator('[data-testid=attach-input]').setInputFiles(pdf('自检报告'));
  assert.equal((await answered).status(), 201);
  await page.locator('[data-testid=report-files] li.file-item', { hasText: '自检报告.pdf' }).waitFor();
  await assertNoInlineStyles(page);
  await shot(page, 'annual-01-draft');

  await page.locator('[data-testid=submit-report]').click();
  await page.locator('[data-testid=report-head][data-state=submitted]').waitFor();
  assert.equal(await page.locator('[data-testid=answers-form]').count(), 0, 'no more editing');
  assert.equal(await page.locator('[data-testid=answers] tr[data-area=training][data-status=partly]').count(), 1);
  assertClean(page, [/status of 400/]);
  await page.context().close();

  // the inspector, in English: the reports to review, then rectification with a finding
  page = await loggedIn(browser, INSPECTOR, { day: REVIEWED, locale: 'en' });
  await go(page, '#/annual', 'Annual reports');
  const row = page.locator(`tr[data-report-id="${reportId}"][data-state=submitted]`);
  await row.waitFor();
  await row.locator('[data-testid=report-link]').click();
  const review = page.locator('[data-testid=review-form]');
  await review.waitFor();
  await review.locator('select[name=decision]').selectOption('rectify');
  const f = review.locator('[data-testid=finding-new]').first();
  await f.waitFor();
  await f.locator('select[name=f_area]').selectOption('training');
  await f.locator('select[name=f_severity]').selectOption('major');
  await f.locator('textarea[name=f_requirement]').fill('保密教育培训记录应完整（每人每年不少于规定学时）。');
  // the deadline left empty: the server's default
  assert.match(await f.innerText(), /20 days after today/);
  await shot(page, 'annual-02-review-en');
  await review.locator('[data-testid=review-submit]').click();
  await expectToast(page, 'Rectification requested');
  await page.locator('[data-testid=report-head][data-state=rectify]').waitFor();
  const card = page.locator('[data-testid=finding][data-state=open]');
  await card.waitFor();
  const cardText = await card.innerText();
  // 20 days after 20 January 2027 is 9 February, in the Spring Festival: the next working day
  assert.match(cardText, /2027-02-12/);
  assert.match(cardText, /Major/);
  assert.equal(await card.locator('[data-testid=verify]').count(), 0, 'nothing to verify before the answer');
  assertClean(page);
  await page.context().close();

  // the unit answers with evidence
  page = await loggedIn(browser, certA.officer, { day: ANSWERED });
  await go(page, `#/annual/${reportId}`);
  const open = page.locator('[data-testid=finding][data-state=open]');
  await open.waitFor();
  const up = page.waitForResponse((res) => res.request().method() === 'POST' && /\/findings\/\d+\/files/.test(res.url()));
  await open.locator('[data-testid=evidence-input]').setInputFiles(pdf('培训签到表'));
  assert.equal((await up).status(), 201);
  await page.locator('[data-testid=finding] [data-testid=evidence] li', { hasText: '培训签到表.pdf' }).waitFor();
  await page.locator('[data-testid=finding] textarea[name=response]').fill('已补训全体涉密人员并补全培训记录，签到表附后。');
  await page.locator('[data-testid=finding] [data-testid=respond]').click();
  await expectToast(page, '整改情况已提交');
  await page.locator('[data-testid=finding][data-state=responded]').waitFor();
  assert.equal(await page.locator('[data-testid=finding] [data-testid=respond]').count(), 0);
  await shot(page, 'annual-03-responded');
  assertClean(page);
  await page.context().close();

  // the inspector sends the first answer back (a rejection needs its note)
  page = await loggedIn(browser, INSPECTOR, { day: ANSWERED });
  await go(page, `#/annual/${reportId}`);
  await page.locator('[data-testid=finding][data-state=responded] [data-testid=reject]').click();
  let dlg = dialog(page);
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.alert-error').waitFor();
  await dlg.locator('textarea[name=note]').fill('签到表缺少培训学时记录，请补充。');
  await dlg.locator('button[type=submit]').click();
  await expectToast(page, '已退回');
  await page.locator('[data-testid=finding][data-state=rejected]').waitFor();
  assert.equal(await page.locator('[data-testid=report-head]').getAttribute('data-state'), 'rectify');
  assertClean(page);
  await page.context().close();

  // the unit reads why and answers again
  page = await loggedIn(browser, certA.officer, { day: ANSWERED });
  await go(page, `#/annual/${reportId}`);
  const rejected = page.locator('[data-testid=finding][data-state=rejected]');
  await rejected.waitFor();
  assert.match(await rejected.innerText(), /签到表缺少培训学时记录/);
  await rejected.locator('textarea[name=response]').fill('已补充每人培训学时记录（见签到表第二页）。');
  await rejected.locator('[data-testid=respond]').click();
  await page.locator('[data-testid=finding][data-state=responded]').waitFor();
  assertClean(page);
  await page.context().close();

  // the inspector verifies: the last finding verified, the report passes
  page = await loggedIn(browser, INSPECTOR, { day: ANSWERED });
  await go(page, `#/annual/${reportId}`);
  const responded = page.locator('[data-testid=finding][data-state=responded]');
  await responded.waitFor();
  assert.match(await responded.innerText(), /已补充每人培训学时记录/);
  await responded.locator('[data-testid=evidence] li', { hasText: '培训签到表.pdf' }).waitFor();
  await responded.locator('[data-testid=verify]').click();
  await expectToast(page, '已确认整改完成');
  await page.locator('[data-testid=finding][data-state=verified]').waitFor();
  await page.locator('[data-testid=report-head][data-state=passed]').waitFor();
  assert.match(await page.locator('[data-testid=report-state]').innerText(), /通过/);
  await shot(page, 'annual-04-passed');
  assertClean(page);
  await page.context().close();
});

test('(b) a missing report: the scheduler proposes, the approver confirms, the register shows it cancelled', async (t) => {
  assert.ok(certB, 'a second certificate of the bureau, of another unit');
  const bin = process.env.BAOMI_BIN;
  const data = process.env.BAOMI_E2E_DATA;
  if (!bin || !data) {
    t.skip('needs BAOMI_BIN and BAOMI_E2E_DATA (tests/e2e/run.sh sets them) to run the scheduler');
    return;
  }
  // the unit sees the report overdue
  let page = await loggedIn(browser, certB.officer, { day: AFTER_DUE });
  await go(page, '#/annual', '年度自检报告');
  await page.locator(`[data-testid=owed] tr[data-cert-id="${certB.id}"] [data-testid=overdue]`).waitFor();
  assertClean(page);
  await page.context().close();

  // the scheduler, as cron runs it beside the server
  const out = execFileSync(bin, ['jobs', 'run', '--now', AFTER_DUE, '--data', data], { encoding: 'utf8' });
  const m = /annual: (\d+) cancellations proposed/.exec(out);
  assert.ok(m, out);
  assert.ok(Number(m[1]) >= 1, out);

  page = await loggedIn(browser, APPROVER, { day: AFTER_DUE });
  assert.ok((await navTexts(page)).includes('注销提请'));
  await go(page, '#/cancellations', '注销提请');
  const row = page.locator(`[data-testid=proposals] tr[data-number="${certB.number}"][data-state=pending]`);
  await row.waitFor();
  assert.match(await row.innerText(), /逾期未提交年度自检报告/);
  // the report (a) passed: nothing proposed for it
  assert.equal(await page.locator(`[data-testid=proposals] tr[data-number="${certA.number}"]`).count(), 0);
  await shot(page, 'annual-05-proposals');
  await row.locator('[data-testid=confirm-cancel]').click();
  const dlg = dialog(page);
  await dlg.locator('textarea[name=note]').fill('逾期未报，依规注销。');
  await dlg.locator('button[type=submit]').click();
  await expectToast(page, `证书 ${certB.number} 已注销`);
  await row.waitFor({ state: 'detached' });
  await page.selectOption('[data-testid=proposals] select[name=state]', 'confirmed');
  await page.click('[data-testid=proposals] form.filters button[type=submit]');
  await page.locator(`[data-testid=proposals] tr[data-number="${certB.number}"][data-state=confirmed]`).waitFor();
  await assertNoInlineStyles(page);
  assertClean(page);
  await page.context().close();

  // the public register, no login
  page = await newPage(browser);
  await page.goto(`${BASE}/#/public/certs/${encodeURIComponent(certB.number)}`);
  await page.locator('[data-testid=public-cert][data-state=cancelled]').waitFor();
  assert.match(await page.locator('[data-testid=cert-state]').first().innerText(), /注销/);
  await shot(page, 'annual-06-public-cancelled');
  assertClean(page);
  await page.context().close();
});
