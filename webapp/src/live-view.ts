/**
 * One joined room: the user's page rebuilt live by an rrweb Replayer, a tab strip, the user's
 * console, a connection badge and a Leave button.
 *
 * How the replay is fed
 * - Every tab has its own stream, and a history of checkpoint segments: which batches are taken
 *   (duplicates, gaps, new snapshots) and which tab is shown are the rules of tab-streams.ts. The
 *   live Replayer plays the newest segment; the time bar rewinds through all of them.
 * - One Replayer per room shows one tab: the one the user is looking at (the `visible` tab), or the
 *   one the agent picked in the tab strip. Switching tabs builds a new Replayer from that tab's kept
 *   events; new batches of the shown tab go straight into its Replayer, in `seq` order.
 * - The Replayer runs in live mode and applies what arrives at once, in order; only the pointer's
 *   path is drawn at the pace it was made, a path's length behind (see live-pacing.ts). Nothing
 *   depends on the user's clock, which is only read for the time bar (`clockOffset`: the largest
 *   `newest event timestamp - arrival time` seen, at least 0).
 * - A tab's first Replayer is built on the next animation frame after its snapshot arrived, so the
 *   batches that came with it (a joining agent gets the history, and the tracker's pre-join buffer,
 *   in one burst) land in one build from the newest snapshot instead of one rebuild each.
 */

import { Replayer } from '@rrweb/replay';
import { ConsolePanel, consoleEntryOf } from './console-panel';
import { h, setAttr, setText } from './dom';
import { fitReplayer, isSize } from './fit';
import type { Size } from './fit';
import { shortUrl, userLabel } from './format';
import { AssistControls } from './assist-controls';
import { RoomCall } from './call';
import { CanvasView } from './canvas-view';
import type { AgentFrame, ConsentFrame, EventsFrame, Session, SignalInFrame, TabInfo } from './protocol';
import { LivePacing } from './live-pacing';
import { TabStreams, chooseTab } from './tab-streams';
import { TimeTravel } from './time-travel';

/** A Replayer waits for the next animation frame to be built, or this long in a console that paints none (hidden). */
const BUILD_FALLBACK_MS = 100;
/** A Replayer keeps every event it was given: after this many, the next full snapshot gets a fresh one. */
const REBUILD_AFTER_EVENTS = 20_000;
/** A session `disconnected` for this long shows "user left" (a page load disconnects for a moment). */
const USER_LEFT_AFTER_MS = 1_000;

export type Badge = 'live' | 'reconnecting' | 'user left';

export interface LiveViewOptions {
  leave(room: string): void;
  /** This console's agent id. */
  readonly self: string;
  /** Sends a room-scoped frame; false if the socket is not ready. */
  send(frame: AgentFrame): boolean;
  token(): string;
  iceServers(): Promise<RTCIceServer[]>;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export class LiveView {
  readonly room: string;
  readonly element: HTMLElement;
  private session: Session;
  private readonly streams = new TabStreams();

  private replayer: Replayer | null = null;
  private replayerTab: string | null = null;
  /** Events given to the current Replayer. */
  private fed = 0;
  private size: Size | null = null;
  private shownTab: string | null = null;
  /** A tab the agent picked; null: follow the user's visible tab. */
  private pinnedTab: string | null = null;
  /** When the current Replayer plays what it is given. */
  private pacing = new LivePacing();
  private clockOffset = 0;
  private pendingBuild: { frame: number; timer: ReturnType<typeof setTimeout> } | null = null;

  private connected = true;
  private over = false;
  private disconnectedSince: number | null = null;

  private readonly badgeElement: HTMLElement;
  private readonly userElement: HTMLElement;
  private readonly metaElement: HTMLElement;
  /** What an ended view says of the session: waiting for the user to come back, or why it is over. */
  private readonly endNote: HTMLElement;
  private readonly tabStrip: HTMLElement;
  private readonly followButton: HTMLButtonElement;
  private readonly addressBar: HTMLElement;
  private readonly replay: HTMLElement;
  private readonly placeholder: HTMLElement;
  private readonly leaveButton: HTMLButtonElement;
  private readonly consolePanel: ConsolePanel;
  readonly timeTravel: TimeTravel;
  /** The call with the user (and other agents), and its recording. */
  readonly call: RoomCall;
  /** Remote control and drawing, with the user's consent. */
  readonly assist: AssistControls;
  /** The user's canvases, painted into the replay. */
  readonly canvases: CanvasView;
  private readonly resizeObserver: ResizeObserver;

  constructor(session: Session, options: LiveViewOptions) {
    this.room = session.room;
    this.session = session;
    this.consolePanel = new ConsolePanel((tab) => this.tabName(tab));
    const room = this.room;
    this.call = new RoomCall(
      room,
      {
        self: options.self,
        signal: (to, data) => options.send({ t: 'signal', room, to, data }),
        consent: (kind, action) => options.send({ t: 'consent', room, kind, action }),
        token: options.token,
      },
      (id) => this.session.agents.find((agent) => agent.id === id)?.name ?? id,
    );
    this.canvases = new CanvasView({
      signal: (data) => options.send({ t: 'signal', room, to: 'user', data }),
      canvas: (id) => {
        // the replay's nodes belong to its iframe's realm: `instanceof` would not know them
        const node = this.replayer?.getMirror().getNode(id);
        return node?.nodeName === 'CANVAS' ? (node as HTMLCanvasElement) : null;
      },
      iceServers: options.iceServers,
    });
    this.badgeElement = h('span', { class: 'badge', 'data-testid': 'badge', 'data-badge': 'live' }, 'live');
    this.userElement = h('strong', { class: 'live-user' });
    this.metaElement = h('span', { class: 'live-meta' });
    this.endNote = h('span', { class: 'live-end-note', 'data-testid': 'end-note', hidden: true });
    this.leaveButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'leave' }, 'Leave');
    this.leaveButton.addEventListener('click', () => options.leave(this.room));
    this.tabStrip = h('div', { class: 'tab-strip', role: 'tablist', 'aria-label': "The user's tabs" });
    this.followButton = h('button', { type: 'button', class: 'chip follow', hidden: true, title: "Show the tab the user is looking at" }, 'Follow user');
    this.followButton.addEventListener('click', () => {
      this.pinnedTab = null;
      this.refreshTabs();
    });
    this.addressBar = h('div', { class: 'address-bar' });
    this.placeholder = h('div', { class: 'replay-placeholder' }, "Waiting for the user's page…");
    this.replay = h('div', { class: 'replay', 'data-testid': 'replay' }, this.placeholder);
    this.assist = new AssistControls({
      room: this.room,
      self: options.self,
      send: (frame) => options.send(frame),
      replayer: () => this.replayer,
      tab: () => this.shownTab,
      surface: this.replay,
    });
    this.timeTravel = new TimeTravel({
      live: this.replay,
      history: () => (this.shownTab === null ? null : this.streams.history(this.shownTab)),
      now: () => this.userNow(),
      moved: (time) => {
        this.element.dataset['mode'] = time === null ? 'live' : 'rewind';
        this.consolePanel.showUntil(time);
      },
    });
    this.element = h(
      'article',
      { class: 'live-view', 'data-testid': 'live-view', 'data-room': this.room, 'data-mode': 'live' },
      h(
        'header',
        { class: 'live-header' },
        this.badgeElement,
        h('div', { class: 'live-title' }, this.userElement, this.metaElement, this.endNote),
        this.assist.element,
        this.leaveButton,
      ),
      this.call.element,
      h('div', { class: 'tab-bar' }, this.tabStrip, this.followButton),
      this.addressBar,
      h('div', { class: 'live-body' }, this.timeTravel.element, this.consolePanel.element),
    );
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(this.replay);
    this.updateSession(session);
  }

  /** True once the session is over (`ended`, or the room vanished): nothing more will come. */
  get ended(): boolean {
    return this.over;
  }

  /** The last `seq` taken for `tab` (0 for none). */
  /** The last `seq` of each tab this view can play on from (see TabStreams.held). */
  held(): Record<string, number> {
    return this.streams.held();
  }

  lastSeq(tab: string): number {
    return this.streams.lastSeq(tab);
  }

  /** The room changed (`joined` again after a reconnect, or `room`). */
  updateSession(session: Session): void {
    this.session = session;
    const wasDisconnected = this.disconnectedSince !== null;
    if (session.state === 'disconnected') {
      this.disconnectedSince ??= Date.now();
    } else {
      this.disconnectedSince = null;
    }
    setText(this.userElement, userLabel(session));
    setAttr(this.userElement, 'title', `session ${session.room}`);
    const meta = Object.entries(session.metadata).map(([k, v]) => `${k}: ${v}`);
    const others = session.agents.length > 1 ? [`${session.agents.length} agents watching`] : [];
    setText(this.metaElement, [...meta, ...others].join(' · '));
    this.streams.list(session.tabs);
    this.refreshTabs();
    if (wasDisconnected !== (this.disconnectedSince !== null)) {
      this.refreshBadge();
    }
  }

  /** The console's socket dropped (false) or this room was joined again on a new one (true). */
  setConnected(connected: boolean): void {
    this.connected = connected;
    if (!connected) {
      this.call.disconnected();
      this.assist.disconnected();
    }
    this.refreshBadge();
  }

  /** The session is over: the view stays, frozen, until the agent closes it; `note` says what happens next. */
  markEnded(note: string): void {
    this.over = true;
    this.cancelBuild();
    setText(this.leaveButton, 'Close');
    this.refreshBadge();
    this.setEndNote(note);
  }

  /** What the ended view says next (the console stopped waiting for the user, say). */
  setEndNote(note: string): void {
    setText(this.endNote, note);
    this.endNote.hidden = note === '';
  }

  /** Re-evaluates time-dependent state (called every second). */
  tick(): void {
    this.refreshBadge();
    this.timeTravel.tick();
  }

  /** Takes one `events` frame of this room. */
  accept(frame: EventsFrame): void {
    const intake = this.streams.take(frame);
    if (intake.kind === 'duplicate') {
      return; // the server resends its buffer after a re-join
    }
    if (import.meta.env.DEV && intake.gap) {
      console.warn(`[tandem] gap in tab ${frame.tab} before seq ${frame.seq}`);
    }
    const events = frame.d;
    let newest = Number.NEGATIVE_INFINITY;
    for (const event of events) {
      newest = Math.max(newest, event.timestamp);
      const entry = consoleEntryOf(event, frame.tab);
      if (entry) {
        this.consolePanel.add(entry);
      }
    }
    this.clockOffset = Math.max(this.clockOffset, newest - Date.now());
    if (intake.kind !== 'taken' || frame.tab !== this.shownTab) {
      return;
    }
    this.timeTravel.refresh();
    const replayer = this.replayer;
    if (replayer && this.replayerTab === frame.tab) {
      if (intake.restart && this.fed > REBUILD_AFTER_EVENTS) {
        this.buildReplayer(); // a fresh Replayer lets go of everything the old one kept
        return;
      }
      for (let i = intake.from; i < events.length; i++) {
        const event = events[i];
        if (event) {
          replayer.addEvent(this.pacing.live(event));
          this.fed++;
        }
      }
    } else {
      this.scheduleReplayer();
    }
  }

  /** A consent of this room changed (calls and recordings here; see RoomCall). */
  consent(frame: ConsentFrame): void {
    this.call.consent(frame);
    this.assist.consent(frame);
  }

  /** WebRTC signalling: for the call, or for the canvases of the shown tab. */
  signal(frame: SignalInFrame): void {
    if (frame.data['channel'] === 'canvas') {
      this.canvases.signal(frame.data);
    } else {
      this.call.signal(frame.from, frame.data);
    }
  }

  /** Removes the view and lets go of its Replayer. */
  destroy(): void {
    this.call.destroy();
    this.assist.destroy();
    this.canvases.close();
    this.cancelBuild();
    this.destroyReplayer();
    this.timeTravel.destroy();
    this.resizeObserver.disconnect();
    this.element.remove();
  }

  // ---- tabs ----

  private tabName(tab: string): string {
    const number = this.streams.number(tab);
    return number === undefined ? 'tab' : `tab ${number}`;
  }

  private refreshTabs(): void {
    const { tab: shown, pinned } = chooseTab(this.session.tabs, this.pinnedTab, this.shownTab);
    this.pinnedTab = pinned;
    const buttons: HTMLButtonElement[] = [];
    for (const tab of this.session.tabs) {
      buttons.push(this.tabButton(tab, tab.tabId === shown));
    }
    this.tabStrip.replaceChildren(...buttons);
    this.followButton.hidden = this.pinnedTab === null;
    const info = this.session.tabs.find((t) => t.tabId === shown);
    setText(this.addressBar, info ? shortUrl(info.url) : '');
    setAttr(this.addressBar, 'title', info ? info.url : null);
    this.show(shown);
  }

  private tabButton(tab: TabInfo, selected: boolean): HTMLButtonElement {
    const label = tab.title || hostOf(tab.url) || this.tabName(tab.tabId);
    const button = h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: 'tab',
        'data-testid': 'tab',
        'data-tab': tab.tabId,
        'aria-selected': selected ? 'true' : 'false',
        'data-visible': tab.visible ? 'true' : 'false',
        'data-connected': tab.connected ? 'true' : 'false',
        title: `${tab.title}\n${tab.url}${tab.visible ? '\n(the user is looking at this tab)' : ''}${tab.connected ? '' : '\n(disconnected)'}`,
      },
      h('span', { class: 'tab-number' }, String(this.streams.number(tab.tabId) ?? '')),
      h('span', { class: 'tab-label' }, label),
    );
    button.addEventListener('click', () => {
      this.pinnedTab = tab.tabId;
      this.refreshTabs();
    });
    return button;
  }

  /** Shows `tab`: a new Replayer built from its kept events (or the placeholder until it has some). */
  private show(tab: string | null): void {
    if (tab === this.shownTab) {
      return;
    }
    this.shownTab = tab;
    this.cancelBuild();
    this.destroyReplayer();
    this.timeTravel.refresh();
    const history = tab === null ? null : this.streams.history(tab);
    if (history && !history.empty) {
      this.buildReplayer();
    }
  }

  // ---- replayer ----

  /** Builds the Replayer on the next frame (see BUILD_FALLBACK_MS), with what has arrived by then. */
  private scheduleReplayer(): void {
    if (this.over || this.pendingBuild !== null) {
      return;
    }
    const build = (): void => this.buildReplayer();
    this.pendingBuild = { frame: requestAnimationFrame(build), timer: setTimeout(build, BUILD_FALLBACK_MS) };
  }

  private cancelBuild(): void {
    const pending = this.pendingBuild;
    this.pendingBuild = null;
    if (pending !== null) {
      cancelAnimationFrame(pending.frame);
      clearTimeout(pending.timer);
    }
  }

  private buildReplayer(): void {
    this.cancelBuild();
    this.destroyReplayer();
    const tab = this.shownTab;
    const history = tab === null ? null : this.streams.history(tab);
    if (tab === null || !history || history.empty || !this.replay.isConnected) {
      return;
    }
    const replayer = new Replayer([], {
      root: this.replay,
      liveMode: true,
      // false keeps rrweb's sandboxed iframe: sandbox="allow-same-origin" only, so nothing of the
      // user's page can run scripts in the console (true would add allow-scripts)
      UNSAFE_replayCanvas: false,
      // the kept events go before the baseline and are applied at once; with the virtual DOM on,
      // rrweb would hold those mutations until a play() flush that never comes in live mode
      useVirtualDom: false,
      mouseTail: { duration: 600, lineWidth: 3, strokeStyle: 'rgba(79, 70, 229, 0.5)' },
      // the default pauses CSS animations while the player is not "playing", which live mode never is
      pauseAnimation: false,
      // never move the agent's keyboard focus into the replayed page
      triggerFocus: false,
      showWarning: import.meta.env.DEV,
    });
    this.replayer = replayer;
    this.replayerTab = tab;
    this.fed = 0;
    this.size = null;
    replayer.on('resize', (dimension?: unknown) => {
      if (isSize(dimension)) {
        this.size = { width: dimension.width, height: dimension.height };
        this.fit();
      }
    });
    replayer.on('fullsnapshot-rebuilded', () => {
      this.placeholder.hidden = true;
      // a new snapshot is a new page (or new mirror ids): its canvases on a new connection
      this.canvases.watch(tab);
    });
    const pacing = new LivePacing();
    this.pacing = pacing;
    replayer.startLive(pacing.baseline);
    pacing.start();
    for (const event of history.current) {
      replayer.addEvent(pacing.past(event));
      this.fed++;
    }
  }

  private destroyReplayer(): void {
    const replayer = this.replayer;
    this.replayer = null;
    this.replayerTab = null;
    this.fed = 0;
    this.size = null;
    this.placeholder.hidden = false;
    if (replayer) {
      try {
        replayer.destroy();
      } catch {
        replayer.wrapper.remove();
      }
    }
  }

  /** Now on the user's clock, as far as the newest events tell. */
  private userNow(): number {
    return Date.now() + this.clockOffset;
  }

  private fit(): void {
    const wrapper = this.replayer?.wrapper;
    if (wrapper && this.size) {
      fitReplayer(this.replay, wrapper, this.size);
    }
  }

  // ---- badge ----

  private badge(): Badge {
    if (this.over) {
      return 'user left';
    }
    if (!this.connected) {
      return 'reconnecting';
    }
    if (this.disconnectedSince !== null && Date.now() - this.disconnectedSince >= USER_LEFT_AFTER_MS) {
      return 'user left';
    }
    return 'live';
  }

  private refreshBadge(): void {
    const badge = this.badge();
    setText(this.badgeElement, badge);
    setAttr(this.badgeElement, 'data-badge', badge);
    this.element.dataset['badge'] = badge;
  }
}
