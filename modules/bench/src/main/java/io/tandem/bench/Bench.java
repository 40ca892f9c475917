package io.tandem.bench;

import io.tandem.bench.load.Lanes;
import io.tandem.bench.page.Recording;
import io.tandem.bench.report.Machine;
import io.tandem.bench.report.Profile;
import io.tandem.bench.report.ReportPage;
import io.tandem.bench.scenario.Scenario;
import io.tandem.bench.scenario.Scenarios;
import io.tandem.bench.scenario.Setup;
import io.tandem.bench.target.Installation;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Runs every scenario against every target it applies to, {@code repeats} times, each run in a
 * fresh process of the target, the generator in this JVM, and writes the JSON report and the
 * markdown page (the median of the runs and their range).
 */
public final class Bench {
  /** File descriptors the target needs beyond its sockets: jars, epoll, pipes, the listening socket. */
  private static final int SPARE_FILES = 600;
  /** Scenarios whose CPU profile goes into the report: the busiest ones. */
  private static final Set<String> PROFILED = Set.of("streaming", "storm");

  private Bench() {}

  public static void main(String[] args) throws IOException {
    BenchOptions o = BenchOptions.parse(args);
    Recording recording = o.recording().isEmpty() ? Recording.builtIn() : Recording.load(Path.of(o.recording()));
    Installation installation = new Installation(Path.of(o.serverJar()), ownJar(), Path.of(o.socketIoRelay()), Path.of(o.workDir()),
        o.jvmOptions(), o.profile());
    // Each idle room is one socket in the generator and one in the target; both share this limit.
    long fileLimit = Machine.maxOpenFiles();
    int idleRooms = fileLimit > 0 ? (int) Math.min(o.idleRooms(), fileLimit - SPARE_FILES) : o.idleRooms();

    long started = System.nanoTime();
    String loadAtStart = Machine.loadAverage();
    JsonObject targets = new JsonObject();
    JsonObject profiles = new JsonObject();
    JsonObject ran = new JsonObject();
    try (Lanes lanes = new Lanes(o.lanes())) {
      Setup setup = new Setup(lanes, recording, o, idleRooms, fileLimit, Path.of(o.workDir()));
      for (String id : o.scenarios()) {
        Scenario scenario = Scenarios.byId(id);
        ran.put(scenario.id(), scenario.describe(setup));
        // Targets take turns within each repeat, so a machine that slows down over the run slows them all.
        for (int repeat = 1; repeat <= o.repeats(); repeat++) {
          for (String targetId : o.targets()) {
            TargetKind kind = TargetKind.byId(targetId);
            if (!scenario.appliesTo(kind)) {
              continue;
            }
            log("== " + scenario.id() + " on " + kind.label + ", run " + repeat + " of " + o.repeats());
            JsonObject result = repeat == 1
                ? runOne(scenario, kind, installation, setup, profiles) : runOne(scenario, kind, installation.unprofiled(), setup, null);
            runs(targets, kind.id, scenario.id()).add(result.put("run", repeat));
            log(result.encode());
          }
        }
      }
    }
    ran.put("recording", recording.source() + "; full snapshot " + recording.snapshotBytes() + " bytes, "
        + recording.incrementalCount() + " incremental events replayed in a loop");
    JsonObject report = new JsonObject()
        .put("finishedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("minutes", Math.round((System.nanoTime() - started) / 6e9) / 10.0)
        .put("machine", Machine.describe().put("loadAverageAtStart", loadAtStart).put("loadAverageAtEnd", Machine.loadAverage()))
        .put("ran", ran)
        .put("options", o.toJson())
        .put("targets", targets)
        .put("profiles", profiles);
    Path out = Path.of(o.out());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.encodePrettily() + "\n");
    ReportPage.write(Path.of(o.markdown()), report);
    log("report: " + out + " and " + o.markdown() + " (" + report.getDouble("minutes") + " min)");
  }

  /** The runs of one scenario on one target, as the report holds them: {@code targets.<target>.<scenario>.runs}. */
  private static JsonArray runs(JsonObject targets, String target, String scenario) {
    if (!targets.containsKey(target)) {
      targets.put(target, new JsonObject());
    }
    JsonObject byScenario = targets.getJsonObject(target);
    if (!byScenario.containsKey(scenario)) {
      byScenario.put(scenario, new JsonObject().put("runs", new JsonArray()));
    }
    return byScenario.getJsonObject(scenario).getJsonArray("runs");
  }

  /** {@code profiles}: where the run's CPU profile goes, null to keep none (only a scenario's first run is profiled). */
  private static JsonObject runOne(Scenario scenario, TargetKind kind, Installation installation, Setup setup, JsonObject profiles) {
    BenchOptions o = setup.options();
    int maxRooms = Math.max(Math.max(o.rooms(), setup.idleRooms()), o.stormAgents());
    TargetProcess target = null;
    long started = System.nanoTime();
    try {
      target = TargetProcess.start(kind, installation, scenario.id(), maxRooms, scenario.tandemEnvironment(setup));
      JsonObject result = scenario.run(target, setup);
      if (!target.alive()) {
        result.put("targetDied", true);
      }
      return result.put("wallSeconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
    } catch (RuntimeException e) {
      // One failed scenario is reported in place and the run goes on.
      log("   failed: " + e);
      return new JsonObject().put("error", String.valueOf(e));
    } finally {
      if (target != null) {
        target.close();
        if (profiles != null && PROFILED.contains(scenario.id()) && target.jfrFile() != null && Files.exists(target.jfrFile())) {
          if (!profiles.containsKey(scenario.id())) {
            profiles.put(scenario.id(), new JsonObject());
          }
          profiles.getJsonObject(scenario.id()).put(kind.id, Profile.of(target.jfrFile()));
        }
      }
    }
  }

  private static Path ownJar() {
    try {
      return Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void log(String line) {
    System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
  }
}
