package io.tandem.server.cluster;

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

/**
 * A Tandem node in a JVM of its own ({@code io.tandem.server.Main} on this test's class path),
 * configured through {@code TANDEM_*} variables, which can be killed, paused and resumed, or
 * stopped with SIGTERM like a real process. Its output goes to {@code target/cluster-nodes/<id>.log}.
 */
final class NodeProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration READY_WAIT = Duration.ofSeconds(180);
  private static final Duration POLL = Duration.ofMillis(100);
  /** A fresh node's first admin requests (a cold JVM, JIT level 1, a loaded machine) were seen to take over 5 s. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  final String id;
  final int port;
  final Path log;
  private final Process process;
  private final Map<String, String> environment;
  private final int metricsPort;

  private NodeProcess(String id, int port, Path log, Process process, Map<String, String> environment) {
    this.id = id;
    this.port = port;
    this.log = log;
    this.process = process;
    this.environment = environment;
    this.metricsPort = Integer.parseInt(environment.getOrDefault("TANDEM_METRICS_PORT", "9464"));
  }

  static NodeProcess launch(String id, int port, Map<String, String> environment) {
    return launch(id, port, environment, false);
  }

  /** The same node started again after it died: same id, ports and settings, its log appended to. */
  NodeProcess relaunch() {
    return launch(id, port, environment, true);
  }

  private static NodeProcess launch(String id, int port, Map<String, String> environment, boolean again) {
    Path log = Path.of("target", "cluster-nodes", id + ".log").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"),
        "io.tandem.server.Main"));
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(again ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
      builder.environment().putAll(environment);
      return new NodeProcess(id, port, log, builder.start(), Map.copyOf(environment));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id, e);
    }
  }

  /** Polls {@code /health/ready} until it answers 200; fails at once if the process dies. */
  NodeProcess awaitReady() {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node " + id + " exited with " + process.exitValue() + "; see " + log);
      }
      if (ready()) {
        return this;
      }
      pause(POLL);
    }
    throw new AssertionError("node " + id + " was not ready within " + READY_WAIT + "; see " + log);
  }

  boolean ready() {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** GET a path of the node's HTTP API; the body. */
  String get(String path) {
    return http("GET", path, null, null).body();
  }

  /** What Prometheus would scrape, from the metrics port. */
  String metrics() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A request to this node's HTTP API; {@code token} and {@code json} may be null. */
  HttpResponse<String> http(String method, String path, String token, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(REQUEST_TIMEOUT)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGKILL: the node dies without a word. */
  void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM: the node drains, then exits. */
  void terminate() {
    process.destroy();
  }

  void suspend() {
    signal("STOP");
  }

  void resume() {
    signal("CONT");
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits for the process to end; its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("node " + id + " did not exit within " + timeout + "; see " + log);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Ends the process however it is, for the tests' clean-up. */
  void destroy() {
    if (process.isAlive()) {
      signal("CONT");
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(10));
    }
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Between two polls of a condition, never as a synchronisation by itself. */
  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
