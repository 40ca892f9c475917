package io.tandem.server.auth;

/** A signed token and when it expires (epoch milliseconds). */
public record IssuedToken(String token, long expiresAtMillis) {}
