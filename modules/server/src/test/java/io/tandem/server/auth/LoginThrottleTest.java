package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoginThrottle throttle = new LoginThrottle(3, 60_000, now::get);

  @Test
  void theLimitOfFailuresClosesTheAccountForThatAddressUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.retryAfterMs("ada", "10.0.0.1")).isZero();
      throttle.failed("ada", "10.0.0.1");
      now.addAndGet(1_000);
    }
    assertThat(throttle.retryAfterMs("ada", "10.0.0.1")).isEqualTo(57_000);
    assertThat(throttle.retryAfterMs("ada", "10.0.0.2")).as("another address is not held back").isZero();
    assertThat(throttle.retryAfterMs("bob", "10.0.0.1")).as("another account is not held back").isZero();

    now.addAndGet(57_000);
    assertThat(throttle.retryAfterMs("ada", "10.0.0.1")).as("the first failure left the window").isZero();
  }

  @Test
  void aSuccessForgetsTheFailures() {
    throttle.failed("ada", "10.0.0.1");
    throttle.failed("ada", "10.0.0.1");
    throttle.succeeded("ada", "10.0.0.1");
    throttle.failed("ada", "10.0.0.1");
    assertThat(throttle.retryAfterMs("ada", "10.0.0.1")).isZero();
  }
}
