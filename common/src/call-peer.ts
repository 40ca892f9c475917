/**
 * One WebRTC connection between two call participants, negotiated with the perfect-negotiation
 * pattern (WebRTC 1.0, section 10.7): either side may (re)negotiate at any time, and when both
 * offer at once the polite side gives way. The user's tracker is always polite; between two
 * agents, the one with the greater id is. Signalling data goes through the room's `signal` frames,
 * which the server relays as they are.
 *
 * Shared by the tracker and the agent console (both bundle it from common/): it imports nothing.
 */

/** What a `signal` frame's `data` carries between two participants. */
export interface SignalData {
  readonly description?: RTCSessionDescriptionInit;
  readonly candidate?: RTCIceCandidateInit;
  /** What the sender sends at the moment (mute and camera toggles), for the other side to show. */
  readonly media?: MediaState;
  /** Which connection: the call (absent) or the page's canvases (`canvas`, see canvas.ts). */
  readonly channel?: 'canvas';
  /** Canvas channel: the tab whose canvases are meant. */
  readonly tab?: string;
  /** Canvas channel, console → tab: send me your canvases; the number names this connection. */
  readonly want?: number;
  /** Canvas channel: the connection a signal belongs to (the latest `want`). */
  readonly session?: number;
  /** Canvas channel, console → tab: the ICE servers to use. */
  readonly iceServers?: RTCIceServer[];
  /** Canvas channel, tab → console: which stream (by id) shows which canvas (rrweb mirror id). */
  readonly canvases?: Readonly<Record<string, number>>;
}

export interface MediaState {
  readonly audio: boolean;
  readonly video: boolean;
}

export interface PeerEvents {
  signal(data: SignalData): void;
  track(stream: MediaStream, track: MediaStreamTrack): void;
  media(state: MediaState): void;
  error(where: string, error: unknown): void;
}

export class CallPeer {
  readonly connection: RTCPeerConnection;
  private makingOffer = false;
  private ignoreOffer = false;
  private answerPending = false;
  /** Signals are handled one after the other: each may wait on the connection. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly polite: boolean,
    iceServers: RTCIceServer[],
    private readonly events: PeerEvents,
  ) {
    const pc = new RTCPeerConnection({ iceServers });
    this.connection = pc;
    pc.onnegotiationneeded = () => {
      void this.offer();
    };
    pc.onicecandidate = (event) => {
      if (event.candidate !== null) {
        events.signal({ candidate: event.candidate.toJSON() });
      }
    };
    pc.ontrack = (event) => {
      events.track(event.streams[0] ?? new MediaStream([event.track]), event.track);
    };
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'failed') {
        pc.restartIce();
      }
    };
  }

  /** Sends `stream`'s tracks; negotiation follows by itself. */
  send(stream: MediaStream): void {
    for (const track of stream.getTracks()) {
      this.connection.addTrack(track, stream);
    }
  }

  receive(data: SignalData): void {
    this.queue = this.queue.then(() => this.handle(data)).catch((error: unknown) => this.events.error('signal', error));
  }

  close(): void {
    const pc = this.connection;
    pc.onnegotiationneeded = pc.onicecandidate = pc.ontrack = pc.oniceconnectionstatechange = null;
    pc.close();
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.connection.setLocalDescription();
      this.sendDescription();
    } catch (error) {
      this.events.error('offer', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async handle(data: SignalData): Promise<void> {
    const pc = this.connection;
    if (pc.signalingState === 'closed') {
      return;
    }
    if (data.media !== undefined) {
      this.events.media(data.media);
    }
    const description = data.description;
    if (description !== undefined) {
      const ready = !this.makingOffer && (pc.signalingState === 'stable' || this.answerPending);
      const collision = description.type === 'offer' && !ready;
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) {
        return;
      }
      this.answerPending = description.type === 'answer';
      await pc.setRemoteDescription(description);
      this.answerPending = false;
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        this.sendDescription();
      }
    } else if (data.candidate !== undefined) {
      try {
        await pc.addIceCandidate(data.candidate);
      } catch (error) {
        // candidates of an offer this side ignored fail here, as they should
        if (!this.ignoreOffer) {
          throw error;
        }
      }
    }
  }

  private sendDescription(): void {
    const local = this.connection.localDescription;
    if (local !== null) {
      this.events.signal({ description: { type: local.type, sdp: local.sdp } });
    }
  }
}
