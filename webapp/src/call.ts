/**
 * The agent's side of a room's call. Everyone in the call holds a live `call` grant; the call is a
 * mesh: this console keeps one peer connection to the user and one to every other agent in the call
 * (the server caps it at 4 participants), sends its camera and microphone on each, and shows what
 * each of them sends. A grant's changes come as `consent` frames (to every agent of the room, for
 * `call`), the negotiation as `signal` frames. Perfect negotiation: the user's side is polite; of
 * two agents, the one with the greater id.
 */

import { CallPeer } from '../../common/src/call-peer';
import type { MediaState, SignalData } from '../../common/src/call-peer';
import { CallRecorder } from './call-recorder';
import { h, setText } from './dom';
import type { ConsentFrame, ConsentKind } from './protocol';

export type { SignalData } from '../../common/src/call-peer';

/** Who a peer is: the user, or an agent's id. */
export type Participant = 'user' | string;

export interface CallLink {
  /** This console's agent id. */
  readonly self: string;
  signal(to: Participant, data: SignalData): void;
  /** Asks the user for a grant, or ends this agent's grant. */
  consent(kind: ConsentKind, action: 'request' | 'end'): void;
  /** The login token, for the recording upload. */
  token(): string;
}

interface Remote {
  readonly peer: CallPeer;
  readonly tile: HTMLElement;
  readonly video: HTMLVideoElement;
  readonly caption: HTMLElement;
  readonly label: string;
  stream: MediaStream | null;
}

export class RoomCall {
  readonly element: HTMLElement;
  private readonly remotes = new Map<Participant, Remote>();
  /** Agents of the room with a live call grant, other than this one, with their names. */
  private readonly others = new Map<string, string>();
  private inCall = false;
  private iceServers: RTCIceServer[] = [];
  private local: MediaStream | null = null;
  private localPending: Promise<MediaStream | null> | null = null;
  private media: MediaState = { audio: true, video: true };
  private readonly tiles: HTMLElement;
  private readonly selfVideo: HTMLVideoElement;
  private readonly muteButton: HTMLButtonElement;
  private readonly cameraButton: HTMLButtonElement;
  private readonly callButton: HTMLButtonElement;
  private readonly recordButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly stage: HTMLElement;
  private recorder: CallRecorder | null = null;

  constructor(
    readonly room: string,
    private readonly link: CallLink,
    private readonly agentName: (id: string) => string,
  ) {
    this.selfVideo = h('video', { class: 'call-self', 'data-testid': 'call-self', muted: true, playsinline: true, autoplay: true });
    this.selfVideo.muted = true;
    this.tiles = h('div', { class: 'call-tiles' });
    this.muteButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'call-mute', 'aria-pressed': 'true' }, 'Mute');
    this.cameraButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'call-camera', 'aria-pressed': 'true' }, 'Camera off');
    const hangUp = h('button', { type: 'button', class: 'danger small', 'data-testid': 'call-hangup' }, 'Hang up');
    this.callButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'request-call' }, 'Call');
    this.recordButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'request-record' }, 'Record');
    this.status = h('span', { class: 'call-status', 'data-testid': 'call-status', role: 'status' });
    this.muteButton.addEventListener('click', () => this.toggle('audio'));
    this.cameraButton.addEventListener('click', () => this.toggle('video'));
    hangUp.addEventListener('click', () => {
      this.link.consent('call', 'end');
      this.leave();
    });
    this.callButton.addEventListener('click', () => this.link.consent('call', 'request'));
    this.recordButton.addEventListener('click', () => {
      if (this.recorder === null) {
        this.link.consent('record', 'request');
      } else {
        // the last chunk must reach the server while the grant still holds
        this.recordButton.disabled = true;
        void this.stopRecording().then(() => this.link.consent('record', 'end'));
      }
    });
    this.stage = h(
      'div',
      { class: 'call-media', hidden: true },
      this.tiles,
      h('div', { class: 'call-controls' }, this.selfVideo, this.muteButton, this.cameraButton, hangUp),
    );
    this.element = h(
      'section',
      { class: 'call', 'data-testid': 'call', 'data-call': 'none', 'aria-label': 'Call' },
      h('div', { class: 'call-bar' }, this.callButton, this.recordButton, this.status),
      this.stage,
    );
  }

  /** A `consent` frame of this room about a call or a recording. */
  consent(frame: ConsentFrame): void {
    if (frame.kind === 'call') {
      this.grant(frame.agent, frame.state, frame.iceServers);
      if (frame.agent === this.link.self) {
        this.callButton.disabled = frame.state === 'requested' || frame.state === 'granted';
        this.say(frame.state === 'requested' ? 'Asking the user for a call…' : frame.state === 'declined' ? 'The user declined the call.'
          : frame.state === 'expired' ? 'The user did not answer the call.'
          : frame.state === 'ended' ? `The call ended (${frame.by === 'agent' ? 'you' : frame.by} hung up).` : 'In a call with the user.');
      }
    } else if (frame.kind === 'record' && frame.agent === this.link.self) {
      this.recordButton.disabled = frame.state === 'requested';
      if (frame.state === 'granted') {
        this.startRecording();
      } else if (frame.state !== 'requested') {
        void this.stopRecording();
      }
      this.say(frame.state === 'requested' ? 'Asking the user to record…' : frame.state === 'granted' ? 'Recording the call.'
        : frame.state === 'declined' ? 'The user declined the recording.' : frame.state === 'expired' ? 'The user did not answer.' : 'Recording stopped.');
    }
  }

  /** The recording in progress, if any (its upload's id). */
  get recordingId(): Promise<string> | null {
    return this.recorder?.id ?? null;
  }

  get active(): boolean {
    return this.inCall;
  }

  /** What the call shows and sends right now: this agent's stream, then each remote one. */
  streams(): MediaStream[] {
    const all = this.local === null ? [] : [this.local];
    for (const remote of this.remotes.values()) {
      if (remote.stream !== null) {
        all.push(remote.stream);
      }
    }
    return all;
  }

  /** A `call` grant changed: `agent` holds it (granted) or no longer does. */
  private grant(agent: string, state: string, iceServers: RTCIceServer[] | undefined): void {
    const live = state === 'granted';
    if (agent === this.link.self) {
      if (live && !this.inCall) {
        this.iceServers = iceServers ?? [];
        this.join();
      } else if (!live && this.inCall) {
        this.leave();
      }
      return;
    }
    if (live) {
      this.others.set(agent, this.agentName(agent));
      if (this.inCall) {
        this.connect(agent);
      }
    } else {
      this.others.delete(agent);
      this.drop(agent);
    }
  }

  signal(from: Participant, data: SignalData): void {
    if (!this.inCall || data.channel !== undefined) {
      return;
    }
    // an agent may offer before this console heard of its grant: the server checked it
    (this.remotes.get(from) ?? this.connect(from)).peer.receive(data);
  }

  /** The console's socket dropped: the server ended this agent's call and recording; what is still open comes again on the next join. */
  disconnected(): void {
    const wasInCall = this.inCall;
    this.destroy();
    this.others.clear();
    this.recordButton.disabled = false;
    if (wasInCall) {
      this.say('The connection dropped: the call ended.');
    }
  }

  destroy(): void {
    void this.stopRecording();
    this.leave();
  }

  private startRecording(): void {
    if (this.recorder === null) {
      this.recorder = new CallRecorder(this.room, this.link.token(), () => this.streams());
      setText(this.recordButton, 'Stop recording');
      this.element.dataset['recording'] = 'on';
    }
  }

  private stopRecording(): Promise<unknown> {
    const stopped = this.recorder?.stop() ?? Promise.resolve();
    this.recorder = null;
    setText(this.recordButton, 'Record');
    delete this.element.dataset['recording'];
    return stopped;
  }

  private say(text: string): void {
    setText(this.status, text);
  }

  private join(): void {
    this.inCall = true;
    this.stage.hidden = false;
    this.element.dataset['call'] = 'live';
    this.connect('user');
    for (const agent of this.others.keys()) {
      this.connect(agent);
    }
  }

  private leave(): void {
    this.inCall = false;
    for (const participant of [...this.remotes.keys()]) {
      this.drop(participant);
    }
    for (const track of this.local?.getTracks() ?? []) {
      track.stop();
    }
    this.local = null;
    this.localPending = null;
    this.media = { audio: true, video: true };
    this.showMedia();
    this.selfVideo.srcObject = null;
    this.stage.hidden = true;
    this.element.dataset['call'] = 'none';
    this.callButton.disabled = false;
    this.recorder?.follow();
  }

  private connect(participant: Participant): Remote {
    const existing = this.remotes.get(participant);
    if (existing !== undefined) {
      return existing;
    }
    const polite = participant !== 'user' && this.link.self > participant;
    const label = participant === 'user' ? 'User' : this.agentName(participant);
    const video = h('video', { autoplay: true, playsinline: true, 'data-testid': 'call-video', 'data-peer': participant });
    const caption = h('span', { class: 'call-caption' }, label);
    const tile = h('figure', { class: 'call-tile', 'data-peer': participant }, video, caption);
    const peer = new CallPeer(polite, this.iceServers, {
      signal: (data) => this.link.signal(participant, data),
      track: (stream) => {
        if (remote.stream !== stream) {
          remote.stream = stream;
          video.srcObject = stream;
          video.play().catch(() => undefined);
          this.recorder?.follow();
        }
      },
      media: (state) => setText(caption, label + (state.audio ? '' : ' (muted)') + (state.video ? '' : ' (camera off)')),
      error: (where, error) => console.warn(`[tandem] call ${where} with ${participant} failed`, error),
    });
    const remote: Remote = { peer, tile, video, caption, label, stream: null };
    this.remotes.set(participant, remote);
    this.tiles.append(tile);
    void this.localStream().then((stream) => {
      if (stream !== null && this.remotes.get(participant) === remote) {
        peer.send(stream);
        this.link.signal(participant, { media: this.media });
      }
    });
    return remote;
  }

  private drop(participant: Participant): void {
    const remote = this.remotes.get(participant);
    if (remote !== undefined) {
      this.remotes.delete(participant);
      remote.peer.close();
      remote.video.srcObject = null;
      remote.tile.remove();
      this.recorder?.follow();
    }
  }

  private localStream(): Promise<MediaStream | null> {
    if (this.localPending === null) {
      const pending: Promise<MediaStream | null> = navigator.mediaDevices
        .getUserMedia({ audio: true, video: true })
        .then((stream) => {
          if (this.localPending !== pending) {
            // the call ended while the browser asked
            stream.getTracks().forEach((track) => track.stop());
            return null;
          }
          this.local = stream;
          this.selfVideo.srcObject = stream;
          this.selfVideo.play().catch(() => undefined);
          this.recorder?.follow();
          return stream;
        })
        .catch((error: unknown) => {
          console.warn('[tandem] no camera or microphone for the call; receiving only', error);
          return null;
        });
      this.localPending = pending;
    }
    return this.localPending;
  }

  private toggle(kind: keyof MediaState): void {
    this.media = { ...this.media, [kind]: !this.media[kind] };
    const tracks = kind === 'audio' ? this.local?.getAudioTracks() : this.local?.getVideoTracks();
    for (const track of tracks ?? []) {
      track.enabled = this.media[kind];
    }
    this.showMedia();
    for (const participant of this.remotes.keys()) {
      this.link.signal(participant, { media: this.media });
    }
  }

  private showMedia(): void {
    this.muteButton.setAttribute('aria-pressed', String(this.media.audio));
    setText(this.muteButton, this.media.audio ? 'Mute' : 'Unmute');
    this.cameraButton.setAttribute('aria-pressed', String(this.media.video));
    setText(this.cameraButton, this.media.video ? 'Camera off' : 'Camera on');
  }
}
