// i18n.js - every user-visible string comes from i18n/<lang>.json.
//
// zh-CN is the default. A browser whose preferred languages put English before
// Chinese gets English; an explicit choice made with the switch is kept in
// localStorage and wins over both.

export const LANGS = ['zh-CN', 'en'];
const STORE_KEY = 'baomi.lang';

let lang = 'zh-CN';
let dict = {};
let fallback = {};
const listeners = new Set();

function storedLang() {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return LANGS.includes(v) ? v : null;
  } catch {
    return null;
  }
}

/** The language to start with: stored choice, else the browser's, else zh-CN. */
export function detectLang() {
  const stored = storedLang();
  if (stored) return stored;
  const prefs = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || ''];
  for (const p of prefs) {
    const l = String(p).toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

async function fetchDict(l) {
  const res = await fetch(`i18n/${l}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`i18n/${l}.json: HTTP ${res.status}`);
  return res.json();
}

/** Load language l (and zh-CN as the fallback for missing keys). */
export async function setLang(l, { remember = false } = {}) {
  if (!LANGS.includes(l)) l = 'zh-CN';
  const [d, f] = await Promise.all([
    fetchDict(l),
    l === 'zh-CN' ? Promise.resolve(null) : fetchDict('zh-CN'),
  ]);
  dict = d;
  fallback = f || d;
  lang = l;
  document.documentElement.lang = l;
  if (remember) {
    try {
      localStorage.setItem(STORE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }
  for (const fn of listeners) fn(l);
}

export function getLang() {
  return lang;
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Keys are dotted paths into nested objects; a key may itself hold dots
// ("audit.actions" has "user.create"), so a literal match is tried first.
function lookup(d, key) {
  if (d === null || typeof d !== 'object') return undefined;
  if (Object.prototype.hasOwnProperty.call(d, key)) {
    return typeof d[key] === 'string' ? d[key] : undefined;
  }
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  const head = key.slice(0, dot);
  if (!Object.prototype.hasOwnProperty.call(d, head)) return undefined;
  return lookup(d[head], key.slice(dot + 1));
}

/** Is there a translation for key? */
export function has(key) {
  return lookup(dict, key) !== undefined;
}

/** The string for key with {name} placeholders filled from params. */
export function t(key, params) {
  let s = lookup(dict, key);
  if (s === undefined) s = lookup(fallback, key);
  if (s === undefined) return key;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  }
  return s;
}

/** t(key) when it exists, else the given fallback text. */
export function tOr(key, otherwise, params) {
  return has(key) ? t(key, params) : otherwise;
}
