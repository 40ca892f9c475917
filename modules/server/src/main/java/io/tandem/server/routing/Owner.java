package io.tandem.server.routing;

/** Which node owns a room, and since which claim (the epoch fences what an older owner still says). */
public record Owner(String nodeId, long epoch) {}
