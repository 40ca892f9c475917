package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rates of one tracker socket, as a plain object on a clock of its own. */
@DisplayName("a tracker socket's rates")
class TrackerRatesTest {
  private static final long SECOND = 1_000_000_000L;

  private static Limits limits(int eventsPerSecond, int bytesPerSecond, int perMinute) {
    Limits d = Limits.defaults();
    return new Limits(d.maxTrackerFrameBytes(), d.maxAgentFrameBytes(), eventsPerSecond, d.maxAgentsPerRoom(), d.maxRoomsPerAgent(),
        d.maxRoomsPerNode(), d.maxTabsPerRoom(), d.maxMetadataBytes(), d.helloTimeoutMs(), d.trackerSilenceMs(), d.roomBufferBytes(),
        d.nodeBufferBytes(), d.maxSignalBytes(), d.maxStrokePoints(), d.maxControlTextBytes(), d.maxCallParticipants(), bytesPerSecond,
        perMinute, perMinute, perMinute, perMinute, d.maxTrackerSocketsPerProject(), d.maxTrackerSocketsPerAddress(),
        d.maxRefusalAuditRowsPerMinute(), perMinute, d.maxListWindow(), d.maxAgentBacklogBytes());
  }

  @Test
  void eventsHaveTwoSecondsOfBurstThenTheRate() {
    TrackerRates rates = new TrackerRates(limits(100, 1 << 20, 10), 0);
    assertThat(rates.refuseEvents(200, 10, 0)).isNull();
    assertThat(rates.refuseEvents(1, 10, 0)).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(rates.refuseEvents(50, 10, SECOND / 2)).as("half a second brings 50 back").isNull();
    assertThat(rates.refuseEvents(1, 10, SECOND / 2)).isEqualTo(ErrorCode.RATE_LIMITED);
  }

  @Test
  void aBatchLargerThanTheByteBurstGoesButItsDebtHoldsTheNextBack() {
    TrackerRates rates = new TrackerRates(limits(1000, 1000, 10), 0);
    assertThat(rates.refuseEvents(1, 5000, 0)).as("a snapshot over the 2 s burst, on a full bucket").isNull();
    assertThat(rates.refuseEvents(1, 1, SECOND)).as("2000 - 5000 + 1000: still in debt").isEqualTo(ErrorCode.EVENT_BYTES_RATE_LIMITED);
    assertThat(rates.refuseEvents(1, 1, 3 * SECOND + 1)).as("paid off after three seconds").isNull();
  }

  @Test
  void everyOtherTypeHasItsOwnBucketAndCode() {
    TrackerRates rates = new TrackerRates(limits(100, 1000, 6), 0);
    for (FrameType type : new FrameType[] {FrameType.PAGE, FrameType.HEARTBEAT, FrameType.CONSENT, FrameType.SIGNAL, FrameType.SUPPORT_CODE}) {
      for (int i = 0; i < 6; i++) {
        assertThat(rates.refuse(type, 0)).as(type + " " + i).isNull();
      }
    }
    assertThat(rates.refuse(FrameType.PAGE, 0)).isEqualTo(ErrorCode.PAGE_RATE_LIMITED);
    assertThat(rates.refuse(FrameType.HEARTBEAT, 0)).isEqualTo(ErrorCode.HEARTBEAT_RATE_LIMITED);
    assertThat(rates.refuse(FrameType.CONSENT, 0)).isEqualTo(ErrorCode.CONSENT_RATE_LIMITED);
    assertThat(rates.refuse(FrameType.SIGNAL, 0)).isEqualTo(ErrorCode.SIGNAL_RATE_LIMITED);
    assertThat(rates.refuse(FrameType.SUPPORT_CODE, 0)).isEqualTo(ErrorCode.SUPPORT_CODE_RATE_LIMITED);
    assertThat(rates.refuse(FrameType.PAGE, 10 * SECOND)).as("six a minute: one every ten seconds").isNull();
    assertThat(rates.refuse(FrameType.PAGE, 10 * SECOND)).isEqualTo(ErrorCode.PAGE_RATE_LIMITED);
  }
}
