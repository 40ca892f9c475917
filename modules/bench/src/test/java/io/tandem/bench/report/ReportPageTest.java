package io.tandem.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportPageTest {

  @Test
  void replacesOnlyWhatIsBetweenTheMarkers() {
    String page = "# Benchmarks\n\nnotes before\n\n" + ReportPage.BEGIN + "\nold table\n" + ReportPage.END + "\n\nnotes after\n";

    String updated = ReportPage.splice(page, "new table\n");

    assertThat(updated).contains("notes before", "new table", "notes after").doesNotContain("old table");
    assertThat(ReportPage.splice(updated, "newer\n")).contains("newer").doesNotContain("new table");
  }

  @Test
  void appendsTheMarkersToAPageWithoutThem() {
    assertThat(ReportPage.splice("# Benchmarks\n", "table\n")).contains("# Benchmarks\n", ReportPage.BEGIN, "table\n", ReportPage.END);
  }
}
