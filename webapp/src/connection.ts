/**
 * The console's one socket to `/ws/agent`: says `hello` with the login token, hands typed frames
 * to its listener, reconnects with exponential backoff when the socket drops, and joins again every
 * room it was in (or was joining) once the new socket is welcomed.
 *
 * The socket stands as long as its token: {@link AgentConnection.refresh} hands the server a fresher
 * one (`refresh` frame), and every reconnect says `hello` with the newest token. An error that says the
 * token or the account no longer stands (`UNAUTHORIZED`, `AGENT_REVOKED`, `TOKEN_REVOKED`, or
 * `TOKEN_EXPIRED` with no fresher token at hand) ends it for good: the listener is told why, and the
 * console goes back to its login form instead of reconnecting with a token the server refuses.
 *
 * A node that stops answering without closing the socket (frozen, or its machine or network gone
 * without a reset) would leave the console watching a still page for minutes: after a quiet half
 * of `welcome.replyTimeoutMs` the console sends a `heartbeat`, which the server answers, and when
 * nothing at all came for the whole of it, it gives the socket up and connects again.
 */

import { equalJitter } from '../../common/src/backoff';
import type { BackoffPolicy } from '../../common/src/backoff';
import { ListWindow } from './list-window';
import type { ListQuery } from './list-window';
import { PROTOCOL_VERSION, SERVICE_RESTART_CLOSE, parseServerFrame } from './protocol';
import type {
  AgentFrame,
  AgentInfo,
  ConsentFrame,
  EndedFrame,
  ErrorFrame,
  EventsFrame,
  JoinFrame,
  JoinedFrame,
  LeftFrame,
  RedeemedFrame,
  RoomFrame,
  Session,
  SignalInFrame,
} from './protocol';

/**
 * `connecting`: first socket, not welcomed yet. `open`: welcomed. `reconnecting`: the socket
 * dropped, a new one is on its way. `closed`: stopped (logout or refused token).
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionListener {
  status(status: ConnectionStatus): void;
  welcome(agent: AgentInfo): void;
  /** The list window changed: its sessions in order, how many match in all, and the query it answers. */
  sessions(sessions: Session[], total: number, query: ListQuery): void;
  joined(frame: JoinedFrame): void;
  /** The last `seq` the console holds of each tab of `room` it can play on from: a join again names them, and gets only what follows. */
  held(room: string): Record<string, number>;
  /** A support code led to this session. */
  redeemed(frame: RedeemedFrame): void;
  room(frame: RoomFrame): void;
  events(frame: EventsFrame): void;
  left(frame: LeftFrame): void;
  ended(frame: EndedFrame): void;
  consent(frame: ConsentFrame): void;
  signal(frame: SignalInFrame): void;
  /** A non-fatal error, or a fatal one the console recovers from by reconnecting. */
  error(frame: ErrorFrame): void;
  /** The token or the account no longer stands (`code` says why): nothing more will happen on this connection. */
  unauthorized(code: string, message: string): void;
}

/** Errors after which the same token would be refused again: reconnecting would only spin. */
const REFUSALS: ReadonlySet<string> = new Set(['UNAUTHORIZED', 'AGENT_REVOKED', 'TOKEN_REVOKED']);

/**
 * 500 ms doubling up to 15 s, equal jitter: consoles dropped together (a node restarting) do not
 * come back in step, and none comes back at once to a node that is still going down.
 */
export const RECONNECT: BackoffPolicy = { initialMs: 500, maxMs: 15_000 };

const OPEN = 1;

/** The part of a WebSocket the connection uses: the unit tests hand it a fake. */
export type AgentSocket = Pick<WebSocket, 'readyState' | 'send' | 'close' | 'onopen' | 'onmessage' | 'onclose' | 'onerror'>;

/** What the connection takes from the browser, so the unit tests can drive sockets and time. */
export interface ConnectionHost {
  /** A new socket to `/ws/agent` (it may throw, as `new WebSocket` does). */
  socket(): AgentSocket;
  /** Runs `task` once after `ms`; the returned function cancels it. */
  later(task: () => void, ms: number): () => void;
  /** Uniform in [0, 1): the backoff's jitter. */
  random(): number;
  /** Milliseconds, as `Date.now()`. */
  now(): number;
  /** Calls `listener` each time the browser is back online; the returned function stops that. */
  whenOnline(listener: () => void): () => void;
}

function browserHost(): ConnectionHost {
  return {
    socket: () => new WebSocket((location.protocol === 'https:' ? 'wss' : 'ws') + '://' + location.host + '/ws/agent'),
    later: (task, ms) => {
      const timer = setTimeout(task, ms);
      return () => clearTimeout(timer);
    },
    random: Math.random,
    now: Date.now,
    whenOnline: (listener) => {
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
  };
}

export class AgentConnection {
  private socket: AgentSocket | null = null;
  private welcomed = false;
  private stopped = false;
  private attempt = 0;
  /** Cancels the pending reconnect; null while none is pending. */
  private cancelReconnect: (() => void) | null = null;
  private stopOnline: (() => void) | null = null;
  private replyTimeoutMs = 0;
  /** When the server was last heard from on the current socket. */
  private lastHeard = 0;
  /** Cancels the pending look at the server's silence; null while none is pending. */
  private cancelQuietCheck: (() => void) | null = null;
  private currentStatus: ConnectionStatus = 'connecting';
  /** Rooms this console is in or joining: joined again after every reconnect. */
  private readonly wanted = new Set<string>();
  /** The window of the session list this console shows, as the node's `listChanged` frames tell. */
  private readonly window = new ListWindow();
  private readonly onOnline = (): void => {
    // the network is back: do not sit out the rest of a long backoff
    if (this.cancelReconnect !== null) {
      this.cancelReconnect();
      this.cancelReconnect = null;
      this.open();
    }
  };

  constructor(
    /** The newest token of this login: it changes when the console refreshes it. */
    private readonly token: () => string,
    private readonly listener: ConnectionListener,
    private readonly isTokenExpired: () => boolean = () => false,
    private readonly host: ConnectionHost = browserHost(),
  ) {}

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** True while a welcomed socket is open. */
  get ready(): boolean {
    return this.welcomed && this.socket?.readyState === OPEN;
  }

  /** The rooms joined again after a reconnect. */
  get rooms(): string[] {
    return [...this.wanted];
  }

  start(): void {
    this.stopOnline ??= this.host.whenOnline(this.onOnline);
    this.open();
  }

  /** Joins `room` now if the socket is ready, else as soon as it is. */
  join(room: string): void {
    this.wanted.add(room);
    if (this.ready) {
      this.send(this.joinFrame(room));
    }
  }

  /** A join names what the console already holds of the room (after a reconnect), so its history is not sent again. */
  private joinFrame(room: string): JoinFrame {
    const since = this.listener.held(room);
    return Object.keys(since).length > 0 ? { t: 'join', room, since } : { t: 'join', room };
  }

  /** Leaves `room`. Without a socket there is nothing to tell: the server dropped us with it. */
  leave(room: string): void {
    this.wanted.delete(room);
    if (this.ready) {
      this.send({ t: 'leave', room });
    }
  }

  /** Stops joining `room` again after reconnects (the session ended, or the join was refused). */
  forget(room: string): void {
    this.wanted.delete(room);
  }

  /** Asks for another window of the session list (search, sort, page); asked again after every reconnect. */
  list(query: ListQuery): void {
    const frame = this.window.ask(query);
    if (this.ready) {
      this.send(frame);
    }
  }

  /** Hands the open socket a fresher token, so the server does not close it when the old one expires. */
  refresh(token: string): void {
    if (this.ready) {
      this.send({ t: 'refresh', token });
    }
  }

  /** Sends a room-scoped frame (consent, signal, …) if the socket is ready; false if it could not. */
  sendFrame(frame: AgentFrame): boolean {
    if (!this.ready) {
      return false;
    }
    this.send(frame);
    return true;
  }

  /** Closes for good (logout). */
  close(): void {
    this.stop();
    this.setStatus('closed');
  }

  private stop(): void {
    this.stopped = true;
    this.stopOnline?.();
    this.stopOnline = null;
    if (this.cancelReconnect !== null) {
      this.cancelReconnect();
      this.cancelReconnect = null;
    }
    const socket = this.socket;
    if (socket) {
      this.abandon(socket, 1000, 'logout');
    }
  }

  /** Leaves `socket` without waiting for its close, which a silent node may never send. */
  private abandon(socket: AgentSocket, code: number, reason: string): void {
    this.detach(socket);
    try {
      socket.close(code, reason);
    } catch {
      // already closing
    }
  }

  private detach(socket: AgentSocket): void {
    this.socket = null;
    this.welcomed = false;
    this.cancelQuietCheck?.();
    this.cancelQuietCheck = null;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
  }

  /**
   * Every half `replyTimeoutMs`: a heartbeat if the server said nothing meanwhile, and the socket
   * given up if it said nothing for the whole of it. A page that was asleep (the look came late)
   * gives the server the whole wait again.
   */
  private armQuietCheck(): void {
    if (this.replyTimeoutMs <= 0) {
      return;
    }
    const period = this.replyTimeoutMs / 2;
    const due = this.host.now() + period;
    this.cancelQuietCheck = this.host.later(() => {
      this.cancelQuietCheck = null;
      const socket = this.socket;
      if (socket === null || !this.welcomed) {
        return;
      }
      const now = this.host.now();
      if (now - due > period) {
        this.lastHeard = now;
      }
      const silent = now - this.lastHeard;
      if (silent >= this.replyTimeoutMs) {
        this.abandon(socket, 1000, 'no answer from the server');
        this.scheduleReconnect();
        return;
      }
      if (silent >= period) {
        this.send({ t: 'heartbeat' });
      }
      this.armQuietCheck();
    }, period);
  }

  private open(): void {
    if (this.stopped) {
      return;
    }
    if (this.isTokenExpired()) {
      this.refused('TOKEN_EXPIRED', 'Your session has expired.');
      return;
    }
    this.welcomed = false;
    let socket: AgentSocket;
    try {
      socket = this.host.socket();
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.send({ t: 'hello', v: PROTOCOL_VERSION, token: this.token() });
    };
    socket.onmessage = (message: MessageEvent<unknown>) => {
      if (typeof message.data === 'string') {
        this.receive(message.data);
      }
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) {
        return;
      }
      this.detach(socket);
      if (event.code === SERVICE_RESTART_CLOSE) {
        this.attempt = 0; // another node takes over at once: the shortest delay, not the backoff reached so far
      }
      this.scheduleReconnect();
    };
    // a failed socket is followed by `close`, which does the work
    socket.onerror = null;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.cancelReconnect !== null) {
      return;
    }
    this.setStatus('reconnecting');
    const delay = equalJitter(this.attempt++, RECONNECT, this.host.random);
    this.cancelReconnect = this.host.later(() => {
      this.cancelReconnect = null;
      this.open();
    }, delay);
  }

  private send(frame: AgentFrame): void {
    const socket = this.socket;
    if (socket && socket.readyState === OPEN) {
      socket.send(JSON.stringify(frame));
    }
  }

  private receive(text: string): void {
    this.lastHeard = this.host.now();
    const frame = parseServerFrame(text);
    if (!frame) {
      if (import.meta.env.DEV) {
        console.warn('[tandem] ignored a frame the console does not understand', text.slice(0, 200));
      }
      return;
    }
    switch (frame.t) {
      case 'welcome':
        this.welcomed = true;
        this.attempt = 0;
        this.replyTimeoutMs = frame.replyTimeoutMs;
        this.armQuietCheck();
        this.setStatus('open');
        this.listener.welcome(frame.agent);
        this.send(this.window.ask(this.window.query));
        for (const room of this.wanted) {
          this.send(this.joinFrame(room));
        }
        break;
      case 'listChanged':
        if (this.window.apply(frame)) {
          this.listener.sessions(this.window.sessions(), this.window.total, this.window.query);
        }
        break;
      case 'joined':
        this.listener.joined(frame);
        break;
      case 'redeemed':
        this.listener.redeemed(frame);
        break;
      case 'room':
        this.listener.room(frame);
        break;
      case 'events':
        this.listener.events(frame);
        break;
      case 'history':
        frame.batches.forEach((batch) => this.listener.events(batch));
        break;
      case 'left':
        this.listener.left(frame);
        break;
      case 'ended':
        this.wanted.delete(frame.room);
        this.listener.ended(frame);
        break;
      case 'consent':
        this.listener.consent(frame);
        break;
      case 'signal':
        this.listener.signal(frame);
        break;
      case 'refreshed':
        break;
      case 'error':
        if (REFUSALS.has(frame.code) || (frame.code === 'TOKEN_EXPIRED' && this.isTokenExpired())) {
          this.refused(frame.code, frame.message);
          return;
        }
        if (frame.code === 'TOKEN_EXPIRED') {
          return; // a fresher token came too late for this socket: the close that follows reconnects with it
        }
        if (frame.room !== undefined && frame.code !== 'NOT_JOINED') {
          // a refused join (ROOM_FULL, TOO_MANY_ROOMS, UNKNOWN_ROOM): do not ask again
          this.wanted.delete(frame.room);
        }
        this.listener.error(frame);
        break;
    }
  }

  private refused(code: string, message: string): void {
    this.stop();
    this.setStatus('closed');
    this.listener.unauthorized(code, message);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status !== this.currentStatus) {
      this.currentStatus = status;
      this.listener.status(status);
    }
  }
}
