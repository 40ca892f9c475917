package io.tandem.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamCheckTest {

  @Test
  void aStreamThatStartsAtASnapshotAndHasNoHolesIsClean() {
    StreamCheck check = new StreamCheck();
    assertThat(check.accept(7, true)).isTrue();
    assertThat(check.accept(8, false)).isTrue();
    assertThat(check.accept(9, false)).isTrue();
    assertThat(check.accept(10, true)).isTrue();

    assertThat(check.accepted()).isEqualTo(4);
    assertThat(check.gaps() + check.outOfOrder()).isZero();
    assertThat(check.undelivered(10)).isZero();
  }

  @Test
  void aGapIsCountedWithTheBatchesItSkipped() {
    StreamCheck check = new StreamCheck();
    check.accept(1, true);
    assertThat(check.accept(5, false)).isFalse();

    assertThat(check.gaps()).isEqualTo(1);
    assertThat(check.missing()).isEqualTo(3);
  }

  @Test
  void aRepeatedOrLateBatchIsAViolation() {
    StreamCheck check = new StreamCheck();
    check.accept(1, true);
    check.accept(2, false);
    assertThat(check.accept(2, false)).isFalse();
    assertThat(check.accept(1, false)).isFalse();

    assertThat(check.outOfOrder()).isEqualTo(2);
    assertThat(check.last()).isEqualTo(2);
  }

  @Test
  void batchesBeforeTheFirstSnapshotAreCountedApartNotAsViolations() {
    StreamCheck check = new StreamCheck();
    assertThat(check.accept(3, false)).isTrue();
    assertThat(check.synced()).isFalse();
    check.accept(4, true);

    assertThat(check.beforeSnapshot()).isEqualTo(1);
    assertThat(check.synced()).isTrue();
  }

  @Test
  void theTailTheTrackerSentButTheAgentNeverGotIsUndelivered() {
    StreamCheck check = new StreamCheck();
    check.accept(1, true);
    check.accept(2, false);

    assertThat(check.undelivered(5)).isEqualTo(3);
    assertThat(new StreamCheck().undelivered(5)).as("an agent that never synced has no tail").isZero();
  }
}
