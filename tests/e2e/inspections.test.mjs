// inspections.test.mjs - bureau inspections, sanction proposals and leak
// reports in the browser (docs/certificates.md §22):
//
//   set-up (API, as a script would): a fresh unit with its own officer is
//   walked to an issued certificate (draft, materials, submission, acceptance,
//   on-site review, publicity, approval, issuance), with the business clock
//   pinned, so the certificate is this file's own and no other suite's;
//   inspector.js plans an inspection through the dialog and starts it, records
//   two findings, concludes -> rectifying; the unit's officer answers both;
//   the inspector verifies one and rejects the other -> a sanction proposal is
//   pending on the sanctions page; the inspector amends it (suspend 8 months;
//   5 months is refused on its field); approver.js (in English) accepts it:
//   the certificate page says suspended; the officer reports a leak (not late)
//   and the inspector finds the inspection it opened.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiClient, assertClean, assertNoInlineStyles, BASE, dialog, ensureEnabled, expectToast, fillDialog, go, launch,
  freshUscc, loggedIn, navTexts, pdf, shot, submitDialog,
} from './lib.mjs';

const INSPECTOR = 'inspector.js';
const APPROVER = 'approver.js';
const START = '2026-10-19'; // a Monday: the application is filed
const TEMP_PASSWORD = 'Temp-Password-2026';
const USER_PASSWORD = 'Inspections-Pass-2026x';

let browser;
let cert = null; // {id, number, unit_id}
let officer = null; // the unit's officer (login)
let officerId = null;
let day = null; // the day of the inspection: the certificate was issued the day before
let inspectionId = null;

/* ---------- dates ---------- */

function plusDays(d, n) {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
}

/** The next Monday-to-Friday day after d (late October and November 2026 have no holidays). */
function nextWorkday(d) {
  let x = plusDays(d, 1);
  while ([0, 6].includes(new Date(`${x}T00:00:00Z`).getUTCDay())) x = plusDays(x, 1);
  return x;
}

/* ---------- set-up through the API ---------- */


/** client.call with the business clock at now, expecting status. */
async function must(client, method, path, body, status, now, headers = {}) {
  const r = await client.call(method, path, body, { ...(now ? { 'X-Baomi-Test-Now': now } : {}), ...headers });
  assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Raise event on application id with its current version. */
async function appEvent(client, id, ev, body, now) {
  const cur = await must(client, 'GET', `/applications/${id}`, undefined, 200, now);
  return must(client, 'POST', `/applications/${id}/events/${ev}`, body || {}, 200, now, { 'If-Match': `"v${cur.version}"` });
}

/** A user made as the administrators make one, who has set their own password; returns [client, id]. */
async function newUser(admin, sec, loginName, access) {
  const u = await must(admin, 'POST', '/users', { login: loginName, display_name: `检查测试 ${loginName}`, password: TEMP_PASSWORD }, 201);
  await must(sec, 'PUT', `/users/${u.id}/access`, access, 200, null, { 'If-Match': `"v${u.version}"` });
  const c = new ApiClient();
  await c.login(loginName, TEMP_PASSWORD);
  await must(c, 'POST', '/me/password', { current_password: TEMP_PASSWORD, new_password: USER_PASSWORD }, 204);
  return [c, u.id];
}

/** A fresh unit, eligible, with an officer, walked to an issued grade B certificate. */
async function issuedCertificate() {
  const admin = new ApiClient();
  await admin.login('sysadmin');
  const sec = new ApiClient();
  await sec.login('secadmin');
  const tag = String(Date.now() % 1000000);
  const unit = await must(admin, 'POST', '/units', {
    name: `检查测试单位${tag}`, uscc: freshUscc(), region: '320100', address: '南京市鼓楼区北京西路 1 号',
    legal_representative: '张三', registered_on: '2010-05-06', phone: '025-8000 0000',
  }, 201);
  officer = `off.insp${tag}`;
  let off;
  [off, officerId] = await newUser(admin, sec, officer, {
    roles: ['unit_officer'], membership: { authority_id: null, unit_id: unit.id }, clearance: { level: 'internal', compartments: [] },
  });
  const u = await must(off, 'GET', `/units/${unit.id}`, undefined, 200);
  await must(off, 'PATCH', `/units/${unit.id}/profile`, {
    principal_head: '王建国', actual_controller: '王建国', foreign_known: true, foreign_direct_bp: 0, foreign_indirect_bp: 0,
  }, 200, null, { 'If-Match': `"v${u.version}"` });
  for (const role of ['legal_representative', 'principal_head', 'actual_controller']) {
    await must(off, 'POST', `/units/${unit.id}/people`, {
      role, name: '王建国', nationality: 'CN', foreign_residence: false, foreign_spouse: false, dishonest: false,
    }, 201);
  }
  for (const key of ['secrecy_body', 'security_director', 'classified_tasks']) {
    await must(off, 'PUT', `/units/${unit.id}/declarations/${key}`, { value: true }, 200);
  }
  await must(off, 'POST', `/units/${unit.id}/premises`, { address: '南京市建邺区江东中路 1 号', tenure: 'owned', since: '2012-05-01' }, 201);

  const app = await must(off, 'POST', '/applications', {
    scheme: 'integration', grade: 'B', categories: ['software_development', 'operation_maintenance'],
  }, 201, START);
  const mats = await must(off, 'GET', `/applications/${app.id}/materials`, undefined, 200, START);
  for (const m of mats.checklist.filter((x) => x.required)) {
    const res = await fetch(`${BASE}/api/v1/applications/${app.id}/materials/${m.material}?name=${m.material}.pdf`, {
      method: 'POST',
      headers: {
        Cookie: off.cookie, 'X-CSRF-Token': off.csrf, 'Content-Type': 'application/octet-stream', 'X-Baomi-Test-Now': START,
      },
      body: Buffer.from(`%PDF-1.4\n% ${m.material} ${app.id}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`),
    });
    assert.equal(res.status, 201, `material ${m.material}`);
  }
  await appEvent(off, app.id, 'submit', {}, START);

  const rv = new ApiClient();
  await rv.login('reviewer.js');
  const accept = nextWorkday(START);
  const list = nextWorkday(accept);
  let onsite = plusDays(list, 6);
  if ([0, 6].includes(new Date(`${onsite}T00:00:00Z`).getUTCDay())) onsite = nextWorkday(onsite);
  await appEvent(rv, app.id, 'accept', {}, accept);
  await appEvent(rv, app.id, 'list_onsite', { opinion: '列入现场审查' }, list);
  const team = [['reviewer.js', 'leader'], ['inspector.nj', 'staff'], ['expert.js', 'expert']];
  const clients = {};
  const ids = {};
  for (const [l] of team) {
    clients[l] = l === 'reviewer.js' ? rv : new ApiClient();
    if (l !== 'reviewer.js') await clients[l].login(l);
    ids[l] = (await must(clients[l], 'GET', '/me', undefined, 200)).user.id;
  }
  const cur = await must(rv, 'GET', `/applications/${app.id}`, undefined, 200, list);
  await must(rv, 'PUT', `/applications/${app.id}/onsite`, {
    date: onsite, team: team.map(([l, role]) => ({ user_id: ids[l], role })),
  }, 200, list, { 'If-Match': `"v${cur.version}"` });
  const scheme = await must(rv, 'GET', '/schemes/integration', undefined, 200);
  const scores = scheme.scoring.sections.flatMap((s) => s.items).map((i) => ({ item: i.code, points: i.points }));
  for (const [l] of team) {
    await must(clients[l], 'PUT', `/applications/${app.id}/onsite/sheet`, { scores, vetoes: [], submit: true }, 200, onsite);
  }
  await appEvent(rv, app.id, 'onsite_pass', { opinion: '现场审查合格', representative: '王建国' }, onsite);
  const publicity = nextWorkday(onsite);
  const pub = await appEvent(rv, app.id, 'open_publicity', {}, publicity);
  const close = nextWorkday(pub.dates.publicity_end);
  await appEvent(rv, app.id, 'close_publicity', {}, close);
  const ap = new ApiClient();
  await ap.login(APPROVER);
  await appEvent(ap, app.id, 'approve', { reason: '符合资质条件，准予许可。' }, close);
  const insp = new ApiClient();
  await insp.login(INSPECTOR);
  const c = await must(insp, 'POST', `/applications/${app.id}/certificate`, undefined, 201, close);
  cert = { id: c.id, number: c.number, unit_id: c.unit_id };
  day = nextWorkday(close);
}

before(async () => {
  browser = await launch();
  await Promise.all([INSPECTOR, APPROVER].map(ensureEnabled));
  await issuedCertificate();
});
after(async () => {
  // the certificate is this file's own: its officer is disabled, so that no later
  // suite that looks for "a certificate with an officer" picks it up
  if (officerId) {
    const admin = new ApiClient();
    await admin.login('sysadmin');
    const u = await must(admin, 'GET', `/users/${officerId}`, undefined, 200);
    await must(admin, 'PATCH', `/users/${officerId}`, { disabled: true }, 200, null, { 'If-Match': `"v${u.version}"` });
  }
  await browser.close();
});

/** The officer's own browser (the password set in the set-up). */
const asOfficer = (now, locale = 'zh-CN') => loggedIn(browser, officer, { day: now, password: USER_PASSWORD, locale });

async function openInspection(page, state) {
  await go(page, `#/inspections/${inspectionId}`);
  await page.locator(`[data-testid=inspection-head][data-state=${state}]`).waitFor();
}

test('the inspector plans an inspection in the dialog, starts it, records two findings and concludes', async () => {
  assert.ok(cert, 'the certificate issued in the set-up');
  const page = await loggedIn(browser, INSPECTOR, { day });
  const nav = await navTexts(page);
  for (const item of ['监督检查', '处理建议', '泄密报告']) assert.ok(nav.includes(item), `${item} in ${nav}`);
  await go(page, '#/inspections', '监督检查');
  await page.locator('[data-testid=plan-inspection]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  // the standing certificates of the bureau, ours among them; the day is the business day
  assert.ok(await dlg.locator(`select[name=certificate_id] option[value="${cert.id}"]`).count() === 1);
  assert.equal(await dlg.locator('input[name=planned_on]').inputValue(), day);
  const boxes = dlg.locator('input[name=areas]');
  assert.equal(await boxes.count(), 13);
  assert.equal(await dlg.locator('input[name=areas]:checked').count(), 13, 'every area by default');
  // two areas left out of scope
  await dlg.locator('input[name=areas][value=training]').uncheck();
  await dlg.locator('input[name=areas][value=premises]').uncheck();
  await fillDialog(page, { certificate_id: String(cert.id), kind: 'planned', purpose: '年度监督检查：保密制度落实情况。' });
  await shot(page, 'inspections-01-plan');
  await assertNoInlineStyles(page);
  await dlg.locator('button[type=submit]').click();
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, `已安排对 ${cert.number} 的检查`);
  const head = page.locator('[data-testid=inspection-head][data-state=planned]');
  await head.waitFor();
  inspectionId = Number(await head.getAttribute('data-inspection-id'));
  assert.ok(inspectionId > 0);
  const headText = await head.innerText();
  assert.ok(headText.includes(cert.number) && headText.includes('计划检查') && headText.includes(day), headText);
  assert.equal(await head.locator('[data-testid=inspection-areas] .chip').count(), 11);
  assert.deepEqual(await page.locator('[data-testid=inspection-actions] [data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)),
    ['start', 'cancel']);

  await page.locator('[data-action=start]').click();
  await submitDialog(page);
  await expectToast(page, '检查已开始');
  await page.locator('[data-testid=inspection-head][data-state=in_progress]').waitFor();

  // two findings in one dialog; the areas offered are those in scope
  await page.locator('[data-action=findings]').click();
  const fd = dialog(page);
  await fd.waitFor();
  const first = fd.locator('[data-testid=finding-new]').nth(0);
  const areaCodes = await first.locator('select[name=f_area] option').evaluateAll((o) => o.map((x) => x.value));
  assert.equal(areaCodes.length, 11);
  assert.ok(!areaCodes.includes('training') && !areaCodes.includes('premises'), areaCodes.join());
  await first.locator('select[name=f_area]').selectOption('rules');
  await first.locator('select[name=f_severity]').selectOption('major');
  // the requirement left empty: refused, the field marked
  await fd.locator('button[type=submit]').click();
  await fd.locator('.alert-error').waitFor();
  await first.locator('textarea[name=f_requirement][aria-invalid=true]').waitFor();
  await first.locator('textarea[name=f_requirement]').fill('保密管理制度应每年修订并经领导小组审定。');
  await fd.locator('[data-testid=add-finding]').click();
  const second = fd.locator('[data-testid=finding-new]').nth(1);
  await second.locator('select[name=f_area]').selectOption('personnel');
  await second.locator('select[name=f_severity]').selectOption('minor');
  await second.locator('textarea[name=f_requirement]').fill('涉密人员离岗脱密期管理应有书面记录。');
  await fd.locator('button[type=submit]').click();
  await fd.waitFor({ state: 'detached' });
  await expectToast(page, '问题已登记');
  const rows = page.locator('[data-testid=findings] tbody tr[data-finding-id]');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await rows.evaluateAll((r) => r.map((x) => x.dataset.state)), ['open', 'open']);
  assert.match(await rows.first().innerText(), /\d{4}-\d{2}-\d{2}/, 'the deadline the server set');
  assert.equal(await page.locator('[data-testid=finding]').count(), 2, 'a card for each finding');

  await page.locator('[data-action=conclude]').click();
  await submitDialog(page, { conclusion: '发现两处问题，责令限期整改。' });
  await expectToast(page, '检查结论已记录');
  await page.locator('[data-testid=inspection-head][data-state=rectifying]').waitFor();
  assert.match(await page.locator('[data-testid=conclusion]').innerText(), /责令限期整改/);
  assert.equal(await page.locator('[data-testid=inspection-actions]').count(), 0, 'nothing more to do but verify');
  await assertNoInlineStyles(page);
  await shot(page, 'inspections-02-rectifying');
  assertClean(page, [/status of 400/]);
  await page.context().close();
});

test('the unit officer answers both findings, one with evidence', async () => {
  assert.ok(inspectionId, 'the inspection of the first test');
  const page = await asOfficer(plusDays(day, 1));
  const nav = await navTexts(page);
  assert.ok(nav.includes('监督检查') && nav.includes('泄密报告'), nav.join());
  assert.ok(!nav.includes('处理建议'), 'proposals are the bureau\'s working papers');
  await go(page, '#/inspections', '监督检查');
  const row = page.locator(`tr[data-inspection-id="${inspectionId}"][data-state=rectifying]`);
  await row.waitFor();
  await row.locator('[data-testid=inspection-link]').click();
  await page.locator('[data-testid=inspection-head][data-state=rectifying]').waitFor();
  const cards = page.locator('[data-testid=finding][data-state=open]');
  await cards.nth(1).waitFor();
  const one = cards.first();
  const fid = await one.getAttribute('data-finding-id');
  const up = page.waitForResponse((res) => res.request().method() === 'POST' && res.url().includes(`/findings/${fid}/files`));
  await one.locator('[data-testid=evidence-input]').setInputFiles(pdf('制度修订记录'));
  assert.equal((await up).status(), 201);
  const card1 = page.locator(`[data-testid=finding][data-finding-id="${fid}"]`);
  await card1.locator('[data-testid=evidence] li', { hasText: '制度修订记录.pdf' }).waitFor();
  await card1.locator('textarea[name=response]').fill('已修订保密管理制度并经领导小组审定，修订记录附后。');
  await card1.locator('[data-testid=respond]').click();
  await expectToast(page, '整改情况已提交');
  await page.locator(`[data-testid=finding][data-finding-id="${fid}"][data-state=responded]`).waitFor();
  const other = page.locator('[data-testid=finding][data-state=open]');
  await other.locator('textarea[name=response]').fill('已补建离岗脱密期登记簿。');
  await other.locator('[data-testid=respond]').click();
  await page.locator('[data-testid=findings] tbody tr[data-state=responded]').nth(1).waitFor();
  assert.equal(await page.locator('[data-testid=findings] tbody tr[data-state=responded]').count(), 2);
  await assertNoInlineStyles(page);
  assertClean(page);
  await page.context().close();
});

test('the inspector verifies one answer and rejects the other: a sanction is proposed; amended to 8 months', async () => {
  assert.ok(inspectionId, 'the inspection of the first test');
  const page = await loggedIn(browser, INSPECTOR, { day: plusDays(day, 2) });
  await openInspection(page, 'rectifying');
  const cards = page.locator('[data-testid=finding][data-state=responded]');
  await cards.nth(1).waitFor();
  const verifyId = await cards.first().getAttribute('data-finding-id');
  const rejectId = await cards.nth(1).getAttribute('data-finding-id');
  await page.locator(`[data-testid=finding][data-finding-id="${verifyId}"] [data-testid=verify]`).click();
  await page.locator(`[data-testid=finding][data-finding-id="${verifyId}"][data-state=verified]`).waitFor();
  await page.locator(`[data-testid=finding][data-finding-id="${rejectId}"] [data-testid=reject]`).click();
  await submitDialog(page, { note: '登记簿未记录脱密期起止日期。' });
  await page.locator(`[data-testid=finding][data-finding-id="${rejectId}"][data-state=rejected]`).waitFor();
  assert.equal(await page.locator('[data-testid=inspection-head]').getAttribute('data-state'), 'rectifying');

  // the proposal, pending (the list's default filter)
  await go(page, '#/sanctions', '处理建议');
  assert.equal(await page.locator('select[name=state]').inputValue(), 'pending');
  const row = page.locator(`tr[data-cert-id="${cert.id}"][data-state=pending]`);
  await row.waitFor();
  assert.match(await row.innerText(), /整改未通过[\s\S]*暂停资质 6 个月/);
  await row.locator('[data-testid=sanction-link]').click();
  const head = page.locator('[data-testid=sanction-head][data-state=pending]');
  await head.waitFor();
  assert.equal(await head.locator('[data-testid=finding-link]').getAttribute('href'), `#/inspections/${inspectionId}`);
  assert.equal(await head.locator('[data-testid=cert-link]').getAttribute('href'), `#/certs/${cert.id}`);
  // the proposer (this inspector, by the rejection) cannot decide it
  assert.deepEqual(await page.locator('[data-testid=sanction-actions] [data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)), ['amend']);

  await page.locator('[data-action=amend]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  assert.equal(await dlg.locator('input[name=months]').inputValue(), '6');
  assert.equal(await dlg.locator('select[name=reason]').count(), 0, 'a reason only for a revocation');
  await dlg.locator('select[name=measure]').selectOption('revoke');
  await dlg.locator('select[name=reason]').waitFor();
  assert.equal(await dlg.locator('input[name=months]').count(), 0);
  await dlg.locator('select[name=measure]').selectOption('suspend');
  // 5 months: refused by the server, on its field
  await submitDialog(page, { months: '5' }, { refused: '' });
  await dlg.locator('[data-field=months].is-invalid').waitFor();
  await shot(page, 'inspections-03-amend-refused');
  await submitDialog(page, { months: '8', note: '整改未通过，暂停八个月。' });
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, '处理建议已修改');
  await page.locator('[data-testid=sanction-head] [data-testid=measure]', { hasText: '暂停资质 8 个月' }).waitFor();
  await assertNoInlineStyles(page);
  assertClean(page, [/status of 400/]);
  await page.context().close();
});

test('the approver, in English, accepts the proposal: the certificate is suspended', async () => {
  assert.ok(inspectionId, 'the inspection of the first test');
  const decided = plusDays(day, 2);
  const page = await loggedIn(browser, APPROVER, { day: decided, locale: 'en' });
  assert.ok((await navTexts(page)).includes('Sanctions'));
  await go(page, '#/sanctions', 'Sanction proposals');
  const row = page.locator(`tr[data-cert-id="${cert.id}"][data-state=pending]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Rectification rejected[\s\S]*Suspension for 8 months/);
  await row.locator('[data-testid=sanction-link]').click();
  await page.locator('[data-testid=sanction-head][data-state=pending]').waitFor();
  assert.deepEqual(await page.locator('[data-testid=sanction-actions] [data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)), ['decide']);
  await page.locator('[data-action=decide]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  assert.match(await dlg.innerText(), new RegExp(`Suspension for 8 months of certificate ${cert.number}`));
  // a decline needs its note
  await submitDialog(page, { decision: 'decline' }, { refused: '' });
  await dlg.locator('[data-field=note].is-invalid').waitFor();
  await submitDialog(page, { decision: 'accept' });
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, 'Proposal accepted');
  await page.locator('[data-testid=sanction-head][data-state=accepted]').waitFor();
  assert.match(await page.locator('[data-testid=sanction-head] [data-testid=cert-state]').innerText(), /Suspended/);
  await assertNoInlineStyles(page);
  await shot(page, 'inspections-04-accepted-en');

  await page.locator('[data-testid=sanction-head] [data-testid=cert-link]').click();
  await page.locator(`[data-testid=cert-page][data-cert-id="${cert.id}"][data-state=suspended]`).waitFor();
  // the certificate's inspections, from its page
  await page.locator('[data-testid=cert-inspections]').click();
  await page.locator(`[data-testid=inspections][data-cert-filter="${cert.id}"] tr[data-inspection-id="${inspectionId}"][data-state=rectifying]`).waitFor();
  assert.equal(await page.locator('[data-testid=inspections] tbody tr[data-inspection-id]').count(), 1);
  assertClean(page);
  await page.context().close();
});

test('the unit officer reports a leak in time; the inspector finds the inspection it opened', async () => {
  assert.ok(cert, 'the certificate issued in the set-up');
  // the business clock at an instant; the leak discovered two hours before it
  const now = `${plusDays(day, 3)}T03:00:00Z`;
  const found = new Date(Date.parse(now) - 2 * 3600 * 1000);
  const p2 = (n) => String(n).padStart(2, '0');
  // the browser and this process share the time zone: the form takes local time
  const localDate = `${found.getFullYear()}-${p2(found.getMonth() + 1)}-${p2(found.getDate())}`;
  const localTime = `${p2(found.getHours())}:${p2(found.getMinutes())}`;
  const page = await asOfficer(now);
  await go(page, '#/leaks', '泄密报告');
  await page.locator('[data-testid=report-leak]').click();
  const dlg = dialog(page);
  await dlg.waitFor();
  // the unit's standing certificates only: ours, suspended, still stands
  assert.deepEqual(await dlg.locator('select[name=certificate_id] option').evaluateAll((o) => o.map((x) => x.value)), [String(cert.id)]);
  await fillDialog(page, {
    level: 'secret',
    discovered_date: localDate,
    discovered_time: localTime,
    description: '一名员工将涉密文件拍照发至个人微信群。',
    measures: '已删除照片，收回终端，并对该员工停岗审查。',
  });
  const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/leak-reports'));
  await dlg.locator('button[type=submit]').click();
  const body = JSON.parse((await sent).postData());
  assert.equal(body.discovered_at, `${found.toISOString().slice(0, 19)}Z`, 'local time sent as UTC');
  await dlg.waitFor({ state: 'detached' });
  await expectToast(page, '泄密事件已报告');
  const row = page.locator('[data-testid=leaks] tbody tr[data-leak-id]').first();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-late'), 'false');
  await row.locator('[data-testid=in-time]').waitFor();
  const leakInspection = Number(await row.getAttribute('data-inspection-id'));
  assert.ok(leakInspection > 0 && leakInspection !== inspectionId);
  await assertNoInlineStyles(page);
  await shot(page, 'inspections-05-leak');
  assertClean(page);
  await page.context().close();

  const insp = await loggedIn(browser, INSPECTOR, { day: now });
  await go(insp, '#/leaks', '泄密报告');
  const seen = insp.locator(`tr[data-inspection-id="${leakInspection}"]`);
  await seen.waitFor();
  await seen.locator('[data-testid=leak-inspection]').click();
  const head = insp.locator(`[data-testid=inspection-head][data-inspection-id="${leakInspection}"][data-state=planned]`);
  await head.waitFor();
  assert.match(await head.innerText(), /泄密报告检查/);
  assert.equal(await head.locator('[data-testid=inspection-areas] .chip').count(), 13, 'every area in scope');
  await go(insp, '#/inspections', '监督检查');
  await insp.locator(`tr[data-inspection-id="${leakInspection}"][data-kind=leak][data-state=planned]`).waitFor();
  assertClean(insp);
  await insp.context().close();
});
