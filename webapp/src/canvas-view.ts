/**
 * The user's `<canvas>` elements, live: rrweb replays a canvas as an empty element, so the console
 * asks the tab for its canvases as WebRTC video (a `signal` on the `canvas` channel, see the
 * tracker's canvas.ts) and shows each video in place of the replayed canvas with the same rrweb
 * mirror id. The replay's iframe runs no scripts, and a canvas in a document without scripting
 * shows its fallback content (its children) instead of pixels: so the video goes in as the
 * canvas's child, where it renders in the canvas's place, at the canvas's size.
 *
 * No consent is involved: it is page content, like the DOM the agent already sees.
 */

import { ceiling } from '../../common/src/backoff';
import type { BackoffPolicy } from '../../common/src/backoff';
import { CallPeer } from '../../common/src/call-peer';
import type { SignalData } from '../../common/src/call-peer';

export interface CanvasLink {
  signal(data: SignalData): void;
  /** The replayed element with this rrweb mirror id, if it is a canvas. */
  canvas(mirrorId: number): HTMLCanvasElement | null;
  iceServers(): Promise<RTCIceServer[]>;
}

/** How often videos are matched with replayed canvases (a canvas may appear after its track). */
const PLACE_MS = 250;
/**
 * A connection not up within the wait is started over, on a new session, and the wait doubles each
 * time (6 s up to 60 s, no jitter: one console asks one tab): a signal lost on the way (the tab
 * reconnecting, a node restarting) or ICE that never began would otherwise leave the canvases blank
 * for good.
 */
const CONNECT_WAIT: BackoffPolicy = { initialMs: 6000, maxMs: 60_000 };

export class CanvasView {
  private peer: CallPeer | null = null;
  private tab: string | null = null;
  private session = 0;
  private mirrorIds: Readonly<Record<string, number>> = {};
  /** Remote canvas streams by stream id. */
  private readonly feeds = new Map<string, MediaStream>();
  private readonly shown = new Map<string, HTMLVideoElement>();
  private placing: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly link: CanvasLink) {}

  /**
   * Asks `tab` for its canvases on a new connection (after a join, a page load or a tab switch);
   * `attempt` counts the connections to it that did not come up in time.
   */
  watch(tab: string, attempt = 0): void {
    this.close();
    this.tab = tab;
    const session = ++this.session;
    this.retry = setTimeout(() => {
      if (this.session === session && this.peer?.connection.connectionState !== 'connected') {
        this.watch(tab, attempt + 1);
      }
    }, ceiling(attempt, CONNECT_WAIT));
    this.peer = new CallPeer(false, [], {
      signal: (data) => this.link.signal({ ...data, channel: 'canvas', tab, session }),
      track: (stream) => this.add(stream),
      media: () => undefined,
      error: (where, error) => console.warn(`[tandem] canvas ${where} failed`, error),
    });
    void this.link.iceServers().then((iceServers) => {
      if (this.session === session && this.peer !== null) {
        this.peer.connection.setConfiguration({ iceServers });
        this.link.signal({ channel: 'canvas', tab, want: session, iceServers });
      }
    });
  }

  signal(data: SignalData): void {
    if (data.tab !== this.tab || data.session !== this.session || this.peer === null) {
      return;
    }
    if (data.canvases !== undefined) {
      this.mirrorIds = data.canvases;
    } else {
      this.peer.receive(data);
    }
  }

  close(): void {
    if (this.retry !== null) {
      clearTimeout(this.retry);
      this.retry = null;
    }
    this.peer?.close();
    this.peer = null;
    this.tab = null;
    for (const video of this.shown.values()) {
      video.srcObject = null;
      video.remove();
    }
    this.shown.clear();
    this.feeds.clear();
    this.mirrorIds = {};
    if (this.placing !== null) {
      clearInterval(this.placing);
      this.placing = null;
    }
  }

  private add(stream: MediaStream): void {
    this.feeds.set(stream.id, stream);
    stream.addEventListener('removetrack', () => {
      if (stream.getTracks().length === 0) {
        this.feeds.delete(stream.id);
      }
    });
    this.placing ??= setInterval(() => this.place(), PLACE_MS);
    this.place();
  }

  /** Puts each stream's video into its replayed canvas; drops those whose stream or canvas went. */
  private place(): void {
    for (const [streamId, stream] of this.feeds) {
      const id = this.mirrorIds[streamId];
      const canvas = id === undefined ? null : this.link.canvas(id);
      const video = this.shown.get(streamId);
      if (canvas === null || (video !== undefined && video.parentNode === canvas)) {
        continue;
      }
      video?.remove();
      this.shown.set(streamId, this.inPlaceOf(canvas, stream));
    }
    for (const [streamId, video] of this.shown) {
      if (!this.feeds.has(streamId) || !video.isConnected) {
        video.srcObject = null;
        video.remove();
        this.shown.delete(streamId);
      }
    }
  }

  private inPlaceOf(canvas: HTMLCanvasElement, stream: MediaStream): HTMLVideoElement {
    const video = canvas.ownerDocument.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('data-tandem-canvas', stream.id);
    video.style.cssText = `display:inline-block;width:${canvas.width}px;max-width:100%;height:auto;vertical-align:top`;
    video.srcObject = stream;
    canvas.replaceChildren(video);
    video.play().catch(() => undefined);
    return video;
  }
}
