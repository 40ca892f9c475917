/**
 * The tracker of one page: ties identity, connection, recorder, outbox and page info together and
 * follows the protocol's tracker state machine.
 *
 * idle      connected (or reconnecting), only `hello`, `page` and `heartbeat` go out. If the
 *           project allows a pre-join buffer, rrweb records into it, in the page's memory only.
 * streaming an agent watches: rrweb records, batches go out numbered per tab, kept until acked.
 *
 * `start` (or a `welcome` with `streaming: true`) moves to streaming — the first batch is a full
 * snapshot: the oldest one of the pre-join buffer, sent ahead of live batches, or a new one — and a
 * `start` while streaming asks for a new full snapshot, unless one is still unacknowledged. `stop`
 * moves back to idle.
 */

import { Assistance } from './assistance';
import type { FinishedBatch } from './batcher';
import { Connection } from './connection';
import type { CloseInfo } from './connection';
import type { Emitter } from './emitter';
import { Identity, browserStore } from './identity';
import type { ResolvedOptions } from './options';
import { Outbox } from './outbox';
import { PageMeta, samePage } from './page-meta';
import { DEFAULT_PRE_JOIN_MAX_CHARS, PreJoinBuffer } from './pre-join-buffer';
import { CloseCode, DEFAULT_LIMITS, eventsFrame, helloFrame, pageFrame } from './protocol';
import type { MessageFrame, PageInfo, ServerLimits, WelcomeFrame } from './protocol';
import { ByteBudget, EventBudget } from './rate-limit';
import { Recorder } from './recorder';
import { safe, warnOnce } from './safe';
import { SupportCodes } from './support-code';
import { SupportWidget } from './support-widget';
import { utf8Length } from './text';

/** The tracker keeps to this share of the server's event rates (by count and by bytes), with one second of burst. */
const RATE_SHARE = 0.75;
const BURST_SECONDS = 1;
/** Batches wait while more than this is queued in the socket, so acks can catch up. */
const MAX_SOCKET_BACKLOG = 1024 * 1024;
const BACKLOG_RETRY_MS = 100;
/** With a pre-join buffer, a full snapshot every quarter of its window, but not more often than this. */
const MIN_CHECKPOINT_MS = 10_000;

export class Tracker {
  private readonly identity: Identity;
  private readonly outbox: Outbox;
  private readonly recorder: Recorder;
  private readonly connection: Connection;
  private readonly page: PageMeta;
  private readonly assistance: Assistance;
  private readonly supportCodes: SupportCodes;
  private readonly supportWidget: SupportWidget;
  private limits: ServerLimits = DEFAULT_LIMITS;
  private budget: EventBudget;
  private byteBudget: ByteBudget;
  private running = false;
  /** The server says an agent watches. */
  private watching = false;
  /** What listeners were last told: streaming or not. */
  private announcedStreaming = false;
  /** Incremental batches are dropped until the next snapshot batch (after a loss). */
  private awaitingSnapshot = false;
  private pageSent: PageInfo | null = null;
  private preJoin: PreJoinBuffer | null = null;
  private preJoinWindowMs = 0;
  /** Recording while idle, into the pre-join buffer. */
  private buffering = false;
  /** Batches of the pre-join buffer and the live ones after them, not yet numbered, oldest first. */
  private backlog: FinishedBatch[] = [];
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onLeave = safe('page hide', () => this.flushNow());
  private readonly onVisibility = safe('visibility', () => {
    if (document.visibilityState === 'hidden') {
      this.flushNow();
    }
  });

  constructor(
    private readonly options: ResolvedOptions,
    private readonly emitter: Emitter,
  ) {
    this.identity = new Identity({ local: browserStore('localStorage'), session: browserStore('sessionStorage') });
    this.outbox = new Outbox(options.outbox);
    this.recorder = new Recorder(options.recorder, (batch) => this.onBatch(batch));
    this.page = new PageMeta((page) => this.onPage(page));
    this.budget = this.newBudget();
    this.byteBudget = this.newByteBudget();
    this.assistance = new Assistance(
      (frame) => this.connection.send(frame),
      () => this.identity.tabId,
      options.recorder.blockSelector,
      options.ui,
    );
    this.supportCodes = new SupportCodes((frame) => this.connection.send(frame));
    this.supportWidget = new SupportWidget(options.ui, this.supportCodes, options.supportWidget);
    this.connection = new Connection(options.url, {
      hello: () => this.hello(),
      welcome: (frame) => this.onWelcome(frame),
      message: (frame) => this.onMessage(frame),
      closed: (info) => this.onClosed(info),
      tick: () => this.identity.touch(),
    });
  }

  get sessionId(): string {
    return this.identity.sessionId;
  }

  get tabId(): string {
    return this.identity.tabId;
  }

  get streaming(): boolean {
    return this.recorder.active && !this.buffering;
  }

  start(): void {
    if (this.running) {
      return;
    }
    this.running = true;
    this.page.install();
    this.supportWidget.install();
    window.addEventListener('pagehide', this.onLeave);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.connection.open();
  }

  stop(): void {
    if (!this.running) {
      return;
    }
    this.running = false;
    window.removeEventListener('pagehide', this.onLeave);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.page.uninstall();
    this.assistance.close();
    this.supportWidget.remove();
    this.supportCodes.close();
    this.goIdle();
    this.connection.close();
  }

  /** A support code for the user to read out to an agent. */
  supportCode(): Promise<string> {
    return this.supportCodes.get().then((code) => code.code);
  }

  /** Shows the support code panel. */
  showSupportCode(): void {
    if (this.running) {
      this.supportWidget.show();
    }
  }

  // ---- connection events ----

  private hello(): string {
    const page = this.page.current();
    this.pageSent = page;
    this.identity.touch(true);
    return helloFrame({
      projectKey: this.options.projectKey,
      sessionId: this.identity.sessionId,
      sessionSecret: this.identity.sessionSecret,
      tabId: this.identity.tabId,
      page,
      userId: this.options.userId,
      metadata: this.options.metadata,
    });
  }

  private onWelcome(welcome: WelcomeFrame): void {
    this.assistance.reconnected();
    this.limits = welcome.limits;
    this.budget = this.newBudget();
    this.byteBudget = this.newByteBudget();
    this.identity.advanceTo(welcome.ackedSeq);
    if (this.recorder.requireMaskAllInputs(welcome.maskAllInputs) || this.keepPreJoin(welcome.preJoinBufferSeconds)) {
      // what was recorded under the old settings must not reach an agent
      this.pause();
    }
    this.supportCodes.connected();
    if (!welcome.streaming) {
      this.idle();
    } else {
      this.setWatching(true);
      if (this.buffering) {
        this.streamFromBuffer();
      } else if (!this.recorder.active) {
        this.startRecording();
      } else if (!this.outbox.resume(welcome.ackedSeq)) {
        // what is left does not continue the server's stream: start it over from a snapshot
        this.outbox.clear();
        this.resync();
      }
    }
    const page = this.page.current();
    if (this.pageSent === null || !samePage(page, this.pageSent)) {
      this.onPage(page);
    }
    this.pump();
  }

  private onMessage(frame: MessageFrame): void {
    switch (frame.t) {
      case 'start':
        this.setWatching(true);
        if (this.buffering) {
          this.streamFromBuffer();
        } else if (this.recorder.active) {
          if (!this.snapshotOnItsWay()) {
            this.resync();
          }
        } else {
          this.startRecording();
        }
        this.pump();
        break;
      case 'stop':
        this.goIdle();
        this.idle();
        break;
      case 'ack':
        this.outbox.ack(frame.seq);
        this.pump();
        break;
      case 'error':
        warnOnce(`server:${frame.code}`, `the server refused this tab: ${frame.code}: ${frame.message}`);
        if (frame.code === 'FRAME_TOO_LARGE') {
          this.pause();
        } else if (frame.code.startsWith('SUPPORT_CODE_')) {
          this.supportCodes.refused(frame.code, frame.message);
        }
        break;
      case 'supportCode':
        this.supportCodes.answer(frame);
        break;
      default:
        this.assistance.handle(frame);
    }
  }

  private onClosed(info: CloseInfo): void {
    this.outbox.rewind();
    if (info.replaced) {
      // another tab holds this tab id (a duplicated tab copies sessionStorage): become a new tab
      this.identity.renewTab();
      this.pause();
    } else if (info.sessionRefused) {
      // the stored session is not this browser's (its secret was lost, or someone took the id): start anew
      this.identity.renewSession();
      this.supportCodes.forget();
      this.goIdle();
    } else if (info.code === CloseCode.POLICY) {
      // refused (see the error logged): nobody can be watching until the long backoff is over
      this.goIdle();
    }
  }

  private onPage(page: PageInfo): void {
    if (this.connection.send(pageFrame(page))) {
      this.pageSent = page;
    }
  }

  // ---- recording ----

  private onBatch(batch: FinishedBatch): void {
    if (this.buffering) {
      if (this.preJoin?.add(batch) === 'overflow') {
        this.lose();
      }
    } else if (this.backlog.length > 0) {
      this.backlog.push(batch);
    } else {
      this.enqueue(batch);
    }
    this.pump();
  }

  /** Numbers a batch and puts it in the outbox. */
  private enqueue(batch: FinishedBatch): void {
    if (this.awaitingSnapshot && !batch.snapshot) {
      return;
    }
    this.awaitingSnapshot = false;
    const seq = this.identity.nextSeq();
    const frame = eventsFrame(seq, batch.snapshot, batch.payload);
    const bytes = utf8Length(frame);
    if (bytes > this.limits.maxFrameBytes) {
      if (batch.snapshot) {
        warnOnce('snapshot-too-large', `this page's snapshot takes ${bytes} bytes, over the server's limit of ${this.limits.maxFrameBytes}; not streaming it`);
        this.pause();
      } else {
        warnOnce('batch-too-large', `a batch of ${bytes} bytes is over the server's limit; resynchronising`);
        this.lose();
      }
      return;
    }
    if (!this.outbox.add({ seq, snapshot: batch.snapshot, frame, bytes, events: batch.events })) {
      // too much unacknowledged: dropped, a fresh snapshot replaces it
      if (this.connection.ready) {
        this.lose();
      } else {
        this.pause();
      }
    }
  }

  /** Applies the project's pre-join buffer setting; true if it changed. */
  private keepPreJoin(seconds: number): boolean {
    const windowMs = Math.floor(seconds) * 1000;
    if (windowMs === this.preJoinWindowMs) {
      return false;
    }
    this.preJoinWindowMs = windowMs;
    this.preJoin = windowMs > 0 ? new PreJoinBuffer({ windowMs, maxChars: DEFAULT_PRE_JOIN_MAX_CHARS }) : null;
    this.recorder.checkpointWithin(windowMs > 0 ? Math.max(MIN_CHECKPOINT_MS, windowMs / 4) : 0);
    return true;
  }

  /** Nobody watches: record into the pre-join buffer if the project allows it, else not at all. */
  private idle(): void {
    if (this.preJoin === null) {
      this.goIdle();
    } else if (!this.buffering || !this.recorder.active) {
      this.goIdle();
      this.buffering = true;
      this.recorder.start();
    }
  }

  /** An agent joined while buffering: the buffer goes out first (it begins with a snapshot), live batches after it. */
  private streamFromBuffer(): void {
    this.recorder.flush();
    this.buffering = false;
    this.outbox.clear();
    this.awaitingSnapshot = false;
    this.backlog = this.preJoin?.drain() ?? [];
    if (this.backlog.length === 0) {
      this.resync();
    }
    this.announce();
  }

  private startRecording(): void {
    this.outbox.clear();
    this.awaitingSnapshot = false;
    this.recorder.start();
    this.announce();
  }

  /**
   * A snapshot the server has not acknowledged (the pre-join buffer's, or one in the outbox, sent
   * or not) makes the server's stream whole: a `start` needs no other. The server acks a batch
   * before it could ask for a snapshot after it, so an unacked snapshot reaches it after the ask.
   */
  private snapshotOnItsWay(): boolean {
    return this.backlog.some((batch) => batch.snapshot) || this.outbox.holdsSnapshot;
  }

  /** Batches were lost: skip incremental batches until a new snapshot, which is asked for now. */
  private lose(): void {
    this.outbox.clear();
    this.backlog = [];
    this.awaitingSnapshot = true;
    if (this.resyncTimer === null) {
      // not from inside the recorder's emit: rrweb is mid-event there
      this.resyncTimer = setTimeout(
        safe('resync', () => {
          this.resyncTimer = null;
          if (this.recorder.active) {
            this.resync();
          }
        }),
        0,
      );
    }
  }

  private resync(): void {
    this.awaitingSnapshot = true;
    this.recorder.resync();
    if (!this.recorder.active) {
      this.announce();
    }
  }

  /** Stops recording until the server (re)starts the stream: after the next welcome or start. */
  private pause(): void {
    this.recorder.stop();
    this.buffering = false;
    this.preJoin?.clear();
    this.backlog = [];
    this.outbox.clear();
    this.awaitingSnapshot = false;
    this.clearTimers();
    this.announce();
  }

  private goIdle(): void {
    this.pause();
    this.setWatching(false);
  }

  private flushNow(): void {
    if (this.recorder.active) {
      this.recorder.flush();
    }
    this.pump();
  }

  /** Writes unsent batches in order, within the server's event rate and the socket's backlog. */
  private pump(): void {
    if (this.pumpTimer !== null) {
      return;
    }
    while (this.connection.ready) {
      const batch = this.outbox.nextUnsent();
      if (batch === undefined) {
        const next = this.backlog.shift();
        if (next === undefined) {
          return;
        }
        // one at a time: a snapshot batch of the buffer replaces what the outbox holds
        this.enqueue(next);
        continue;
      }
      if (this.connection.buffered > MAX_SOCKET_BACKLOG) {
        this.pumpLater(BACKLOG_RETRY_MS);
        return;
      }
      const now = Date.now();
      const wait = Math.max(this.budget.waitMs(batch.events, now), this.byteBudget.waitMs(now));
      if (wait > 0) {
        this.pumpLater(wait);
        return;
      }
      this.budget.tryTake(batch.events, now);
      this.byteBudget.take(batch.bytes, now);
      if (!this.connection.send(batch.frame, true)) {
        return;
      }
      this.outbox.markSent();
    }
  }

  private pumpLater(ms: number): void {
    this.pumpTimer = setTimeout(
      safe('pump', () => {
        this.pumpTimer = null;
        this.pump();
      }),
      Math.max(10, ms),
    );
  }

  private newBudget(): EventBudget {
    return new EventBudget(this.limits.maxEventsPerSecond * RATE_SHARE, BURST_SECONDS, Date.now());
  }

  private newByteBudget(): ByteBudget {
    return new ByteBudget(this.limits.maxEventBytesPerSecond * RATE_SHARE, BURST_SECONDS, Date.now());
  }

  private clearTimers(): void {
    if (this.pumpTimer !== null) {
      clearTimeout(this.pumpTimer);
      this.pumpTimer = null;
    }
    if (this.resyncTimer !== null) {
      clearTimeout(this.resyncTimer);
      this.resyncTimer = null;
    }
  }

  // ---- public events ----

  private setWatching(watching: boolean): void {
    if (watching !== this.watching) {
      this.watching = watching;
      this.emitter.emit(watching ? 'agentJoined' : 'agentLeft');
    }
  }

  private announce(): void {
    const streaming = this.streaming;
    if (streaming !== this.announcedStreaming) {
      this.announcedStreaming = streaming;
      this.emitter.emit(streaming ? 'streaming' : 'idle');
    }
  }
}
