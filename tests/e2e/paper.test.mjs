// paper.test.mjs - certificates a bureau issued on paper, registered into the
// register in the browser (docs/certificates.md §23), with the business clock
// pinned at 2026-07-06:
//
//   set-up (API, as a script would): two fresh units of Nanjing, of this file
//   only (no officer, so no other suite picks their certificates up);
//   approver.js registers a paper certificate of the first through the dialog
//   (a validity longer than five years is refused on its field, then fixed):
//   the row is pending and offers the registrant no Confirm; inspector.js (in
//   English) confirms it: the row links to the certificate, whose page shows
//   the paper's issue date and no application, and the public register finds
//   it by its number; a registration of the second unit (API) is rejected by
//   reviewer.js with a reason (required) and shows as rejected.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient, assertClean, assertNoInlineStyles, dialog, ensureEnabled, expectToast, fillDialog, go, launch, loggedIn,
  freshUscc, navTexts, settle, shot, submitDialog,
} from './lib.mjs';

const APPROVER = 'approver.js';
const INSPECTOR = 'inspector.js';
const REVIEWER = 'reviewer.js';
const NOW = '2026-07-06';
const PAPER = {
  scheme: 'integration',
  grade: 'B',
  categories: ['software_development', 'operation_maintenance'],
  paper_issued: '2021-08-16',
  valid_from: '2021-08-16',
  valid_until: '2026-08-15', // five years from valid_from, to the day
};

let browser;
let unitA = null; // registered through the dialog and confirmed
let unitB = null; // registered through the API and rejected
let numberA = null;
let numberB = null;
let certId = null;

/* ---------- set-up through the API ---------- */


/** client.call with the business clock at NOW, expecting status. */
async function must(client, method, path, body, status, headers = {}) {
  const r = await client.call(method, path, body, { 'X-Baomi-Test-Now': NOW, ...headers });
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function newUnit(admin, name) {
  return must(admin, 'POST', '/units', {
    name, uscc: freshUscc(), region: '320100', address: '南京市秦淮区中山南路 8 号',
    legal_representative: '陈立', registered_on: '2009-03-12', phone: '025-8000 0001',
  }, 201);
}

before(async () => {
  browser = await launch();
  await Promise.all([APPROVER, INSPECTOR, REVIEWER].map(ensureEnabled));
  const admin = new ApiClient();
  await admin.login('sysadmin');
  const tag = String(Date.now() % 1000000).padStart(6, '0');
  unitA = await newUnit(admin, `纸质证书测试单位甲${tag}`);
  unitB = await newUnit(admin, `纸质证书测试单位乙${tag}`);
  numberA = `苏密资2021第${tag}号`;
  numberB = `苏密资2021第${tag}号乙`;
});
after(async () => { await browser.close(); });

/** The row of the registration of number on the list. */
const rowOf = (page, number, state) => page.locator(`[data-testid=paper-registrations] tr[data-number="${number}"]${state ? `[data-state=${state}]` : ''}`);

test('the approver registers a paper certificate in the dialog; too long a validity is refused on its field', async () => {
  assert.ok(unitA, 'the unit made in the set-up');
  const page = await loggedIn(browser, APPROVER, { day: NOW });
  assert.ok((await navTexts(page)).includes('纸质证书登记'));
  await go(page, '#/paper', '纸质证书登记');
  await settle(page);
  await page.locator('[data-testid=register-paper]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  // the units the approver sees, ours among them; the schemes with their grades, legacy ones too
  assert.equal(await dlg.locator(`select[name=unit_id] option[value="${unitA.id}"]`).count(), 1);
  assert.equal(await dlg.locator('select[name=scheme]').inputValue(), 'integration');
  await dlg.locator('select[name=scheme]').selectOption('military');
  assert.deepEqual(await dlg.locator('select[name=grade] option').evaluateAll((o) => o.map((x) => x.value)), ['1', '2', '3']);
  await dlg.locator('select[name=scheme]').selectOption('integration');
  assert.deepEqual(await dlg.locator('select[name=grade] option').evaluateAll((o) => o.map((x) => x.value)), ['A', 'B']);
  assert.equal(await dlg.locator('input[name=categories]').count(), 8);
  for (const c of PAPER.categories) await dlg.locator(`input[name=categories][value=${c}]`).check();
  // one day more than five years: refused by the server, on the valid_until field
  await fillDialog(page, {
    unit_id: String(unitA.id),
    number: numberA,
    grade: PAPER.grade,
    paper_issued: PAPER.paper_issued,
    valid_from: PAPER.valid_from,
    valid_until: '2026-08-16',
    note: '据纸质证书档案登记，原件存档案室。',
  });
  await submitDialog(page, {}, { refused: '有效期超过' });
  await dlg.locator('input[name=valid_until][aria-invalid=true]').waitFor();
  assert.equal(await dlg.locator('.alert-error').getAttribute('data-error-code'), 'validity_too_long');
  await assertNoInlineStyles(page);
  await shot(page, 'paper-01-refused');
  await submitDialog(page, { valid_until: PAPER.valid_until });
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, `证书 ${numberA} 已登记`);
  // pending; the registrant may withdraw it (reject) but not confirm it
  const row = rowOf(page, numberA, 'pending');
  await row.waitFor();
  const text = await row.innerText();
  assert.ok(text.includes(unitA.name) && text.includes('乙级') && text.includes('2021-08-16') && text.includes('待确认'), text);
  assert.equal(await row.locator('[data-action=confirm]').count(), 0, 'no Confirm for the registrant');
  assert.equal(await row.locator('[data-action=reject]').count(), 1);
  assert.match(await row.innerText(), /本人/);
  await assertNoInlineStyles(page);
  await shot(page, 'paper-02-pending');
  assertClean(page, [/status of 422/]);
  await page.context().close();
});

test('the inspector, in English, confirms it: the certificate shows the paper date and stands in the public register', async () => {
  assert.ok(numberA, 'the registration of the first test');
  const page = await loggedIn(browser, INSPECTOR, { day: NOW, locale: 'en' });
  assert.ok((await navTexts(page)).includes('Paper certificates'));
  await go(page, '#/paper', 'Paper certificates');
  const row = rowOf(page, numberA, 'pending');
  await row.waitFor();
  assert.match(await row.innerText(), /Awaiting confirmation/);
  await row.locator('[data-action=confirm]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  const said = await dlg.innerText();
  assert.ok(said.includes(numberA) && said.includes(unitA.uscc) && said.includes('Grade B') && said.includes('Software development'), said);
  await shot(page, 'paper-03-confirm-en');
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/confirmation'));
  await dlg.locator('button[type=submit]').click();
  assert.match((await sent).headers()['if-match'], /^"v\d+"$/);
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, `Certificate ${numberA} confirmed`);
  const done = rowOf(page, numberA, 'confirmed');
  await done.waitFor();
  assert.equal(await done.locator('[data-action]').count(), 0);
  const link = done.locator('[data-testid=cert-link]');
  certId = Number((await link.getAttribute('href')).replace('#/certs/', ''));
  assert.ok(certId > 0);
  await assertNoInlineStyles(page);

  // the certificate's page: the paper's date, and no application to link to
  await link.click();
  const cert = page.locator(`[data-testid=cert-page][data-cert-id="${certId}"][data-state=valid]`);
  await cert.waitFor();
  assert.equal(await cert.locator('[data-testid=cert-number]').innerText(), numberA);
  assert.equal(await cert.locator('[data-testid=cert-paper-issued]').innerText(), PAPER.paper_issued);
  assert.match(await cert.innerText(), /Paper certificate issued/);
  assert.equal(await page.locator('[data-testid=cert-application]').count(), 0);
  await page.locator('[data-testid=cert-history]').waitFor();
  await assertNoInlineStyles(page);
  await shot(page, 'paper-04-certificate-en');

  // the registration's page says where it went
  await go(page, '#/paper', 'Paper certificates');
  await rowOf(page, numberA, 'confirmed').locator('[data-testid=paper-link]').click();
  const head = page.locator('[data-testid=paper-head][data-state=confirmed]');
  await head.waitFor();
  assert.equal(await head.locator('[data-testid=cert-link]').getAttribute('href'), `#/certs/${certId}`);
  assert.equal(await page.locator('[data-testid=paper-actions]').count(), 0);
  assertClean(page);
  await page.context().close();

  // the public register, without login, finds it by its number
  const pub = await loggedIn(browser, INSPECTOR, { day: NOW });
  await go(pub, '#/public/certs', '保密资质证书查询');
  await pub.locator('input[name=q]').fill(numberA);
  await pub.locator('form.filters button[type=submit]').click();
  const entry = pub.locator(`[data-testid=cert-register] tr[data-number="${numberA}"][data-state=valid]`);
  await entry.waitFor();
  await settle(pub);
  assert.equal(await pub.locator('[data-testid=cert-register] tbody tr[data-number]').count(), 1);
  await entry.locator('[data-testid=cert-link]').click();
  const one = pub.locator('[data-testid=public-cert][data-state=valid]');
  await one.waitFor();
  assert.equal(await one.locator('[data-testid=cert-paper-issued]').innerText(), PAPER.paper_issued);
  assert.match(await one.innerText(), /纸质证书颁发日期/);
  await assertNoInlineStyles(pub);
  await shot(pub, 'paper-05-public');
  assertClean(pub);
  await pub.context().close();
});

test('another registration is rejected by a reviewer with a reason', async () => {
  assert.ok(unitB, 'the unit made in the set-up');
  const ap = new ApiClient();
  await ap.login(APPROVER);
  const reg = await must(ap, 'POST', '/paper-registrations', {
    ...PAPER, unit_id: unitB.id, number: numberB, categories: ['overall_integration'],
  }, 201);
  assert.equal(reg.state, 'pending');

  const page = await loggedIn(browser, REVIEWER, { day: NOW });
  assert.ok((await navTexts(page)).includes('纸质证书登记'));
  await go(page, '#/paper', '纸质证书登记');
  assert.equal(await page.locator('[data-testid=register-paper]').count(), 0, 'only an approver registers');
  const row = rowOf(page, numberB, 'pending');
  await row.waitFor();
  // a reviewer is a second member of the staff: both confirm and reject
  assert.equal(await row.locator('[data-action=confirm]').count(), 1);
  await row.locator('[data-testid=paper-link]').click();
  const head = page.locator(`[data-testid=paper-head][data-paper-id="${reg.id}"][data-state=pending]`);
  await head.waitFor();
  assert.ok((await head.innerText()).includes(unitB.name));
  assert.deepEqual(await page.locator('[data-testid=paper-actions] [data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)),
    ['confirm', 'reject']);
  await page.locator('[data-testid=paper-actions] [data-action=reject]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  // the reason is required
  await submitDialog(page, {}, { refused: '' });
  await dlg.locator('textarea[name=reason][aria-invalid=true]').waitFor();
  await submitDialog(page, { reason: '证书编号与档案记载不符，请核对后重新登记。' });
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, `证书 ${numberB} 的登记已退回`);
  await page.locator('[data-testid=paper-head][data-state=rejected]').waitFor();
  assert.match(await page.locator('[data-testid=paper-head] [data-testid=paper-reason]').innerText(), /证书编号与档案记载不符/);
  assert.match(await page.locator('[data-testid=paper-state]').innerText(), /已退回/);
  assert.equal(await page.locator('[data-testid=paper-actions]').count(), 0);
  await assertNoInlineStyles(page);
  await shot(page, 'paper-06-rejected');

  // the list, filtered to the rejected ones
  await go(page, '#/paper', '纸质证书登记');
  await settle(page);
  await page.locator('[data-testid=paper-registrations] select[name=state]').selectOption('rejected');
  await page.locator('[data-testid=paper-registrations] form.filters button[type=submit]').click();
  await rowOf(page, numberB, 'rejected').waitFor();
  await settle(page);
  const states = await page.locator('[data-testid=paper-registrations] tbody tr[data-paper-id]').evaluateAll((r) => r.map((x) => x.dataset.state));
  assert.ok(states.length > 0 && states.every((s) => s === 'rejected'), states.join());
  assert.equal(await rowOf(page, numberA).count(), 0, 'the confirmed one is filtered out');
  assertClean(page);
  await page.context().close();
});

test('the approver imports a spreadsheet: a refused row is shown by its line, the corrected file registers every row', async () => {
  const admin = new ApiClient();
  await admin.login('sysadmin');
  const tag = String(Date.now() % 1000000).padStart(6, '0');
  const units = [await newUnit(admin, `纸质证书导入单位甲${tag}`), await newUnit(admin, `纸质证书导入单位乙${tag}`)];
  const head = 'unit_uscc,number,scheme,grade,categories,paper_issued,valid_from,valid_until,note';
  const line = (u, i, until) => `${u.uscc},苏密资导${tag}-${i},integration,B,software_development;operation_maintenance,2021-08-16,2021-08-16,${until},`;
  const csv = (until2) => Buffer.from(`\ufeff${head}\r\n${line(units[0], 1, '2026-08-15')}\r\n${line(units[1], 2, until2)}\r\n`, 'utf-8');

  const page = await loggedIn(browser, APPROVER, { day: NOW });
  await go(page, '#/paper', '纸质证书登记');
  await settle(page);
  await page.locator('[data-testid=import-paper]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  // the second row's validity is a day too long: the whole file is refused, that row named
  await dlg.locator('input[name=csv]').setInputFiles({ name: 'paper.csv', mimeType: 'text/csv', buffer: csv('2026-08-16') });
  await submitDialog(page, {}, { refused: '' });
  const refusal = dlg.locator('[data-testid=import-refusals] tbody tr');
  await refusal.first().waitFor();
  assert.equal(await refusal.count(), 1);
  assert.deepEqual(await refusal.first().locator('td').evaluateAll((c) => c.slice(0, 2).map((x) => x.textContent)), ['3', 'valid_until']);
  await assertNoInlineStyles(page);
  await shot(page, 'paper-07-import-refused');
  // nothing was registered
  assert.equal(await rowOf(page, `苏密资导${tag}-1`).count(), 0);
  // the corrected file: both rows pending
  await dlg.locator('input[name=csv]').setInputFiles({ name: 'paper.csv', mimeType: 'text/csv', buffer: csv('2026-08-15') });
  await submitDialog(page, {});
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, '已登记 2 张纸质证书');
  await rowOf(page, `苏密资导${tag}-1`, 'pending').waitFor();
  await rowOf(page, `苏密资导${tag}-2`, 'pending').waitFor();
  assertClean(page, [/status of 422/]);
  await page.context().close();
});
