/**
 * Retry delays, shared by the tracker's socket, the console's socket and the console's canvas
 * connection. Pure functions of the attempt number, so they are tested without a socket or a clock;
 * each caller keeps its own policy next to the code that waits.
 */

export interface BackoffPolicy {
  /** Ceiling of the first delay. */
  readonly initialMs: number;
  /** The ceiling never grows past this. */
  readonly maxMs: number;
}

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

/** A broken random source (NaN, out of range) must not produce a negative or over-ceiling wait. */
function clamp01(value: number): number {
  return value >= 0 && value < 1 ? value : value >= 1 ? 0.999_999 : 0;
}
