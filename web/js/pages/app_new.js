// app_new.js - the unit officer starts an application: scheme, grade and
// business categories from GET /schemes, the eligibility pre-check of the unit
// against that scheme and grade, and the materials the application will need.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import {
  attempt, button, dataTable, field, fillSelect, notify, onFormSubmit, pageHeader, section, selectInput,
} from '../ui.js';
import {
  eligibilityTable, eligibilityVerdict, getSchemes, gradeName, schemeById, txt, typesText,
} from '../apps.js';

/** Category checkboxes of a scheme in a fieldset; .values() gives the ticked codes. */
export function categoryChecks(scheme, selected = []) {
  const box = h('div', { class: 'checks' });
  for (const c of scheme.categories) {
    box.append(h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'categories', value: c.code, checked: selected.includes(c.code) }),
      txt(c.name)));
  }
  const fs = h('fieldset', { class: 'group', 'data-field': 'categories' },
    h('legend', null, t('apps.categories'), h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
    h('p', { class: 'hint' }, t('apps.categories_hint')), box);
  fs.values = () => [...box.querySelectorAll('input:checked')].map((i) => i.value);
  return fs;
}

export function gradeOptions(scheme) {
  return scheme.grades.map((g) => ({
    value: g.code,
    label: g.legacy ? `${gradeName(g.code, scheme)} ${t('apps.legacy_grade')}` : gradeName(g.code, scheme),
  }));
}

export async function appNewPage(main, params, ctx) {
  const schemes = await getSchemes();
  const schemeSel = selectInput(schemes.map((s) => ({ value: s.id, label: txt(s.name) })), { name: 'scheme' });
  const gradeSel = selectInput([], { name: 'grade' });
  const catSlot = h('div');
  const matSlot = h('div');
  const eligSlot = h('div', { class: 'elig-slot', 'data-testid': 'elig-result' });
  const errSlot = h('div', { class: 'form-error' });
  let cats = null;

  const matTable = dataTable([
    { label: t('apps.mat.col.name'), render: (m) => txt(m.name) },
    { label: t('apps.mat.col.required'), className: 'nowrap', render: (m) => (m.required ? t('apps.mat.required') : t('apps.mat.optional')) },
    { label: t('apps.mat.col.types'), className: 'mono nowrap', render: (m) => typesText(m.types) },
  ], { caption: t('apps.mat.title') });

  function schemeChanged() {
    const s = schemeById(schemes, schemeSel.value);
    fillSelect(gradeSel, gradeOptions(s), s.grades.find((g) => !g.legacy).code);
    cats = categoryChecks(s);
    replace(catSlot, cats);
    matTable.update(s.materials);
    replace(matSlot, h('p', { class: 'hint' }, t('apps.mat.preview_hint', {
      limit: s.time_limits.acceptance, decision: s.time_limits.decision,
    })), matTable);
    replace(eligSlot);
  }
  schemeSel.addEventListener('change', schemeChanged);
  gradeSel.addEventListener('change', () => replace(eligSlot));

  const checkBtn = button(t('apps.elig.check'), { 'data-testid': 'check-eligibility' });
  const createBtn = button(t('apps.create_draft'), { kind: 'primary', type: 'submit', 'data-testid': 'create-app' });
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'new-app-form' },
    h('div', { class: 'form-grid' },
      field({ label: t('apps.col.scheme'), input: schemeSel, name: 'scheme', required: true }),
      field({ label: t('apps.col.grade'), input: gradeSel, name: 'grade', required: true, hint: t('apps.grade_hint') })),
    catSlot,
    errSlot,
    h('div', { class: 'form-actions' }, createBtn, checkBtn,
      h('a', { href: '#/apps', class: 'btn btn-ghost' }, t('common.cancel'))));

  checkBtn.addEventListener('click', () => {
    replace(errSlot);
    return attempt(checkBtn, errSlot, async () => {
      const r = await api('POST', '/eligibility', { body: { scheme: schemeSel.value, grade: gradeSel.value } });
      replace(eligSlot, section(t('apps.elig.title'),
        h('p', { class: 'panel-intro' }, t('apps.elig.intro_unit')),
        eligibilityVerdict(r.lines), eligibilityTable(r.lines),
        h('p', { class: 'hint' }, t('apps.elig.profile_hint'), ' ', h('a', { href: '#/profile' }, t('nav.profile')))));
    }, form);
  });

  onFormSubmit(form, createBtn, errSlot, async () => {
    const app = await api('POST', '/applications', {
      body: { scheme: schemeSel.value, grade: gradeSel.value, categories: cats.values() },
    });
    notify(t('apps.created'), 'success');
    ctx.go(`apps/${app.id}/materials`);
  }, () => (cats.values().length === 0
    ? { code: 'missing_field', field: 'categories', message: 'missing_field' } : null));

  schemeChanged();
  replace(main,
    pageHeader(t('apps.new_title'), t('apps.new_intro')),
    h('div', { class: 'grid-2' },
      section(t('apps.new_what'), form),
      section(t('apps.mat.title'), matSlot)),
    eligSlot);
}
