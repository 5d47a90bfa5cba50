// static.test.mjs - checks on the web shell's files that need no browser:
// the two dictionaries match, every key the code asks for exists, no
// user-visible text is hard-coded, and nothing would trip the strict CSP.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env.BAOMI_ROOT || join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(ROOT, 'web');

function flatten(obj, prefix = '', out = new Map()) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') flatten(v, key, out);
    else out.set(key, v);
  }
  return out;
}

function files(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (p.endsWith(ext)) out.push(p);
  }
  return out;
}

const zh = flatten(JSON.parse(readFileSync(join(WEB, 'i18n', 'zh-CN.json'), 'utf8')));
const en = flatten(JSON.parse(readFileSync(join(WEB, 'i18n', 'en.json'), 'utf8')));
const jsFiles = files(join(WEB, 'js'), '.js');
const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

test('zh-CN and en dictionaries have the same keys and no empty strings', () => {
  const onlyZh = [...zh.keys()].filter((k) => !en.has(k));
  const onlyEn = [...en.keys()].filter((k) => !zh.has(k));
  assert.deepEqual(onlyZh, [], 'keys missing from en.json');
  assert.deepEqual(onlyEn, [], 'keys missing from zh-CN.json');
  const empty = [...zh, ...en].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
  assert.deepEqual(empty, [], 'empty or non-string translations');
});

test('every literal i18n key used by the code exists', () => {
  const missing = [];
  for (const f of jsFiles) {
    const src = stripComments(readFileSync(f, 'utf8'));
    for (const m of src.matchAll(/\bt(?:Or)?\(\s*'([^']+)'/g)) {
      if (!zh.has(m[1])) missing.push(`${relative(WEB, f)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('no Chinese text is hard-coded in scripts or HTML (it belongs in i18n)', () => {
  const cjk = /[\u3400-\u9fff\uff00-\uffef]/;
  const offenders = [...jsFiles, join(WEB, 'index.html')]
    .filter((f) => cjk.test(stripComments(readFileSync(f, 'utf8'))))
    .map((f) => relative(WEB, f));
  assert.deepEqual(offenders, []);
});

test('nothing the strict CSP would block: no inline script, style or eval', () => {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'inline <script> in index.html');
  assert.doesNotMatch(html, /<style\b/i, '<style> block in index.html');
  assert.doesNotMatch(html, /\sstyle\s*=/i, 'style="" attribute in index.html');
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'inline event handler in index.html');
  for (const f of jsFiles) {
    const src = stripComments(readFileSync(f, 'utf8'));
    const name = relative(WEB, f);
    assert.doesNotMatch(src, /\beval\s*\(|new\s+Function\s*\(/, `${name}: eval`);
    assert.doesNotMatch(src, /\.innerHTML\s*=|insertAdjacentHTML|document\.write/, `${name}: HTML from strings`);
    assert.doesNotMatch(src, /setAttribute\(\s*'style'|\bstyle:\s*'/, `${name}: inline style`);
  }
});
