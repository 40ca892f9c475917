/**
 * The agent side of the Tandem wire protocol, version 1 (docs/protocol.md): the frames the console
 * sends on `/ws/agent`, the frames it receives, and a parser that checks a received frame's header
 * before the rest of the console trusts it.
 */

import type { eventWithTime } from '@rrweb/types';

export const PROTOCOL_VERSION = 1;

/** The agent as the server knows it (`welcome`, and the login answer). */
export interface AgentInfo {
  id: string;
  name: string;
  roles: string[];
}

/** An agent inside a room, as listed in a Session. */
export interface RoomAgent {
  id: string;
  name: string;
}

export interface TabInfo {
  tabId: string;
  url: string;
  title: string;
  /** The tab is the one the user is looking at (document visible). */
  visible: boolean;
  /** The tab's tracker socket is open. */
  connected: boolean;
}

export type SessionState = 'idle' | 'streaming' | 'disconnected';

/** One live session (a room: all tabs of one browser session). */
export interface Session {
  room: string;
  projectId: string;
  userId: string | null;
  metadata: Record<string, string>;
  /** Epoch milliseconds (server clock). */
  startedAt: number;
  state: SessionState;
  tabs: TabInfo[];
  agents: RoomAgent[];
}

export type ErrorCode =
  | 'FRAME_TOO_LARGE'
  | 'BINARY_NOT_SUPPORTED'
  | 'MALFORMED_FRAME'
  | 'MISSING_FIELD'
  | 'UNKNOWN_TYPE'
  | 'WRONG_ENDPOINT'
  | 'HELLO_REQUIRED'
  | 'DUPLICATE_HELLO'
  | 'HELLO_TIMEOUT'
  | 'UNSUPPORTED_VERSION'
  | 'INVALID_ID'
  | 'UNAUTHORIZED'
  | 'UNKNOWN_PROJECT'
  | 'SESSION_PROOF_FAILED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'METADATA_TOO_LARGE'
  | 'TOO_MANY_TABS'
  | 'RATE_LIMITED'
  | 'EVENT_BYTES_RATE_LIMITED'
  | 'NODE_FULL'
  | 'PROJECT_FULL'
  | 'ADDRESS_FULL'
  | 'ROOM_FULL'
  | 'TOO_MANY_ROOMS'
  | 'UNKNOWN_ROOM'
  | 'NOT_JOINED'
  | 'CONSENT_REQUIRED'
  | 'CONSENT_PENDING'
  | 'NO_CONSENT_REQUEST'
  | 'TAB_NOT_CONNECTED'
  | 'CALL_FULL'
  | 'SIGNAL_TOO_LARGE'
  | 'STROKE_TOO_LARGE'
  | 'CONTROL_TEXT_TOO_LARGE'
  | 'PAGE_RATE_LIMITED'
  | 'HEARTBEAT_RATE_LIMITED'
  | 'CONSENT_RATE_LIMITED'
  | 'SIGNAL_RATE_LIMITED'
  | 'NODE_DRAINING'
  | 'ACCOUNT_CHECK_FAILED'
  | 'ROOM_MOVED'
  | 'AGENT_REVOKED'
  | 'TOKEN_REVOKED'
  | 'TOKEN_EXPIRED'
  | 'ACCESS_REVOKED'
  | 'SUPPORT_CODE_INVALID'
  | 'SUPPORT_CODE_THROTTLED'
  | 'LIST_INVALID'
  | 'LIST_WINDOW_TOO_LARGE';

/** The server's "reconnect now" close code: the node is going away (drain) or gave up a room. */
export const SERVICE_RESTART_CLOSE = 1012;

// ---- agent → server ----

export interface HelloFrame {
  t: 'hello';
  v: typeof PROTOCOL_VERSION;
  token: string;
}

/** A fresher token of the same agent (from `POST /api/auth/refresh`): the socket stands until it expires. */
export interface RefreshFrame {
  t: 'refresh';
  token: string;
}

/** The orders a list window can be asked in; each sorts on keys a session never changes. */
export type ListSort = 'newest' | 'oldest' | 'user';

/**
 * Asks the node for a window of the session list: `search` (user id, URL, title, metadata, matched
 * on the node), a sort, and a page (`limit` at most the node's `limits.maxListWindow`, 100 by
 * default). The node answers with the whole window (`listChanged` with `window` and this `id`), then
 * only how it changes.
 */
export interface ListFrame {
  t: 'list';
  id: number;
  search: string;
  sort: ListSort;
  offset: number;
  limit: number;
}

export interface JoinFrame {
  t: 'join';
  room: string;
}

export interface LeaveFrame {
  t: 'leave';
  room: string;
}

/** What a consent is for (docs/protocol.md, consent-gated assistance). */
export type ConsentKind = 'call' | 'control' | 'annotate' | 'record';

export interface ConsentRequestFrame {
  t: 'consent';
  room: string;
  kind: ConsentKind;
  action: 'request' | 'end';
}

/** WebRTC signalling to the user (`to: 'user'`) or another agent of the call; `data` is relayed as it is. */
export interface SignalFrame {
  t: 'signal';
  room: string;
  to: string;
  data: object;
}

/** Remote control on one tab of the user's page; needs a live `control` grant. `node` is an rrweb mirror id. */
export interface ControlFrame {
  t: 'control';
  room: string;
  tab: string;
  action: 'click' | 'scroll' | 'input' | 'key' | 'visit';
  node?: number;
  /** In the user's viewport, CSS pixels (for `scroll`: the scroll position to go to). */
  x?: number;
  y?: number;
  text?: string;
  key?: string;
  url?: string;
}

/** Part of a stroke drawn on the user's page (points in the user's viewport); needs a live `annotate` or `control` grant. */
export interface AnnotateFrame {
  t: 'annotate';
  room: string;
  tab: string;
  stroke: { id: string; points: Array<[number, number]>; color: string; width: number };
  done?: boolean;
}

/** A support code the user read out; answered `redeemed` with its session, or a `SUPPORT_CODE_…` error. */
export interface RedeemFrame {
  t: 'redeem';
  code: string;
}

export type AgentFrame =
  | HelloFrame
  | RefreshFrame
  | ListFrame
  | JoinFrame
  | LeaveFrame
  | ConsentRequestFrame
  | SignalFrame
  | ControlFrame
  | AnnotateFrame
  | RedeemFrame;

// ---- server → agent ----

export interface WelcomeFrame {
  t: 'welcome';
  agent: AgentInfo;
}

/** A `refresh` accepted: the socket stands until `expiresAt` (epoch ms). */
export interface RefreshedFrame {
  t: 'refreshed';
  expiresAt: number;
}

/** The changed fields of a session in the window, with its room id. */
export type SessionDelta = { room: string } & Record<string, unknown>;

/**
 * The list window: whole (`window`, answering the `list` whose `id` it echoes) or how it changed since
 * the last push (`added` whole, the `changed` fields of entries still in it, the ids `removed`).
 * `total` is how many sessions match in all. Entries leave out their empty parts.
 */
export interface ListChangedFrame {
  t: 'listChanged';
  total: number;
  id?: number;
  window?: Session[];
  added: Session[];
  changed: SessionDelta[];
  removed: string[];
}

export interface JoinedFrame {
  t: 'joined';
  room: string;
  session: Session;
}

/** The session a `redeem`'s code leads to: join it to watch. */
export interface RedeemedFrame {
  t: 'redeemed';
  room: string;
  session: Session;
}

export interface RoomFrame {
  t: 'room';
  room: string;
  session: Session;
}

export interface EventsFrame {
  t: 'events';
  room: string;
  tab: string;
  /** Per tab, strictly increasing from 1. */
  seq: number;
  /** The batch begins with a full snapshot (rrweb Meta + FullSnapshot). */
  snapshot: boolean;
  d: eventWithTime[];
}

/** A joining agent's share of one tab's buffer: its `events` frames, oldest first, in one message. */
export interface HistoryFrame {
  t: 'history';
  room: string;
  tab: string;
  batches: EventsFrame[];
}

export interface LeftFrame {
  t: 'left';
  room: string;
}

export interface EndedFrame {
  t: 'ended';
  room: string;
}

export interface ErrorFrame {
  t: 'error';
  /** One of {@link ErrorCode}; a newer server may send a code this console does not know. */
  code: ErrorCode | (string & {});
  message: string;
  room?: string;
}

/** A consent's state changed; `agent` holds it (for `call`, every agent of the room hears of every grant). */
export interface ConsentFrame {
  t: 'consent';
  room: string;
  kind: ConsentKind;
  /** `expired`: the user did not answer within the node's `rooms.consentRequestTimeoutMs`. */
  state: 'requested' | 'granted' | 'declined' | 'expired' | 'ended';
  by: 'user' | 'agent' | 'server';
  agent: string;
  /** With `granted`: the tab whose user accepted. Control and drawing go to that tab only. */
  tab?: string;
  /** With a granted call, for this agent's peer connections. */
  iceServers?: RTCIceServer[];
}

export interface SignalInFrame {
  t: 'signal';
  room: string;
  /** `user` or an agent id. */
  from: string;
  data: Record<string, unknown>;
}

export type ServerFrame =
  | ConsentFrame
  | SignalInFrame
  | WelcomeFrame
  | RefreshedFrame
  | ListChangedFrame
  | JoinedFrame
  | RedeemedFrame
  | RoomFrame
  | EventsFrame
  | HistoryFrame
  | LeftFrame
  | EndedFrame
  | ErrorFrame;

// ---- parsing ----

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function parseAgent(value: unknown): AgentInfo | null {
  if (!isObject(value)) {
    return null;
  }
  const id = str(value['id']);
  if (id === null) {
    return null;
  }
  const roles = Array.isArray(value['roles']) ? value['roles'].filter((r): r is string => typeof r === 'string') : [];
  return { id, name: str(value['name']) ?? id, roles };
}

function parseTab(value: unknown): TabInfo | null {
  if (!isObject(value)) {
    return null;
  }
  const tabId = str(value['tabId']);
  if (tabId === null) {
    return null;
  }
  return {
    tabId,
    url: str(value['url']) ?? '',
    title: str(value['title']) ?? '',
    visible: value['visible'] === true,
    connected: value['connected'] !== false,
  };
}

function parseState(value: unknown): SessionState {
  return value === 'streaming' || value === 'disconnected' ? value : 'idle';
}

/** A Session, or null if it lacks its room id. Absent optional parts become empty. */
export function parseSession(value: unknown): Session | null {
  if (!isObject(value)) {
    return null;
  }
  const room = str(value['room']);
  if (room === null) {
    return null;
  }
  const metadata: Record<string, string> = {};
  const rawMetadata = value['metadata'];
  if (isObject(rawMetadata)) {
    for (const [key, item] of Object.entries(rawMetadata)) {
      if (typeof item === 'string') {
        metadata[key] = item;
      }
    }
  }
  const tabs = Array.isArray(value['tabs']) ? value['tabs'].map(parseTab).filter((t): t is TabInfo => t !== null) : [];
  const agents = Array.isArray(value['agents'])
    ? value['agents'].flatMap((a): RoomAgent[] => {
        if (!isObject(a) || typeof a['id'] !== 'string') {
          return [];
        }
        return [{ id: a['id'], name: str(a['name']) ?? a['id'] }];
      })
    : [];
  const startedAt = typeof value['startedAt'] === 'number' ? value['startedAt'] : Date.now();
  return {
    room,
    projectId: str(value['projectId']) ?? '',
    userId: str(value['userId']),
    metadata,
    startedAt,
    state: parseState(value['state']),
    tabs,
    agents,
  };
}

function isKind(value: unknown): value is ConsentKind {
  return value === 'call' || value === 'control' || value === 'annotate' || value === 'record';
}

const CONSENT_STATES: readonly unknown[] = ['requested', 'granted', 'declined', 'expired', 'ended'] satisfies ConsentFrame['state'][];

function isConsentState(value: unknown): value is ConsentFrame['state'] {
  return CONSENT_STATES.includes(value);
}

/** An rrweb event as far as the console relies on it: an object with a numeric type and timestamp. */
function isEvent(value: unknown): value is eventWithTime {
  return isObject(value) && typeof value['type'] === 'number' && typeof value['timestamp'] === 'number';
}

/**
 * Parses one text frame from the server. Returns null for anything the console cannot use: not
 * JSON, not an object, a frame type it does not know (a newer server may add some), or a known type
 * whose required fields are missing or of the wrong type.
 */
function parseEvents(value: Json): EventsFrame | null {
  const room = str(value['room']);
  const tab = str(value['tab']);
  const seq = value['seq'];
  const d = value['d'];
  if (room === null || tab === null || typeof seq !== 'number' || !Number.isInteger(seq) || !Array.isArray(d)) {
    return null;
  }
  return { t: 'events', room, tab, seq, snapshot: value['snapshot'] === true, d: d.filter(isEvent) };
}

export function parseServerFrame(text: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value)) {
    return null;
  }
  const room = str(value['room']);
  switch (value['t']) {
    case 'welcome': {
      const agent = parseAgent(value['agent']);
      return agent ? { t: 'welcome', agent } : null;
    }
    case 'refreshed':
      return typeof value['expiresAt'] === 'number' ? { t: 'refreshed', expiresAt: value['expiresAt'] } : null;
    case 'listChanged': {
      const total = value['total'];
      if (typeof total !== 'number' || !Number.isInteger(total)) {
        return null;
      }
      const frame: ListChangedFrame = {
        t: 'listChanged',
        total,
        added: parseSessions(arrayOf(value['added'])),
        changed: arrayOf(value['changed']).filter((d): d is SessionDelta => isObject(d) && typeof d['room'] === 'string'),
        removed: arrayOf(value['removed']).filter((id): id is string => typeof id === 'string'),
      };
      const entries = value['window'];
      const id = value['id'];
      if (Array.isArray(entries)) {
        frame.window = parseSessions(entries);
        frame.id = typeof id === 'number' ? id : 0;
      }
      return frame;
    }
    case 'joined':
    case 'redeemed':
    case 'room': {
      const session = parseSession(value['session']);
      if (room === null || session === null) {
        return null;
      }
      return { t: value['t'], room, session };
    }
    case 'events':
      return parseEvents(value);
    case 'history': {
      const tab = str(value['tab']);
      const batches = value['batches'];
      if (room === null || tab === null || !Array.isArray(batches)) {
        return null;
      }
      const parsed = batches.map((batch) => (isObject(batch) ? parseEvents(batch) : null));
      return parsed.every((batch): batch is EventsFrame => batch !== null) ? { t: 'history', room, tab, batches: parsed } : null;
    }
    case 'left':
    case 'ended':
      return room === null ? null : { t: value['t'], room };
    case 'consent': {
      const kind = value['kind'];
      const state = value['state'];
      const agent = str(value['agent']);
      if (room === null || agent === null || !isKind(kind) || !isConsentState(state)) {
        return null;
      }
      const by = value['by'] === 'user' || value['by'] === 'server' ? value['by'] : 'agent';
      const frame: ConsentFrame = { t: 'consent', room, kind, state, by, agent };
      const tab = str(value['tab']);
      if (tab !== null) {
        frame.tab = tab;
      }
      if (Array.isArray(value['iceServers'])) {
        frame.iceServers = value['iceServers'].filter(isObject) as unknown as RTCIceServer[];
      }
      return frame;
    }
    case 'signal': {
      const from = str(value['from']);
      const data = value['data'];
      return room === null || from === null || !isObject(data) ? null : { t: 'signal', room, from, data };
    }
    case 'error': {
      const code = str(value['code']);
      if (code === null) {
        return null;
      }
      const frame: ErrorFrame = { t: 'error', code, message: str(value['message']) ?? code };
      if (room !== null) {
        frame.room = room;
      }
      return frame;
    }
    default:
      return null;
  }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function parseSessions(list: unknown[]): Session[] {
  return list.map(parseSession).filter((s): s is Session => s !== null);
}
