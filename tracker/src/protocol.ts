/**
 * The tracker's side of the Tandem wire protocol, version 1 (docs/protocol.md): the frames it
 * writes, and a defensive reader for the frames the server sends. Their types come from the one
 * definition (wire-protocol.schema.json, generated into common/src/wire.ts); types cost the bundle
 * nothing, and the reader checks only what the tracker relies on.
 */

import type {
  AckToTracker,
  ErrorCode,
  ErrorFrame,
  HeartbeatToTracker,
  HelloFromTracker,
  PageFromTracker,
  PageInfo as WirePageInfo,
  StartToTracker,
  StopToTracker,
  SupportCodeToTracker,
  WelcomeToTracker,
} from '../../common/src/wire';
import { parseAssistFrame } from './assist-frames';
import type { AssistFrame } from './assist-frames';

export const PROTOCOL_VERSION = 1;

/** The endpoint a tracker connects to, under the server's origin. */
export const TRACKER_PATH = '/ws/tracker';

/** What a tab shows: every field, as the tracker always sends them. */
export type PageInfo = Readonly<Required<WirePageInfo>>;

export type ServerLimits = Readonly<WelcomeToTracker['limits']>;

/** Used until a `welcome` says otherwise: the server's defaults. */
export const DEFAULT_LIMITS: ServerLimits = {
  maxFrameBytes: 8 * 1024 * 1024,
  maxEventsPerSecond: 2000,
  maxEventBytesPerSecond: 4 * 1024 * 1024,
};
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** The server's bucket holds this many seconds of events. */
export const RATE_BURST_SECONDS = 2;
/** `hello`'s `userId`, `metadata` and `page` together may take this many bytes. */
export const MAX_METADATA_BYTES = 4096;

/** A `welcome` as the tracker reads it: the project's privacy settings (`privacy`) flattened in. */
export type WelcomeFrame = Readonly<Omit<WelcomeToTracker, 'limits' | 'privacy'>> & { readonly limits: ServerLimits } & Readonly<WelcomeToTracker['privacy']>;

export type ServerFrame =
  | WelcomeFrame
  | Readonly<StartToTracker>
  | Readonly<StopToTracker>
  | Readonly<AckToTracker>
  | HeartbeatFrame
  | Readonly<Omit<ErrorFrame, 'room'>>
  | SupportCodeFrame
  | AssistFrame;

/** The answer to a heartbeat; the connection alone reads it. */
export type HeartbeatFrame = Readonly<HeartbeatToTracker>;

/** What the connection hands on: every frame but the two it handles itself. */
export type MessageFrame = Exclude<ServerFrame, WelcomeFrame | HeartbeatFrame>;

/** The answer to `supportCode`: a 6-digit code, good for `expiresInMs` from when it arrives. */
export type SupportCodeFrame = Readonly<Omit<SupportCodeToTracker, 'expiresAt'>>;

/** WebSocket close codes the server uses (see the protocol's error table). */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  POLICY: 1008,
  TOO_BIG: 1009,
  TRY_AGAIN_LATER: 1013,
} as const;

export interface HelloFields {
  readonly projectKey: string;
  readonly sessionId: string;
  /** Proves the tab belongs to the browser session that started `sessionId`. */
  readonly sessionSecret: string;
  readonly tabId: string;
  readonly page: PageInfo;
  readonly userId?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

export function helloFrame(hello: HelloFields): string {
  const frame: HelloFromTracker = {
    t: 'hello',
    v: PROTOCOL_VERSION,
    projectKey: hello.projectKey,
    sessionId: hello.sessionId,
    sessionSecret: hello.sessionSecret,
    tabId: hello.tabId,
    page: { url: hello.page.url, title: hello.page.title, visible: hello.page.visible },
  };
  if (hello.userId !== undefined) {
    frame.userId = hello.userId;
  }
  if (hello.metadata !== undefined && Object.keys(hello.metadata).length > 0) {
    frame.metadata = hello.metadata;
  }
  return JSON.stringify(frame);
}

export function pageFrame(page: PageInfo): string {
  const frame: PageFromTracker = { t: 'page', url: page.url, title: page.title, visible: page.visible };
  return JSON.stringify(frame);
}

export const HEARTBEAT_FRAME = '{"t":"heartbeat"}';

/** Asks for a support code the user can read out to an agent (docs/protocol.md, *Support codes*). */
export const SUPPORT_CODE_FRAME = '{"t":"supportCode"}';

/**
 * An `events` frame. `payload` is already the JSON array text of the batch's events: it is spliced
 * in as is, so the events are serialised exactly once (and the server relays these very bytes).
 */
export function eventsFrame(seq: number, snapshot: boolean, payload: string): string {
  return `{"t":"events","seq":${seq},"snapshot":${snapshot ? 'true' : 'false'},"d":${payload}}`;
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads a server frame; anything unreadable or of an unknown type is null (and ignored). */
export function parseServerFrame(text: unknown): ServerFrame | null {
  if (typeof text !== 'string') {
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const frame = value as Record<string, unknown>;
  switch (frame['t']) {
    case 'welcome': {
      const limits = (typeof frame['limits'] === 'object' && frame['limits'] !== null ? frame['limits'] : {}) as Record<string, unknown>;
      const privacy = (typeof frame['privacy'] === 'object' && frame['privacy'] !== null ? frame['privacy'] : {}) as Record<string, unknown>;
      return {
        t: 'welcome',
        sessionId: str(frame['sessionId']),
        tabId: str(frame['tabId']),
        streaming: frame['streaming'] === true,
        ackedSeq: num(frame['ackedSeq'], 0),
        heartbeatMs: num(frame['heartbeatMs'], DEFAULT_HEARTBEAT_MS) || DEFAULT_HEARTBEAT_MS,
        // a server without it does not answer heartbeats: never give up on it
        replyTimeoutMs: num(frame['replyTimeoutMs'], 0),
        limits: {
          maxFrameBytes: num(limits['maxFrameBytes'], DEFAULT_LIMITS.maxFrameBytes) || DEFAULT_LIMITS.maxFrameBytes,
          maxEventsPerSecond: num(limits['maxEventsPerSecond'], DEFAULT_LIMITS.maxEventsPerSecond) || DEFAULT_LIMITS.maxEventsPerSecond,
          maxEventBytesPerSecond:
            num(limits['maxEventBytesPerSecond'], DEFAULT_LIMITS.maxEventBytesPerSecond) || DEFAULT_LIMITS.maxEventBytesPerSecond,
        },
        maskAllInputs: privacy['maskAllInputs'] === true,
        preJoinBufferSeconds: num(privacy['preJoinBufferSeconds'], 0),
      };
    }
    case 'start':
      return { t: 'start' };
    case 'stop':
      return { t: 'stop' };
    case 'ack':
      return typeof frame['seq'] === 'number' ? { t: 'ack', seq: frame['seq'] } : null;
    case 'heartbeat':
      return { t: 'heartbeat' };
    case 'error': {
      // a code a newer server added reads as one the tracker has no special handling for
      const code = str(frame['code']) as ErrorCode;
      return code ? { t: 'error', code, message: str(frame['message']) } : null;
    }
    case 'supportCode': {
      const code = str(frame['code']);
      const expiresInMs = frame['expiresInMs'];
      return /^[0-9]{6}$/.test(code) && typeof expiresInMs === 'number' && Number.isFinite(expiresInMs) && expiresInMs >= 0
        ? { t: 'supportCode', code, expiresInMs }
        : null;
    }
    default:
      return parseAssistFrame(frame);
  }
}

const SOCKET_SCHEMES: Readonly<Record<string, string | undefined>> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' };

/** `https://host/prefix/` → `wss://host/prefix/ws/tracker`; null if `server` is not an http(s) or ws(s) URL. */
export function trackerUrl(server: string, base?: string): string | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(server) : new URL(server, base);
  } catch {
    return null;
  }
  const scheme = SOCKET_SCHEMES[url.protocol];
  if (scheme === undefined) {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${scheme}//${url.host}${path}${TRACKER_PATH}`;
}
