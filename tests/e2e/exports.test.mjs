// exports.test.mjs - lists as files from the UI: the bureau's certificate list
// filtered by state downloads as CSV with exactly the filtered rows, the case list
// as XLSX (a zip, read back by its first bytes and size), and the public register,
// without login, as CSV in English.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ApiClient, go, launch, loggedIn, newPage, settle, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

/** Click the export link and read the downloaded file. */
async function download(page, format) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).first().click()]);
  return readFileSync(await dl.path());
}

/** CSV text (UTF-8 with BOM) to rows of fields; the fields carry no commas here. */
function csvRows(buf) {
  assert.deepEqual([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  return buf.subarray(3).toString('utf8').trim().split('\r\n').map((l) => l.slice(1, -1).split('","'));
}

test('the bureau exports its filtered certificate list and the case list', async () => {
  const page = await loggedIn(browser, 'reviewer.js');
  await go(page, '#/certs', '资质证书');
  await settle(page);
  await page.locator('select[name="state"]').selectOption('valid');
  const api = new ApiClient();
  await api.login('reviewer.js');
  const want = (await api.call('GET', '/certificates?state=valid&limit=200')).body.items.map((c) => c.number).sort();
  assert.ok(want.length > 0, 'the demo has valid certificates');
  const rows = csvRows(await download(page, 'csv'));
  assert.equal(rows[0][0], '证书编号');
  assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), want);
  assert.ok(rows.slice(1).every((r) => r[8] === '有效'), 'every row is valid');

  await go(page, '#/apps', null);
  await settle(page);
  const xlsx = await download(page, 'xlsx');
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
  assert.ok(xlsx.length > 1000);
  await page.context().close();
});

test('anyone exports the public register, in English', async () => {
  const page = await newPage(browser, { locale: 'en' });
  await page.goto(`${BASE}/#/public/certs`);
  await page.getByTestId('cert-register').waitFor();
  await settle(page);
  const rows = csvRows(await download(page, 'csv'));
  assert.equal(rows[0][0], 'Number');
  assert.ok(rows.length > 1);
  await page.context().close();
});
