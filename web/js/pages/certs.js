// certs.js (page) - qualification certificates for staff and units: the
// bureau's list (filtered by state, scheme and grade), the unit's own
// certificates, and one certificate with all its fields, its state, the actions
// the caller may take on it and its history (cert_life.js), the signed payload
// of its QR code and the link to its PDF for printing.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { hasRole, UNIT_ROLES } from '../session.js';
import {
  button, dataTable, exportLinks, field, notify, pageHeader, pagedTable, section, selectInput,
} from '../ui.js';
import { getSchemes, schemeGradeSelects } from '../apps.js';
import { certColumns, certFacts, noNewWork } from '../certs.js';
import { certActions, certHistory } from './cert_life.js';

export const CERT_STATES = ['valid', 'suspended', 'revoked', 'cancelled', 'expired', 'superseded'];

const certHref = (c) => `#/certs/${c.id}`;

function certsTable(go, opts, unit = true) {
  const listErr = h('div');
  const table = dataTable(certColumns(certHref, { unit }), {
    ...opts,
    rowAttrs: (c) => ({ 'data-cert-id': String(c.id), 'data-number': c.number, 'data-state': c.state, class: 'row-link' }),
  });
  table.tbody.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button, input, select')) return;
    const tr = ev.target.closest('tr[data-cert-id]');
    if (tr) go(`certs/${tr.dataset.certId}`);
  });
  return { listErr, table };
}

async function unitCertsPage(main, params, ctx) {
  const { listErr, table } = certsTable(ctx.go, { caption: t('cert.my_title'), empty: t('cert.none') }, false);
  const { load, bar } = pagedTable(table, listErr, (cursor) => api('GET', '/certificates', { query: { limit: 50, cursor } }));
  await load();
  replace(main, pageHeader(t('cert.my_title'), t('cert.my_intro'), exportLinks('/certificates')),
    section(null, listErr, table, bar));
}

async function bureauCertsPage(main, params, ctx) {
  const schemes = await getSchemes();
  const stateSel = selectInput([{ value: '', label: t('common.any') },
    ...CERT_STATES.map((s) => ({ value: s, label: t(`cert.states.${s}`) }))], { name: 'state' });
  const { schemeSel, gradeSel } = schemeGradeSelects(schemes);
  const { listErr, table } = certsTable(ctx.go, { caption: t('cert.list_title'), empty: t('cert.none') });
  const { load, withFilters } = pagedTable(table, listErr, (cursor) => api('GET', '/certificates', {
    query: {
      state: stateSel.value, scheme: schemeSel.value, grade: gradeSel.value, limit: 50, cursor,
    },
  }));
  await load();
  replace(main,
    pageHeader(t('cert.list_title'), t('cert.list_intro'),
      exportLinks('/certificates', () => ({ state: stateSel.value, scheme: schemeSel.value, grade: gradeSel.value })),
      h('a', { class: 'btn btn-secondary', href: '#/public/certs' }, t('public.nav.register'))),
    section(null, withFilters([
      field({ label: t('cert.col.state'), input: stateSel }),
      field({ label: t('cert.col.scheme'), input: schemeSel }),
      field({ label: t('cert.col.grade'), input: gradeSel }),
    ], t('cert.register.note'))));
}

export async function certsListPage(main, params, ctx) {
  if (hasRole(...UNIT_ROLES)) return unitCertsPage(main, params, ctx);
  return bureauCertsPage(main, params, ctx);
}

export async function certPage(main, params, ctx) {
  const id = Number.parseInt(params.id, 10);
  const c = await api('GET', `/certificates/${id}`);
  const appId = c.application_id;
  // the case's number, to name the link (its id if the case cannot be read)
  const app = appId ? await api('GET', `/applications/${appId}`).catch(() => null) : null;
  const appNo = app && app.number ? app.number : `#${appId}`;
  const extra = [
    // a certificate registered from paper: the date printed on the paper (it has no application)
    c.paper_issued ? [t('paper.cert_paper_issued'), h('span', { class: 'mono', 'data-testid': 'cert-paper-issued' }, c.paper_issued)] : null,
    appId ? [t('cert.f.application'), h('a', { href: `#/apps/${appId}`, class: 'mono', 'data-testid': 'cert-application' }, appNo)] : null,
    c.state_since ? [t('cert.f.state_since'), h('span', { class: 'mono' }, c.state_since)] : null,
    c.suspension_start ? [t('cert.f.suspension'),
      h('span', { class: 'mono' }, t('cert.validity_range', { from: c.suspension_start, until: c.suspension_end || '—' }))] : null,
    c.status_index !== undefined && c.status_index !== null
      ? [t('cert.f.status_index'), h('span', { class: 'mono' }, String(c.status_index))] : null,
    c.kid ? [t('cert.f.kid'), h('span', { class: 'mono' }, c.kid)] : null,
  ];
  const payloadText = c.payload || '';
  const payload = h('pre', { class: 'payload mono', 'data-testid': 'cert-payload', tabindex: '0', 'aria-label': t('cert.payload_title') },
    payloadText || t('cert.payload_none'));
  const copyBtn = payloadText ? button(t('cert.copy'), {
    small: true,
    'data-testid': 'copy-payload',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(payloadText);
        notify(t('cert.copied'), 'success');
      } catch {
        notify(t('cert.copy_failed'), 'warning');
      }
    },
  }) : null;
  const pdfHref = `/api/v1/certificates/${id}/pdf`;
  // after an event: the certificate as it stands now, and its history
  const history = certHistory(id);
  const actions = certActions(c, () => certPage(main, params, ctx));
  await history.load();
  replace(main,
    pageHeader(t('cert.title', { number: c.number }), null,
      h('a', { class: 'btn btn-secondary', href: '#/certs' }, t('cert.back_to_list')),
      h('a', { class: 'btn btn-secondary', href: '#/annual', 'data-testid': 'cert-annual' }, t('annual.unit_title')),
      h('a', { class: 'btn btn-secondary', href: `#/inspections?certificate_id=${id}`, 'data-testid': 'cert-inspections' }, t('inspections.of_cert')),
      h('a', {
        class: 'btn btn-primary', href: pdfHref, target: '_blank', rel: 'noopener', 'data-testid': 'cert-pdf', type: 'application/pdf',
      }, t('cert.pdf'))),
    h('section', { class: 'panel', 'data-testid': 'cert-page', 'data-state': c.state, 'data-cert-id': String(c.id) },
      h('h2', { class: 'panel-title' }, t('cert.facts_title')),
      certFacts(c, extra),
      noNewWork(c)
        ? h('p', { class: 'alert alert-warning', role: 'status' }, t('cert.no_new_work_hint')) : null),
    actions,
    h('section', { class: 'panel' },
      h('div', { class: 'tab-head' },
        h('h2', { class: 'panel-title' }, t('cert.payload_title')),
        h('div', { class: 'inline-actions' }, copyBtn,
          h('a', { class: 'btn btn-secondary btn-sm', href: '#/public/verify' }, t('cert.to_verify')),
          h('a', { class: 'btn btn-secondary btn-sm', href: `#/public/certs/${encodeURIComponent(c.number)}` }, t('cert.to_public')))),
      h('p', { class: 'hint' }, t('cert.payload_hint')),
      payload),
    history.el);
}
