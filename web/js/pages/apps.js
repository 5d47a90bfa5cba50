// apps.js (page) - lists of qualification applications: the unit's own
// applications, the bureau's searchable register, and the bureau user's work
// queue ("my tasks", sorted by due date by the server).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, UNIT_ROLES } from '../session.js';
import {
  dataTable, dateEl, exportLinks, field, pageHeader, pagedTable, section, selectInput, stat, tableLoader,
} from '../ui.js';
import { getRegions, regionOptions, regionPrefix } from '../orgs.js';
import {
  appLink, appSchemeName, categoriesText, deadlineBadge, getSchemes, gradeName, schemeById, schemeGradeSelects,
  schemeShort, STATES, stateBadge, stateText, UNIT_EDIT_STATES,
} from '../apps.js';

function columns(schemes, { unit = false, task = false } = {}) {
  return [
    { label: t('apps.col.number'), className: 'nowrap', render: (a) => appLink(a) },
    unit ? null : {
      label: t('apps.col.unit'),
      className: 'col-unit',
      render: (a) => h('span', { class: 'name-cell' }, a.unit.name, h('span', { class: 'sub mono' }, a.unit.uscc)),
    },
    {
      label: t('apps.col.scheme'),
      className: 'col-scheme',
      render: (a) => h('span', { class: 'name-cell', title: appSchemeName(a) }, schemeShort(a.scheme.id, appSchemeName(a)),
        h('span', { class: 'sub' }, categoriesText(a.categories, schemeById(schemes, a.scheme.id)))),
    },
    { label: t('apps.col.grade'), className: 'nowrap', render: (a) => gradeName(a.grade, schemeById(schemes, a.scheme.id)) },
    { label: t('apps.col.state'), className: 'nowrap', render: (a) => stateBadge(a.state) },
    task ? { label: t('apps.col.todo'), className: 'col-todo', render: (a) => t(`apps.todo.${a.state}`) } : null,
    { label: t('apps.col.deadline'), className: 'nowrap', render: (a) => deadlineBadge(a, { compact: true }) },
    { label: t('apps.col.submitted_at'), className: 'nowrap', render: (a) => dateEl(a.dates.submitted_at) },
    unit ? { label: t('fields.updated_at'), className: 'nowrap', render: (a) => dateEl(a.updated_at) } : null,
  ].filter(Boolean);
}

const rowAttrs = (a) => ({ 'data-app-id': String(a.id), 'data-state': a.state, class: 'row-link' });

/**
 * A table of applications whose rows open the case when clicked anywhere (the
 * number is the real link), with a slot for the error of loading it.
 */
function appsTable(schemes, go, colOpts, opts) {
  const listErr = h('div');
  const table = dataTable(columns(schemes, colOpts), { ...opts, rowAttrs });
  table.tbody.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button, input, select')) return;
    const tr = ev.target.closest('tr[data-app-id]');
    if (tr) go(`apps/${tr.dataset.appId}`);
  });
  return { listErr, table };
}

/**
 * The applications of query, fetched once into a table: {items ([] if the
 * fetch failed), panel (the error slot and the table)}.
 */
async function appsList(ctx, colOpts, opts, query) {
  const { listErr, table } = appsTable(await getSchemes(), ctx.go, colOpts, opts);
  let items = [];
  await tableLoader(table, listErr, async () => {
    items = (await api('GET', '/applications', { query })).items;
    return items;
  })();
  return { items, panel: section(null, listErr, table) };
}

async function unitAppsPage(main, params, ctx) {
  const { items, panel } = await appsList(ctx, { unit: true },
    { caption: t('apps.my_title'), empty: t('apps.none_yet') }, { limit: 200 });
  const waiting = items.filter((a) => UNIT_EDIT_STATES.includes(a.state));
  replace(main,
    pageHeader(t('apps.my_title'), t('apps.my_intro'),
      hasRole('unit_officer') ? h('a', { class: 'btn btn-primary', href: '#/apps/new', 'data-testid': 'new-app' }, t('apps.new')) : null),
    waiting.length ? h('div', { class: 'alert alert-warning', role: 'status', 'data-testid': 'awaiting-unit' },
      t('apps.awaiting_unit', { n: waiting.length })) : null,
    panel);
}

async function bureauAppsPage(main, params, ctx) {
  const [schemes, regions] = await Promise.all([getSchemes(), getRegions().catch(() => [])]);
  const { schemeSel, gradeSel } = schemeGradeSelects(schemes);
  const stateSel = selectInput([{ value: '', label: t('common.any') }, { value: 'open', label: t('apps.state_open') },
    ...STATES.map((s) => ({ value: s, label: stateText(s) }))], { name: 'state' });
  const regionSel = selectInput([{ value: '', label: t('common.any') }, ...regionOptions(regions, { includeNational: false })], { name: 'region' });
  const dueIn = h('input', { type: 'number', name: 'due_within', min: 0, max: 365, class: 'num', placeholder: t('apps.due_within_ph') });
  const overdueIn = h('input', { type: 'checkbox', name: 'overdue' });
  const { listErr, table } = appsTable(schemes, ctx.go, {}, { caption: t('apps.search_title') });
  const filters = () => ({
    scheme: schemeSel.value,
    grade: gradeSel.value,
    state: stateSel.value,
    region: regionSel.value ? regionPrefix(regionSel.value) : '',
    due_within: dueIn.value.trim(),
    overdue: overdueIn.checked ? 'true' : '',
  });
  const { load, withFilters } = pagedTable(table, listErr, (cursor) => api('GET', '/applications', {
    query: { ...filters(), limit: 50, cursor },
  }));

  await load();
  replace(main,
    pageHeader(t('apps.search_title'), t('apps.search_intro'), exportLinks('/applications', filters),
      h('a', { class: 'btn btn-secondary', href: '#/tasks' }, t('nav.tasks'))),
    section(null, withFilters([
      field({ label: t('apps.col.scheme'), input: schemeSel }),
      field({ label: t('apps.col.grade'), input: gradeSel }),
      field({ label: t('apps.col.state'), input: stateSel }),
      field({ label: t('fields.region'), input: regionSel }),
      field({ label: t('apps.due_within'), input: dueIn, name: 'due_within' }),
      h('label', { class: 'check filter-check' }, overdueIn, t('apps.overdue_only')),
    ], t('apps.search_note'))));
}

export async function appsListPage(main, params, ctx) {
  if (hasRole(...UNIT_ROLES)) return unitAppsPage(main, params, ctx);
  return bureauAppsPage(main, params, ctx);
}

export async function tasksPage(main, params, ctx) {
  const { items, panel } = await appsList(ctx, { task: true },
    { caption: t('apps.tasks_title'), empty: t('apps.no_tasks') }, { tasks: 'true' });
  const overdue = items.filter((a) => a.clock && a.clock.overdue).length;
  const soon = items.filter((a) => a.clock && !a.clock.overdue && !a.clock.paused && a.clock.remaining <= 2).length;
  replace(main,
    pageHeader(t('apps.tasks_title'), t('apps.tasks_intro'),
      h('a', { class: 'btn btn-secondary', href: '#/apps' }, t('nav.apps'))),
    h('div', { class: 'stat-row', 'data-testid': 'task-stats' },
      stat(String(items.length), t('apps.stat_tasks')),
      stat(String(overdue), t('apps.stat_overdue'), overdue && 'red'),
      stat(String(soon), t('apps.stat_soon'), soon && 'amber')),
    panel);
}
