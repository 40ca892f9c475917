/**
 * The page's `<canvas>` elements as live video for the agents who watch: rrweb sees a canvas only
 * as an empty box, so each one goes out as a WebRTC video track instead (`captureStream(0)`), on a
 * peer connection of its own per agent, set up when the agent's console asks (a `signal` on the
 * `canvas` channel). A frame is sent only when the canvas was drawn on — the 2D and WebGL draw
 * calls mark it — so the frame rate follows the page's, and a still canvas sends one frame a second.
 *
 * Each canvas is copied onto a canvas of the tracker's own, which is the one captured: Chromium
 * delivers a requested frame only once the captured canvas changes, and the page's canvas must not
 * be touched (nor given a context it did not ask for).
 *
 * No consent is asked: a canvas is page content like the DOM the agent already watches. A canvas
 * the page blocks is never captured: inside or matching `[data-tandem-block]`, the site's
 * `blockSelector`, or rrweb's own `.rr-block` — the same rules the recorder applies to the DOM.
 */

import { record } from '@rrweb/record';
import { CallPeer } from '../../common/src/call-peer';
import type { SignalData } from '../../common/src/call-peer';
import { safe, warnOnce } from './safe';

export interface CanvasTransport {
  signal(agent: string, data: SignalData): void;
}

/** rrweb blocks elements of its default `blockClass` as well. */
const RRWEB_BLOCK_CLASS_SELECTOR = '.rr-block';
/** Drawn-on canvases are sent at most this often. */
const FRAME_MS = 33;
/** Every canvas gets a frame this often, drawn on or not; new and removed canvases are found as often. */
const STILL_MS = 1000;

const DRAW_2D = ['fillRect', 'clearRect', 'strokeRect', 'fill', 'stroke', 'drawImage', 'putImageData', 'fillText', 'strokeText'];
const DRAW_GL = ['drawArrays', 'drawElements', 'clear'];

const drawn = new Set<unknown>();
let hooked = false;
/** Some agent gets canvases: only then do the wrapped draw calls note anything. */
let noting = false;

/** Wraps the draw calls of both context kinds once, for the life of the page: they only note the canvas. */
function hookDrawCalls(): void {
  if (hooked) {
    return;
  }
  hooked = true;
  const contexts = [window.CanvasRenderingContext2D, window.WebGLRenderingContext, window.WebGL2RenderingContext];
  contexts.forEach((context, i) => {
    const proto = context?.prototype as unknown as Record<string, unknown> | undefined;
    for (const name of proto === undefined ? [] : i === 0 ? DRAW_2D : DRAW_GL) {
      const original = proto?.[name];
      if (proto !== undefined && typeof original === 'function') {
        proto[name] = function (this: { canvas?: unknown }, ...args: unknown[]): unknown {
          if (noting) {
            drawn.add(this.canvas);
          }
          return original.apply(this, args);
        };
      }
    }
  });
}

interface Captured {
  readonly copy: HTMLCanvasElement;
  readonly context: CanvasRenderingContext2D;
  readonly stream: MediaStream;
  readonly track: CanvasCaptureMediaStreamTrack;
}

/** Copies the page's canvas as it is now and sends that frame. */
function sendFrame(canvas: HTMLCanvasElement, captured: Captured): void {
  const { copy, context, track } = captured;
  if (copy.width !== canvas.width || copy.height !== canvas.height) {
    copy.width = canvas.width;
    copy.height = canvas.height;
  }
  if (copy.width > 0 && copy.height > 0) {
    context.clearRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    track.requestFrame();
  }
}

export class CanvasStreams {
  private readonly peers = new Map<string, CallPeer>();
  private readonly captured = new Map<HTMLCanvasElement, Captured>();
  private readonly sessions = new Map<string, number>();
  private frameTimer: ReturnType<typeof setInterval> | null = null;
  private stillTimer: ReturnType<typeof setInterval> | null = null;

  /** `blockSelector`: the recorder's, `[data-tandem-block]` and the site's own (see options.ts). */
  constructor(
    private readonly tabId: () => string,
    private readonly transport: CanvasTransport,
    private readonly blockSelector: string,
  ) {}

  /** A `canvas`-channel signal from `agent`: a request for this tab's canvases, or negotiation. */
  signal(agent: string, data: SignalData): void {
    if (data.tab !== this.tabId()) {
      return;
    }
    if (data.want !== undefined) {
      this.open(agent, data.want, data.iceServers ?? []);
    } else if (data.session === this.sessions.get(agent)) {
      this.peers.get(agent)?.receive(data);
    }
  }

  close(agent: string): void {
    this.peers.get(agent)?.close();
    this.peers.delete(agent);
    this.sessions.delete(agent);
    if (this.peers.size === 0) {
      this.release();
    }
  }

  closeAll(): void {
    for (const agent of [...this.peers.keys()]) {
      this.close(agent);
    }
  }

  private open(agent: string, session: number, iceServers: RTCIceServer[]): void {
    if (typeof RTCPeerConnection === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') {
      return;
    }
    this.peers.get(agent)?.close();
    const peer = new CallPeer(true, iceServers, {
      signal: (data) => this.transport.signal(agent, { ...data, channel: 'canvas', tab: this.tabId(), session }),
      track: () => undefined,
      media: () => undefined,
      error: (where, error) => warnOnce(`canvas:${where}`, `canvas stream ${where} failed`, error),
    });
    // an agent that left (or reloaded its console) is not told: its connection fails, and goes
    peer.connection.addEventListener('connectionstatechange', safe('canvas state', () => {
      if (peer.connection.connectionState === 'failed' && this.peers.get(agent) === peer) {
        this.close(agent);
      }
    }));
    this.peers.set(agent, peer);
    this.sessions.set(agent, session);
    hookDrawCalls();
    noting = true;
    for (const captured of this.captured.values()) {
      peer.connection.addTrack(captured.track, captured.stream);
    }
    // new canvases go to every connection, this one included
    this.scan();
    this.announce(agent);
    if (this.frameTimer === null) {
      this.frameTimer = setInterval(safe('canvas frames', () => this.frames()), FRAME_MS);
      this.stillTimer = setInterval(safe('canvas still', () => this.still()), STILL_MS);
    }
  }

  /** Which stream shows which canvas (rrweb mirror id), for the console to draw it in place. */
  private announce(agent: string): void {
    const canvases: Record<string, number> = {};
    for (const [canvas, captured] of this.captured) {
      canvases[captured.stream.id] = record.mirror.getId(canvas);
    }
    this.transport.signal(agent, { channel: 'canvas', tab: this.tabId(), session: this.sessions.get(agent), canvases });
  }

  private frames(): void {
    for (const [canvas, captured] of this.captured) {
      if (drawn.has(canvas)) {
        sendFrame(canvas, captured);
      }
    }
    drawn.clear();
  }

  private still(): void {
    if (this.scan()) {
      for (const agent of this.peers.keys()) {
        this.announce(agent);
      }
    }
    for (const [canvas, captured] of this.captured) {
      sendFrame(canvas, captured);
    }
  }

  /** Starts capturing new canvases and stops removed ones; true if any changed. */
  private scan(): boolean {
    let changed = false;
    const present = new Set<HTMLCanvasElement>();
    document.querySelectorAll('canvas').forEach((canvas) => {
      if (!this.blocked(canvas) && record.mirror.getId(canvas) > 0) {
        present.add(canvas);
      }
    });
    for (const [canvas, captured] of this.captured) {
      if (!present.has(canvas)) {
        changed = true;
        this.captured.delete(canvas);
        for (const peer of this.peers.values()) {
          const sender = peer.connection.getSenders().find((s) => s.track === captured.track);
          if (sender !== undefined) {
            peer.connection.removeTrack(sender);
          }
        }
        captured.track.stop();
      }
    }
    for (const canvas of present) {
      if (!this.captured.has(canvas)) {
        changed = true;
        const copy = document.createElement('canvas');
        const context = copy.getContext('2d');
        const stream = copy.captureStream(0);
        const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
        if (track === undefined || context === null) {
          continue;
        }
        const captured = { copy, context, stream, track };
        this.captured.set(canvas, captured);
        sendFrame(canvas, captured);
        for (const peer of this.peers.values()) {
          peer.connection.addTrack(track, stream);
        }
      }
    }
    return changed;
  }

  /** rrweb records a blocked element itself as an empty box (it has a mirror id): only this keeps it out. */
  private blocked(canvas: HTMLCanvasElement): boolean {
    return canvas.closest(this.blockSelector) !== null || canvas.closest(RRWEB_BLOCK_CLASS_SELECTOR) !== null;
  }

  private release(): void {
    for (const timer of [this.frameTimer, this.stillTimer]) {
      if (timer !== null) {
        clearInterval(timer);
      }
    }
    this.frameTimer = this.stillTimer = null;
    noting = false;
    drawn.clear();
    for (const captured of this.captured.values()) {
      captured.track.stop();
    }
    this.captured.clear();
  }
}
