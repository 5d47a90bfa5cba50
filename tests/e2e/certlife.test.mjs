// certlife.test.mjs - the life of an issued certificate on its page
// (docs/certificates.md §16), in the browser:
//
//   set-up (API, as a script would): the demo case that passed its on-site
//   review is taken through publicity, approval and issuance, so the
//   certificate is this file's own and no other suite's;
//   approver.js suspends it through the dialog: a term under 6 months is
//   refused on its field, a right one suspends it; the page, the history and
//   the public register say suspended; in English, reinstatement is refused
//   while the term runs and succeeds the day after it (the business clock moved
//   with X-Baomi-Test-Now); the unit's officer asks for cancellation: the
//   request is in the history, the certificate stays valid, the page says
//   that a change of grade or categories is a new application, and the unit's
//   notifications name the suspension and the reinstatement; last, the
//   approver revokes it, which asks for an explicit confirmation.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient, assertClean, assertNoInlineStyles, BASE, dialog, ensureEnabled, expectToast, fillDialog, go, launch, loggedIn,
  newPage, officerOf, shot, submitDialog,
} from './lib.mjs';

const APPROVER = 'approver.js';
const REVIEWER = 'reviewer.js';
const CONFIRMER = 'inspector.js'; // a second member of the bureau confirms the issuance

let browser;
let cert = null; // {id, number, unit_id}
let issued = null; // the day the certificate was issued: the day of the suspension
let last = null; // the suspension's last day
let after6 = null; // the day after it: reinstatement

function plusDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The last day of a 6-month term from first (docs/certificates.md §6), counted here, not by the UI. */
function sixMonthsLast(first) {
  const [y, m, d] = first.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + 6, 1));
  const len = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  if (d > len) return `${end.toISOString().slice(0, 8)}${String(len).padStart(2, '0')}`;
  return plusDays(`${end.toISOString().slice(0, 8)}${String(d).padStart(2, '0')}`, -1);
}

/** POST an application event through the API with the current version; the case after it. */
async function appEvent(api, id, ev, body, day) {
  const cur = await api.call('GET', `/applications/${id}`, undefined, { 'X-Baomi-Test-Now': day });
  assert.equal(cur.status, 200);
  const r = await api.call('POST', `/applications/${id}/events/${ev}`, body,
    { 'If-Match': `"v${cur.body.version}"`, 'X-Baomi-Test-Now': day });
  assert.equal(r.status, 200, `${ev}: ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  browser = await launch();
  await ensureEnabled(APPROVER);
  // the demo case that passed on-site review (no other suite moves it): publicity
  // today, closed the day after its window, approved and issued that day
  const rv = new ApiClient();
  await rv.login(REVIEWER);
  const today = (await rv.call('GET', '/me')).body.today;
  const apps = (await rv.call('GET', '/applications?limit=200')).body.items;
  const c = apps.find((a) => a.state === 'onsite_passed');
  assert.ok(c, 'a demo case that passed its on-site review');
  const pub = await appEvent(rv, c.id, 'open_publicity', {}, today);
  issued = plusDays(pub.dates.publicity_end, 1);
  await appEvent(rv, c.id, 'close_publicity', {}, issued);
  const ap = new ApiClient();
  await ap.login(APPROVER);
  await appEvent(ap, c.id, 'approve', { reason: '符合资质条件，准予许可。' }, issued);
  const conf = new ApiClient();
  await conf.login(CONFIRMER);
  const r = await conf.call('POST', `/applications/${c.id}/certificate`, undefined, { 'X-Baomi-Test-Now': issued });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  cert = { id: r.body.id, number: r.body.number, unit_id: r.body.unit_id };
  last = sixMonthsLast(issued);
  after6 = plusDays(last, 1);
});
after(async () => { await browser.close(); });

/** The certificate's page, waited for in state. */
async function openCert(page, state) {
  await go(page, `#/certs/${cert.id}`);
  await page.locator(`[data-testid=cert-page][data-state=${state}]`).waitFor();
  await page.locator('[data-testid=cert-history] .table-wrap:not(.is-loading)').waitFor();
}

async function publicState() {
  const res = await fetch(`${BASE}/api/v1/public/certificates/${encodeURIComponent(cert.number)}`);
  assert.equal(res.status, 200);
  return (await res.json()).state;
}

test('an approver suspends the certificate; a term under 6 months is refused on its field', async () => {
  assert.ok(cert, 'the certificate issued in the set-up');
  const page = await loggedIn(browser, APPROVER, { day: issued });
  await openCert(page, 'valid');
  const actions = page.locator('[data-testid=cert-actions]');
  assert.deepEqual(await actions.locator('[data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)),
    ['suspend', 'revoke', 'cancel']);
  await page.locator('[data-testid=cert-history] tr.empty-row', { hasText: '证书颁发以来没有变动' }).waitFor();
  assert.equal(await page.locator('[data-testid=cert-change-hint]').count(), 0, 'the hint is for the unit');

  await actions.locator('[data-action=suspend]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  // the term: from the business day, 6 months by default
  assert.equal(await dlg.locator('input[name=start]').inputValue(), issued);
  assert.equal(await dlg.locator('input[name=end]').inputValue(), last);
  assert.deepEqual(await dlg.locator('select[name=reason] option').evaluateAll((o) => o.map((x) => x.value)),
    ['', 'rectification_overdue', 'rectification_rejected']);
  // a term a day short of 6 months: the server refuses it, and the end day is marked
  await submitDialog(page, { reason: 'rectification_overdue', end: plusDays(last, -1) }, { refused: '不满足执行此操作的条件' });
  assert.match(await dlg.locator('.alert-error').innerText(), /暂停期限/);
  await dlg.locator('[data-field=suspension_length].is-invalid input[name=end]').waitFor();
  await shot(page, 'certlife-01-term-refused');
  await submitDialog(page, { end: last, note: '逾期未完成整改。' });
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, `证书 ${cert.number} 已暂停`);

  await page.locator('[data-testid=cert-page][data-state=suspended]').waitFor();
  await page.locator('[data-testid=cert-page] [data-testid=no-new-work]').waitFor();
  const row = page.locator('[data-testid=cert-history] tr[data-event=suspend]');
  await row.waitFor();
  const text = await row.innerText();
  for (const part of [issued, '暂停', '逾期未整改', '有效 → 暂停', last, APPROVER, '逾期未完成整改。']) {
    assert.ok(text.includes(part), `"${part}" in the history row: ${text}`);
  }
  assert.deepEqual(await page.locator('[data-testid=cert-actions] [data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)),
    ['reinstate', 'revoke', 'cancel']);
  await assertNoInlineStyles(page);
  await shot(page, 'certlife-02-suspended');
  assertClean(page, [/status of 422/]);
  await page.context().close();

  // the public register says so, through the API and on its page
  assert.equal(await publicState(), 'suspended');
  const anon = await newPage(browser);
  await anon.goto(`${BASE}/#/public/certs/${encodeURIComponent(cert.number)}`);
  await anon.locator('[data-testid=public-cert][data-state=suspended]').waitFor();
  assert.match(await anon.locator('[data-testid=public-cert] [data-testid=cert-state]').first().innerText(), /暂停/);
  assertClean(anon);
  await anon.context().close();
});

test('reinstatement: refused while the term runs, the certificate valid again the day after it (English)', async () => {
  assert.ok(cert, 'the certificate issued in the set-up');
  let page = await loggedIn(browser, APPROVER, { day: last, locale: 'en' });
  await openCert(page, 'suspended');
  const row = page.locator('[data-testid=cert-history] tr[data-event=suspend]');
  assert.match(await row.innerText(), /Suspension[\s\S]*Rectification overdue[\s\S]*Valid → Suspended/);
  await page.locator('[data-testid=cert-actions] [data-action=reinstate]').click();
  const dlg = await submitDialog(page, { note: 'too early' }, { refused: 'The conditions for this action are not met' });
  assert.match(await dlg.locator('.alert-error').innerText(), /Suspension served/);
  await dlg.locator('button', { hasText: 'Cancel' }).click();
  await dlg.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid=cert-page]').getAttribute('data-state'), 'suspended');
  assertClean(page, [/status of 422/]);
  await page.context().close();

  page = await loggedIn(browser, APPROVER, { day: after6, locale: 'en' });
  await openCert(page, 'suspended');
  await page.locator('[data-testid=cert-actions] [data-action=reinstate]').click();
  await submitDialog(page, { note: 'Rectification completed and verified.' });
  await expectToast(page, `Certificate ${cert.number} is valid again`);
  await page.locator('[data-testid=cert-page][data-state=valid]').waitFor();
  const back = page.locator('[data-testid=cert-history] tr[data-event=reinstate]');
  await back.waitFor();
  assert.match(await back.innerText(), new RegExp(`${after6}[\\s\\S]*Reinstatement[\\s\\S]*Suspended → Valid`));
  assert.equal(await page.locator('[data-testid=cert-page] [data-testid=no-new-work]').count(), 0);
  await assertNoInlineStyles(page);
  await shot(page, 'certlife-03-reinstated-en');
  assertClean(page);
  await page.context().close();
  assert.equal(await publicState(), 'valid');
});

test('the unit\'s officer asks for cancellation: in the history, the certificate stays valid', async () => {
  assert.ok(cert, 'the certificate issued in the set-up');
  const officer = await officerOf(cert.unit_id);
  assert.ok(officer, 'the unit has an officer');
  const page = await loggedIn(browser, officer, { day: after6 });
  await openCert(page, 'valid');
  // a change of grade or categories: a new application
  const hint = page.locator('[data-testid=cert-change-hint]');
  assert.match(await hint.innerText(), /变更资质等级或业务类别须重新提出申请/);
  assert.equal(await hint.locator('a').getAttribute('href'), '#/apps/new');
  assert.deepEqual(await page.locator('[data-testid=cert-actions] [data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)),
    ['request_cancellation']);
  await page.locator('[data-action=request_cancellation]').click();
  await submitDialog(page, { note: '本单位停止涉密业务，申请注销。' });
  await expectToast(page, `已提交证书 ${cert.number} 的注销申请`);
  const row = page.locator('[data-testid=cert-history] tr[data-event=request_cancel]');
  await row.waitFor();
  assert.match(await row.innerText(), /申请注销[\s\S]*单位申请[\s\S]*有效[\s\S]*本单位停止涉密业务/);
  assert.equal(await page.locator('[data-testid=cert-page]').getAttribute('data-state'), 'valid');
  await assertNoInlineStyles(page);
  // the unit was told of the suspension and the reinstatement, the kinds named
  await go(page, '#/notifications', '消息通知');
  await page.locator('tr[data-notification]', { hasText: '证书暂停' }).waitFor();
  await page.locator('tr[data-notification]', { hasText: '证书恢复' }).waitFor();
  assertClean(page);
  await page.context().close();
  assert.equal(await publicState(), 'valid');
});

test('revocation asks for an explicit confirmation; the history lists every event in order', async () => {
  assert.ok(cert, 'the certificate issued in the set-up');
  const page = await loggedIn(browser, APPROVER, { day: after6 });
  await openCert(page, 'valid');
  await page.locator('[data-testid=cert-actions] [data-action=revoke]').click();
  const dlg = await fillDialog(page, { reason: 'forged', note: '经查伪造证书。' });
  // not confirmed: refused in the dialog, the box marked
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.alert-error', { hasText: '请勾选确认' }).waitFor();
  await dlg.locator('[data-field=confirm_final].is-invalid').waitFor();
  await dlg.locator('input[name=confirm_final]').check();
  await shot(page, 'certlife-04-revoke-confirm');
  await dlg.locator('button[type=submit]').click();
  await expectToast(page, `证书 ${cert.number} 已吊销`);
  await page.locator('[data-testid=cert-page][data-state=revoked]').waitFor();
  assert.equal(await page.locator('[data-testid=cert-actions] [data-action]').count(), 0, 'nothing left to do');
  const rows = page.locator('[data-testid=cert-history] tbody tr');
  await page.locator('[data-testid=cert-history] tr[data-event=revoke]').waitFor();
  assert.deepEqual(await rows.evaluateAll((r) => r.map((x) => x.dataset.event)),
    ['suspend', 'reinstate', 'request_cancel', 'revoke']);
  assert.match(await page.locator('[data-testid=cert-history] tr[data-event=revoke]').innerText(), /吊销[\s\S]*伪造证书[\s\S]*有效 → 已吊销/);
  await assertNoInlineStyles(page);
  assertClean(page);
  await page.context().close();
  assert.equal(await publicState(), 'revoked');
});
