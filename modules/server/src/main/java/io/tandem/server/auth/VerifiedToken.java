package io.tandem.server.auth;

/**
 * A token that stands: its signature and expiry are good, its agent's account is enabled and has
 * not revoked it. {@code loginAtSeconds} is when the agent logged in (a refreshed token keeps it);
 * {@code expiresAtMillis} when the token runs out.
 */
public record VerifiedToken(AgentIdentity agent, int tokenVersion, long loginAtSeconds, long expiresAtMillis) {}
