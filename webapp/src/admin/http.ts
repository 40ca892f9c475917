/**
 * The admin REST API (`/api/admin/...`) as the console's admin pages call it: the agent's bearer
 * token on every request, JSON in and out, and every refusal turned into an {@link ApiProblem}
 * carrying the server's problem+json (its `field` says which form field it is about).
 */

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** The body field or query parameter at fault (`privacy.preJoinBufferSeconds`), null if none. */
    readonly field: string | null,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): the status line says enough
  }
  const record = isRecord(body) ? body : {};
  const title = text(record['title']) ?? `HTTP ${response.status}`;
  return new ApiProblem(response.status, title, text(record['detail']) ?? title, text(record['field']));
}

export class AdminApi {
  constructor(private readonly token: () => string) {}

  /** Sends a request; resolves with the parsed JSON body (null for 204), rejects with an {@link ApiProblem}. */
  async call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const response = await this.send(method, path, body);
    if (response.status === 204) {
      return null;
    }
    return response.json();
  }

  /** The body of a GET as a Blob (a recording's content), with its content type. */
  async blob(path: string): Promise<Blob> {
    return (await this.send('GET', path)).blob();
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token()}`, accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), cache: 'no-store' });
    } catch {
      throw new ApiProblem(0, 'Network error', 'Cannot reach the server. Check your connection and try again.', null);
    }
    if (!response.ok) {
      throw await problemOf(response);
    }
    return response;
  }
}

/** The message of anything a page's action threw. */
export function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
