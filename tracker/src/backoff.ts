/** Reconnect delays. Pure functions of the attempt number, so they can be tested without a socket. */

export interface BackoffPolicy {
  /** Ceiling of the first delay. */
  readonly initialMs: number;
  /** The ceiling never grows past this. */
  readonly maxMs: number;
}

/** After a dropped connection: 500 ms doubling up to 10 s, full jitter. */
export const RECONNECT: BackoffPolicy = { initialMs: 500, maxMs: 10_000 };

/**
 * After a fatal policy error (close code 1008: unknown project key, origin not allowed, …):
 * a misconfigured page must not hammer the server, so 5 minutes doubling up to an hour.
 */
export const AFTER_POLICY_ERROR: BackoffPolicy = { initialMs: 5 * 60_000, maxMs: 60 * 60_000 };

/** The ceiling for `attempt` (0-based): `min(maxMs, initialMs * 2^attempt)`. */
export function ceiling(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}

/** "Full jitter": uniform in `[0, ceiling)`. Spreads a crowd of reconnecting tabs evenly. */
export function fullJitter(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(clamp01(random()) * ceiling(attempt, policy));
}

/** "Equal jitter": uniform in `[ceiling / 2, ceiling)`. Used where a short wait would defeat the point. */
export function equalJitter(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const top = ceiling(attempt, policy);
  return Math.floor(top / 2 + (clamp01(random()) * top) / 2);
}

function clamp01(value: number): number {
  return value >= 0 && value < 1 ? value : value >= 1 ? 0.999_999 : 0;
}
