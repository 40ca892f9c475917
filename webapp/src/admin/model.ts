/**
 * What the admin API answers, read defensively: a field of an unexpected type becomes a neutral
 * value rather than a crash, so one odd row does not take a whole page down.
 */

export interface Privacy {
  preJoinBufferSeconds: number;
  maskAllInputs: boolean;
}

export interface Project {
  id: string;
  name: string;
  key: string;
  allowedOrigins: string[];
  privacy: Privacy;
}

export interface Agent {
  id: string;
  name: string;
  roles: string[];
  projects: string[];
  disabled: boolean;
  createdAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  kind: string;
  agentId: string | null;
  sessionId: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  /** The API path of the next (older) page, null on the last one. */
  next: string | null;
}

export interface Recording {
  id: string;
  projectId: string;
  sessionId: string;
  startedAt: string;
  endedAt: string | null;
  contentType: string;
  bytes: number;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function project(value: unknown): Project {
  const json = isRecord(value) ? value : {};
  const privacy = isRecord(json['privacy']) ? json['privacy'] : {};
  return {
    id: str(json['id']),
    name: str(json['name'], str(json['id'])),
    key: str(json['key']),
    allowedOrigins: strings(json['allowedOrigins']),
    privacy: { preJoinBufferSeconds: num(privacy['preJoinBufferSeconds']), maskAllInputs: privacy['maskAllInputs'] === true },
  };
}

export function projects(value: unknown): Project[] {
  return records(value).map(project);
}

export function agent(value: unknown): Agent {
  const json = isRecord(value) ? value : {};
  return {
    id: str(json['id']),
    name: str(json['name'], str(json['id'])),
    roles: strings(json['roles']),
    projects: strings(json['projects']),
    disabled: json['disabled'] === true,
    createdAt: strOrNull(json['createdAt']),
  };
}

export function agents(value: unknown): Agent[] {
  return records(value).map(agent);
}

export function auditPage(value: unknown): AuditPage {
  const json = isRecord(value) ? value : {};
  return {
    items: records(json['items']).map((item) => ({
      id: num(item['id']),
      at: str(item['at']),
      kind: str(item['kind']),
      agentId: strOrNull(item['agentId']),
      sessionId: strOrNull(item['sessionId']),
      outcome: str(item['outcome']),
      details: isRecord(item['details']) ? item['details'] : {},
    })),
    next: strOrNull(json['next']),
  };
}

export function recordings(value: unknown): Recording[] {
  return records(value).map((json) => ({
    id: str(json['id']),
    projectId: str(json['projectId']),
    sessionId: str(json['sessionId']),
    startedAt: str(json['startedAt']),
    endedAt: strOrNull(json['endedAt']),
    contentType: str(json['contentType'], 'video/webm'),
    bytes: num(json['bytes']),
  }));
}

/** The rooms of the live sessions (`GET /api/admin/sessions`). */
export function liveRooms(value: unknown): Set<string> {
  return new Set(records(value).map((session) => str(session['room'])).filter((room) => room !== ''));
}
