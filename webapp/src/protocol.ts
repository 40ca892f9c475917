/**
 * The agent side of the Tandem wire protocol, version 1 (docs/protocol.md): the frames the console
 * sends on `/ws/agent`, the frames it receives, and a parser that checks a received frame's header
 * before the rest of the console trusts it. The frames' types are the wire's own, generated from the
 * one definition (wire-protocol.schema.json) into common/src/wire.ts; the golden frames
 * (webapp/test/golden-frames.test.mjs) hold the parser to it.
 */

import type { eventWithTime } from '@rrweb/types';
import type {
  AgentIdentity,
  AgentRef,
  AnnotateFromAgent,
  ConsentFromAgent,
  ConsentKind,
  ConsentToAgent,
  ControlFromAgent,
  EndedToAgent,
  EndReason,
  ErrorCode,
  ErrorFrame,
  EventsToAgent,
  HeartbeatFromAgent,
  HeartbeatToAgent,
  HelloFromAgent,
  HistoryToAgent,
  JoinedToAgent,
  JoinFromAgent,
  LeaveFromAgent,
  LeftToAgent,
  ListChangedToAgent,
  ListFromAgent,
  ListSort,
  RedeemedToAgent,
  RedeemFromAgent,
  RefreshedToAgent,
  RefreshFromAgent,
  RoomToAgent,
  Session as WireSession,
  SessionDelta,
  SessionState,
  SessionTab,
  SignalFromAgent,
  SignalToAgent,
  WelcomeToAgent,
} from '../../common/src/wire';

export type { ConsentKind, EndReason, ErrorCode, ErrorFrame, ListSort, SessionDelta, SessionState };

export const PROTOCOL_VERSION = 1;

/** The agent as the server knows it (`welcome`, and the login answer). */
export type AgentInfo = AgentIdentity;

/** An agent inside a room, as listed in a Session. */
export type RoomAgent = AgentRef;

export type TabInfo = SessionTab;

/** One live session (a room: all tabs of one browser session), every part present (empty when the wire left it out). */
export type Session = Required<WireSession>;

/** The server's "reconnect now" close code: the node is going away (drain) or gave up a room. */
export const SERVICE_RESTART_CLOSE = 1012;

// ---- agent → server: the wire's frames (common/src/wire.ts, generated from wire-protocol.schema.json) ----

export type HelloFrame = HelloFromAgent;
/** Sent after a quiet while: the server answers it, so silence past `welcome.replyTimeoutMs` means the node is gone. */
export type HeartbeatFrame = HeartbeatFromAgent;
/** A fresher token of the same agent (from `POST /api/auth/refresh`): the socket stands until it expires. */
export type RefreshFrame = RefreshFromAgent;
/** The console always sends every field of a list request but `project`. */
export type ListFrame = Required<Omit<ListFromAgent, 'project'>> & Pick<ListFromAgent, 'project'>;
export type JoinFrame = JoinFromAgent;
export type LeaveFrame = LeaveFromAgent;
export type ConsentRequestFrame = ConsentFromAgent;
/** WebRTC signalling to the user (`to: 'user'`) or another agent of the call; `data` (common/src/call-peer.ts's SignalData) is relayed as it is. */
export type SignalFrame = Omit<SignalFromAgent, 'data'> & { data: object };
/** Remote control on one tab of the user's page; needs a live `control` grant. `node` is an rrweb mirror id. */
export type ControlFrame = ControlFromAgent;
/** Part of a stroke drawn on the user's page (points in the user's viewport); needs a live `annotate` or `control` grant. */
export type AnnotateFrame = AnnotateFromAgent;
/** A support code the user read out; answered `redeemed` with its session, or a `SUPPORT_CODE_…` error. */
export type RedeemFrame = RedeemFromAgent;

export type AgentFrame =
  | HelloFrame
  | HeartbeatFrame
  | RefreshFrame
  | ListFrame
  | JoinFrame
  | LeaveFrame
  | ConsentRequestFrame
  | SignalFrame
  | ControlFrame
  | AnnotateFrame
  | RedeemFrame;

// ---- server → agent, as the parser below hands them on ----

export type WelcomeFrame = WelcomeToAgent;
export type HeartbeatAnswerFrame = HeartbeatToAgent;
/** A `refresh` accepted: the socket stands until `expiresAt` (epoch ms). */
export type RefreshedFrame = RefreshedToAgent;

/**
 * The list window: whole (`window`, answering the `list` whose `id` it echoes) or how it changed since
 * the last push (`added` whole, the `changed` fields of entries still in it, the ids `removed`).
 * `total` is how many sessions match in all. Parts the wire left out are empty here.
 */
export type ListChangedFrame = Pick<ListChangedToAgent, 't' | 'total' | 'id' | 'offset'> & {
  window?: Session[];
  added: Session[];
  changed: SessionDelta[];
  removed: string[];
};

type WithSession<Frame> = Omit<Frame, 'session'> & { session: Session };
export type JoinedFrame = WithSession<JoinedToAgent>;
/** The session a `redeem`'s code leads to: join it to watch. */
export type RedeemedFrame = WithSession<RedeemedToAgent>;
export type RoomFrame = WithSession<RoomToAgent>;

/** A batch; its events as far as the console relies on them (objects with a numeric type and timestamp). */
export type EventsFrame = Omit<EventsToAgent, 'd'> & { d: eventWithTime[] };

/** A joining agent's share of one tab's buffer: its `events` frames, oldest first, in one message. */
export type HistoryFrame = Omit<HistoryToAgent, 'batches'> & { batches: EventsFrame[] };

export type LeftFrame = LeftToAgent;
export type EndedFrame = EndedToAgent;

/** A consent's state changed; `agent` holds it (for `call`, every agent of the room hears of every grant). */
export type ConsentFrame = Omit<ConsentToAgent, 'iceServers'> & { iceServers?: RTCIceServer[] };

export type SignalInFrame = SignalToAgent;

export type ServerFrame =
  | ConsentFrame
  | SignalInFrame
  | WelcomeFrame
  | HeartbeatAnswerFrame
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

/** A guard for the values of one of the wire's small vocabularies. */
function oneOf<T extends string>(values: readonly T[]): (value: unknown) => value is T {
  return (value: unknown): value is T => (values as readonly unknown[]).includes(value);
}

const isKind = oneOf<ConsentKind>(['call', 'control', 'annotate', 'record']);
const isEndReason = oneOf<EndReason>(['user_left', 'owner_lost', 'ended_by_admin']);
const isConsentState = oneOf<ConsentFrame['state']>(['requested', 'granted', 'declined', 'expired', 'ended']);

/** An rrweb event as far as the console relies on it: an object with a numeric type and timestamp. */
function isEvent(value: unknown): value is eventWithTime {
  return isObject(value) && typeof value['type'] === 'number' && typeof value['timestamp'] === 'number';
}

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

/**
 * Parses one text frame from the server. Returns null for anything the console cannot use: not
 * JSON, not an object, a frame type it does not know (a newer server may add some), or a known type
 * whose required fields are missing or of the wrong type.
 */
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
      // a server without replyTimeoutMs does not answer heartbeats: never give up on it
      const replyTimeoutMs = value['replyTimeoutMs'];
      return agent ? { t: 'welcome', agent, replyTimeoutMs: typeof replyTimeoutMs === 'number' && replyTimeoutMs > 0 ? replyTimeoutMs : 0 } : null;
    }
    case 'heartbeat':
      return { t: 'heartbeat' };
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
      const offset = value['offset'];
      if (Array.isArray(entries)) {
        frame.window = parseSessions(entries);
        frame.id = typeof id === 'number' ? id : 0;
        frame.offset = typeof offset === 'number' ? offset : 0;
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
      return room === null ? null : { t: 'left', room };
    case 'ended': {
      const reason = value['reason'];
      return room === null || !isEndReason(reason) ? null : { t: 'ended', room, reason };
    }
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
      // a code a newer server added reads as one the console has no special handling for
      const frame: ErrorFrame = { t: 'error', code: code as ErrorCode, message: str(value['message']) ?? code };
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
