// common/src/backoff.ts: the one backoff of the tracker's socket, the console's socket and the
// console's canvas connection. The console's unit build bundles it (common has no test build).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ceiling, equalJitter, fullJitter } from '../dist-units/backoff.mjs';

/** The tracker's policies (tracker/src/connection.ts). */
const TRACKER_RECONNECT = { initialMs: 500, maxMs: 10_000 };
const TRACKER_AFTER_POLICY_ERROR = { initialMs: 5 * 60_000, maxMs: 60 * 60_000 };

test('ceilings double from the first one and stop at the maximum', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 50].map((attempt) => ceiling(attempt, TRACKER_RECONNECT)),
    [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000],
  );
});

test('an attempt below zero, fractional or huge still gives a ceiling within the policy', () => {
  assert.equal(ceiling(-3, TRACKER_RECONNECT), 500);
  assert.equal(ceiling(2.7, TRACKER_RECONNECT), 2000);
  assert.equal(ceiling(Number.MAX_SAFE_INTEGER, { initialMs: 1, maxMs: 2 ** 40 }), 2 ** 30);
});

test('full jitter stays within [0, ceiling)', () => {
  for (let attempt = 0; attempt < 12; attempt++) {
    const top = ceiling(attempt, TRACKER_RECONNECT);
    assert.equal(fullJitter(attempt, TRACKER_RECONNECT, () => 0), 0);
    assert.ok(fullJitter(attempt, TRACKER_RECONNECT, () => 0.999_999_9) < top);
    for (let i = 0; i < 200; i++) {
      const delay = fullJitter(attempt, TRACKER_RECONNECT);
      assert.ok(delay >= 0 && delay < top, `attempt ${attempt}: ${delay}`);
    }
  }
});

test('full jitter survives a broken random source', () => {
  for (const bad of [NaN, -1, 1, 7]) {
    const delay = fullJitter(3, TRACKER_RECONNECT, () => bad);
    assert.ok(delay >= 0 && delay < 4000, String(delay));
  }
});

test('equal jitter stays within [ceiling / 2, ceiling), even with a broken random source', () => {
  for (let attempt = 0; attempt < 8; attempt++) {
    const top = ceiling(attempt, TRACKER_RECONNECT);
    for (const r of [0, 0.25, 0.5, 0.999_999_9, NaN, -1, 1, 7]) {
      const delay = equalJitter(attempt, TRACKER_RECONNECT, () => r);
      assert.ok(delay >= top / 2 && delay < top, `attempt ${attempt}, random ${r}: ${delay}`);
    }
  }
  assert.equal(equalJitter(2, TRACKER_RECONNECT, () => 0.5), 1500);
});

test('after a policy error the wait is long: at least 2.5 minutes, at most an hour', () => {
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const r of [0, 0.5, 0.999]) {
      const delay = equalJitter(attempt, TRACKER_AFTER_POLICY_ERROR, () => r);
      assert.ok(delay >= 150_000, `attempt ${attempt}: ${delay}`);
      assert.ok(delay < 3_600_000, `attempt ${attempt}: ${delay}`);
    }
  }
});
