package io.tandem.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void addsUserAndSystemTime() {
    String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 183204 0 12 0 5012 733 0 0 20 0 41 0 1938451 5364068352 98765 "
        + "18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcessCpu.ticks(stat)).isEqualTo(5012 + 733);
  }

  @Test
  void readsPastACommandNameWithSpacesAndParentheses() {
    String stat = "77 (node (relay) x) R 1 77 77 0 -1 4194304 1 0 0 0 250 50 7 9 20 0 11 0 100 1000 10";

    assertThat(ProcessCpu.ticks(stat)).isEqualTo(300);
  }

  @Test
  void refusesSomethingElse() {
    assertThatThrownBy(() -> ProcessCpu.ticks("not a stat line")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessCpu.ticks("1 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsThisVeryProcess() {
    double seconds = ProcessCpu.seconds(ProcessHandle.current().pid(), 100);
    assertThat(seconds).isPositive();
  }
}
