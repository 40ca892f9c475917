package io.tandem.bench.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the run ran on, so a figure is never quoted without its machine. */
public final class Machine {
  private Machine() {}

  public static JsonObject describe() {
    return new JsonObject()
        .put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"))
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
        .put("node", command("node", "--version"))
        // The node under test is built from this tree, committed or not.
        .put("tree", command("git", "describe", "--always", "--dirty"))
        .put("maxOpenFiles", maxOpenFiles())
        .put("clockTicksPerSecond", clockTicksPerSecond());
  }

  /** The 1, 5 and 15 minute load averages now: other work on the machine skews every figure. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** The kernel's clock ticks per second (USER_HZ), the unit of CPU times in /proc; 100 if getconf cannot say. */
  public static long clockTicksPerSecond() {
    try {
      return Long.parseLong(command("getconf", "CLK_TCK"));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  public static long maxOpenFiles() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return -1;
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String command(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes()).trim();
      return process.waitFor(10, TimeUnit.SECONDS) ? out : "?";
    } catch (IOException e) {
      return "not found";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
