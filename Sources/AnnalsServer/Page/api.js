// The page talks to the server's JSON API only. Identity travels in the HttpOnly
// session cookie the sign-in sets (the page never sees or stores a token); a request
// that changes state also carries the CSRF token that GET /api/v1/session returns,
// in the X-Annals-CSRF header, which a page on another origin cannot read or send.

let csrfToken = null;
let signedIn = null;

/** The signed-in account as GET /api/v1/session described it, or null. */
export function session() { return signedIn; }

/** An answer other than 2xx: the status and the server's error document. */
export class ApiError extends Error {
  constructor(status, body, path) {
    const detail = body && (body.message || body.error || body.reason);
    super(detail ? String(detail) : `服务器返回 ${status}（${path}）`);
    this.status = status;
    this.body = body || {};
    this.path = path;
  }
}

/**
 * The request URL. Parameters are percent-encoded with encodeURIComponent, so a
 * space in a query travels as %20: URLSearchParams would write `+`, which only
 * HTML form decoding reads as a space, and the server reads as a plus sign.
 */
function url(path, params) {
  const query = Object.entries(params || {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return new URL(query ? `${path}?${query}` : path, location.origin);
}

async function answer(response, path) {
  const type = response.headers.get('content-type') || '';
  let body;
  if (type.includes('ndjson')) {
    // A stream's events come as JSON Lines (the export's shape): one event a line.
    body = (await response.text()).split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
  } else if (type.includes('json')) {
    body = await response.json().catch(() => null);
  } else {
    body = response.status === 204 ? null : await response.text();
  }
  if (!response.ok) throw new ApiError(response.status, body && typeof body === 'object' ? body : { message: body }, path);
  return body;
}

/** GET a JSON (or text) document. */
export async function get(path, params) {
  const response = await fetch(url(path, params), {
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/x-ndjson, text/plain;q=0.9' },
  });
  return answer(response, path);
}

/** A state-changing request, with the CSRF header. */
export async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (csrfToken) headers['X-Annals-CSRF'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url(path), {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answer(response, path);
}

/** The signed-in account, or null when there is none (401). */
export async function currentSession() {
  try {
    signedIn = await get('/api/v1/session');
    csrfToken = signedIn.csrf_token || signedIn.csrf || null;
    return signedIn;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) { signedIn = null; return null; }
    throw error;
  }
}

export async function signIn(account, password) {
  await send('POST', '/api/v1/session', { account, password });
  return currentSession();
}

export async function signOut() {
  try {
    await send('DELETE', '/api/v1/session');
  } finally {
    csrfToken = null;
    signedIn = null;
  }
}
