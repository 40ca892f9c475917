package io.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** What a client sends (an id, a user id, a path, a page URL) cannot forge a log line or reach the reader's terminal. */
class LogFormatTest {

  @Test
  void controlCharactersInAMessageAreEscapedOntoOneLine() {
    String forgedId = "abc\r\n2026-01-01T00:00:00Z SEVERE io.tandem.server.Node admin password reset\u001b[2J\u2028";
    LogRecord record = new LogRecord(Level.INFO, "agent " + forgedId + " could not follow session s-1");
    record.setLoggerName("io.tandem.server.cluster.Subscriptions");

    String formatted = new LogFormat().format(record);

    assertThat(formatted.lines()).hasSize(1);
    assertThat(formatted).contains("agent abc\\r\\n2026-01-01T00:00:00Z SEVERE io.tandem.server.Node admin password reset\\u001b[2J\\u2028 could not");
    assertThat(formatted).doesNotContain("\u001b");
  }

  @Test
  void anExceptionsMessageIsEscapedAndItsFramesFollowOnLinesOfTheirOwn() {
    LogRecord record = new LogRecord(Level.WARNING, "POST /api/recordings failed");
    record.setLoggerName("io.tandem.server.recording.RecordingUploads");
    record.setThrown(new IllegalStateException("bad id 'x\nFAKE LINE'", new RuntimeException("cause\rinjected")));

    String[] lines = new LogFormat().format(record).split(System.lineSeparator());

    assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: bad id 'x\\nFAKE LINE'");
    assertThat(lines[2]).startsWith("\tat io.tandem.server.LogFormatTest.");
    assertThat(lines).contains("Caused by: java.lang.RuntimeException: cause\\rinjected");
    assertThat(lines).noneMatch(line -> line.startsWith("FAKE") || line.startsWith("injected"));
  }
}
