package io.tandem.bench;

import io.tandem.bench.load.Lanes;
import io.tandem.bench.page.Recording;
import io.tandem.bench.report.Machine;
import io.tandem.bench.report.Profile;
import io.tandem.bench.report.ReportPage;
import io.tandem.bench.scenario.IdleRooms;
import io.tandem.bench.scenario.JoinStorm;
import io.tandem.bench.scenario.LargePage;
import io.tandem.bench.scenario.Streaming;
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

/**
 * Runs every scenario against every target, each target in a fresh process of its own per
 * scenario, the generator in this JVM, and writes the JSON report and the markdown page.
 */
public final class Bench {
  /** File descriptors the target needs beyond its sockets: jars, epoll, pipes, the listening socket. */
  private static final int SPARE_FILES = 600;

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
    JsonObject targets = new JsonObject();
    JsonObject profiles = new JsonObject();
    try (Lanes lanes = new Lanes(o.lanes())) {
      for (String scenario : o.scenarios()) {
        for (String id : o.targets()) {
          TargetKind kind = TargetKind.byId(id);
          log("== " + scenario + " on " + kind.label);
          JsonObject result = runOne(scenario, kind, installation, lanes, recording, o, idleRooms, profiles);
          if (!targets.containsKey(kind.id)) {
            targets.put(kind.id, new JsonObject());
          }
          targets.getJsonObject(kind.id).put(scenario, result);
          log(result.encode());
        }
      }
    }
    JsonObject report = new JsonObject()
        .put("finishedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("minutes", Math.round((System.nanoTime() - started) / 6e9) / 10.0)
        .put("machine", Machine.describe())
        .put("ran", ran(o, idleRooms, fileLimit, recording))
        .put("options", o.toJson())
        .put("targets", targets)
        .put("profiles", profiles);
    Path out = Path.of(o.out());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.encodePrettily() + "\n");
    ReportPage.write(Path.of(o.markdown()), report);
    log("report: " + out + " and " + o.markdown() + " (" + report.getDouble("minutes") + " min)");
  }

  private static JsonObject runOne(String scenario, TargetKind kind, Installation installation, Lanes lanes, Recording recording,
      BenchOptions o, int idleRooms, JsonObject profiles) {
    int maxRooms = Math.max(Math.max(o.rooms(), idleRooms), o.stormAgents());
    TargetProcess target = null;
    try {
      target = TargetProcess.start(kind, installation, scenario, maxRooms);
      JsonObject result = switch (scenario) {
        case "streaming" -> Streaming.run(target, lanes, recording, o);
        case "idle" -> IdleRooms.run(target, lanes, recording, o, idleRooms);
        case "storm" -> JoinStorm.run(target, lanes, recording, o);
        case "large" -> LargePage.run(target, lanes, recording, o);
        default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "' (streaming, idle, storm, large)");
      };
      if (!target.alive()) {
        result.put("targetDied", true);
      }
      return result;
    } catch (RuntimeException e) {
      // One failed scenario is reported in place and the run goes on.
      log("   failed: " + e);
      return new JsonObject().put("error", String.valueOf(e));
    } finally {
      if (target != null) {
        target.close();
        if ("streaming".equals(scenario) && target.jfrFile() != null && Files.exists(target.jfrFile())) {
          profiles.put(kind.id, Profile.of(target.jfrFile()));
        }
      }
    }
  }

  private static JsonObject ran(BenchOptions o, int idleRooms, long fileLimit, Recording recording) {
    return new JsonObject()
        .put("streaming", o.rooms() + " rooms × " + o.agentsPerRoom() + " agents × " + o.rate() + " events/s per room, one event per batch; "
            + o.warmupSeconds() + " s warm-up, " + o.measureSeconds() + " s measured; then a ramp of ×" + o.rampMultipliers()
            + " the rate, " + o.rampStepSeconds() + " s each, stopping at the first step not sustained")
        .put("idle", idleRooms + " idle rooms (tracker connected, no agent)"
            + (idleRooms < o.idleRooms() ? "; " + o.idleRooms() + " asked, capped by the open-file limit of " + fileLimit
                + " (one socket per room in the target and in the generator)" : ""))
        .put("storm", o.stormAgents() + " agents joining " + o.stormAgents() + " idle rooms evenly over " + o.stormSeconds() + " s")
        .put("large", "one room whose full snapshot is " + o.largeBytes() / (1024 * 1024) + " MiB; " + o.largeRounds()
            + " rounds of an agent joining, watching 2 s at " + o.rate() + " events/s, leaving")
        .put("recording", recording.source() + "; full snapshot " + recording.snapshotBytes() + " bytes, "
            + recording.incrementalCount() + " incremental events replayed in a loop");
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
