// certs.test.mjs - a certificate from approval to public verification:
//
//   approver.js approves the demo case awaiting decision and may not confirm
//   the issuance himself; a second member of the Jiangsu bureau confirms it on
//   the case page; the case links the certificate, whose page shows its number,
//   fields and signed payload, and whose PDF link answers a PDF; the bureau's
//   list finds it by state and scheme, the unit's officer sees it among the
//   unit's own; without login, the public register finds it by number and
//   opens it; the verification page says the pasted payload is valid, and
//   names the step that failed for altered ones, in Chinese and in English;
//   the certificate's PDF and a picture of its QR code (drawn from the PDF by
//   poppler's pdftoppm) are valid too. Last, another unit's certificate is
//   suspended (through the API): the register marks it as taking no new
//   classified work, and its verification fails at the state step.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  act, ApiClient, assertClean, assertNoInlineStyles, BASE, caseIn, caseState, ensureEnabled, expectToast, go, launch, loggedIn,
  newPage, officerOf, openCase, settle, shot, submitDialog, verifyPasted,
} from './lib.mjs';

// the approver decides; another member of the same bureau confirms the issuance
const APPROVER = 'approver.js';
const CONFIRMER = 'reviewer.js';

let browser;
let c = null; // the case
let cert = null; // {id, number, payload}

before(async () => {
  browser = await launch();
  await ensureEnabled(APPROVER);
  c = await caseIn(APPROVER, 'decision');
});
after(async () => { await browser.close(); });

test('approval, then a second officer confirms the issuance; the case links the certificate', async () => {
  assert.ok(c, 'a demo case awaiting the decision');
  let page = await loggedIn(browser, APPROVER);
  await openCase(page, c.id);
  await act(page, 'approve', { reason: '符合资质条件，准予许可。' }, 'approved');
  // the one who decided does not confirm: the panel says a second officer will
  await page.locator('[data-testid=awaiting-issuance]').waitFor();
  assert.equal(await page.locator('[data-action=confirm_issuance]').count(), 0);
  assertClean(page);
  await page.context().close();

  page = await loggedIn(browser, CONFIRMER);
  await openCase(page, c.id);
  await caseState(page, 'approved');
  await page.locator('[data-testid=action-panel] [data-action=confirm_issuance]').click();
  const dlg = await submitDialog(page);
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, '已颁发');
  const link = page.locator('[data-testid=case-head] [data-testid=case-certificate]');
  await link.waitFor();
  cert = { id: Number(await link.getAttribute('data-cert-id')) };
  assert.ok(cert.id > 0);
  assert.equal(await page.locator('[data-action=confirm_issuance]').count(), 0, 'confirmed once only');
  await shot(page, 'cert-01-case-issued');

  // the certificate's page: number, fields, state, payload, the PDF
  await link.click();
  await page.locator('[data-testid=cert-page]').waitFor();
  cert.number = (await page.locator('[data-testid=cert-number]').innerText()).trim();
  assert.match(await page.locator('.page-title').innerText(), new RegExp(cert.number.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await page.locator('[data-testid=cert-page]').getAttribute('data-state'), 'valid');
  const facts = await page.locator('[data-testid=cert-facts]').innerText();
  assert.ok(facts.includes(c.unit.name), 'the unit is named');
  assert.ok(facts.includes(c.unit.uscc), 'with its USCC');
  assert.match(facts, /有效/);
  cert.payload = (await page.locator('[data-testid=cert-payload]').innerText()).trim();
  assert.match(cert.payload, /^BM1:[0-9A-Z $%*+\-./:]+$/);
  cert.pdfHref = await page.locator('[data-testid=cert-pdf]').getAttribute('href');
  assert.equal(cert.pdfHref, `/api/v1/certificates/${cert.id}/pdf`);
  await assertNoInlineStyles(page);
  await shot(page, 'cert-02-certificate');
  assertClean(page);
  await page.context().close();
});

test('the certificate page\'s "download PDF / print" link answers the PDF', async () => {
  assert.ok(cert, 'the certificate issued above');
  const page = await loggedIn(browser, CONFIRMER);
  await go(page, `#/certs/${cert.id}`);
  const link = page.locator('[data-testid=cert-pdf]');
  assert.equal((await link.innerText()).trim(), '下载 PDF / 打印证书');
  const pdf = await page.request.get(`${BASE}${await link.getAttribute('href')}`);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'], /^application\/pdf/);
  cert.pdf = await pdf.body();
  assert.equal(cert.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assertClean(page);
  await page.context().close();
});

test('the bureau list filters by state and scheme; the unit sees its own certificate', async () => {
  assert.ok(cert, 'the certificate issued above');
  let page = await loggedIn(browser, CONFIRMER);
  await go(page, '#/certs', '资质证书');
  await settle(page);
  await page.selectOption('select[name=state]', 'valid');
  await page.selectOption('select[name=scheme]', c.scheme.id);
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/certificates?'));
  await page.click('form.filters button[type=submit]');
  await answered;
  await settle(page);
  const row = page.locator(`tr[data-cert-id="${cert.id}"]`);
  await row.waitFor();
  assert.ok((await row.innerText()).includes(c.unit.name));
  assert.equal(await page.locator('tbody tr[data-state]:not([data-state=valid])').count(), 0, 'only valid ones');
  await page.selectOption('select[name=state]', 'revoked');
  await page.click('form.filters button[type=submit]');
  await row.waitFor({ state: 'detached' });
  assertClean(page);
  await page.context().close();

  const officer = await officerOf(c.unit.id);
  assert.ok(officer, 'the unit has an officer');
  page = await loggedIn(browser, officer);
  await go(page, '#/certs', '我的证书');
  await settle(page);
  await page.locator(`tr[data-cert-id="${cert.id}"]`).click();
  await page.locator('[data-testid=cert-page]').waitFor();
  assert.equal((await page.locator('[data-testid=cert-number]').innerText()).trim(), cert.number);
  assertClean(page);
  await page.context().close();
});

test('the public register finds the certificate by number, without login', async () => {
  assert.ok(cert, 'the certificate issued above');
  const page = await newPage(browser);
  await page.goto(`${BASE}/#/public/certs`);
  await page.locator('.page-title', { hasText: '保密资质证书查询' }).waitFor();
  assert.equal(await page.locator('.public-nav-link[aria-current=page]').innerText(), '资质证书查询');
  await page.fill('input[name=q]', cert.number);
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/public/certificates?'));
  await page.click('form.filters button[type=submit]');
  await answered;
  await settle(page);
  const rows = page.locator('[data-testid=cert-register] tbody tr[data-number]');
  assert.equal(await rows.count(), 1);
  const text = await rows.first().innerText();
  assert.ok(text.includes(c.unit.name) && text.includes(c.unit.uscc), text);
  assert.match(text, /有效/);
  await shot(page, 'cert-03-register');
  // the search stays in the address: the certificate, then back to the results
  await rows.first().locator('td').nth(1).click();
  await page.locator('[data-testid=public-cert]').waitFor();
  assert.equal((await page.locator('[data-testid=cert-number]').innerText()).trim(), cert.number);
  await page.goBack();
  await page.locator(`[data-testid=cert-register] tr[data-number="${cert.number}"]`).waitFor();
  assert.equal(await page.inputValue('input[name=q]'), cert.number);
  // nothing found: said so
  await page.fill('input[name=q]', 'no-such-certificate-0000');
  await page.click('form.filters button[type=submit]');
  await page.locator('[data-testid=cert-register] tr.empty-row', { hasText: '没有符合条件的证书' }).waitFor();
  await assertNoInlineStyles(page);
  assertClean(page);
  await page.context().close();
});

test('verification: the pasted payload is valid; altered ones name the step that failed', async () => {
  assert.ok(cert, 'the certificate issued above');
  const page = await newPage(browser);
  await page.goto(`${BASE}/#/public/verify`);
  await page.locator('.page-title', { hasText: '保密资质证书核验' }).waitFor();

  let v = await verifyPasted(page, cert.payload);
  assert.equal(v.body.result, 'valid');
  let text = await v.result.innerText();
  assert.match(text, /证书有效/);
  assert.ok(text.includes(cert.number) && text.includes(c.unit.name), 'the decoded certificate is shown');
  await shot(page, 'cert-04-verify-valid');

  // a wrong prefix: the first step
  v = await verifyPasted(page, `BM2:${cert.payload.slice(4)}`);
  assert.equal(v.body.result, 'bad_prefix');
  let failed = page.locator('[data-testid=verify-slot] [data-testid=verify-failed-step]');
  assert.equal(await failed.getAttribute('data-step'), 'prefix');
  assert.match(await failed.innerText(), /第 1 步“文本前缀”未通过/);

  // one character changed inside the signed data: a later step fails, named in words
  const i = Math.floor(cert.payload.length / 2);
  const swap = cert.payload[i] === 'A' ? 'B' : 'A';
  const altered = cert.payload.slice(0, i) + swap + cert.payload.slice(i + 1);
  v = await verifyPasted(page, altered);
  assert.notEqual(v.body.result, 'valid');
  const step = v.body.steps.find((s) => /fail/.test(s.outcome));
  assert.ok(step, `a failed step in ${JSON.stringify(v.body.steps)}`);
  assert.ok(['base45', 'encoding', 'signature'].includes(step.step), step.step);
  failed = page.locator('[data-testid=verify-slot] [data-testid=verify-failed-step]');
  assert.equal(await failed.getAttribute('data-step'), step.step);
  const words = { base45: 'Base45 解码', encoding: '数据格式', signature: '数字签名' }[step.step];
  assert.ok((await failed.innerText()).includes(`“${words}”未通过`), await failed.innerText());
  assert.equal(await page.locator(`[data-testid=verify-steps] li[data-step=${step.step}]`).getAttribute('data-outcome'), step.outcome);
  await shot(page, 'cert-05-verify-altered');

  // in English
  await page.locator('button.lang-switch').click();
  await page.locator('.page-title', { hasText: 'Verify a secrecy qualification certificate' }).waitFor();
  v = await verifyPasted(page, cert.payload);
  assert.match(await v.result.innerText(), /The certificate is valid/);
  v = await verifyPasted(page, `BM2:${cert.payload.slice(4)}`);
  assert.match(await page.locator('[data-testid=verify-failed-step]').innerText(), /Step 1, “text prefix”, failed/);
  await assertNoInlineStyles(page);
  assertClean(page, [/status of 4\d\d/]);
  await page.context().close();
});

test('verification of the certificate\'s PDF and of a picture of its QR code', async () => {
  assert.ok(cert && cert.pdf, 'the certificate and its PDF, from above');
  const page = await newPage(browser);
  await page.goto(`${BASE}/#/public/verify`);
  await page.locator('.page-title', { hasText: '保密资质证书核验' }).waitFor();
  const upload = async (file) => {
    const form = page.locator('[data-testid=verify-upload]');
    await form.locator('input[name=image]').setInputFiles(file);
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/public/verify'));
    await form.locator('[data-testid=verify-image]').click();
    const res = await answered;
    assert.equal(res.status(), 200, `${file.name}: ${await res.text()}`);
    assert.equal(res.request().headers()['content-type'], file.mimeType);
    await page.locator('[data-testid=verify-slot] [data-testid=verify-result][data-result=valid]').waitFor();
    assert.ok((await page.locator('[data-testid=verify-slot]').innerText()).includes(cert.number));
  };
  await upload({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: cert.pdf });
  const dir = mkdtempSync(join(tmpdir(), 'bm-cert-'));
  writeFileSync(join(dir, 'c.pdf'), cert.pdf);
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', join(dir, 'c.pdf'), join(dir, 'qr')]);
  await upload({ name: 'qr.png', mimeType: 'image/png', buffer: readFileSync(join(dir, 'qr.png')) });
  rmSync(dir, { recursive: true });
  // a file that is no picture of a code: refused, said in words
  await page.locator('[data-testid=verify-upload] input[name=image]').setInputFiles({
    name: 'blank.png', mimeType: 'image/png', buffer: Buffer.from('not a png at all'),
  });
  await page.locator('[data-testid=verify-image]').click();
  await page.locator('[data-testid=verify-upload] .alert-error', { hasText: '无法读取图片' }).waitFor();

  await assertNoInlineStyles(page);
  assertClean(page, [/status of 400/]);
  await page.context().close();
});

test('a suspended certificate: marked "no new classified work" in the register; verification names the state', async () => {
  // another unit's certificate, suspended by the approver as a script would (the API)
  const api = new ApiClient();
  await api.login(APPROVER);
  const today = (await api.call('GET', '/me')).body.today;
  const other = (await api.call('GET', '/certificates?state=valid&limit=200')).body.items
    .find((x) => x.unit_id !== c.unit.id);
  assert.ok(other, 'another valid certificate');
  // a term of 6 to 12 months: to the first day of the seventh month on
  const [y, m] = today.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + 7, 1)).toISOString().slice(0, 10);
  const r = await api.call('POST', `/certificates/${other.id}/events/suspend`,
    { reason: 'rectification_overdue', start: today, end }, { 'If-Match': `"v${other.version}"` });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  const page = await newPage(browser);
  await page.goto(`${BASE}/#/public/certs?q=${encodeURIComponent(other.number)}`);
  const row = page.locator(`[data-testid=cert-register] tr[data-number="${other.number}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-state'), 'suspended');
  assert.match(await row.locator('[data-testid=cert-state]').innerText(), /暂停[\s\S]*暂停期间不得承接新的涉密业务/);
  await shot(page, 'cert-06-register-suspended');
  await row.locator('[data-testid=cert-link]').click();
  await page.locator('[data-testid=public-cert][data-state=suspended]').waitFor();
  assert.match(await page.locator('[data-testid=public-cert] .alert-warning').innerText(), /不得签订新的涉密业务合同/);
  await page.locator('[data-testid=verify-this]').click();
  await page.locator('[data-testid=verify-slot] [data-testid=verify-result][data-result=suspended]').waitFor();
  const failed = page.locator('[data-testid=verify-slot] [data-testid=verify-failed-step]');
  assert.equal(await failed.getAttribute('data-step'), 'status');
  assert.match(await failed.innerText(), /第 10 步“证书状态”未通过：证书已被暂停/);
  // in English too
  await page.locator('button.lang-switch').click();
  await page.locator(`[data-testid=public-cert] [data-testid=no-new-work]`, { hasText: 'No new classified work' }).waitFor();
  await assertNoInlineStyles(page);
  assertClean(page);
  await page.context().close();
});
