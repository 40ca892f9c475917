package io.tandem.server.consent;

/**
 * The limits of consent-gated assistance in a room: how many take part in a call, the user
 * included ({@code limits.maxCallParticipants}), and how long a request waits for the user's answer
 * before it expires ({@code rooms.consentRequestTimeoutMs}).
 */
public record ConsentRules(int maxCallParticipants, long requestTimeoutMs) {}
