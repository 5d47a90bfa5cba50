// calendar.test.mjs - the working-day calendar: anyone logged in checks a
// date, adds working days and counts them; from 1 October the system
// administrator is warned that next year is missing, and loads it by pasting
// the year's JSON.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertClean, assertNoInlineStyles, dialog, expectToast, go, launch, loggedIn, shot, Y2027,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function run(page, form, fields) {
  const f = page.locator(`[data-testid=${form}]`);
  for (const [name, value] of Object.entries(fields)) await f.locator(`[name=${name}]`).fill(value);
  await f.locator('button[type=submit]').click();
  const out = page.locator(`[data-testid=${form}-result]`);
  await out.locator('.tool-answer, .alert-error').first().waitFor();
  return out;
}

test('anyone: checks a date, adds working days, counts them; a missing year is an error on the field', async () => {
  const page = await loggedIn(browser, 'officer.jindun');
  await go(page, '#/calendar', '工作日历');
  // the loaded years and their loading are the system administrator's
  assert.equal(await page.locator('[data-testid=cal-load-form]').count(), 0);

  let out = await run(page, 'cal-check', { date: '2026-10-01' });
  assert.match(await out.innerText(), /非工作日。\s*2026-10-01，星期四，法定节假日。/);
  out = await run(page, 'cal-check', { date: '2026-10-10' });
  assert.match(await out.innerText(), /工作日。\s*2026-10-10，星期六，调休上班日。/);
  out = await run(page, 'cal-add', { date: '2026-09-30', n: '1' });
  assert.match(await out.innerText(), /2026-09-30 起第 1 个工作日为\s*2026-10-08/);
  out = await run(page, 'cal-between', { from: '2026-09-30', to: '2026-10-10' });
  assert.match(await out.innerText(), /3 个工作日/);
  out = await run(page, 'cal-check', { date: '2030-01-02' });
  assert.match(await out.innerText(), /所需年度的工作日日历尚未加载[\s\S]*字段: 日期 \(date\)/);
  assert.equal(await page.locator('[data-testid=cal-check] input[name=date]').getAttribute('aria-invalid'), 'true');
  await assertNoInlineStyles(page);
  await shot(page, 'calendar-tools');
  assertClean(page, [/status of 422/]);
  await page.context().close();
});


test('system administrator: warned from 1 October, loads next year by pasting its JSON', async () => {
  // the business clock on 5 October 2026, before 2027 is loaded
  const page = await loggedIn(browser, 'sysadmin', { day: '2026-10-05' });
  await go(page, '#/calendar', '工作日历');
  await go(page, '#/', '欢迎');
  const warning = page.locator('[data-testid=calendar-warning]');
  await warning.waitFor();
  assert.match(await warning.innerText(), /2027 年工作日日历尚未加载/);
  await shot(page, 'calendar-warning-home');
  await warning.getByRole('link').click();
  await page.locator('.page-title', { hasText: '工作日历' }).waitFor();
  assert.ok(await page.locator('tr[data-year="2026"]').count() === 1);

  const form = page.locator('[data-testid=cal-load-form]');
  assert.equal(await form.locator('input[name=year]').inputValue(), '2027');
  // not JSON: refused on the document field before asking the server
  await form.locator('textarea[name=document]').fill('{ "year": 2027, ');
  await form.locator('button[type=submit]').click();
  await form.locator('.alert-error', { hasText: '(document)' }).waitFor();
  // another year than the one named: refused on the year field
  await form.locator('textarea[name=document]').fill(JSON.stringify({ ...Y2027, year: 2028 }, null, 2));
  await form.locator('button[type=submit]').click();
  await form.locator('.alert-error', { hasText: '(year)' }).waitFor();
  await form.locator('textarea[name=document]').fill(JSON.stringify(Y2027, null, 2));
  await shot(page, 'calendar-load');
  await form.locator('button[type=submit]').click();
  await expectToast(page, '2027 年日历已加载');
  await page.locator('tr[data-year="2027"]').waitFor();
  assert.match(await page.locator('tr[data-year="2027"]').innerText(), /2027\s+17\s+2/);
  assert.equal(await page.locator('[data-testid=calendar-warning]').count(), 0);

  // replacing a loaded year asks first
  await form.locator('input[name=year]').fill('2027');
  await form.locator('textarea[name=document]').fill(JSON.stringify(Y2027, null, 2));
  await form.locator('button[type=submit]').click();
  const dlg = dialog(page);
  await dlg.locator('.dialog-message', { hasText: '2027 年日历已加载' }).waitFor();
  await dlg.getByRole('button', { name: '替换' }).click();
  await expectToast(page, '2027 年日历已加载');

  await go(page, '#/', '欢迎');
  await page.locator('.panel').first().waitFor();
  assert.equal(await page.locator('[data-testid=calendar-warning]').count(), 0);
  assertClean(page);
  await page.context().close();
});
