/**
 * One WebSocket to `/ws/tracker` at a time: says `hello` on every new socket, keeps it alive with
 * heartbeats, and reconnects when it drops — exponential backoff with full jitter (500 ms up to
 * 10 s), or a long backoff after a policy error (close code 1008) so a misconfigured page does not
 * hammer the server. A socket whose server stopped answering (a frozen node, a machine or network
 * gone without a reset, which the browser would notice only minutes later) is given up after
 * `welcome.replyTimeoutMs`, so the session goes on through another node.
 */

import { equalJitter, fullJitter } from '../../common/src/backoff';
import type { BackoffPolicy } from '../../common/src/backoff';
import { CloseCode, DEFAULT_HEARTBEAT_MS, HEARTBEAT_FRAME, parseServerFrame } from './protocol';
import type { MessageFrame, WelcomeFrame } from './protocol';
import { safe, warnOnce } from './safe';

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  /** The socket had been welcomed before it closed. */
  readonly welcomed: boolean;
  /** The server gave this tab id to a newer socket (error `TAB_REPLACED`): a duplicated tab. */
  readonly replaced: boolean;
  /**
   * The server holds another secret for this session id (error `SESSION_PROOF_FAILED`): the stored
   * session is not this browser's any more, so the tracker starts a new one and reconnects soon.
   */
  readonly sessionRefused: boolean;
}

export interface ConnectionEvents {
  /** The `hello` frame for a socket that just opened. */
  hello(): string;
  welcome(frame: WelcomeFrame): void;
  message(frame: MessageFrame): void;
  closed(info: CloseInfo): void;
  /** Called about every `heartbeatMs` while welcomed. */
  tick(): void;
}

export type SocketFactory = (url: string) => WebSocket;

/** A welcomed socket that lived at least this long counts as a success: the backoff starts over. */
const STABLE_AFTER_MS = 5_000;
/** A socket not welcomed this long after it was created is given up (a black-holed network). */
const HANDSHAKE_TIMEOUT_MS = 20_000;
const OPEN = 1;

/** After a dropped connection: 500 ms doubling up to 10 s, full jitter. */
const RECONNECT: BackoffPolicy = { initialMs: 500, maxMs: 10_000 };

/**
 * After a fatal policy error (close code 1008: unknown project key, origin not allowed, …):
 * a misconfigured page must not hammer the server, so 5 minutes doubling up to an hour.
 */
const AFTER_POLICY_ERROR: BackoffPolicy = { initialMs: 5 * 60_000, maxMs: 60 * 60_000 };

export class Connection {
  private ws: WebSocket | null = null;
  private welcomed = false;
  private lastErrorCode: string | null = null;
  private welcomedAt = 0;
  private attempt = 0;
  private policyFailures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private waitingOnPolicy = false;
  private heartbeatTimer: ReturnType<typeof setTimeout> | null = null;
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatMs = DEFAULT_HEARTBEAT_MS;
  private replyTimeoutMs = 0;
  /** When the first frame the server is to answer was written since it was last heard from; 0: none. */
  private waitingSince = 0;
  private lastBuffered = 0;
  private replyTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSentAt = 0;
  private running = false;
  private readonly onOnline = safe('online', () => this.nudge());
  /**
   * A hidden tab's timers may run a minute late (Chrome's intensive throttling): a user who comes
   * back to the tab should not wait out its reconnect.
   */
  private readonly onVisible = safe('visible', () => {
    if (document.visibilityState === 'visible') {
      this.nudge();
    }
  });

  constructor(
    private readonly url: string,
    private readonly events: ConnectionEvents,
    private readonly createSocket: SocketFactory = (target) => new WebSocket(target),
  ) {}

  /** Connects, and keeps reconnecting until `close()`. */
  open(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onOnline);
      document.addEventListener('visibilitychange', this.onVisible);
    }
    this.connect();
  }

  /** Welcomed and writable. */
  get ready(): boolean {
    return this.welcomed && this.ws !== null && this.ws.readyState === OPEN;
  }

  /** Bytes written to the socket but not yet handed to the network. */
  get buffered(): number {
    return this.ws?.bufferedAmount ?? 0;
  }

  /** Writes a frame if the socket is welcomed; false otherwise. `answered`: the server acks it. */
  send(frame: string, answered = false): boolean {
    return this.ready && this.write(frame, answered);
  }

  /** Closes for good (`Tandem.stop()`): no reconnect. */
  close(): void {
    this.running = false;
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
      document.removeEventListener('visibilitychange', this.onVisible);
    }
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    this.welcomed = false;
    if (ws) {
      detach(ws);
      try {
        ws.close(CloseCode.NORMAL, 'tracker stopped');
      } catch {
        // already closing
      }
    }
  }

  /** Reconnects now if waiting out an ordinary backoff (the browser is back online, the tab shown again). */
  nudge(): void {
    if (this.running && this.ws === null && this.reconnectTimer !== null && !this.waitingOnPolicy) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.connect();
    }
  }

  private connect(): void {
    this.reconnectTimer = null;
    this.waitingOnPolicy = false;
    let ws: WebSocket;
    try {
      ws = this.createSocket(this.url);
    } catch (error) {
      // a URL the browser refuses, or a content security policy: no point retrying soon
      warnOnce('socket-create', `cannot open ${this.url}`, error);
      this.policyFailures++;
      this.schedule(equalJitter(this.policyFailures - 1, AFTER_POLICY_ERROR), true);
      return;
    }
    this.ws = ws;
    this.welcomed = false;
    ws.onopen = safe('socket open', () => {
      if (ws === this.ws) {
        this.write(this.events.hello());
      }
    });
    ws.onmessage = safe('socket message', (event: MessageEvent) => {
      if (ws === this.ws) {
        this.receive(event.data);
      }
    });
    ws.onclose = safe('socket close', (event: CloseEvent) => {
      if (ws === this.ws) {
        this.closed(event.code, event.reason);
      }
    });
    ws.onerror = null;
    this.handshakeTimer = setTimeout(
      safe('handshake timeout', () => {
        this.handshakeTimer = null;
        if (ws === this.ws && !this.welcomed) {
          this.giveUp(ws, 'no welcome in time');
        }
      }),
      HANDSHAKE_TIMEOUT_MS,
    );
  }

  private giveUp(ws: WebSocket, reason: string): void {
    try {
      ws.close();
    } catch {
      // closing anyway
    }
    this.closed(0, reason);
  }

  private receive(data: unknown): void {
    this.waitingSince = 0;
    const frame = parseServerFrame(data);
    if (frame === null || frame.t === 'heartbeat') {
      return;
    }
    if (frame.t === 'welcome') {
      this.welcomed = true;
      if (this.handshakeTimer !== null) {
        clearTimeout(this.handshakeTimer);
        this.handshakeTimer = null;
      }
      this.welcomedAt = Date.now();
      this.policyFailures = 0;
      this.heartbeatMs = frame.heartbeatMs;
      this.replyTimeoutMs = frame.replyTimeoutMs;
      this.armHeartbeat();
      this.events.welcome(frame);
    } else if (this.welcomed || frame.t === 'error') {
      if (frame.t === 'error') {
        this.lastErrorCode = frame.code;
      }
      this.events.message(frame);
    }
  }

  private closed(code: number, reason: string): void {
    const welcomed = this.welcomed;
    const ws = this.ws;
    this.ws = null;
    this.welcomed = false;
    this.clearTimers();
    if (ws) {
      detach(ws);
    }
    const replaced = this.lastErrorCode === 'TAB_REPLACED';
    const sessionRefused = this.lastErrorCode === 'SESSION_PROOF_FAILED';
    this.lastErrorCode = null;
    this.events.closed({ code, reason, welcomed, replaced, sessionRefused });
    if (!this.running) {
      return;
    }
    if (code === CloseCode.POLICY && !sessionRefused) {
      this.policyFailures++;
      this.schedule(equalJitter(this.policyFailures - 1, AFTER_POLICY_ERROR), true);
      return;
    }
    if (welcomed && Date.now() - this.welcomedAt >= STABLE_AFTER_MS) {
      this.attempt = 0;
    }
    this.schedule(fullJitter(this.attempt, RECONNECT), false);
    this.attempt++;
  }

  private schedule(delayMs: number, policy: boolean): void {
    if (!this.running) {
      return;
    }
    this.waitingOnPolicy = policy;
    this.reconnectTimer = setTimeout(safe('reconnect', () => this.connect()), delayMs);
  }

  private write(frame: string, answered = false): boolean {
    const ws = this.ws;
    if (ws === null || ws.readyState !== OPEN) {
      return false;
    }
    try {
      ws.send(frame);
    } catch (error) {
      warnOnce('socket-send', 'cannot write to the socket', error);
      return false;
    }
    this.lastSentAt = Date.now();
    if (answered && this.replyTimeoutMs > 0 && this.waitingSince === 0) {
      this.waitingSince = this.lastSentAt;
      this.lastBuffered = ws.bufferedAmount;
      this.armReplyCheck();
    }
    return true;
  }

  /**
   * Looks a few times per `replyTimeoutMs` whether the server answered. A frame still leaving the
   * page (its bytes going out) or a page that was asleep (its timers ran late) restarts the wait:
   * neither is the server's silence.
   */
  private armReplyCheck(): void {
    if (this.replyTimer !== null) {
      return;
    }
    const period = this.replyTimeoutMs / 4;
    const due = Date.now() + period;
    this.replyTimer = setTimeout(
      safe('reply check', () => {
        this.replyTimer = null;
        const ws = this.ws;
        if (ws === null || this.waitingSince === 0) {
          return;
        }
        const now = Date.now();
        const buffered = ws.bufferedAmount;
        if (buffered < this.lastBuffered || now - due > period) {
          this.waitingSince = now;
        }
        this.lastBuffered = buffered;
        if (now - this.waitingSince >= this.replyTimeoutMs) {
          this.giveUp(ws, 'no answer from the server in time');
        } else {
          this.armReplyCheck();
        }
      }),
      period,
    );
  }

  /** A heartbeat goes out whenever nothing else was written for `heartbeatMs`. */
  private armHeartbeat(): void {
    if (this.heartbeatTimer !== null) {
      clearTimeout(this.heartbeatTimer);
    }
    const wait = Math.max(250, this.lastSentAt + this.heartbeatMs - Date.now());
    this.heartbeatTimer = setTimeout(
      safe('heartbeat', () => {
        this.heartbeatTimer = null;
        if (!this.ready) {
          return;
        }
        if (Date.now() - this.lastSentAt >= this.heartbeatMs - 50) {
          this.write(HEARTBEAT_FRAME, true);
        }
        this.events.tick();
        this.armHeartbeat();
      }),
      wait,
    );
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    if (this.heartbeatTimer !== null) {
      clearTimeout(this.heartbeatTimer);
      this.heartbeatTimer = null;
    }
    if (this.handshakeTimer !== null) {
      clearTimeout(this.handshakeTimer);
      this.handshakeTimer = null;
    }
    if (this.replyTimer !== null) {
      clearTimeout(this.replyTimer);
      this.replyTimer = null;
    }
    this.waitingSince = 0;
  }
}

function detach(ws: WebSocket): void {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = null;
}
