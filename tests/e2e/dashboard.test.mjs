// dashboard.test.mjs - the role dashboards on the home page:
//
//   a bureau user's home shows the number tiles and the four charts (certificates by
//   state, grade, category and province), each canvas drawn by Chart.js (served from
//   Debian's libjs-chart.js at /vendor/chart.js/), and each chart's table holds the
//   numbers the API gives at the same moment, in Chinese and in English; without
//   Chart.js (the script refused) the same tables show, without canvases. A unit's
//   officer sees the unit's certificates, its deadlines in date order and its open
//   findings, as the API lists them. Other suites change the data: every comparison is
//   between the page and the API, never with fixed numbers.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, assertClean, assertNoInlineStyles, launch, loggedIn, officerOf, shot } from './lib.mjs';

const BUREAU = 'inspector.js';
const CHARTS = ['state', 'grade', 'category', 'province'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function apiDashboard(user) {
  const api = new ApiClient();
  await api.login(user);
  const r = await api.call('GET', '/dashboard');
  assert.equal(r.status, 200, `dashboard of ${user}`);
  return r.body;
}

/** {key: number} of a chart's table on the page. */
async function tableOf(page, id) {
  return page.locator(`[data-testid=dash-table-${id}] tbody tr[data-key]`).evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.key, Number(r.querySelector('[data-testid=dash-n]').textContent)])));
}

function expectedTables(d) {
  const c = d.certificates;
  return {
    state: Object.fromEntries(c.by_state.map((s) => [s.state, s.n])),
    grade: Object.fromEntries(c.by_grade.map((g) => [`${g.scheme_id}.${g.grade}`, g.n])),
    category: Object.fromEntries(c.by_category.map((g) => [`${g.scheme_id}.${g.category}`, g.n])),
    province: Object.fromEntries(c.by_province.map((p) => [p.province, p.n])),
  };
}

async function checkBureau(page, titles) {
  const dash = page.locator('[data-testid=dashboard][data-kind=bureau]');
  await dash.waitFor();
  const d = await apiDashboard(BUREAU);
  const want = expectedTables(d);
  assert.ok(Object.keys(want.state).length === 6, 'all six states are tabled');
  assert.ok(d.certificates.total > 0, 'the demo has certificates in Jiangsu');
  for (const id of CHARTS) {
    assert.deepEqual(await tableOf(page, id), want[id], `table ${id} equals the API`);
  }
  // the tiles say what the API says, and link to their lists
  const tiles = {
    'annual-due': d.annual.not_submitted,
    'findings-open': d.findings.open,
    'findings-overdue': d.findings.overdue,
    cancellations: d.cancellations.pending,
    issuances: d.issuances.pending,
    expiring: d.certificates.expiring.n,
  };
  for (const [id, n] of Object.entries(tiles)) {
    assert.equal(await page.locator(`[data-testid=dash-tile-${id}]`).getAttribute('data-n'), String(n), `tile ${id}`);
  }
  assert.equal(await page.locator('[data-testid=dash-tile-issuances]').getAttribute('href'), '#/tasks');
  assert.equal(await page.locator('[data-testid=dash-tile-expiring]').getAttribute('href'), '#/certs');
  assert.equal(await page.locator('[data-testid=dash-tile-annual-due]').getAttribute('href'), '#/annual');
  // the titles in the page's language
  for (const [id, title] of Object.entries(titles)) {
    assert.equal((await page.locator(`[data-testid=dash-chart-${id}] figcaption`).innerText()).trim(), title);
  }
  // the existing content is still there, below
  await page.locator('[data-testid=membership]').waitFor();
  return d;
}

/** Every chart has a canvas of non-zero size with something drawn on it. */
async function checkCanvases(page) {
  assert.equal(await page.locator('[data-testid=dashboard]').getAttribute('data-charts'), 'yes');
  for (const id of CHARTS) {
    const canvas = page.locator(`[data-testid=dash-canvas-${id}]`);
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, `canvas ${id} has a size`);
    const inked = await canvas.evaluate((c) => {
      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n += 1;
      return n;
    });
    assert.ok(inked > 100, `canvas ${id} is drawn (${inked} pixels)`);
  }
}

test('a bureau user\'s home: tiles, four charts drawn, their tables equal the API (zh-CN)', async () => {
  const page = await loggedIn(browser, BUREAU);
  await checkBureau(page, {
    state: '证书状态分布', grade: '有效证书等级分布', category: '有效证书类别分布', province: '有效证书省份分布',
  });
  await checkCanvases(page);
  // the province table names the province
  assert.match(await page.locator('[data-testid=dash-table-province] tbody').innerText(), /江苏省/);
  await shot(page, 'dashboard-01-bureau-zh');
  assertClean(page);
  await assertNoInlineStyles(page);
  await page.context().close();
});

test('the same in English', async () => {
  const page = await loggedIn(browser, BUREAU, { locale: 'en' });
  await checkBureau(page, {
    state: 'Certificates by state', grade: 'Standing certificates by grade',
    category: 'Standing certificates by category', province: 'Standing certificates by province',
  });
  await checkCanvases(page);
  assert.match(await page.locator('[data-testid=dash-table-state] tbody').innerText(), /Valid/);
  assert.match(await page.locator('[data-testid=dash-table-province] tbody').innerText(), /Jiangsu/);
  await shot(page, 'dashboard-02-bureau-en');
  assertClean(page);
  await assertNoInlineStyles(page);
  await page.context().close();
});

test('without Chart.js the tables still show, without canvases', async () => {
  const page = await loggedIn(browser, 'reviewer.js');
  await page.route('**/vendor/chart.js/**', (route) => route.fulfill({ status: 404, body: 'gone' }));
  // a new document: the home page loads again, with the script refused
  await page.reload();
  await page.locator('[data-testid=dashboard][data-kind=bureau]').waitFor();
  assert.equal(await page.locator('[data-testid=dashboard]').getAttribute('data-charts'), 'no');
  assert.equal(await page.locator('canvas').count(), 0);
  const d = await apiDashboard('reviewer.js');
  assert.deepEqual(await tableOf(page, 'state'), expectedTables(d).state);
  assertClean(page, [/Failed to load resource/]);
  await assertNoInlineStyles(page);
  await page.context().close();
});

test('a unit officer\'s home: its certificates, deadlines by date and open findings', async () => {
  // a unit of Jiangsu with a standing certificate, and its officer
  const api = new ApiClient();
  await api.login(BUREAU);
  const r = await api.call('GET', '/certificates?state=valid&limit=200');
  assert.equal(r.status, 200);
  let officer = null;
  let unitId = null;
  for (const c of r.body.items) {
    officer = await officerOf(c.unit_id);
    if (officer) {
      unitId = c.unit_id;
      break;
    }
  }
  assert.ok(officer, 'a unit with a valid certificate and an officer');
  const d = await apiDashboard(officer);
  assert.equal(d.kind, 'unit');
  assert.ok(d.certificates.length > 0);

  for (const locale of ['zh-CN', 'en']) {
    const page = await loggedIn(browser, officer, { locale });
    await page.locator('[data-testid=dashboard][data-kind=unit]').waitFor();
    const ids = await page.locator('[data-testid=dash-certs] tbody tr[data-cert-id]').evaluateAll((rows) => rows.map((x) => Number(x.dataset.certId)));
    assert.deepEqual(ids, d.certificates.map((c) => c.id));
    const own = await api.call('GET', `/certificates?unit_id=${unitId}&limit=200`);
    assert.deepEqual(new Set(ids), new Set(own.body.items.map((c) => c.id)), 'exactly the unit\'s certificates');
    const rows = await page.locator('[data-testid=dash-deadlines] tbody tr[data-kind]').evaluateAll((trs) => trs.map((x) => [x.dataset.kind, x.dataset.date]));
    assert.deepEqual(rows, d.deadlines.map((x) => [x.kind, x.date]));
    assert.ok(rows.some(([k]) => k === 'renewal_deadline'), 'a standing certificate has a renewal deadline');
    const dates = rows.map(([, day]) => day);
    assert.deepEqual(dates, [...dates].sort(), 'in date order');
    const fids = await page.locator('[data-testid=dash-findings] tbody tr[data-finding-id]').evaluateAll((trs) => trs.map((x) => Number(x.dataset.findingId)));
    assert.deepEqual(fids, d.findings.map((f) => f.id));
    const heading = locale === 'en' ? 'Next deadlines' : '近期期限';
    assert.ok((await page.locator('[data-testid=dashboard]').innerText()).includes(heading));
    // a certificate's number links to its page
    const link = page.locator('[data-testid=dash-cert-link]').first();
    assert.equal(await link.getAttribute('href'), `#/certs/${d.certificates[0].id}`);
    await shot(page, `dashboard-03-unit-${locale}`);
    assertClean(page);
    await assertNoInlineStyles(page);
    await page.context().close();
  }
});
