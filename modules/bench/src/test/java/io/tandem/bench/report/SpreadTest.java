package io.tandem.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void theMedianOfAnOddNumberOfRunsIsTheMiddleOne() {
    assertThat(Spread.of(List.of(966.0, 232.0, 529.0))).contains(new Spread(529, 232, 966, 3));
  }

  @Test
  void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
    assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).contains(new Spread(2.5, 1, 4, 4));
  }

  @Test
  void oneRunIsItsOwnMedianAndRange() {
    assertThat(Spread.of(List.of(7.5))).contains(new Spread(7.5, 7.5, 7.5, 1));
  }

  @Test
  void noRunMeansNoFigure() {
    assertThat(Spread.of(List.of())).isEmpty();
  }
}
