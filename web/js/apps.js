// apps.js - what the pages about qualification applications share: the
// schemes (cached for the session), names of states, grades and categories,
// the deadline badge read from an application's "clock", and the eligibility
// report table.

import { h } from './dom.js';
import { api } from './api.js';
import { getLang, t, tOr } from './i18n.js';
import { dataTable, fillSelect, selectInput } from './ui.js';

export const STATES = [
  'draft', 'submitted', 'supplement', 'preliminary_review', 'preliminary_correction',
  'superior_review', 'superior_correction', 'onsite', 'onsite_passed', 'halted',
  'publicity', 'decision', 'approved', 'rejected', 'not_accepted', 'withdrawn', 'abandoned',
];
export const FINAL_STATES = ['approved', 'rejected', 'not_accepted', 'withdrawn', 'abandoned'];
/** States in which the unit hands in materials (and may remove those not yet frozen). */
export const UNIT_EDIT_STATES = ['draft', 'supplement', 'preliminary_correction', 'superior_correction'];
export const STEPS = ['accept', 'preliminary', 'review', 'onsite', 'decide'];
export const DECLARATIONS = ['secrecy_body', 'security_director', 'classified_tasks'];

/** File types the server accepts, as file-picker extensions. */
const TYPE_EXT = {
  pdf: ['.pdf'], ofd: ['.ofd'], jpeg: ['.jpg', '.jpeg'], png: ['.png'], docx: ['.docx'], xlsx: ['.xlsx'],
};
const TYPE_MIME = {
  pdf: 'application/pdf', ofd: 'application/ofd', jpeg: 'image/jpeg', png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

let schemes = null;
const docs = new Map();

export function resetAppCache() {
  schemes = null;
  docs.clear();
}

/** The schemes in force (summary: grades, categories, materials, time limits). */
export async function getSchemes() {
  if (!schemes) schemes = (await api('GET', '/schemes')).items;
  return schemes;
}

/** A scheme's full document (conditions and the scoring sheet). */
export async function getSchemeDoc(id) {
  if (!docs.has(id)) docs.set(id, await api('GET', `/schemes/${encodeURIComponent(id)}`));
  return docs.get(id);
}

/** {"zh-CN": .., "en": ..} in the current language. */
export function txt(o) {
  if (!o) return '';
  if (typeof o === 'string') return o;
  return getLang() === 'en' ? o.en || o['zh-CN'] || '' : o['zh-CN'] || o.en || '';
}

/** Chinese or English of a pair of plain fields (name_zh / name). */
export function pick(zh, en) {
  return getLang() === 'en' ? en || zh || '' : zh || en || '';
}

export function schemeById(list, id) {
  return (list || []).find((s) => s.id === id) || null;
}

/** A scheme's short name for dense tables (the full one goes in the tooltip). */
export function schemeShort(id, full) {
  return tOr(`apps.scheme_short.${id}`, full || id);
}

export function appSchemeName(app) {
  return pick(app.scheme.name_zh, app.scheme.name_en);
}

/** A grade's name in the scheme (summary or document); the code if the scheme has none. */
export function gradeName(code, scheme) {
  const g = scheme && scheme.grades ? scheme.grades.find((x) => x.code === code) : null;
  return g ? txt(g.name) : code;
}

/**
 * The scheme and grade filter selects of a list (the certificates', the
 * applications'): the grades offered follow the chosen scheme, all schemes'
 * grades (each code once) when none is chosen. Returns {schemeSel, gradeSel}.
 */
export function schemeGradeSelects(list) {
  const schemeSel = selectInput([{ value: '', label: t('common.any') },
    ...list.map((s) => ({ value: s.id, label: txt(s.name) }))], { name: 'scheme' });
  const gradeSel = selectInput([], { name: 'grade' });
  const fillGrades = () => {
    const chosen = schemeSel.value ? [schemeById(list, schemeSel.value)] : list;
    const seen = new Set();
    const opts = [{ value: '', label: t('common.any') }];
    for (const s of chosen) {
      for (const g of s.grades) {
        if (seen.has(g.code)) continue;
        seen.add(g.code);
        opts.push({ value: g.code, label: schemeSel.value ? gradeName(g.code, s) : `${g.code} · ${gradeName(g.code, s)}` });
      }
    }
    fillSelect(gradeSel, opts, '');
  };
  fillGrades();
  schemeSel.addEventListener('change', fillGrades);
  return { schemeSel, gradeSel };
}

function categoryName(code, scheme) {
  const c = scheme && scheme.categories ? scheme.categories.find((x) => x.code === code) : null;
  return c ? txt(c.name) : code;
}

export function categoriesText(codes, scheme) {
  if (!codes || codes.length === 0) return '—';
  return codes.map((c) => categoryName(c, scheme)).join(t('common.list_sep'));
}

export function stateText(state) {
  return tOr(`apps.states.${state}`, state);
}

function stateGroup(state) {
  if (state === 'draft' || state === 'withdrawn') return 'grey';
  if (state === 'approved') return 'green';
  if (['rejected', 'not_accepted', 'abandoned'].includes(state)) return 'red';
  if (UNIT_EDIT_STATES.includes(state) || state === 'halted') return 'amber';
  return 'blue';
}

export function stateBadge(state) {
  return h('span', { class: `badge app-state ast-${stateGroup(state)}`, 'data-state': state }, stateText(state));
}

export function eventText(ev) {
  return tOr(`apps.events.${ev}`, ev);
}

/** The case's number, or "draft #id" before it has one. */
export function appNumber(app) {
  return app.number || t('apps.draft_n', { id: app.id });
}

export function appLink(app) {
  return h('a', { href: `#/apps/${app.id}`, class: 'app-link mono', 'data-app-id': String(app.id) }, appNumber(app));
}

/**
 * The statutory deadline of the stage the case is in, from app.clock:
 * working days left, overdue, paused, or unknown (a calendar year missing).
 */
export function deadlineBadge(app, { compact = false } = {}) {
  const c = app.clock;
  if (!c) {
    if (FINAL_STATES.includes(app.state) || app.state === 'draft') {
      return h('span', { class: 'muted', 'data-testid': 'deadline' }, '—');
    }
    return h('span', { class: 'deadline dl-unknown', 'data-testid': 'deadline', title: t('apps.clock.unknown_hint') },
      t('apps.clock.unknown'));
  }
  const stage = tOr(`apps.clock.stage.${c.stage}`, c.stage);
  let kind;
  let text;
  if (c.paused) {
    kind = 'paused';
    text = t(compact ? 'apps.clock.paused_short' : 'apps.clock.paused', { stage, used: c.used });
  } else if (c.overdue) {
    kind = 'overdue';
    text = t(compact ? 'apps.clock.overdue_short' : 'apps.clock.overdue',
      { stage, days: Math.max(0, -c.remaining), due: c.due });
  } else {
    kind = c.remaining <= 2 ? 'soon' : 'ok';
    text = t(compact ? 'apps.clock.remaining_short' : 'apps.clock.remaining',
      { stage, days: c.remaining, due: c.due });
  }
  const title = t('apps.clock.title', { stage, used: c.used, due: c.due || '—' });
  return h('span', { class: `deadline dl-${kind}`, 'data-testid': 'deadline', 'data-clock': kind, title },
    text, compact && c.due && !c.paused ? h('span', { class: 'dl-due' }, c.due) : null);
}

/* ---------- eligibility ---------- */

export function resultBadge(result) {
  return h('span', { class: `badge elig elig-${result}` }, tOr(`apps.elig.result.${result}`, result));
}

/** The report's lines as a table: result, condition, why, hard or advisory, source tag. */
export function eligibilityTable(lines) {
  const table = dataTable([
    { label: t('apps.elig.col.result'), className: 'nowrap', render: (l) => resultBadge(l.result) },
    { label: t('apps.elig.col.condition'), render: (l) => pick(l.name_zh, l.name) },
    { label: t('apps.elig.col.why'), render: (l) => pick(l.why_zh, l.why) },
    {
      label: t('apps.elig.col.kind'),
      className: 'nowrap',
      render: (l) => (l.hard ? t('apps.elig.hard') : t('apps.elig.soft')),
    },
    { label: t('apps.elig.col.source'), render: (l) => h('span', { class: 'source-tag' }, l.source || '—') },
  ], {
    caption: t('apps.elig.title'),
    rowAttrs: (l) => ({ 'data-condition': l.condition, 'data-result': l.result, class: `elig-row-${l.result}` }),
  });
  table.update(lines || []);
  return table;
}

/** A verdict above the table: not eligible, not judged in full, or eligible. */
export function eligibilityVerdict(lines) {
  const failed = (lines || []).filter((l) => l.hard && l.result === 'fail').length;
  const unknown = (lines || []).filter((l) => l.result === 'unknown').length;
  if (failed > 0) {
    return h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'elig-verdict', 'data-eligible': 'false' },
      h('div', { class: 'alert-title' }, t('apps.elig.not_eligible', { n: failed })),
      h('div', null, t('apps.elig.not_eligible_hint')));
  }
  if (unknown > 0) {
    return h('div', { class: 'alert alert-warning', role: 'status', 'data-testid': 'elig-verdict', 'data-eligible': 'unknown' },
      h('div', { class: 'alert-title warn-title' }, t('apps.elig.incomplete', { n: unknown })),
      h('div', null, t('apps.elig.incomplete_hint')));
  }
  return h('div', { class: 'alert alert-success', role: 'status', 'data-testid': 'elig-verdict', 'data-eligible': 'true' },
    h('strong', null, t('apps.elig.eligible')));
}

/* ---------- materials ---------- */

export function acceptFor(types) {
  return (types || []).flatMap((ty) => TYPE_EXT[ty] || []).join(',');
}

export function mimeFor(file) {
  if (file.type) return file.type;
  const ext = (file.name.split('.').pop() || '').toLowerCase();
  for (const [ty, exts] of Object.entries(TYPE_EXT)) if (exts.includes(`.${ext}`)) return TYPE_MIME[ty];
  return 'application/octet-stream';
}

export function typesText(types) {
  return (types || []).map((ty) => ty.toUpperCase()).join(' / ');
}

export function sizeText(n) {
  if (n < 1024) return t('apps.size_b', { n });
  if (n < 1024 * 1024) return t('apps.size_kb', { n: (n / 1024).toFixed(1) });
  return t('apps.size_mb', { n: (n / 1024 / 1024).toFixed(1) });
}

/** A score: whole numbers as they are, a mean with one decimal. */
export function fmtScore(x) {
  if (x === null || x === undefined) return '—';
  return Number.isInteger(x) ? String(x) : Number(x).toFixed(1);
}

export function fileUrl(appId, fileId) {
  return `/api/v1/applications/${appId}/files/${fileId}`;
}
