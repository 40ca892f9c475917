// WebRTC in tests: every RTCPeerConnection and getUserMedia stream a page makes is kept on
// `window.__media` (an init script, before any page script), so a test can read what really flows:
// inbound-rtp statistics of the peer connections, and whether the camera tracks were stopped.
import { until } from './node.mjs';

function instrument() {
  const media = { peers: [], streams: [], userMediaCalls: 0 };
  window.__media = media;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      media.peers.push(this);
    }
  };
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    media.userMediaCalls++;
    const stream = await getUserMedia(constraints);
    media.streams.push(stream);
    return stream;
  };
}

/** Instruments every page of `context` (call before opening them). */
export function recordMedia(context) {
  return context.addInitScript(instrument);
}

/**
 * Per open peer connection of the page: its purpose (`call`: it carries audio; `canvas`: video
 * only) and, per inbound video stream, the frames decoded so far, keyed by the track's stream id.
 */
export function peerStats(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const pc of window.__media.peers) {
      if (pc.connectionState === 'closed') continue;
      const kinds = pc.getTransceivers().map((t) => t.receiver.track.kind);
      const report = await pc.getStats();
      const inbound = [];
      report.forEach((r) => {
        if (r.type === 'inbound-rtp') inbound.push({ kind: r.kind, framesDecoded: r.framesDecoded ?? 0, bytes: r.bytesReceived ?? 0, trackIdentifier: r.trackIdentifier });
      });
      const streams = {};
      for (const receiver of pc.getReceivers()) {
        const stats = inbound.find((s) => s.trackIdentifier === receiver.track.id);
        if (stats && receiver.track.kind === 'video') streams[receiver.track.id] = stats.framesDecoded;
      }
      out.push({ purpose: kinds.includes('audio') ? 'call' : 'canvas', state: pc.connectionState, inbound, video: streams });
    }
    return out;
  });
}

/** Frames of video decoded so far on the page's call connections, in all. */
export async function callFramesDecoded(page) {
  const peers = (await peerStats(page)).filter((p) => p.purpose === 'call');
  return peers.reduce((sum, p) => sum + p.inbound.filter((s) => s.kind === 'video').reduce((a, s) => a + s.framesDecoded, 0), 0);
}

/** Per call connection, video frames decoded so far (one entry per remote participant). */
export async function callFramesPerPeer(page) {
  const peers = (await peerStats(page)).filter((p) => p.purpose === 'call');
  return peers.map((p) => p.inbound.filter((s) => s.kind === 'video').reduce((a, s) => a + s.framesDecoded, 0));
}

/** Waits until the page's call video frames grow by `more` from now: media flows and changes. */
export async function framesKeepComing(page, more, what) {
  const first = await until(async () => {
    const n = await callFramesDecoded(page);
    return n > 0 ? n : 0;
  }, { timeoutMs: 20_000, what: `${what}: first decoded frames` });
  return until(async () => (await callFramesDecoded(page)) >= first + more, { timeoutMs: 20_000, what: `${what}: ${more} more frames` });
}

/**
 * Whether any inbound RTP packets arrived on a call connection of the page. The page's canvases
 * stream on connections of their own, without consent, whenever their peer gets up in time.
 */
export async function anyInboundCallMedia(page) {
  return (await peerStats(page)).some((p) => p.purpose === 'call' && p.inbound.some((s) => s.bytes > 0));
}

/** The page's call connections are all closed and every camera/microphone track it got is stopped. */
export function callTornDown(page) {
  return page.evaluate(() => {
    const media = window.__media;
    const open = media.peers.filter((pc) => pc.connectionState !== 'closed' && pc.getTransceivers().some((t) => t.receiver.track.kind === 'audio'));
    const live = media.streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState !== 'ended');
    return open.length === 0 && live.length === 0 && media.streams.length > 0;
  });
}

export function userMediaCalls(page) {
  return page.evaluate(() => window.__media.userMediaCalls);
}
