package io.tandem.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used, from {@code /proc/<pid>/stat}: user plus system time of all its
 * threads, in clock ticks. Differences over a window, divided by the events delivered in it, give
 * CPU per event, which holds across machines where latency under saturation does not.
 */
public final class ProcessCpu {
  /** Fields after the command name: state is field 3, utime field 14, stime field 15 (proc(5)). */
  private static final int UTIME_AFTER_COMMAND = 11;
  private static final int STIME_AFTER_COMMAND = 12;

  private ProcessCpu() {}

  /** utime + stime, in clock ticks, of one {@code stat} line. */
  public static long ticks(String statLine) {
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    int end = statLine.lastIndexOf(')');
    if (end < 0) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + statLine);
    }
    String[] fields = statLine.substring(end + 1).trim().split("\\s+");
    if (fields.length <= STIME_AFTER_COMMAND) {
      throw new IllegalArgumentException("a /proc/<pid>/stat line with too few fields: " + statLine);
    }
    return Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[STIME_AFTER_COMMAND]);
  }

  /** The process's CPU seconds so far; {@code ticksPerSecond} is the kernel's USER_HZ ({@code getconf CLK_TCK}). */
  public static double seconds(long pid, long ticksPerSecond) {
    try {
      return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / (double) ticksPerSecond;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
