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
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Runs every scenario against every target it applies to, each target in a fresh process of its
 * own per scenario, the generator in this JVM, and writes the JSON report and the markdown page.
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
        for (String targetId : o.targets()) {
          TargetKind kind = TargetKind.byId(targetId);
          if (!scenario.appliesTo(kind)) {
            continue;
          }
          log("== " + scenario.id() + " on " + kind.label);
          JsonObject result = runOne(scenario, kind, installation, setup, profiles);
          if (!targets.containsKey(kind.id)) {
            targets.put(kind.id, new JsonObject());
          }
          targets.getJsonObject(kind.id).put(scenario.id(), result);
          log(result.encode());
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
        if (PROFILED.contains(scenario.id()) && target.jfrFile() != null && Files.exists(target.jfrFile())) {
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
