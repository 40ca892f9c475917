package io.tandem.bench.chaos;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the machine's CPU went over the run, by kind of process: the nodes; the browsers (they stand
 * for the users' and agents' machines); this driver (the other tabs and agents, and the balancer);
 * PostgreSQL; everything else. On a machine that runs them all, a node recovers only as fast as the
 * share it gets. Sampled from /proc every 2 s: a process that started meanwhile counts from its
 * start, one that was running at the first sample from there; what a process used in the last 2 s
 * before it died (a killed node) is not seen.
 */
final class CpuShares implements AutoCloseable {
  private static final long SAMPLE_MS = 2000;
  private final Map<String, Duration> lastSeen = new HashMap<>();
  /** A process's kind, found once: reading its command line and its parents' at every sample would cost the machine measured. */
  private final Map<String, String> kinds = new HashMap<>();
  private final Map<String, Duration> byKind = new TreeMap<>();
  private final long startNanos = System.nanoTime();
  private final Thread sampler = new Thread(this::sampleUntilClosed, "cpu-shares");
  private long endNanos;

  private CpuShares() {}

  static CpuShares start() {
    CpuShares shares = new CpuShares();
    shares.sample(true);
    shares.sampler.setDaemon(true);
    shares.sampler.start();
    return shares;
  }

  private void sampleUntilClosed() {
    while (true) {
      try {
        Thread.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
      sample(false);
    }
  }

  private synchronized void sample(boolean baseline) {
    ProcessHandle.allProcesses().forEach(process -> process.info().totalCpuDuration().ifPresent(cpu -> {
      String key = process.pid() + "@" + process.info().startInstant().map(Object::toString).orElse("");
      Duration before = lastSeen.put(key, cpu);
      if (!baseline) {
        byKind.merge(kinds.computeIfAbsent(key, k -> kind(process)), cpu.minus(before == null ? Duration.ZERO : before), Duration::plus);
      }
    }));
  }

  private static String kind(ProcessHandle process) {
    if (process.pid() == ProcessHandle.current().pid()) {
      return "driver";
    }
    String command = commandLine(process);
    if (command.contains("tandem-server.jar")) {
      return "nodes";
    }
    if (command.contains("postgres")) {
      return "postgres";
    }
    for (Optional<ProcessHandle> p = Optional.of(process); p.isPresent(); p = p.get().parent()) {
      if (commandLine(p.get()).contains(Browsers.SCRIPT)) {
        return "browsers";
      }
    }
    return "other";
  }

  private static String commandLine(ProcessHandle process) {
    return process.info().commandLine().orElse("");
  }

  @Override
  public synchronized void close() {
    sampler.interrupt();
    sample(false);
    endNanos = System.nanoTime();
  }

  /** CPU seconds per kind, and each kind's share of what the machine's cores could give over the window. */
  synchronized JsonObject toJson() {
    double seconds = (endNanos - startNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    JsonObject cpuSeconds = new JsonObject();
    JsonObject percentOfMachine = new JsonObject();
    byKind.forEach((kind, cpu) -> {
      cpuSeconds.put(kind, Math.round(cpu.toMillis() / 100.0) / 10.0);
      percentOfMachine.put(kind, Math.round(cpu.toMillis() / 10.0 / (seconds * cores)));
    });
    return new JsonObject().put("windowSeconds", Math.round(seconds)).put("cores", cores).put("cpuSeconds", cpuSeconds)
        .put("percentOfMachine", percentOfMachine);
  }
}
