/**
 * Signing in over plain HTTP the way a browser does (login page for the session cookie and CSRF
 * token, then the form post), for the fault tests that drive the real server process.
 */
import { TEST_PASSWORD } from '../helpers/session';

export interface SignedIn {
  username: string;
  cookie: string;
  /** X-Request-Id of the sign-in response (its audit entry carries the same id). */
  requestId: string;
}

export function sessionCookie(res: Response): string {
  const m = /monev\.sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '');
  if (!m) throw new Error(`no session cookie (status ${res.status})`);
  return m[0];
}

export function csrfIn(html: string): string | null {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
}

/** GET /login, then POST the credentials; null unless the server answered 303 (signed in). */
export async function signIn(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<SignedIn | null> {
  const form = await fetch(`${baseUrl}/login`, { headers: { Accept: 'text/html' } });
  const csrf = csrfIn(await form.text());
  if (form.status !== 200 || !csrf) return null;
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: sessionCookie(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
  });
  await res.arrayBuffer(); // an unread body keeps the connection busy (and delays shutdown)
  if (res.status !== 303) return null;
  return { username, requestId: res.headers.get('x-request-id') ?? '', cookie: sessionCookie(res) };
}

/** The signed-in session's CSRF token, read from a page with a form. */
export async function csrfToken(baseUrl: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/akun/sandi`, { headers: { cookie, Accept: 'text/html' }, redirect: 'manual' });
  const token = csrfIn(await res.text());
  if (!token) throw new Error(`no CSRF token for this session (status ${res.status})`);
  return token;
}

export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs `username` in and returns what state-changing API calls need (cookie + X-CSRF-Token). */
export async function signedInSession(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<Session> {
  const signedIn = await signIn(baseUrl, username, password);
  if (!signedIn) throw new Error(`${username} could not sign in`);
  return { cookie: signedIn.cookie, csrf: await csrfToken(baseUrl, signedIn.cookie) };
}
