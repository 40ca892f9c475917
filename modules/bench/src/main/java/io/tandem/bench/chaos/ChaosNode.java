package io.tandem.bench.chaos;

import io.tandem.bench.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Tandem node of the chaos run: the server jar in a JVM of its own, configured through
 * {@code TANDEM_*} variables, which the run kills (SIGKILL), starts again with the same settings,
 * pauses (SIGSTOP) and resumes (SIGCONT). Its output is appended to one log across restarts.
 */
final class ChaosNode {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+)");

  final String id;
  final int port;
  final int hazelcastPort;
  private final Path jar;
  private final Path log;
  private final Map<String, String> environment;
  private volatile Process process;
  private volatile boolean stopped;
  private int starts;

  ChaosNode(String id, int port, int hazelcastPort, Path jar, Path log, Map<String, String> environment) {
    this.id = id;
    this.port = port;
    this.hazelcastPort = hazelcastPort;
    this.jar = jar;
    this.log = log;
    this.environment = Map.copyOf(environment);
  }

  /** Starts the JVM (again, after a kill); does not wait for it to be ready. */
  synchronized void launch() {
    ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:+UseSerialGC", "-jar", jar.toString()))
        .redirectErrorStream(true)
        .redirectOutput(starts++ == 0 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      process = builder.start();
      stopped = false;
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id, e);
    }
  }

  boolean awaitReady(Duration max) {
    return Polling.waitUntil(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + id + " exited with " + process.exitValue() + "; see " + log);
      }
      return ready();
    }, max);
  }

  /** The readiness probe, as Kubernetes would ask it: answered 200 within a second. */
  boolean ready() {
    if (stopped || !process.isAlive()) {
      return false;
    }
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(PROBE_TIMEOUT).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node " + id + " outlived SIGKILL by 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void suspend() {
    stopped = true;
    signal("STOP");
  }

  void resume() {
    signal("CONT");
    stopped = false;
  }

  Path log() {
    return log;
  }

  /** The member count of the last cluster view Hazelcast logged on this node (-1 if none): 1 after a split that did not heal. */
  int lastClusterSize() {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      return lines.map(MEMBERS::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1)))
          .reduce((first, second) -> second).orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Ends the process however it is (SIGCONT first, so a paused one can die). */
  void destroy() {
    if (process != null && process.isAlive()) {
      signal("CONT");
      kill();
    }
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
