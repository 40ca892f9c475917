package io.tandem.protocol;

/** An agent as other agents see it. */
public record AgentInfo(String id, String name) {}
