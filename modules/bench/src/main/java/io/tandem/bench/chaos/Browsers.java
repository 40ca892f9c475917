package io.tandem.bench.chaos;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real browsers of the run: {@code e2e/lib/chaos-browsers.mjs} (Debian's Chromium through
 * playwright-core) opens demo pages and consoles through the balancer, and watches until its input
 * closes; then it reports what each console saw of each page. Started before the timeline, finished
 * after it, at a lower CPU priority than the nodes: {@code nice 10}, and the same for the
 * sessions Chromium runs in. Playwright starts Chromium in a session of its own (setsid), and with
 * the kernel's autogroup scheduling the CPU is shared between sessions before a process's nice
 * counts: at nice 10 alone the browsers took 50% of the run's 2 cores and the three nodes 29%.
 */
final class Browsers implements AutoCloseable {
  static final String SCRIPT = "e2e/lib/chaos-browsers.mjs";
  private static final long READY_SECONDS = 180;
  private static final long FINISH_SECONDS = 120;
  private static final int NICENESS = 10;

  private final Process process;
  private final Path report;
  private final String failed;
  private final int sessionsLowered;

  private Browsers(Process process, Path report, String failed) {
    this.process = process;
    this.report = report;
    this.failed = failed;
    this.sessionsLowered = process == null ? 0 : lowerSessions(process);
  }

  /** Sets the nice of every session (autogroup) the browsers run in other than this run's own; how many it set. */
  private static int lowerSessions(Process process) {
    String own = autogroup(ProcessHandle.current().pid()).orElse("");
    Set<String> lowered = new HashSet<>();
    process.descendants().forEach(child -> autogroup(child.pid()).filter(group -> !group.equals(own) && !lowered.contains(group))
        .ifPresent(group -> {
          try {
            Files.writeString(autogroupFile(child.pid()), Integer.toString(NICENESS));
            lowered.add(group);
          } catch (IOException e) {
            // the process is gone: its session's other processes are tried
          }
        }));
    return lowered.size();
  }

  /** The name of a process's autogroup ("/autogroup-7657 nice 0" names "/autogroup-7657"), if the kernel has them. */
  private static Optional<String> autogroup(long pid) {
    try {
      return Optional.of(Files.readString(autogroupFile(pid)).split(" ")[0]);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Path autogroupFile(long pid) {
    return Path.of("/proc", Long.toString(pid), "autogroup");
  }

  static Browsers start(ChaosPlan plan, int balancerPort, Path dir) {
    if (plan.pages() == 0) {
      return new Browsers(null, null, null);
    }
    Path report = dir.resolve("browsers.json");
    Path log = dir.resolve("browsers.log");
    try {
      // the browsers stand for the users' and agents' own machines: they take only the CPU the nodes leave
      Process process = new ProcessBuilder(List.of("nice", "-n", Integer.toString(NICENESS), "node", SCRIPT, "--origin=http://127.0.0.1:" + balancerPort,
          "--pages=" + plan.pages(), "--consoles=" + plan.consoles(), "--password=" + ChaosCluster.AGENT_PASSWORD, "--out=" + report))
          .redirectError(log.toFile()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return awaitReady(process) ? new Browsers(process, report, null)
          : new Browsers(null, null, SCRIPT + " did not get ready (see " + log + "); the run went on without browsers");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + SCRIPT, e);
    }
  }

  /** Whether the script printed READY within the limit; if not it is ended, and the run goes on without it. */
  private static boolean awaitReady(Process process) {
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      out.lines().forEach(line -> {
        System.out.println("browsers: " + line);
        if (line.startsWith("READY")) {
          ready.countDown();
        }
      });
    }, "browsers-out");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    try {
      while (System.nanoTime() < deadline && process.isAlive()) {
        if (ready.await(1, TimeUnit.SECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return false;
  }

  /** Tells the script the chaos is over and waits for its report. */
  JsonObject finish() {
    if (failed != null) {
      return new JsonObject().put("failed", failed);
    }
    if (process == null) {
      return new JsonObject().put("skipped", "no pages asked for");
    }
    try {
      process.getOutputStream().close();
      if (!process.waitFor(FINISH_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new JsonObject().put("failed", "the browsers' script did not finish within " + FINISH_SECONDS + " s");
      }
      return Files.exists(report) ? new JsonObject(Files.readString(report)).put("sessionsLowered", sessionsLowered)
          : new JsonObject().put("failed", "the browsers' script exited with " + process.exitValue() + " and no report");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
