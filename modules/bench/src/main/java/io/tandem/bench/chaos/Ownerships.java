package io.tandem.bench.chaos;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link OwnershipCheck} against one node's Hazelcast port in a JVM with the server jar, and reads its line. */
final class Ownerships {
  private static final long TIMEOUT_SECONDS = 60;

  private Ownerships() {}

  /** The check's figures, or {@code unavailable} with the reason: a check that could not run is reported, never counted as 0. */
  static JsonObject read(ChaosPlan plan, ChaosNode node) {
    try {
      Path bench = Path.of(OwnershipCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String classPath = Path.of(plan.serverJar()).toAbsolutePath() + File.pathSeparator + bench;
      Process check = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-cp", classPath, OwnershipCheck.class.getName(), Integer.toString(node.hazelcastPort)))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!check.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        check.destroyForcibly();
        return new JsonObject().put("unavailable", "the check did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return out.lines().filter(line -> line.startsWith("{\"members\"")).findFirst().map(JsonObject::new)
          .orElse(new JsonObject().put("unavailable", "the check exited with " + check.exitValue() + " and no figures"));
    } catch (IOException | URISyntaxException e) {
      return new JsonObject().put("unavailable", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new JsonObject().put("unavailable", "interrupted");
    }
  }
}
