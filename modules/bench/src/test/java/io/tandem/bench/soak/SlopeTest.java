package io.tandem.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlopeTest {

  @Test
  void aLineIsFittedExactlyWithNoSpread() {
    Slope slope = Slope.fit(List.of(0.25, 0.5, 0.75, 1.0), List.of(10.0, 12.0, 14.0, 16.0));

    assertThat(slope.perHour()).isCloseTo(8.0, within(1e-9));
    assertThat(slope.standardError()).isCloseTo(0.0, within(1e-9));
    assertThat(slope.flat()).isFalse();
  }

  @Test
  void noiseAroundALevelIsWithinTwoStandardErrorsOfFlat() {
    Slope slope = Slope.fit(List.of(0.0, 0.25, 0.5, 0.75, 1.0), List.of(100.0, 102.0, 99.0, 101.0, 100.0));

    // least squares by hand: mean x 0.5, Sxx 0.625, Sxy -0.25 -> -0.4 per hour; residuals 5.1 -> se sqrt(5.1 / 3 / 0.625)
    assertThat(slope.perHour()).isCloseTo(-0.4, within(1e-9));
    assertThat(slope.standardError()).isCloseTo(Math.sqrt(5.1 / 3 / 0.625), within(1e-9));
    assertThat(slope.flat()).isTrue();
  }

  @Test
  void twoPointsHaveASlopeButNoSpread() {
    Slope slope = Slope.fit(List.of(0.0, 1.0), List.of(1.0, 3.0));

    assertThat(slope.perHour()).isEqualTo(2.0);
    assertThat(slope.standardError()).isNaN();
    assertThat(slope.flat()).isFalse();
  }
}
