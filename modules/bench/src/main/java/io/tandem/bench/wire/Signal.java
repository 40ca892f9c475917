package io.tandem.bench.wire;

/** What a control message means to the simulated client; everything else is ignored. */
public enum Signal {
  NONE,
  /** The socket is accepted: hello answered, or the room joined. */
  READY,
  /** Agents are watching: send a full snapshot, then stream. */
  START,
  /** Nobody watches any more: stop streaming. */
  STOP,
  /** The server reported an error. */
  ERROR
}
