/**
 * The Tandem agent console: login, then the live session list beside a grid of up to four live
 * views, all fed by one `/ws/agent` socket.
 */

import '@rrweb/replay/dist/style.css';
import './style.css';
import { clearAuth, iceServers, isExpired, loadAuth, login, LoginError, refresh, refreshDelay, saveAuth, signInMethods, ssoSession } from './api';
import type { Auth, SignInMethods } from './api';
import { AdminPages, isAdmin } from './admin/admin-pages';
import { AgentConnection } from './connection';
import type { ConnectionStatus } from './connection';
import { h, setAttr, setText } from './dom';
import { FollowBack } from './follow-back';
import { LiveView } from './live-view';
import type { EndReason, ErrorFrame, EventsFrame, JoinedFrame, Session } from './protocol';
import { SessionList } from './session-list';
import { SupportCodeBox } from './support-code-box';
import { userLabel } from './format';
import type { JoinState } from './session-list';
import type { TimeRange } from './tab-history';
import type { TimeTravel } from './time-travel';

/** Rooms one agent may watch at once (the server's `limits.maxRoomsPerAgent`, default 4). */
const MAX_ROOMS = 4;
/** A join the server has not answered by then is given up. */
const JOIN_TIMEOUT_MS = 15_000;
const TOAST_MS = 8_000;
/** What an ended view says while the console waits for its user to come back (see follow-back.ts). */
const WAITING_NOTE = 'The user left. Waiting for them to come back…';
const GAVE_UP_NOTE = 'The user did not come back.';
const ENDED_BY_ADMIN_NOTE = 'An administrator ended this session.';
const EXPIRED_MESSAGE = 'Your session has expired. Please sign in again.';
/** A refresh the server could not answer (network, 5xx) is tried again after this. */
const REFRESH_RETRY_MS = 10_000;

/** What the login form says after the server ended the console's connection for good. */
function signOutMessage(code: string, refreshRefusal: string | null): string {
  switch (code) {
    case 'AGENT_REVOKED':
      return 'An administrator disabled your account.';
    case 'TOKEN_REVOKED':
      return 'Your password was reset. Please sign in with the new one.';
    default:
      return refreshRefusal === null ? EXPIRED_MESSAGE : `${refreshRefusal} Please sign in again.`;
  }
}

export interface TandemConsoleHooks {
  /** Rooms the console is in (joined and not left or ended). */
  joinedRooms(): string[];
  /** The last `seq` the console took for `tab` of `room` (0 for none). */
  lastSeq(room: string, tab: string): number;
  /** Rewinds the live view of `room` to `epochMillis` (the user's clock). */
  seek(room: string, epochMillis: number): void;
  /** Returns the live view of `room` to live. */
  backToLive(room: string): void;
  /** The span the live view of `room` can rewind over ({0, 0} for none). */
  history(room: string): TimeRange;
}

declare global {
  interface Window {
    __tandemConsole: TandemConsoleHooks;
  }
}

function required(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`#${id} is missing from index.html`);
  }
  return element;
}

const appRoot = required('app');
const toastElement = required('toast');
let toastTimer: ReturnType<typeof setTimeout> | null = null;

/** Shows a message in `#toast` for a few seconds. */
function toast(message: string, kind: 'error' | 'info' = 'error'): void {
  toastElement.textContent = message;
  toastElement.dataset['kind'] = kind;
  toastElement.hidden = false;
  if (toastTimer !== null) {
    clearTimeout(toastTimer);
  }
  toastTimer = setTimeout(() => {
    toastTimer = null;
    toastElement.hidden = true;
    toastElement.textContent = '';
  }, TOAST_MS);
}

// ---- login ----

/** What the node's single sign-on callback reports in the fragment (`#sso-error=CODE`), in words. */
function ssoErrorMessage(code: string): string {
  switch (code) {
    case 'UNKNOWN_AGENT':
      return 'Your account is not set up in Tandem yet. Ask an administrator to add you.';
    case 'AGENT_DISABLED':
      return 'Your Tandem account is disabled.';
    case 'BAD_STATE':
      return 'That sign-in was started elsewhere or took too long. Please try again.';
    case 'PROVIDER_UNAVAILABLE':
      return 'The identity provider cannot be reached right now. Please try again later.';
    default:
      return `Single sign-on was refused (${code}).`;
  }
}

/** How this deployment lets agents sign in; read once at start. */
let methods: SignInMethods = { passwords: true, sso: null };

function showLogin(message = ''): void {
  document.title = 'Sign in · Tandem console';
  const error = h('p', { id: 'login-error', class: 'login-error', role: 'alert', hidden: message === '' }, message);
  const sso = methods.sso === null ? null : h('a', { id: 'sso-signin', class: 'sso-signin', href: methods.sso.start }, `Sign in with ${methods.sso.name}`);
  if (!methods.passwords) {
    const panel = h(
      'section',
      { class: 'login-form' },
      h('h1', {}, 'Tandem', h('span', { class: 'brand-sub' }, ' console')),
      h('p', { class: 'login-intro' }, 'Sign in to watch live sessions.'),
      sso ?? h('p', {}, 'No sign-in method is configured on this server.'),
      error,
    );
    appRoot.replaceChildren(h('main', { class: 'login-page' }, panel));
    sso?.focus();
    return;
  }
  const username = h('input', { id: 'username', name: 'username', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { id: 'login-submit', type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'login-form', method: 'post', action: '#' },
    h('h1', {}, 'Tandem', h('span', { class: 'brand-sub' }, ' console')),
    h('p', { class: 'login-intro' }, 'Sign in to watch live sessions.'),
    sso,
    sso && h('p', { class: 'login-or' }, 'or with a Tandem password'),
    h('label', { for: 'username' }, 'Username'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    setText(submit, 'Signing in…');
    error.hidden = true;
    login(username.value.trim(), password.value)
      .then((auth) => {
        saveAuth(auth);
        startConsole(auth);
      })
      .catch((reason: unknown) => {
        error.textContent = reason instanceof LoginError ? reason.message : 'Login failed.';
        error.hidden = false;
        submit.disabled = false;
        setText(submit, 'Sign in');
        password.select();
      });
  });
  appRoot.replaceChildren(h('main', { class: 'login-page' }, form));
  username.focus();
}

// ---- the console ----

class ConsoleApp {
  private readonly connection: AgentConnection;
  private readonly sessionList: SessionList;
  private readonly supportCode: SupportCodeBox;
  private readonly views = new Map<string, LiveView>();
  /** Joins sent and not yet answered, with their give-up timers. */
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Sessions that ended while watched and whose user may come back: joined again when they do. */
  private readonly followBack = new FollowBack(
    (room) => this.askAgain(room),
    (room) => this.views.get(room)?.setEndNote(GAVE_UP_NOTE),
  );
  private readonly grid: HTMLElement;
  private readonly gridEmpty: HTMLElement;
  private readonly agentName: HTMLElement;
  private readonly status: HTMLElement;
  /** The admin pages and their navigation, for an agent with the admin role only. */
  private readonly admin: AdminPages | null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** Why the server would not refresh the token (the login is too old): said when the socket then expires. */
  private refreshRefusal: string | null = null;

  constructor(
    private auth: Auth,
    private readonly onSignedOut: (message: string) => void,
  ) {
    this.sessionList = new SessionList({
      join: (room) => this.join(room),
      joinState: (room) => this.joinState(room),
      ask: (query) => this.connection.list(query),
    });
    this.supportCode = new SupportCodeBox({ redeem: (code) => this.connection.sendFrame({ t: 'redeem', code }) });
    this.agentName = h('span', { id: 'agent-name', class: 'agent-name', title: auth.agent.id }, auth.agent.name);
    this.status = h('span', { class: 'connection', 'data-status': 'connecting' }, 'connecting…');
    const logout = h('button', { id: 'logout', type: 'button', class: 'secondary small' }, 'Log out');
    logout.addEventListener('click', () => this.signOut(''));
    this.grid = h('div', { class: 'live-grid', 'data-count': '0' });
    this.gridEmpty = h('div', { class: 'grid-empty' }, h('p', {}, 'Join a session to watch it live.'), h('p', { class: 'hint' }, `You can watch up to ${MAX_ROOMS} at once.`));
    const workspace = h('div', { class: 'workspace' }, h('aside', { class: 'sidebar' }, this.supportCode.element, this.sessionList.element), h('main', { class: 'grid-area' }, this.grid, this.gridEmpty));
    this.admin = isAdmin(auth.agent.roles) ? new AdminPages({ token: () => this.auth.token, openSession: (room) => this.join(room) }, workspace) : null;
    appRoot.replaceChildren(
      h(
        'div',
        { class: 'console-layout' },
        h(
          'header',
          { class: 'topbar' },
          h('div', { class: 'brand' }, 'Tandem', h('span', { class: 'brand-sub' }, ' console')),
          this.status,
          this.admin?.nav,
          h('div', { class: 'who' }, this.agentName, logout),
        ),
        workspace,
        this.admin?.element,
      ),
    );
    document.title = 'Tandem console';
    this.connection = new AgentConnection(
      () => this.auth.token,
      {
        status: (status) => this.onStatus(status),
        welcome: (agent) => setText(this.agentName, agent.name),
        sessions: (sessions, total, query) => {
          this.sessionList.update(sessions, total, query);
          sessions.filter((session) => session.state !== 'disconnected').forEach((session) => this.followBack.seen(session.room));
        },
        joined: (frame) => this.onJoined(frame),
        held: (room) => this.heldSeqs(room),
        redeemed: (frame) => {
          this.supportCode.redeemed(userLabel(frame.session));
          this.join(frame.room);
        },
        room: (frame) => this.views.get(frame.room)?.updateSession(frame.session),
        events: (frame: EventsFrame) => this.views.get(frame.room)?.accept(frame),
        left: () => {
          // the view went away when Leave was clicked
        },
        ended: (frame) => this.onEnded(frame.room, frame.reason),
        consent: (frame) => this.views.get(frame.room)?.consent(frame),
        signal: (frame) => this.views.get(frame.room)?.signal(frame),
        error: (frame) => this.onError(frame),
        unauthorized: (code) => this.signOut(signOutMessage(code, this.refreshRefusal)),
      },
      () => isExpired(this.auth),
    );
  }

  start(): void {
    this.connection.start();
    this.scheduleRefresh(refreshDelay(this.auth));
    this.ticker = setInterval(() => {
      this.sessionList.tick();
      for (const view of this.views.values()) {
        view.tick();
      }
    }, 1000);
  }

  joinedRooms(): string[] {
    return [...this.views.values()].filter((view) => !view.ended).map((view) => view.room);
  }

  lastSeq(room: string, tab: string): number {
    return this.views.get(room)?.lastSeq(tab) ?? 0;
  }

  timeTravel(room: string): TimeTravel | undefined {
    return this.views.get(room)?.timeTravel;
  }

  /** Stops everything; `message` is shown on the login form (empty for a plain logout). */
  signOut(message: string): void {
    this.connection.close();
    this.admin?.destroy();
    if (this.refreshTimer !== null) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
    }
    if (this.ticker !== null) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
    this.followBack.stopAll();
    this.supportCode.destroy();
    for (const view of this.views.values()) {
      view.destroy();
    }
    this.views.clear();
    clearAuth();
    this.onSignedOut(message);
  }

  /**
   * Renews the token before it expires and hands the new one to the open socket, which the server
   * would otherwise close at the old one's expiry. A refusal (the login is past its lifetime, or was
   * revoked) is not retried: the socket then closes and the console says why.
   */
  private scheduleRefresh(delayMs: number): void {
    if (!Number.isFinite(delayMs)) {
      return; // a login without an expiry: nothing to renew
    }
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      refresh(this.auth)
        .then((fresh) => {
          if (this.connection.status === 'closed') {
            return; // signed out meanwhile
          }
          this.auth = fresh;
          saveAuth(fresh);
          this.connection.refresh(fresh.token);
          this.scheduleRefresh(refreshDelay(fresh));
        })
        .catch((reason: unknown) => {
          if (this.connection.status === 'closed') {
            return;
          }
          if (reason instanceof LoginError && reason.status >= 400 && reason.status < 500) {
            this.refreshRefusal = reason.message;
          } else if (!isExpired(this.auth)) {
            this.scheduleRefresh(Math.min(REFRESH_RETRY_MS, refreshDelay(this.auth)));
          }
        });
    }, delayMs);
  }

  private joinState(room: string): JoinState {
    const view = this.views.get(room);
    if (view && !view.ended) {
      return 'joined';
    }
    return this.pending.has(room) ? 'joining' : 'none';
  }

  private activeRooms(): number {
    return this.joinedRooms().length + this.pending.size;
  }

  private join(room: string): void {
    if (this.joinState(room) !== 'none') {
      this.views.get(room)?.element.scrollIntoView({ block: 'nearest' });
      return;
    }
    if (this.activeRooms() >= MAX_ROOMS) {
      toast(`You are already watching ${MAX_ROOMS} sessions. Leave one before joining another.`);
      return;
    }
    this.followBack.stop(room);
    this.ask(room, () => toast('The server did not answer the join. Try again.'));
    this.sessionList.refreshJoinStates();
  }

  /** Follow-back's join of a session that ended: quiet while the session is not back. */
  private askAgain(room: string): void {
    if (this.pending.has(room)) {
      this.followBack.missed(room);
      return;
    }
    this.ask(room, () => this.followBack.missed(room));
  }

  /** Sends a join; `unanswered` runs if the server has not answered it in time. */
  private ask(room: string, unanswered: () => void): void {
    this.pending.set(
      room,
      setTimeout(() => {
        if (this.pending.delete(room)) {
          this.connection.forget(room);
          this.sessionList.refreshJoinStates();
          unanswered();
        }
      }, JOIN_TIMEOUT_MS),
    );
    this.connection.join(room);
  }

  private leave(room: string): void {
    const view = this.views.get(room);
    if (view) {
      if (view.ended) {
        this.followBack.stop(room);
        this.clearPending(room);
        this.connection.forget(room);
      } else {
        this.connection.leave(room);
      }
      view.destroy();
      this.views.delete(room);
    }
    this.refreshGrid();
    this.sessionList.refreshJoinStates();
  }

  private clearPending(room: string): boolean {
    const timer = this.pending.get(room);
    if (timer === undefined) {
      return false;
    }
    clearTimeout(timer);
    this.pending.delete(room);
    return true;
  }

  /** What a join again names: only a live view goes on from what it holds; an ended one is replaced by a new view. */
  private heldSeqs(room: string): Record<string, number> {
    const view = this.views.get(room);
    return view && !view.ended ? view.held() : {};
  }

  private onJoined(frame: JoinedFrame): void {
    const existing = this.views.get(frame.room);
    if (existing && !existing.ended) {
      // joined again after a reconnect: the server's buffer follows, duplicates are skipped
      existing.updateSession(frame.session);
      existing.setConnected(true);
      return;
    }
    if (!this.clearPending(frame.room)) {
      // a join given up (timeout) that the server accepted after all
      this.connection.leave(frame.room);
      return;
    }
    if (existing) {
      // the session came back: its new view takes the ended one's place in the grid
      if (this.followBack.has(frame.room)) {
        toast('The user is back.', 'info');
      }
      this.followBack.stop(frame.room);
      this.addView(frame.session, existing.element);
      existing.destroy();
      return;
    }
    this.makeRoom();
    this.addView(frame.session);
  }

  /** `replacing`: the element of the ended view of the same session, whose place the new view takes. */
  private addView(session: Session, replacing?: HTMLElement): void {
    const view = new LiveView(session, {
      leave: (room) => this.leave(room),
      self: this.auth.agent.id,
      send: (frame) => this.connection.sendFrame(frame),
      token: () => this.auth.token,
      iceServers: () => iceServers(this.auth.token),
    });
    this.views.set(session.room, view);
    // mounted before any batch arrives: rrweb's sandboxed iframe needs a connected root
    if (replacing?.isConnected) {
      replacing.replaceWith(view.element);
    } else {
      this.grid.append(view.element);
    }
    view.setConnected(this.connection.ready);
    this.refreshGrid();
    this.sessionList.refreshJoinStates();
  }

  /** Keeps the grid at MAX_ROOMS views: the oldest ended ones go first. */
  private makeRoom(): void {
    for (const [room, view] of this.views) {
      if (this.views.size < MAX_ROOMS) {
        break;
      }
      if (view.ended) {
        this.leave(room);
      }
    }
  }

  private onEnded(room: string, reason: EndReason): void {
    if (this.clearPending(room)) {
      toast('That session has just ended.', 'info');
    }
    this.endView(room, reason !== 'ended_by_admin');
    this.sessionList.refreshJoinStates();
  }

  /** Freezes the view of a session that is over; one whose user may come back is followed. */
  private endView(room: string, mayComeBack: boolean): void {
    const view = this.views.get(room);
    if (!view) {
      return;
    }
    view.markEnded(mayComeBack ? WAITING_NOTE : ENDED_BY_ADMIN_NOTE);
    if (mayComeBack) {
      this.followBack.start(room);
    }
  }

  private onError(frame: ErrorFrame): void {
    const joinError = frame.code === 'ROOM_FULL' || frame.code === 'TOO_MANY_ROOMS' || frame.code === 'UNKNOWN_ROOM';
    if (joinError) {
      // the protocol makes `room` optional: without it, the oldest unanswered join is the one refused
      const room = frame.room ?? this.pending.keys().next().value;
      if (room !== undefined) {
        this.connection.forget(room);
        this.clearPending(room);
        const view = this.views.get(room);
        if (frame.code === 'UNKNOWN_ROOM' && view && !view.ended) {
          // a join again after a reconnect: the session ended while this console was away
          this.endView(room, true);
          this.sessionList.refreshJoinStates();
          return;
        }
        if (frame.code === 'UNKNOWN_ROOM' && this.followBack.has(room)) {
          this.followBack.missed(room);
          this.sessionList.refreshJoinStates();
          return;
        }
        if (this.followBack.has(room)) {
          // the session is back but will not take this agent (full, or too many rooms): stop asking
          this.followBack.stop(room);
          view?.setEndNote(joinErrorMessage(frame));
        }
        if (view && !view.ended) {
          // a join again after a reconnect was refused: this view gets nothing more
          view.markEnded('');
        }
      }
      toast(joinErrorMessage(frame));
      this.sessionList.refreshJoinStates();
      return;
    }
    if (frame.code === 'SUPPORT_CODE_INVALID' || frame.code === 'SUPPORT_CODE_THROTTLED') {
      this.supportCode.refused(frame.code, frame.message);
      return;
    }
    if (frame.code === 'NOT_JOINED') {
      return; // a leave that crossed the session's end
    }
    if (frame.code === 'ACCESS_REVOKED' && frame.room !== undefined) {
      // the agent may no longer see this session (roles or projects changed): its view goes too
      this.clearPending(frame.room);
      this.followBack.stop(frame.room);
      this.views.get(frame.room)?.destroy();
      this.views.delete(frame.room);
      this.refreshGrid();
      this.sessionList.refreshJoinStates();
      toast('You no longer have access to this session: an administrator changed your projects or roles.');
      return;
    }
    toast(`${frame.code}: ${frame.message}`);
  }

  private onStatus(status: ConnectionStatus): void {
    const labels: Record<ConnectionStatus, string> = {
      connecting: 'connecting…',
      open: 'connected',
      reconnecting: 'reconnecting…',
      closed: 'offline',
    };
    setText(this.status, labels[status]);
    setAttr(this.status, 'data-status', status);
    if (status !== 'open') {
      for (const view of this.views.values()) {
        view.setConnected(false);
      }
    }
  }

  private refreshGrid(): void {
    const count = this.views.size;
    this.grid.dataset['count'] = String(count);
    this.gridEmpty.hidden = count > 0;
  }
}

function joinErrorMessage(frame: ErrorFrame): string {
  switch (frame.code) {
    case 'TOO_MANY_ROOMS':
      return `The server refused the join: you are watching as many sessions as allowed. Leave one first. (${frame.message})`;
    case 'ROOM_FULL':
      return `This session already has as many agents as allowed. (${frame.message})`;
    case 'UNKNOWN_ROOM':
      return `This session is no longer live. (${frame.message})`;
    default:
      return frame.message;
  }
}

// ---- start ----

let current: ConsoleApp | null = null;

function startConsole(auth: Auth): void {
  const app = new ConsoleApp(auth, (message) => {
    if (current === app) {
      current = null;
    }
    showLogin(message);
  });
  current = app;
  app.start();
}

window.__tandemConsole = {
  joinedRooms: () => current?.joinedRooms() ?? [],
  lastSeq: (room, tab) => current?.lastSeq(room, tab) ?? 0,
  seek: (room, epochMillis) => current?.timeTravel(room)?.seek(epochMillis),
  backToLive: (room) => current?.timeTravel(room)?.backToLive(),
  history: (room) => current?.timeTravel(room)?.history() ?? { from: 0, to: 0 },
};

/** Starts from a stored login, from the single sign-on just made (`#sso`), or at the sign-in page. */
async function boot(): Promise<void> {
  const fragment = location.hash;
  if (fragment.startsWith('#sso')) {
    // the fragment is read once: reloading the page must not replay it
    history.replaceState(null, '', location.pathname + location.search);
  }
  methods = await signInMethods();
  if (fragment === '#sso') {
    try {
      const auth = await ssoSession();
      saveAuth(auth);
      startConsole(auth);
    } catch (reason: unknown) {
      showLogin(reason instanceof LoginError ? reason.message : 'Single sign-on failed.');
    }
    return;
  }
  if (fragment.startsWith('#sso-error=')) {
    clearAuth();
    showLogin(ssoErrorMessage(decodeURIComponent(fragment.slice('#sso-error='.length))));
    return;
  }
  const stored = loadAuth();
  if (stored && !isExpired(stored)) {
    startConsole(stored);
  } else {
    clearAuth();
    showLogin(stored ? EXPIRED_MESSAGE : '');
  }
}

void boot();
