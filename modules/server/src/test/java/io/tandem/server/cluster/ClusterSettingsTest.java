package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  @Test
  void aJoinWaitsTwiceAsLongForEachUnansweredJoinBeforeItUpToFourTimesTheTimeout() {
    ClusterSettings settings = new ClusterSettings(true, "", 0, List.of(), 1, 10, 10, 3000, 5000, 86400, 60, 10000, 10000, 1 << 26, 0, -1);

    assertThat(List.of(0, 1, 2, 3, 50).stream().map(settings::joinWaitMs).toList()).containsExactly(3000L, 6000L, 12000L, 12000L, 12000L);
  }
}
