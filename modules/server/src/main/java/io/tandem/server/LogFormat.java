package io.tandem.server;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record: time, level, logger, message; easy to grep and to ship. */
final class LogFormat extends Formatter {

  static void install() {
    Logger root = Logger.getLogger("");
    for (var handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new LogFormat());
    handler.setLevel(Level.INFO);
    root.addHandler(handler);
  }

  @Override
  public String format(LogRecord record) {
    String line = Instant.ofEpochMilli(record.getMillis()) + " " + record.getLevel() + " "
        + record.getLoggerName() + " " + formatMessage(record) + System.lineSeparator();
    if (record.getThrown() == null) {
      return line;
    }
    var trace = new java.io.StringWriter();
    record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
    return line + trace;
  }
}
