/**
 * The user's side of calls: one peer connection per agent holding a live `call` grant (a mesh;
 * the server caps it at 4 participants), the user's camera and microphone sent to each, and each
 * agent's video shown in the call panel. Starts when the user accepts an agent's call request, and
 * ends, for that agent, when either side ends the grant or the tracker goes away.
 */

import { CallPeer } from '../../common/src/call-peer';
import type { MediaState, SignalData } from '../../common/src/call-peer';
import { CallPanel } from './call-panel';
import { CanvasStreams } from './canvas';
import { warnOnce } from './safe';
import type { Ui } from './ui';

/** How the calls reach the server. */
export interface CallTransport {
  /** A `signal` frame to an agent. */
  signal(agent: string, data: SignalData): void;
  /** The user hangs up on an agent: a `consent` frame ending the `call` grant. */
  hangUp(agent: string): void;
}

interface AgentCall {
  readonly peer: CallPeer;
  readonly name: string;
}

export class Calls {
  private readonly calls = new Map<string, AgentCall>();
  private local: Promise<MediaStream | null> | null = null;
  private stream: MediaStream | null = null;
  private panel: CallPanel | null = null;
  private media: MediaState = { audio: true, video: true };

  /** The page's canvases go out on connections of their own, with no grant (see canvas.ts). */
  private readonly canvases: CanvasStreams;

  constructor(
    private readonly transport: CallTransport,
    tabId: () => string,
    blockSelector: string,
    /** The site's strings and theme, for the call panel. */
    private readonly look: Ui,
  ) {
    this.canvases = new CanvasStreams(tabId, transport, blockSelector);
  }

  /** The user accepted `agent`'s call: connects to it with the user's camera and microphone. */
  granted(agent: string, agentName: string, iceServers: RTCIceServer[]): void {
    if (this.calls.has(agent) || typeof RTCPeerConnection === 'undefined') {
      return;
    }
    const peer = new CallPeer(true, iceServers, {
      signal: (data) => this.transport.signal(agent, data),
      track: (stream) => this.ui().show(agent, agentName, stream),
      media: (state) => this.panel?.remoteMedia(agent, state),
      error: (where, error) => warnOnce(`call:${where}`, `call ${where} failed`, error),
    });
    this.calls.set(agent, { peer, name: agentName });
    this.ui().show(agent, agentName, null);
    void this.localStream().then((stream) => {
      if (stream !== null && this.calls.get(agent)?.peer === peer) {
        peer.send(stream);
        this.transport.signal(agent, { media: this.media });
      }
    });
  }

  /** A `signal` frame: for a call, or for the canvases (`channel: 'canvas'`). */
  signal(from: string, data: SignalData): void {
    if (data.channel === 'canvas') {
      this.canvases.signal(from, data);
    } else {
      this.calls.get(from)?.peer.receive(data);
    }
  }

  /** `agent`'s call grant ended (either side, or the agent left). */
  ended(agent: string): void {
    const call = this.calls.get(agent);
    if (call === undefined) {
      return;
    }
    this.calls.delete(agent);
    call.peer.close();
    this.panel?.remove(agent);
    if (this.calls.size === 0) {
      this.release();
    }
  }

  /** The tracker stops or loses its socket: every call is over, and no canvas is sent. */
  endAll(): void {
    for (const agent of [...this.calls.keys()]) {
      this.ended(agent);
    }
    this.canvases.closeAll();
  }

  get active(): boolean {
    return this.calls.size > 0;
  }

  private ui(): CallPanel {
    if (this.panel === null) {
      this.panel = new CallPanel(this.look, {
        toggle: (kind) => this.toggle(kind),
        hangUp: () => {
          for (const agent of [...this.calls.keys()]) {
            this.transport.hangUp(agent);
            this.ended(agent);
          }
        },
      });
    }
    return this.panel;
  }

  private toggle(kind: keyof MediaState): void {
    this.media = { ...this.media, [kind]: !this.media[kind] };
    const tracks = kind === 'audio' ? this.stream?.getAudioTracks() : this.stream?.getVideoTracks();
    for (const track of tracks ?? []) {
      track.enabled = this.media[kind];
    }
    this.panel?.localMedia(this.media);
    for (const agent of this.calls.keys()) {
      this.transport.signal(agent, { media: this.media });
    }
  }

  /** Camera and microphone, asked for once per call; a call goes on receive-only without them. */
  private localStream(): Promise<MediaStream | null> {
    if (this.local === null) {
      const devices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
      const pending: Promise<MediaStream | null> = (devices ? devices.getUserMedia({ audio: true, video: true }) : Promise.reject(new Error('no media devices')))
        .then((stream) => {
          if (this.local !== pending) {
            // every call ended while the browser asked
            stopTracks(stream);
            return null;
          }
          this.stream = stream;
          this.panel?.localMedia(this.media);
          return stream;
        })
        .catch((error: unknown) => {
          warnOnce('call:media', 'no camera or microphone for the call; receiving only', error);
          return null;
        });
      this.local = pending;
    }
    return this.local;
  }

  private release(): void {
    if (this.stream !== null) {
      stopTracks(this.stream);
    }
    this.stream = null;
    this.local = null;
    this.media = { audio: true, video: true };
    this.panel?.destroy();
    this.panel = null;
  }
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}
