package io.tandem.server;

import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record: time, level, logger, message; easy to grep and to ship. Messages carry
 * what clients sent (ids, user ids, paths, page URLs), so control characters in them are escaped
 * ({@code \n}, {@code \r}, {@code \t}, {@code \\u001b}, …): a client cannot start a forged line or
 * drive the terminal of whoever reads the log. A stack trace follows on lines of its own, its
 * exceptions' messages escaped the same way.
 */
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
    StringBuilder line = new StringBuilder()
        .append(Instant.ofEpochMilli(record.getMillis())).append(' ').append(record.getLevel()).append(' ')
        .append(record.getLoggerName()).append(' ').append(escape(formatMessage(record))).append(System.lineSeparator());
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    for (Throwable thrown = record.getThrown(); thrown != null && seen.add(thrown); thrown = thrown.getCause()) {
      line.append(prefix).append(escape(thrown.toString())).append(System.lineSeparator());
      for (StackTraceElement frame : thrown.getStackTrace()) {
        line.append("\tat ").append(frame).append(System.lineSeparator());
      }
      prefix = "Caused by: ";
    }
    return line.toString();
  }

  /** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators, as Java escapes. */
  static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = switch (c) {
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : null;
      };
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (escaped != null) {
        if (replacement != null) {
          escaped.append(replacement);
        } else {
          escaped.append(c);
        }
      }
    }
    return escaped == null ? text : escaped.toString();
  }
}
