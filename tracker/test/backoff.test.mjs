import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AFTER_POLICY_ERROR, RECONNECT, ceiling, equalJitter, fullJitter } from '../dist/units/backoff.mjs';

test('reconnect ceilings double from 500 ms and stop at 10 s', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 6, 50].map((attempt) => ceiling(attempt, RECONNECT)),
    [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000],
  );
});

test('full jitter stays within [0, ceiling)', () => {
  for (let attempt = 0; attempt < 12; attempt++) {
    const top = ceiling(attempt, RECONNECT);
    assert.equal(fullJitter(attempt, RECONNECT, () => 0), 0);
    assert.ok(fullJitter(attempt, RECONNECT, () => 0.999_999_9) < top);
    for (let i = 0; i < 200; i++) {
      const delay = fullJitter(attempt, RECONNECT);
      assert.ok(delay >= 0 && delay < top, `attempt ${attempt}: ${delay}`);
    }
  }
});

test('full jitter survives a broken random source', () => {
  for (const bad of [NaN, -1, 1, 7]) {
    const delay = fullJitter(3, RECONNECT, () => bad);
    assert.ok(delay >= 0 && delay < 4000, String(delay));
  }
});

test('after a policy error the wait is long: at least 2.5 minutes, at most an hour', () => {
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const r of [0, 0.5, 0.999]) {
      const delay = equalJitter(attempt, AFTER_POLICY_ERROR, () => r);
      assert.ok(delay >= 150_000, `attempt ${attempt}: ${delay}`);
      assert.ok(delay < 3_600_000, `attempt ${attempt}: ${delay}`);
    }
  }
});
