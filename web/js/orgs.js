// orgs.js - authorities, units and regions as the UI needs them for names and
// selectors, cached for the session (what a user may see depends on who they
// are, so the cache is dropped at every login and logout).

import { api, fetchAll } from './api.js';
import { getLang, t } from './i18n.js';

let authorities = null;
let units = null;
let regions = null;

export function resetOrgCache() {
  authorities = null;
  units = null;
  regions = null;
}

export function invalidate(kind) {
  if (kind === 'authorities') authorities = null;
  if (kind === 'units') units = null;
  if (kind === 'regions') regions = null;
}

export async function getAuthorities() {
  if (!authorities) authorities = (await api('GET', '/authorities')).items;
  return authorities;
}

/** Every unit the caller may see (up to 2,000, enough for selectors). */
export async function getUnits() {
  if (!units) units = await fetchAll('/units');
  return units;
}

export async function getRegions() {
  if (!regions) regions = (await api('GET', '/regions')).items;
  return regions;
}

export function authorityName(a) {
  if (!a) return '';
  return getLang() === 'en' ? a.name_en || a.name_zh : a.name_zh || a.name_en;
}

export function regionName(r) {
  if (!r) return '';
  return getLang() === 'en' ? r.name_en || r.name_zh : r.name_zh || r.name_en;
}

export function byId(list) {
  const m = new Map();
  for (const x of list || []) m.set(x.id, x);
  return m;
}

export function regionMap(list) {
  const m = new Map();
  for (const r of list || []) m.set(r.code, r);
  return m;
}

/** "江苏省国家保密局" / "南京金盾…" / "—" for a user's membership. */
export function membershipText(u, authMap, unitMap) {
  if (u.authority_id) {
    const a = authMap && authMap.get(u.authority_id);
    return a ? authorityName(a) : t('orgs.authority_n', { id: u.authority_id });
  }
  if (u.unit_id) {
    const un = unitMap && unitMap.get(u.unit_id);
    return un ? un.name : t('orgs.unit_n', { id: u.unit_id });
  }
  return '—';
}

/** The name of a user's bureau or unit; '—' without one, "#id" if not visible. */
export async function membershipName(u) {
  try {
    if (u.authority_id) return membershipText(u, byId(await getAuthorities()), null);
    if (u.unit_id) return membershipText(u, null, byId(await getUnits()));
  } catch {
    /* the id is shown instead */
  }
  return membershipText(u, null, null);
}

/** Authorities as select options, indented by level (national > provincial > municipal). */
export function authorityOptions(list) {
  const children = new Map();
  for (const a of list) {
    const key = a.parent_id || 0;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(a);
  }
  const out = [];
  const walk = (parent, depth) => {
    for (const a of children.get(parent) || []) {
      out.push({ value: String(a.id), label: `${'\u3000'.repeat(depth)}${authorityName(a)}` });
      walk(a.id, depth + 1);
    }
  };
  walk(0, 0);
  // anything whose parent is not visible still gets listed
  const seen = new Set(out.map((o) => o.value));
  for (const a of list) {
    if (!seen.has(String(a.id))) out.push({ value: String(a.id), label: authorityName(a) });
  }
  return out;
}

/** 320000 -> "32", 320100 -> "3201": the prefix a region filter matches on. */
export function regionPrefix(code) {
  let p = code;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

/** Regions grouped by province for a select. */
export function regionOptions(list, { includeNational = true, filter } = {}) {
  const groups = new Map();
  const out = [];
  for (const r of list) {
    if (filter && !filter(r)) continue;
    if (r.code === '000000') {
      if (includeNational) out.push({ value: r.code, label: `${r.code} ${regionName(r)}` });
      continue;
    }
    const prov = `${r.code.slice(0, 2)}0000`;
    if (!groups.has(prov)) groups.set(prov, []);
    groups.get(prov).push({ value: r.code, label: `${r.code} ${regionName(r)}` });
  }
  const names = regionMap(list);
  for (const [prov, opts] of groups) {
    out.push({ group: regionName(names.get(prov)) || prov, options: opts });
  }
  return out;
}
