// api.js - the one way the UI talks to the server.
//
// Every call goes to /api/v1 with JSON in and out. Cookie-authenticated
// mutations carry X-CSRF-Token; updates carry If-Match: "v<version>". A failed
// call throws ApiError with the server's {code, message, field}. Two answers
// are handled globally: 401 (back to the login page) and 403
// password_change_required (to the password page).

import { t, tOr } from './i18n.js';

export class ApiError extends Error {
  constructor(status, code, message, field, requestId, data) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.requestId = requestId || null;
    // the whole error object: some refusals carry more (eligibility_failed: the report)
    this.data = data || null;
  }
}

let csrfToken = null;
const hooks = { unauthenticated: null, passwordChange: null };

export function setCsrf(token) {
  csrfToken = token || null;
}

/** hooks: {unauthenticated(err), passwordChange(err)} */
export function setAuthHooks(h) {
  Object.assign(hooks, h);
}

function queryString(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * api('GET', '/users', {query: {q: 'x'}})
 * opts.body     JSON-encoded as the request body
 * opts.version  record version for If-Match
 * opts.auth401  true: a 401 is the caller's business (login form, boot probe)
 * opts.raw      a Blob or string sent as the body as it is (uploads, calendar JSON)
 * opts.type     the Content-Type of opts.raw
 */
export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  } else if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.type || 'application/octet-stream';
    init.body = opts.raw;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.version !== undefined && opts.version !== null) headers['If-Match'] = `"v${opts.version}"`;

  let res;
  try {
    res = await fetch(`/api/v1${path}${queryString(opts.query)}`, init);
  } catch (e) {
    throw new ApiError(0, 'network_error', e && e.message ? e.message : 'network error');
  }
  const requestId = res.headers.get('X-Request-Id');
  let data = null;
  if (res.status !== 204) {
    const type = res.headers.get('Content-Type') || '';
    if (type.startsWith('application/json')) {
      try {
        data = await res.json();
      } catch {
        data = null;
      }
    }
  }
  if (res.ok) return data;

  const e = data && data.error ? data.error : {};
  const err = new ApiError(res.status, e.code || `http_${res.status}`,
    e.message || res.statusText, e.field, requestId, e);
  if (res.status === 401 && !opts.auth401 && hooks.unauthenticated) hooks.unauthenticated(err);
  if (res.status === 403 && err.code === 'password_change_required' && hooks.passwordChange) {
    hooks.passwordChange(err);
  }
  throw err;
}

/**
 * api() for one part of the UI: a refusal whose code the i18n key
 * `${section}.errors.<code>` has words for carries them as its message, in the
 * UI's language (errorBox still shows the code and the server's own words).
 */
export function apiIn(section) {
  return async (method, path, opts) => {
    try {
      return await api(method, path, opts);
    } catch (err) {
      const key = `${section}.errors.${err && err.code}`;
      if (err && err.code && tOr(key, '') !== '') err.message = t(key);
      throw err;
    }
  };
}

/** Every item of a cursor-paged list, up to maxPages pages of limit. */
export async function fetchAll(path, query = {}, { limit = 200, maxPages = 10 } = {}) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < maxPages; i += 1) {
    const page = await api('GET', path, { query: { ...query, limit, cursor } });
    items.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return items;
}
