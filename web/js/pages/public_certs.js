// public_certs.js - the public certificate pages, no login needed: the
// register (search by unit name, USCC or number; a suspended unit is marked
// as taking no new classified work), one certificate, and the verification of
// a certificate's signed text (pasted) or of a picture of its QR code.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import {
  attempt, button, dataTable, errorBox, exportLinks, field, onFormSubmit, pagedTable, textArea, textInput,
} from '../ui.js';
import { certColumns, certFacts, noNewWork, verifyResult } from '../certs.js';
import { publicFrame } from './public.js';

const certHref = (c) => `#/public/certs/${encodeURIComponent(c.number)}`;

/** The query of the current address (#/public/certs?q=...). */
function hashQuery() {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

export async function publicRegisterPage(root, { onLang, loggedIn, go, isCurrent }) {
  const q = textInput({
    name: 'q', maxlength: 128, type: 'search', class: 'search-wide', placeholder: t('cert.register.q_ph'), value: hashQuery().get('q') || '',
  });
  const listErr = h('div');
  const table = dataTable(certColumns(certHref), {
    caption: t('cert.register.results'),
    empty: t('cert.register.none'),
    rowAttrs: (c) => ({ 'data-number': c.number, 'data-state': c.state, class: 'row-link' }),
  });
  table.tbody.addEventListener('click', (ev) => {
    if (ev.target.closest('a, button, input, select')) return;
    const tr = ev.target.closest('tr[data-number]');
    if (tr) go(`public/certs/${encodeURIComponent(tr.dataset.number)}`);
  });
  const { load, withFilters } = pagedTable(table, listErr, (cursor) => {
    const query = q.value.trim();
    // the search stays in the address, so that coming back from a certificate finds it again
    history.replaceState(null, '', query ? `#/public/certs?q=${encodeURIComponent(query)}` : '#/public/certs');
    return api('GET', '/public/certificates', { query: { q: query, limit: 20, cursor }, auth401: true });
  });
  await load();
  if (!isCurrent()) return;
  publicFrame(root, { onLang, loggedIn, active: 'register', subtitle: t('cert.register.subtitle') },
    h('div', { class: 'page-head' },
      h('div', { class: 'page-titles' },
        h('h1', { class: 'page-title' }, t('cert.register.title')),
        h('p', { class: 'page-sub' }, t('cert.register.intro'))),
      h('div', { class: 'page-actions' }, exportLinks('/public/certificates', () => ({ q: q.value.trim() })))),
    h('section', { class: 'panel', 'data-testid': 'cert-register' },
      withFilters([field({ label: t('cert.register.q'), input: q, name: 'q', wide: true })], t('cert.register.note'))),
    h('p', { class: 'public-foot' }, t('public.footer')));
}

export async function publicCertPage(root, { onLang, loggedIn, isCurrent }, number) {
  let body;
  try {
    const c = await api('GET', `/public/certificates/${encodeURIComponent(number)}`, { auth401: true });
    const resultSlot = h('div', { 'data-testid': 'verify-slot' });
    let verifyBtn = null;
    if (c.payload) {
      verifyBtn = button(t('cert.to_verify'), { kind: 'primary', 'data-testid': 'verify-this' });
      verifyBtn.addEventListener('click', () => attempt(verifyBtn, resultSlot, async () => {
        const r = await api('POST', '/public/verify', { body: { payload: c.payload }, auth401: true });
        replace(resultSlot, h('section', { class: 'panel' },
          h('h2', { class: 'panel-title' }, t('cert.verify.result_title')), verifyResult(r, c)));
      }));
    }
    body = [
      h('div', { class: 'page-head' },
        h('div', { class: 'page-titles' }, h('h1', { class: 'page-title' }, t('cert.register.detail_title', { number: c.number }))),
        h('div', { class: 'page-actions' },
          h('a', { class: 'btn btn-secondary', href: '#/public/certs' }, t('cert.register.back')), verifyBtn)),
      h('section', { class: 'panel', 'data-testid': 'public-cert', 'data-state': c.state },
        h('h2', { class: 'panel-title' }, t('cert.facts_title')),
        certFacts(c, c.paper_issued
          ? [[t('paper.cert_paper_issued'), h('span', { class: 'mono', 'data-testid': 'cert-paper-issued' }, c.paper_issued)]] : []),
        noNewWork(c)
          ? h('p', { class: 'alert alert-warning', role: 'status' }, t('cert.no_new_work_hint')) : null),
      resultSlot,
    ];
  } catch (err) {
    body = [
      h('div', { class: 'page-head' },
        h('div', { class: 'page-titles' }, h('h1', { class: 'page-title' }, t('cert.register.detail_title', { number }))),
        h('div', { class: 'page-actions' }, h('a', { class: 'btn btn-secondary', href: '#/public/certs' }, t('cert.register.back')))),
      err.status === 404 ? h('div', { class: 'panel empty-state', 'data-testid': 'page-message' }, h('p', null, t('cert.register.not_found')))
        : errorBox(err),
    ];
  }
  if (!isCurrent()) return;
  publicFrame(root, { onLang, loggedIn, active: 'register', subtitle: t('cert.register.subtitle') }, body,
    h('p', { class: 'public-foot' }, t('public.footer')));
}

/**
 * The register's entry of a verified certificate, for the names of its codes;
 * null when it was not decoded or this register does not know it.
 */
async function registerEntry(r) {
  // only a genuine certificate is looked up: an altered number would name another
  const signed = (r.steps || []).some((s) => s.step === 'signature' && s.outcome === 'pass');
  if (!r.certificate || !r.certificate.number || !signed) return null;
  try {
    return await api('GET', `/public/certificates/${encodeURIComponent(r.certificate.number)}`, { auth401: true });
  } catch {
    return null;
  }
}

export async function publicVerifyPage(root, { onLang, loggedIn }) {
  const resultSlot = h('div', { class: 'verify-slot', 'data-testid': 'verify-slot', 'aria-live': 'polite' });

  const payload = textArea({ name: 'payload', rows: 6, class: 'mono payload-input', maxlength: 4000 });
  const pasteBtn = button(t('cert.verify.check'), { type: 'submit', kind: 'primary', 'data-testid': 'verify-payload' });
  const pasteErr = h('div');
  const pasteForm = h('form', { class: 'verify-form', novalidate: true, 'data-testid': 'verify-paste' },
    field({ label: t('cert.verify.payload'), input: payload, name: 'payload', required: true, wide: true, hint: t('cert.verify.payload_hint') }),
    pasteErr,
    h('div', { class: 'form-actions' }, pasteBtn));
  onFormSubmit(pasteForm, pasteBtn, pasteErr, async () => {
    replace(resultSlot);
    // the text is taken as it is, but a line end picked up by copying is no part of it
    const r = await api('POST', '/public/verify', { body: { payload: payload.value.replace(/[\r\n]+$/, '') }, auth401: true });
    await show(r);
  });

  const image = h('input', { type: 'file', name: 'image', accept: 'image/png,application/pdf,.png,.pdf', class: 'file-pick' });
  const imageBtn = button(t('cert.verify.check_image'), { type: 'submit', kind: 'primary', 'data-testid': 'verify-image' });
  const imageErr = h('div');
  const imageForm = h('form', { class: 'verify-form', novalidate: true, 'data-testid': 'verify-upload' },
    field({ label: t('cert.verify.image'), input: image, name: 'image', wide: true, hint: t('cert.verify.image_hint') }),
    imageErr,
    h('div', { class: 'form-actions' }, imageBtn));
  onFormSubmit(imageForm, imageBtn, imageErr, async () => {
    replace(resultSlot);
    const file = image.files && image.files[0];
    // a picture of the QR code, or the printed certificate's PDF: the server reads the code from either
    const pdf = file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
    const r = await api('POST', '/public/verify', { raw: file, type: pdf ? 'application/pdf' : 'image/png', auth401: true });
    await show(r);
  }, () => (image.files && image.files.length ? null
    : { code: 'no_file', field: 'image', message: t('cert.verify.no_file') }));

  async function show(r) {
    const reg = await registerEntry(r);
    replace(resultSlot, h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('cert.verify.result_title')), verifyResult(r, reg)));
    resultSlot.scrollIntoView({ block: 'nearest' });
  }

  publicFrame(root, { onLang, loggedIn, active: 'verify', subtitle: t('cert.verify.subtitle') },
    h('div', { class: 'page-head' },
      h('div', { class: 'page-titles' },
        h('h1', { class: 'page-title' }, t('cert.verify.title')),
        h('p', { class: 'page-sub' }, t('cert.verify.intro')))),
    h('div', { class: 'grid-2 verify-grid' },
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('cert.verify.paste_title')), pasteForm),
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('cert.verify.upload_title')), imageForm)),
    resultSlot,
    h('p', { class: 'public-foot' }, t('public.footer')));
}
