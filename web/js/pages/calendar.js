// calendar.js - the working-day calendar (工作日历) statutory time limits are
// counted in: check a date, add N working days, count the working days
// between two dates; the loaded years; and, for the system administrator,
// loading or replacing a year from the State Council's holiday notice.

import { h, replace } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, today } from '../session.js';
import {
  attempt, button, confirmDialog, dataTable, errorBox, field, infoBox, notify, onFormSubmit,
  pageHeader, requiredMissing, section, textArea, timeEl,
} from '../ui.js';
import { pick } from '../apps.js';

/** A small form: fields, one button, a result line below. run() returns the result node. */
function toolForm(testid, fields, label, run) {
  const out = h('div', { class: 'tool-result', 'data-testid': `${testid}-result`, 'aria-live': 'polite' });
  const btn = button(label, { type: 'submit', kind: 'primary' });
  const form = h('form', { class: 'form tool-form', novalidate: true, 'data-testid': testid },
    h('div', { class: 'tool-fields' }, fields), h('div', { class: 'form-actions' }, btn), out);
  onFormSubmit(form, btn, out, async () => replace(out, await run()));
  return form;
}

function weekday(n) {
  return t(`cal.weekdays.${n}`);
}

export function calendarWarning(warning) {
  if (!warning) return null;
  return h('div', { class: 'alert alert-warning', role: 'alert', 'data-testid': 'calendar-warning' },
    h('div', { class: 'alert-title warn-title' }, t('cal.warning_title', { year: warning.year })),
    h('div', null, pick(warning.message_zh, warning.message), ' ',
      hasRole('system_admin') ? h('a', { href: '#/calendar' }, t('cal.go_load')) : null));
}

export async function calendarPage(main, params, ctx) {
  const day = today();
  const isAdmin = hasRole('system_admin');

  /* tools */
  const checkDate = h('input', { type: 'date', name: 'date', value: day });
  const check = toolForm('cal-check', [field({ label: t('cal.date'), input: checkDate, name: 'date', required: true })],
    t('cal.check'), async () => {
      const r = await api('GET', '/calendar/check', { query: { date: checkDate.value } });
      return h('p', { class: ['tool-answer', r.working_day ? 'ans-yes' : 'ans-no'] },
        h('strong', null, r.working_day ? t('cal.is_working') : t('cal.is_rest')), ' ',
        t('cal.check_line', { date: r.date, weekday: weekday(r.weekday), kind: tOr(`cal.kinds.${r.kind}`, r.kind) }));
    });

  const addDate = h('input', { type: 'date', name: 'date', value: day });
  const addN = h('input', { type: 'number', name: 'n', value: '5', class: 'num', min: -3660, max: 3660 });
  const add = toolForm('cal-add', [
    field({ label: t('cal.start'), input: addDate, name: 'date', required: true }),
    field({ label: t('cal.n'), input: addN, name: 'n', required: true, hint: t('cal.n_hint') }),
  ], t('cal.add'), async () => {
    const r = await api('GET', '/calendar/add', { query: { date: addDate.value, n: addN.value.trim() } });
    return h('p', { class: 'tool-answer' }, t('cal.add_line', { date: r.date, n: r.n }), ' ',
      h('strong', { class: 'mono' }, r.result));
  });

  const fromIn = h('input', { type: 'date', name: 'from', value: day });
  const toIn = h('input', { type: 'date', name: 'to' });
  const between = toolForm('cal-between', [
    field({ label: t('cal.from'), input: fromIn, name: 'from', required: true }),
    field({ label: t('cal.to'), input: toIn, name: 'to', required: true }),
  ], t('cal.count'), async () => {
    const r = await api('GET', '/calendar/between', { query: { from: fromIn.value, to: toIn.value } });
    return h('p', { class: 'tool-answer' }, t('cal.between_line', { from: r.from, to: r.to }), ' ',
      h('strong', null, t('cal.wd_n', { n: r.working_days })));
  });

  /* loaded years */
  const yearsErr = h('div');
  let years = { items: [], warning: null };
  if (isAdmin) {
    try {
      years = await api('GET', '/calendar/years');
    } catch (err) {
      replace(yearsErr, errorBox(err));
    }
  }
  const table = dataTable([
    { label: t('cal.col.year'), className: 'mono', render: (y) => String(y.year) },
    { label: t('cal.col.holidays'), className: 'num', render: (y) => String(y.holidays) },
    { label: t('cal.col.adjusted'), className: 'num', render: (y) => String(y.adjusted_working_days) },
    { label: t('cal.col.source'), className: 'wrap-text', render: (y) => y.source || '—' },
    { label: t('cal.col.loaded_at'), className: 'nowrap', render: (y) => timeEl(y.loaded_at) },
    { label: t('cal.col.loaded_by'), className: 'mono', render: (y) => y.loaded_by },
  ], { caption: t('cal.years'), rowAttrs: (y) => ({ 'data-year': String(y.year) }) });
  table.update(years.items);

  /* loading a year (system administrator) */
  let loadPanel = null;
  if (isAdmin) {
    const next = years.warning ? years.warning.year : (Math.max(0, ...years.items.map((y) => y.year)) + 1 || Number(day.slice(0, 4)) + 1);
    const yearIn = h('input', { type: 'number', name: 'year', min: 1949, max: 2199, class: 'num', value: String(next) });
    const docIn = textArea({ name: 'document', rows: 14, class: 'mono json-input', spellcheck: 'false', placeholder: t('cal.paste_ph') });
    const errSlot = h('div', { class: 'form-error' });
    const loadBtn = button(t('cal.load'), { type: 'submit', kind: 'primary', 'data-testid': 'cal-load' });
    const skeleton = button(t('cal.skeleton'), {
      onclick: () => {
        const y = yearIn.value.trim() || String(next);
        docIn.value = JSON.stringify({
          year: Number(y),
          source: t('cal.skeleton_source', { year: y }),
          holidays: [{ name_zh: t('cal.skeleton_zh'), name_en: t('cal.skeleton_en'), from: `${y}-01-01`, to: `${y}-01-01` }],
          adjusted_working_days: [],
        }, null, 2);
      },
    });
    const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'cal-load-form' },
      h('p', { class: 'panel-intro' }, t('cal.load_intro')),
      field({ label: t('cal.col.year'), input: yearIn, name: 'year', required: true }),
      field({ label: t('cal.document'), input: docIn, name: 'document', required: true, wide: true, hint: t('cal.document_hint') }),
      errSlot,
      h('div', { class: 'form-actions' }, loadBtn, skeleton));
    // the document must be JSON for the year named (the server checks it all again)
    const docError = () => {
      let doc;
      try {
        doc = JSON.parse(docIn.value);
      } catch (e) {
        return { code: 'malformed_json', field: 'document', message: e.message };
      }
      const year = yearIn.value.trim();
      if (!doc || doc.year !== Number(year)) {
        return { code: 'year_mismatch', field: 'year', message: `${doc && doc.year} != ${year}` };
      }
      return null;
    };
    const put = async () => {
      const year = yearIn.value.trim();
      await api('PUT', `/calendar/years/${year}`, { raw: docIn.value, type: 'application/json' });
      notify(t('cal.loaded', { year }), 'success');
      ctx.go('calendar');
    };
    onFormSubmit(form, loadBtn, errSlot, async () => {
      const year = yearIn.value.trim();
      if (!years.items.some((y) => String(y.year) === year)) {
        await put();
        return;
      }
      confirmDialog({
        title: t('cal.replace_title', { year }),
        message: t('cal.replace_text', { year }),
        confirmLabel: t('cal.replace'),
        danger: true,
        onConfirm: () => attempt(loadBtn, errSlot, put, form),
      });
    }, (f) => requiredMissing(f) || docError());
    loadPanel = section(t('cal.load_title'), form);
  }

  replace(main,
    pageHeader(t('cal.title'), t('cal.intro')),
    isAdmin ? calendarWarning(years.warning) : null,
    h('div', { class: 'grid-3' },
      section(t('cal.check_title'), check),
      section(t('cal.add_title'), add),
      section(t('cal.between_title'), between)),
    isAdmin ? section(t('cal.years'), h('p', { class: 'panel-intro' }, t('cal.years_intro')), yearsErr, table) : null,
    loadPanel,
    isAdmin ? null : infoBox('info', t('cal.admin_only')));
}
