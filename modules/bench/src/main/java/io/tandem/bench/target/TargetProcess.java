package io.tandem.bench.target;

import io.tandem.bench.LoopbackPorts;
import io.tandem.bench.Polling;
import io.tandem.bench.report.Machine;
import io.tandem.bench.wire.BareWire;
import io.tandem.bench.wire.SocketIoWire;
import io.tandem.bench.wire.TandemWire;
import io.tandem.bench.wire.Wire;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One backend running in a process of its own on a loopback port, for one scenario: started
 * fresh so no scenario inherits another's heap, stopped with SIGTERM so its flight recording is
 * written.
 */
public final class TargetProcess implements Target, AutoCloseable {
  public static final String AGENT_PASSWORD = "bench-password";
  /**
   * A cold JVM, a fresh embedded PostgreSQL (initdb) and its migrations: over 60 s on 2 cores under
   * a load average of 25 (other builds), as the server's tests allow for their nodes (NodeProcess).
   */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final long CLOCK_TICKS = Machine.clockTicksPerSecond();
  // HTTP/1.1 only: an h2c upgrade header would reach Node as a WebSocket-style upgrade.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  public final TargetKind kind;
  public final int port;
  private final Process process;
  private final Path jfrFile;

  private TargetProcess(TargetKind kind, int port, Process process, Path jfrFile) {
    this.kind = kind;
    this.port = port;
    this.process = process;
    this.jfrFile = jfrFile;
  }

  /** {@code tandemEnvironment}: configuration overrides a scenario sets on Tandem (TANDEM_* variables). */
  public static TargetProcess start(TargetKind kind, Installation installation, String scenario, int maxRooms, Map<String, String> tandemEnvironment) {
    int port = LoopbackPorts.unused();
    Path jfr = installation.profile() && kind != TargetKind.SOCKETIO
        ? installation.recordings().resolve(kind.id + "-" + scenario + ".jfr") : null;
    List<String> command = new ArrayList<>();
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    switch (kind) {
      case TANDEM -> {
        command.addAll(java(installation, jfr));
        command.addAll(List.of("-jar", installation.serverJar().toString()));
        env.put("TANDEM_HTTP_HOST", "127.0.0.1");
        env.put("TANDEM_HTTP_PORT", String.valueOf(port));
        env.put("TANDEM_DATA_DIR", installation.workDir().resolve("bench-data").toString());
        // the load uses the demo's project key and logs its agent in
        env.put("TANDEM_DEMO", "true");
        env.put("TANDEM_AUTH_DEMO_AGENT_PASSWORD", AGENT_PASSWORD);
        env.put("TANDEM_METRICS_PORT", String.valueOf(LoopbackPorts.unused()));
        env.put("TANDEM_LIMITS_MAX_ROOMS_PER_NODE", String.valueOf(Math.max(20_000, maxRooms + 100)));
        // every simulated tab comes from 127.0.0.1, and all of them use the demo project
        env.put("TANDEM_LIMITS_MAX_TRACKER_SOCKETS_PER_ADDRESS", String.valueOf(Math.max(40_000, 2 * maxRooms)));
        env.put("TANDEM_LIMITS_MAX_TRACKER_SOCKETS_PER_PROJECT", String.valueOf(Math.max(40_000, 2 * maxRooms)));
        // never the default ports (5433, 3478/udp), which a developer's own node or a test may be using
        env.put("TANDEM_STORAGE_EMBEDDED_PORT", String.valueOf(LoopbackPorts.unused()));
        env.put("TANDEM_STUN_HOST", "127.0.0.1");
        env.put("TANDEM_STUN_PORT", "0");
        env.putAll(tandemEnvironment);
      }
      case BARE -> {
        command.addAll(java(installation, jfr));
        command.addAll(List.of("-cp", installation.benchJar().toString(), "io.tandem.bench.relay.BareRelay", String.valueOf(port)));
      }
      case SOCKETIO -> {
        command.addAll(List.of("node", "--expose-gc", "relay.js"));
        builder.directory(installation.socketIoRelay().toFile());
        env.put("PORT", String.valueOf(port));
      }
    }
    try {
      Files.createDirectories(installation.logs());
      Files.createDirectories(installation.recordings());
      Path log = installation.logs().resolve(kind.id + "-" + scenario + ".log");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      TargetProcess target = new TargetProcess(kind, port, builder.start(), jfr);
      // A bench stopped half-way must not leave a relay or a node behind.
      Runtime.getRuntime().addShutdownHook(new Thread(target.process::destroyForcibly));
      target.awaitReady(log);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> java(Installation installation, Path jfr) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(installation.jvmOptions());
    if (jfr != null) {
      command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
    }
    return command;
  }

  private void awaitReady(Path log) {
    String path = kind == TargetKind.TANDEM ? "/health/ready" : "/health";
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(kind.label + " exited during start-up; see " + log);
      }
      try {
        if (get(path).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Polling.sleep(100);
    }
    close();
    throw new IllegalStateException(kind.label + " was not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
  }

  @Override
  public TargetKind kind() {
    return kind;
  }

  @Override
  public Wire wire() {
    return switch (kind) {
      case TANDEM -> new TandemWire(port, login());
      case SOCKETIO -> new SocketIoWire(port);
      case BARE -> new BareWire(port);
    };
  }

  private String login() {
    String body = new JsonObject().put("username", "demo").put("password", AGENT_PASSWORD).encode();
    try {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(uri("/api/auth/login")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("login failed with HTTP " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body()).getString("token");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public long liveHeapBytes() {
    if (kind == TargetKind.SOCKETIO) {
      try {
        return new JsonObject(get("/heap").body()).getLong("heapUsed");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    jcmd("GC.run");
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info printed no 'used' figure");
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  @Override
  public long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS for process " + process.pid());
  }

  @Override
  public double cpuSeconds() {
    return ProcessCpu.seconds(process.pid(), CLOCK_TICKS);
  }

  /** The node's process id, for what /proc says about it (threads, open files). */
  public long pid() {
    return process.pid();
  }

  public Path jfrFile() {
    return jfrFile;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The classes with the most live bytes after a full collection, as {@code jcmd GC.class_histogram} prints them. */
  public List<String> largestClasses(int top) {
    return jcmd("GC.class_histogram").lines().filter(line -> line.matches("\\s*\\d+:.*")).limit(top).map(String::strip).toList();
  }

  /** A Tandem node's readiness probe answers 200 (a relay's health check for the baselines). */
  public boolean ready() {
    try {
      return get(kind == TargetKind.TANDEM ? "/health/ready" : "/health").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private String jcmd(String command) {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(process.pid()), command).redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
