/**
 * The REST side of the console: agent login, and the login kept in sessionStorage (one browser
 * tab's life; closing the tab logs out).
 */

import type { AgentInfo } from './protocol';

export interface Auth {
  /** The JWT sent in the agent socket's `hello`. */
  token: string;
  agent: AgentInfo;
  /** Epoch milliseconds after which the server refuses the token. */
  expiresAt: number;
}

/** A login the server refused (401 wrong credentials, 400 bad request, …) or could not answer. */
export class LoginError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseAuth(value: unknown): Auth | null {
  if (!isRecord(value) || typeof value['token'] !== 'string' || !isRecord(value['agent'])) {
    return null;
  }
  const agent = value['agent'];
  if (typeof agent['id'] !== 'string') {
    return null;
  }
  const roles = Array.isArray(agent['roles']) ? agent['roles'].filter((r): r is string => typeof r === 'string') : [];
  return {
    token: value['token'],
    agent: { id: agent['id'], name: typeof agent['name'] === 'string' ? agent['name'] : agent['id'], roles },
    expiresAt: typeof value['expiresAt'] === 'number' ? value['expiresAt'] : Number.POSITIVE_INFINITY,
  };
}

/** The `detail` of an `application/problem+json` answer, if there is one. */
async function problemDetail(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.json();
    if (isRecord(body)) {
      if (typeof body['detail'] === 'string' && body['detail'] !== '') {
        return body['detail'];
      }
      if (typeof body['title'] === 'string' && body['title'] !== '') {
        return body['title'];
      }
    }
  } catch {
    // not JSON: fall back to the status line
  }
  return null;
}

/** A successful login answer's token and agent; a {@link LoginError} if it is not one. */
async function authFrom(response: Response): Promise<Auth> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const auth = parseAuth(body);
  if (!auth) {
    throw new LoginError('The server sent an unexpected login answer.', response.status);
  }
  return auth;
}

/** `POST /api/auth/login`. Resolves with the token and the agent, or rejects with a {@link LoginError}. */
export async function login(username: string, password: string): Promise<Auth> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new LoginError('Cannot reach the server. Check your connection and try again.', 0);
  }
  if (!response.ok) {
    const detail = await problemDetail(response);
    const fallback = response.status === 401 ? 'Wrong username or password.' : `Login failed (HTTP ${response.status}).`;
    throw new LoginError(detail ?? fallback, response.status);
  }
  return authFrom(response);
}

/** How agents may sign in on this deployment (`GET /api/auth/methods`). */
export interface SignInMethods {
  passwords: boolean;
  /** The identity provider's name and where its sign-in starts; null without single sign-on. */
  sso: { name: string; start: string } | null;
}

/** The deployment's sign-in methods; passwords only when the server cannot say. */
export async function signInMethods(): Promise<SignInMethods> {
  const fallback: SignInMethods = { passwords: true, sso: null };
  try {
    const response = await fetch('/api/auth/methods', { headers: { accept: 'application/json' }, cache: 'no-store' });
    const body: unknown = response.ok ? await response.json() : null;
    if (!isRecord(body)) {
      return fallback;
    }
    const sso = body['sso'];
    return {
      passwords: body['passwords'] !== false,
      sso: isRecord(sso) && typeof sso['name'] === 'string' && typeof sso['start'] === 'string' ? { name: sso['name'], start: sso['start'] } : null,
    };
  } catch {
    return fallback;
  }
}

/**
 * `POST /api/auth/sso/session`: the login the identity provider's callback just made, which the node
 * handed over in an HttpOnly cookie (never in the URL). Rejects with a {@link LoginError}.
 */
export async function ssoSession(): Promise<Auth> {
  let response: Response;
  try {
    response = await fetch('/api/auth/sso/session', { method: 'POST', headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new LoginError('Cannot reach the server. Check your connection and try again.', 0);
  }
  if (!response.ok) {
    throw new LoginError((await problemDetail(response)) ?? `Single sign-on failed (HTTP ${response.status}).`, response.status);
  }
  return authFrom(response);
}

const STORAGE_KEY = 'tandem.console.auth';

export function saveAuth(auth: Auth): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(auth));
  } catch {
    // storage disabled or full: the login lasts as long as the page
  }
}

/** The stored login, or null if there is none or it is unreadable. Expiry is the caller's check. */
export function loadAuth(): Auth | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text === null ? null : parseAuth(JSON.parse(text));
  } catch {
    return null;
  }
}

export function clearAuth(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored then
  }
}

export function isExpired(auth: Auth, now: number = Date.now()): boolean {
  return now >= auth.expiresAt;
}

/** How long before expiry a token is refreshed: a minute, or a third of what is left of a short-lived one. */
const REFRESH_AHEAD_MS = 60_000;

/** The longest delay `setTimeout` keeps (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Milliseconds from `now` until the console should refresh this login's token (Infinity: it never expires). */
export function refreshDelay(auth: Auth, now: number = Date.now()): number {
  const left = auth.expiresAt - now;
  if (!Number.isFinite(left)) {
    return Number.POSITIVE_INFINITY;
  }
  return Math.min(MAX_TIMER_MS, Math.max(0, left - Math.min(REFRESH_AHEAD_MS, left / 3)));
}

/**
 * `POST /api/auth/refresh`: a fresh token of the same login. Rejects with a {@link LoginError}:
 * status 401 when the server will not refresh it (the login is past `auth.refreshMaxLifetimeSeconds`,
 * or the token was revoked), 0 when the server could not be reached.
 */
export async function refresh(auth: Auth): Promise<Auth> {
  let response: Response;
  try {
    response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { authorization: `Bearer ${auth.token}`, accept: 'application/json' },
      cache: 'no-store',
    });
  } catch {
    throw new LoginError('Cannot reach the server.', 0);
  }
  if (!response.ok) {
    throw new LoginError((await problemDetail(response)) ?? `Refresh failed (HTTP ${response.status}).`, response.status);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const fresh = parseAuth(body);
  if (!fresh) {
    throw new LoginError('The server sent an unexpected refresh answer.', response.status);
  }
  return fresh;
}

/**
 * The STUN and TURN servers for this agent's peer connections (`GET /api/ice-servers`); none if the
 * node cannot say (a peer connection on one network still connects through its host candidates).
 */
export async function iceServers(token: string): Promise<RTCIceServer[]> {
  try {
    const response = await fetch('/api/ice-servers', { headers: { authorization: `Bearer ${token}` } });
    const body: unknown = response.ok ? await response.json() : null;
    return isRecord(body) && Array.isArray(body['iceServers']) ? (body['iceServers'].filter(isRecord) as unknown as RTCIceServer[]) : [];
  } catch {
    return [];
  }
}
