// The console's only way to the hub: the public REST API, with a bearer token that lives in
// this module's memory (never in storage or cookies), so closing the tab signs out.

let session = null; // { token, scopes: Set, clientId, expiresAt }
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || 'http_error';
    this.description = (body && body.description) || '';
    this.fields = (body && body.fields) || [];
  }
}

export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function notify() {
  for (const fn of listeners) fn(session);
}

export function currentSession() {
  return session;
}

export function can(scope) {
  return !!session && session.scopes.has(scope);
}

export async function signIn(clientId, clientSecret) {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const res = await fetch('/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, json);
  session = {
    token: json.access_token,
    scopes: new Set((json.scope || '').split(' ').filter(Boolean)),
    clientId,
    expiresAt: Date.now() + (json.expires_in || 0) * 1000,
  };
  notify();
  return session;
}

export function signOut() {
  session = null;
  notify();
}

// A path of this hub from a link the API gave (its _links carry the public URL, which may
// name another host than the one the console was opened on).
export function pathOf(href) {
  const u = new URL(href, location.origin);
  return u.pathname + u.search;
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  if (!session) throw new ApiError(401, { code: 'unauthorized', message: 'Not signed in' });
  const init = { method, headers: { Accept: 'application/json', Authorization: `Bearer ${session.token}`, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.status === 401 && session) {
    // An expired token: back to the sign-in form.
    signOut();
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export function items(list) {
  return (list && list._embedded && list._embedded.items) || [];
}

export function nextPath(list) {
  const href = list && list._links && list._links.next && list._links.next.href;
  return href ? pathOf(href) : null;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const enc = encodeURIComponent;
