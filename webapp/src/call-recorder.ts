/**
 * Records a room's call while this agent holds a live `record` grant: every video of the call is
 * drawn side by side onto one canvas, every audio track mixed with WebAudio, and MediaRecorder
 * turns the two into WebM. Each second's chunk is uploaded in order to the node's recording store
 * (`/api/recordings`), which takes chunks only while the grant is live.
 */

import { RecordingUpload, bearer } from './recording-upload';

const WIDTH = 640;
const HEIGHT = 360;
const FRAME_RATE = 15;
const CHUNK_MS = 1000;

export class CallRecorder {
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D | null;
  private readonly audio = new AudioContext();
  private readonly mix = this.audio.createMediaStreamDestination();
  private readonly sources = new Map<MediaStreamTrack, MediaStreamAudioSourceNode>();
  private readonly videos = new Map<MediaStream, HTMLVideoElement>();
  private readonly recorder: MediaRecorder;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly upload: RecordingUpload;
  /** Resolves once the recorder stopped and the upload was finished. */
  private readonly stopped: Promise<unknown>;

  constructor(
    room: string,
    token: string,
    private readonly streams: () => MediaStream[],
  ) {
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    this.context = this.canvas.getContext('2d');
    this.upload = new RecordingUpload(room, bearer(token));
    this.follow();
    this.timer = setInterval(() => this.draw(), 1000 / FRAME_RATE);
    const mixed = new MediaStream([...this.canvas.captureStream(FRAME_RATE).getVideoTracks(), ...this.mix.stream.getAudioTracks()]);
    this.recorder = new MediaRecorder(mixed, { mimeType: pickType() });
    this.recorder.ondataavailable = (event) => {
      if (event.data.size > 0) {
        this.upload.add(event.data);
      }
    };
    this.stopped = new Promise((resolve) => {
      this.recorder.onstop = () => {
        void this.upload.finish().then(resolve);
      };
    });
    this.recorder.start(CHUNK_MS);
  }

  /** The call's streams changed: mixes in new audio, drops what left. */
  follow(): void {
    const now = this.streams();
    for (const stream of now) {
      if (!this.videos.has(stream)) {
        const video = document.createElement('video');
        video.muted = true;
        video.srcObject = stream;
        video.play().catch(() => undefined);
        this.videos.set(stream, video);
      }
      for (const track of stream.getAudioTracks()) {
        if (!this.sources.has(track)) {
          const source = this.audio.createMediaStreamSource(new MediaStream([track]));
          source.connect(this.mix);
          this.sources.set(track, source);
        }
      }
    }
    for (const [stream, video] of this.videos) {
      if (!now.includes(stream)) {
        video.srcObject = null;
        this.videos.delete(stream);
      }
    }
    const live = new Set(now.flatMap((stream) => stream.getAudioTracks()));
    for (const [track, source] of this.sources) {
      if (!live.has(track)) {
        source.disconnect();
        this.sources.delete(track);
      }
    }
  }

  /** Stops recording; resolves once the last chunk went up and the recording was finished. */
  stop(): Promise<unknown> {
    clearInterval(this.timer);
    if (this.recorder.state !== 'inactive') {
      this.recorder.stop();
    }
    for (const video of this.videos.values()) {
      video.srcObject = null;
    }
    void this.audio.close();
    return this.stopped;
  }

  /** The recording's id once the server created it. */
  get id(): Promise<string> {
    return this.upload.id;
  }

  private draw(): void {
    const g = this.context;
    if (g === null) {
      return;
    }
    g.fillStyle = '#111';
    g.fillRect(0, 0, WIDTH, HEIGHT);
    const videos = [...this.videos.values()];
    const columns = Math.ceil(Math.sqrt(videos.length));
    const rows = Math.ceil(videos.length / Math.max(1, columns));
    const w = WIDTH / Math.max(1, columns);
    const hgt = HEIGHT / Math.max(1, rows);
    videos.forEach((video, i) => {
      if (video.readyState >= 2) {
        g.drawImage(video, (i % columns) * w, Math.floor(i / columns) * hgt, w, hgt);
      }
    });
  }
}

function pickType(): string {
  for (const type of ['video/webm;codecs=vp8,opus', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(type)) {
      return type;
    }
  }
  return '';
}
