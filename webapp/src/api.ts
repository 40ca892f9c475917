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
