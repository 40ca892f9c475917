package io.tandem.server.peer;

/** The socket of one tab of a user's browser session. */
public interface TrackerPeer extends Peer {}
