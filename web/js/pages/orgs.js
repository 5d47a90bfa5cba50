// orgs.js (page) - secrecy bureaus, units and regions. Everyone reads what
// their jurisdiction and clearance let them see; the system administrator
// registers bureaus, units and regions; the security administrator sets a
// unit record's security label; a unit officer keeps their unit's contact data.

import { h, replace } from '../dom.js';
import { getLang, t } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, me, today } from '../session.js';
import {
  button, compartmentsError, dataTable, errorBox, field, fillSelect, labelEl, levelOptions,
  notify, openDialog, pageHeader, pagedTable, parseCompartments, selectInput, tableLoader,
  textInput, timeEl,
} from '../ui.js';
import {
  authorityName, byId, getAuthorities, getRegions, invalidate, regionMap, regionName, regionOptions,
  regionPrefix,
} from '../orgs.js';
import { staleAware } from './users.js';

const TABS = ['authorities', 'units', 'regions'];

function regionLabel(code, rmap) {
  const r = rmap.get(code);
  return h('span', null, h('span', { class: 'mono' }, code), r ? ` ${regionName(r)}` : '');
}

/** A tab's own head: what it holds and, for who may, a button to add to it. */
function tabHead(intro, action) {
  return h('div', { class: 'tab-head' }, h('p', { class: 'panel-intro' }, intro), action);
}

/** Inputs and fields for the Chinese and English names of a record (a: its current values). */
function bilingualNames(a) {
  const zh = textInput({ name: 'name_zh', maxlength: 128, value: a ? a.name_zh : '' });
  const en = textInput({ name: 'name_en', maxlength: 128, value: a ? a.name_en : '' });
  return {
    zh,
    en,
    fields: [
      field({ label: t('fields.name_zh'), input: zh, name: 'name_zh', required: true }),
      field({ label: t('fields.name_en'), input: en, name: 'name_en', required: true }),
    ],
  };
}

/* ---------- authorities ---------- */

async function authoritiesTab(box) {
  const canWrite = hasRole('system_admin');
  const listErr = h('div');
  let rmap = new Map();
  let amap = new Map();
  const table = dataTable([
    {
      label: t('orgs.col.name'),
      render: (a) => h('span', { class: 'name-cell' }, authorityName(a),
        h('span', { class: 'sub' }, getLang() === 'en' ? a.name_zh : a.name_en)),
    },
    { label: t('orgs.col.level'), render: (a) => h('span', { class: `badge lvl-${a.level}` }, t(`orgs.levels.${a.level}`)) },
    { label: t('fields.region'), render: (a) => regionLabel(a.region, rmap) },
    { label: t('orgs.col.parent'), render: (a) => (a.parent_id ? authorityName(amap.get(a.parent_id)) || `#${a.parent_id}` : '—') },
    { label: t('fields.updated_at'), className: 'nowrap', render: (a) => timeEl(a.updated_at) },
    ...(canWrite ? [{
      label: t('common.actions'),
      className: 'actions',
      render: (a) => button(t('orgs.rename'), { small: true, onclick: () => renameDialog(a) }),
    }] : []),
  ], { caption: t('orgs.tabs.authorities'), rowAttrs: (a) => ({ 'data-region': a.region }) });

  const load = tableLoader(table, listErr, async () => {
    invalidate('authorities');
    const [list, regions] = await Promise.all([getAuthorities(), getRegions().catch(() => [])]);
    rmap = regionMap(regions);
    amap = byId(list);
    return list;
  });

  async function createDialog() {
    const regions = await getRegions();
    const { zh, en, fields } = bilingualNames(null);
    const region = selectInput([{ value: '', label: t('orgs.choose_region') }, ...regionOptions(regions)], { name: 'region' });
    openDialog({
      title: t('orgs.create_authority'),
      submitLabel: t('common.create'),
      body: [
        ...fields,
        field({ label: t('fields.region'), input: region, name: 'region', required: true, hint: t('orgs.authority_region_hint') }),
      ],
      onSubmit: async () => {
        const a = await api('POST', '/authorities', {
          body: { name_zh: zh.value.trim(), name_en: en.value.trim(), region: region.value },
        });
        notify(t('orgs.authority_created', { name: authorityName(a) }), 'success');
        await load();
      },
    });
  }

  function renameDialog(a) {
    const { zh, en, fields } = bilingualNames(a);
    openDialog({
      title: t('orgs.rename_authority'),
      body: fields,
      onSubmit: () => staleAware(async () => {
        const body = {};
        if (zh.value.trim() !== a.name_zh) body.name_zh = zh.value.trim();
        if (en.value.trim() !== a.name_en) body.name_en = en.value.trim();
        if (Object.keys(body).length === 0) return;
        await api('PATCH', `/authorities/${a.id}`, { body, version: a.version });
        notify(t('orgs.saved'), 'success');
        await load();
      }, load),
    });
  }

  await load();
  replace(box,
    tabHead(t('orgs.authorities_intro'),
      canWrite ? button(t('orgs.create_authority'), { kind: 'primary', onclick: createDialog, 'data-testid': 'create-authority' }) : null),
    listErr, table);
}

/* ---------- units ---------- */

function unitFields(u, { identityLocked }) {
  const inputs = {
    name: textInput({ name: 'name', maxlength: 128, value: u ? u.name : '' }),
    uscc: textInput({ name: 'uscc', maxlength: 18, class: 'mono upper', value: u ? u.uscc : '', disabled: identityLocked }),
    region: selectInput([], { name: 'region', disabled: identityLocked }),
    address: textInput({ name: 'address', maxlength: 256, value: u ? u.address : '' }),
    legal_representative: textInput({ name: 'legal_representative', maxlength: 64, value: u ? u.legal_representative : '' }),
    registered_on: h('input', { type: 'date', name: 'registered_on', value: u && u.registered_on ? u.registered_on : '', max: today() }),
    phone: textInput({ name: 'phone', maxlength: 32, value: u ? u.phone : '', inputmode: 'tel' }),
  };
  const body = h('div', { class: 'form-grid' },
    field({ label: t('fields.unit_name'), input: inputs.name, name: 'name', required: true, wide: true }),
    field({ label: t('fields.uscc'), input: inputs.uscc, name: 'uscc', required: !identityLocked, hint: t('orgs.uscc_hint') }),
    field({ label: t('fields.region'), input: inputs.region, name: 'region', required: !identityLocked }),
    field({ label: t('fields.address'), input: inputs.address, name: 'address', wide: true }),
    field({ label: t('fields.legal_representative'), input: inputs.legal_representative, name: 'legal_representative' }),
    field({ label: t('fields.registered_on'), input: inputs.registered_on, name: 'registered_on' }),
    field({ label: t('fields.phone'), input: inputs.phone, name: 'phone' }));
  return { inputs, body };
}

function unitValues(inputs) {
  const v = {};
  for (const [k, el] of Object.entries(inputs)) v[k] = el.value.trim();
  v.uscc = v.uscc.toUpperCase();
  return v;
}

async function unitsTab(box) {
  const isSys = hasRole('system_admin');
  const isSec = hasRole('security_admin');
  const myUnit = hasRole('unit_officer') ? me().unit_id : null;
  const qIn = textInput({ name: 'q', type: 'search', placeholder: t('orgs.unit_q_placeholder') });
  const regionSel = selectInput([{ value: '', label: t('common.any') }], { name: 'region' });
  const listErr = h('div');
  let regions = [];
  let rmap = new Map();
  try {
    regions = await getRegions();
    rmap = regionMap(regions);
    fillSelect(regionSel, [{ value: '', label: t('common.any') }, ...regionOptions(regions, { includeNational: false })], '');
  } catch (err) {
    replace(listErr, errorBox(err));
  }

  const canEdit = (u) => isSys || (myUnit && u.id === myUnit);
  const table = dataTable([
    { label: t('fields.unit_name'), render: (u) => u.name },
    { label: t('fields.uscc'), className: 'mono', render: (u) => u.uscc },
    { label: t('fields.region'), render: (u) => regionLabel(u.region, rmap) },
    { label: t('fields.legal_representative'), render: (u) => u.legal_representative || '—' },
    { label: t('fields.registered_on'), className: 'nowrap', render: (u) => u.registered_on || '—' },
    { label: t('fields.phone'), className: 'nowrap', render: (u) => u.phone || '—' },
    { label: t('fields.label'), render: (u) => labelEl(u.label) },
    ...(isSys || isSec || myUnit ? [{
      label: t('common.actions'),
      className: 'actions',
      render: (u) => [
        canEdit(u) ? button(t('common.edit'), { small: true, onclick: () => editDialog(u) }) : null,
        isSec ? button(t('orgs.set_label'), { small: true, onclick: () => labelDialog(u) }) : null,
      ],
    }] : []),
  ], { caption: t('orgs.tabs.units'), rowAttrs: (u) => ({ 'data-uscc': u.uscc }) });
  const { load, withFilters } = pagedTable(table, listErr, (cursor) => api('GET', '/units', {
    query: {
      q: qIn.value.trim(),
      region: regionSel.value ? regionPrefix(regionSel.value) : '',
      limit: 50,
      cursor,
    },
  }));

  function createDialog() {
    const { inputs, body } = unitFields(null, { identityLocked: false });
    fillSelect(inputs.region, [{ value: '', label: t('orgs.choose_region') }, ...regionOptions(regions, { includeNational: false })], '');
    openDialog({
      title: t('orgs.create_unit'),
      submitLabel: t('common.create'),
      wide: true,
      body,
      onSubmit: async () => {
        const v = unitValues(inputs);
        const u = await api('POST', '/units', { body: v });
        invalidate('units');
        notify(t('orgs.unit_created', { name: u.name }), 'success');
        await load();
      },
    });
  }

  function editDialog(u) {
    const locked = !isSys;
    const { inputs, body } = unitFields(u, { identityLocked: locked });
    fillSelect(inputs.region, regionOptions(regions, { includeNational: false }), u.region);
    openDialog({
      title: t('orgs.edit_unit', { name: u.name }),
      wide: true,
      body: [locked ? h('p', { class: 'hint' }, t('orgs.identity_locked')) : null, body],
      onSubmit: () => staleAware(async () => {
        const v = unitValues(inputs);
        const changes = {};
        for (const [k, val] of Object.entries(v)) {
          if (locked && (k === 'uscc' || k === 'region')) continue;
          if ((u[k] || '') !== val) changes[k] = val;
        }
        if (Object.keys(changes).length === 0) return;
        await api('PATCH', `/units/${u.id}`, { body: changes, version: u.version });
        invalidate('units');
        notify(t('orgs.saved'), 'success');
        await load();
      }, load),
    });
  }

  function labelDialog(u) {
    const level = selectInput(levelOptions(), { name: 'level', value: u.label.level });
    const comps = textInput({ name: 'compartments', class: 'mono', value: u.label.compartments.join(', ') });
    openDialog({
      title: t('orgs.label_title', { name: u.name }),
      body: [
        h('p', { class: 'dialog-message' }, t('orgs.label_text')),
        field({ label: t('fields.level'), input: level, name: 'level', required: true }),
        field({ label: t('fields.compartments'), input: comps, name: 'compartments', hint: t('access.compartments_hint') }),
      ],
      onSubmit: () => staleAware(async () => {
        const list = parseCompartments(comps.value);
        const bad = compartmentsError(list, 'compartments');
        if (bad) throw bad;
        await api('PUT', `/units/${u.id}/label`, { body: { level: level.value, compartments: list }, version: u.version });
        invalidate('units');
        notify(t('orgs.label_saved', { name: u.name }), 'success');
        await load();
      }, load),
    });
  }

  await load();
  replace(box,
    tabHead(t('orgs.units_intro'),
      isSys ? button(t('orgs.create_unit'), { kind: 'primary', onclick: createDialog, 'data-testid': 'create-unit' }) : null),
    withFilters([
      field({ label: t('orgs.unit_q'), input: qIn }),
      field({ label: t('fields.region'), input: regionSel }),
    ]));
}

/* ---------- regions ---------- */

async function regionsTab(box) {
  const canWrite = hasRole('system_admin');
  const listErr = h('div');
  let rmap = new Map();
  const table = dataTable([
    { label: t('orgs.col.code'), className: 'mono', render: (r) => r.code },
    { label: t('fields.name_zh'), render: (r) => r.name_zh },
    { label: t('fields.name_en'), render: (r) => r.name_en },
    { label: t('orgs.col.parent'), render: (r) => (r.parent ? regionLabel(r.parent, rmap) : '—') },
  ], { caption: t('orgs.tabs.regions') });

  const load = tableLoader(table, listErr, async () => {
    invalidate('regions');
    const list = await getRegions();
    rmap = regionMap(list);
    return list;
  });

  function createDialog() {
    const code = textInput({ name: 'code', maxlength: 6, inputmode: 'numeric', class: 'mono' });
    const { zh, en, fields } = bilingualNames(null);
    openDialog({
      title: t('orgs.create_region'),
      submitLabel: t('common.create'),
      body: [
        field({ label: t('orgs.col.code'), input: code, name: 'code', required: true, hint: t('orgs.region_code_hint') }),
        ...fields,
      ],
      onSubmit: async () => {
        await api('POST', '/regions', { body: { code: code.value.trim(), name_zh: zh.value.trim(), name_en: en.value.trim() } });
        notify(t('orgs.region_created', { code: code.value.trim() }), 'success');
        await load();
      },
    });
  }

  await load();
  replace(box,
    tabHead(t('orgs.regions_intro'),
      canWrite ? button(t('orgs.create_region'), { kind: 'primary', onclick: createDialog }) : null),
    listErr, table);
}

export async function orgsPage(main, params) {
  const tab = TABS.includes(params.tab) ? params.tab : 'authorities';
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('nav.orgs') },
    TABS.map((k) => h('a', {
      href: `#/orgs/${k}`,
      class: 'tab',
      'aria-current': k === tab ? 'page' : null,
      'data-tab': k,
    }, t(`orgs.tabs.${k}`))));
  const box = h('section', { class: 'panel tab-panel' });
  if (tab === 'units') await unitsTab(box);
  else if (tab === 'regions') await regionsTab(box);
  else await authoritiesTab(box);
  replace(main, pageHeader(t('orgs.title'), t('orgs.intro')), tabs, box);
}
