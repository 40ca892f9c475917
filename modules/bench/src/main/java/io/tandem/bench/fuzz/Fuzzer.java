package io.tandem.bench.fuzz;

import io.tandem.bench.Polling;
import io.tandem.bench.target.Installation;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The protocol fuzzer (issue #16): grammar-aware frames, valid and mutated, on many sockets of both
 * endpoints of one node, while a control room streams to its agent. It reports what was sent, how
 * the node answered (error codes, close codes), refusals without a code and closes without a
 * reason, the control room's stream check, whether the node survived, and its heap after GC before
 * and after each round.
 *
 * <pre>java -cp modules/bench/target/tandem-bench.jar io.tandem.bench.fuzz.Fuzzer --frames=1000000</pre>
 */
public final class Fuzzer {
  private static final int ROOMS = 100;
  private static final Duration DRAIN = Duration.ofSeconds(30);
  /** The node's graces, short so the fuzzer's rooms are gone before the heap is measured again. */
  static final Map<String, String> SHORT_GRACES = Map.of(
      "TANDEM_ROOMS_RECONNECT_GRACE_MS", "1000",
      "TANDEM_ROOMS_EMPTY_GRACE_MS", "500",
      "TANDEM_CLUSTER_UNWATCHED_RELEASED_TTL_SECONDS", "1");
  private static final int LARGEST_CLASSES = 15;

  private Fuzzer() {}

  public static void main(String[] args) throws IOException {
    List<String> own = new ArrayList<>();
    String serverJar = "modules/server/target/tandem-server.jar";
    String out = "modules/bench/target/fuzz-report.json";
    for (String arg : args) {
      if (arg.startsWith("--server-jar=")) {
        serverJar = arg.substring("--server-jar=".length());
      } else if (arg.startsWith("--out=")) {
        out = arg.substring("--out=".length());
      } else {
        own.add(arg);
      }
    }
    FuzzPlan plan = FuzzPlan.parse(own.toArray(String[]::new));
    // a node of its own: its data and log in a fresh folder, so two runs never share a database
    Installation installation = new Installation(Path.of(serverJar), null, null, Files.createTempDirectory("tandem-fuzz"), List.of("-Xms512m", "-Xmx2g", "-XX:+UseG1GC"), false);
    JsonObject report;
    try (TargetProcess node = TargetProcess.start(TargetKind.TANDEM, installation, "fuzz", ROOMS + 10, SHORT_GRACES)) {
      report = run(node, plan);
    }
    Files.writeString(Path.of(out), report.encodePrettily());
    System.out.println(report.encodePrettily());
    System.out.println("report: " + out);
  }

  /**
   * Fuzzes a running node, {@code plan.rounds()} times the same frames; the report's
   * {@code violations} counts what must be 0.
   */
  public static JsonObject run(TargetProcess node, FuzzPlan plan) {
    long heapBefore = node.liveHeapBytes();
    FuzzTally tally = new FuzzTally();
    JsonArray controls = new JsonArray();
    JsonArray heapAfterRounds = new JsonArray();
    long fuzzingNanos = 0;
    boolean survived = true;
    for (int round = 1; round <= plan.rounds() && survived; round++) {
      long started = System.nanoTime();
      try (ControlRoom room = ControlRoom.open(node.wire(), round)) {
        fuzz(node, plan, tally, plan.frames() * round);
        controls.add(room.finish());
      }
      fuzzingNanos += System.nanoTime() - started;
      survived = node.alive() && node.ready();
      // the rooms' graces (1 s) and the released records' lifetime (1 s) run out, then what is left is what leaked
      Polling.sleep(plan.settleMillis());
      heapAfterRounds.add(node.liveHeapBytes());
    }
    double seconds = fuzzingNanos / 1e9;
    long controlViolations = controls.stream().mapToLong(c -> ((JsonObject) c).getLong("violations")).sum();
    long violations = (survived ? 0 : 1) + tally.uncodedRefusals() + tally.closesWithoutReason() + controlViolations;
    return new JsonObject()
        .put("plan", plan.toJson())
        .put("seconds", seconds)
        .put("framesPerSecond", Math.round(tally.framesSent() / Math.max(seconds, 0.001)))
        .put("nodeSurvived", survived)
        .put("controlRooms", controls)
        .put("heapAfterGcBeforeBytes", heapBefore)
        .put("heapAfterGcPerRoundBytes", heapAfterRounds)
        .put("largestClassesAfter", new JsonArray(node.largestClasses(LARGEST_CLASSES)))
        .mergeIn(tally.figures())
        .put("violations", violations);
  }

  /** Sends frames until {@code tally} has counted {@code framesInAll}, or the round's time is up. */
  private static void fuzz(TargetProcess node, FuzzPlan plan, FuzzTally tally, long framesInAll) {
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxFrameSize(FuzzPlan.OVERSIZE_BYTES * 2).setMaxMessageSize(FuzzPlan.OVERSIZE_BYTES * 2).setMaxConnections(plan.sockets() * 4));
      List<String> rooms = new ArrayList<>();
      for (int i = 0; i < ROOMS; i++) {
        rooms.add(String.format("fuzz-room-%06d", i));
      }
      String token = new JsonObject(node.wire().agentOpened("any")).getString("token");
      WebSocketConnectOptions tracker = node.wire().trackerSocket("any", "any");
      WebSocketConnectOptions agent = node.wire().agentSocket("any");
      Random seeds = new Random(plan.seed());
      long deadline = System.nanoTime() + plan.maxTime().toNanos();
      AtomicInteger open = new AtomicInteger();
      Runnable[] openOne = new Runnable[1];
      openOne[0] = () -> {
        if (tally.framesSent() >= framesInAll || System.nanoTime() >= deadline) {
          return;
        }
        Random random = new Random(seeds.nextLong());
        FrameGrammar.Endpoint endpoint = random.nextBoolean() ? FrameGrammar.Endpoint.TRACKER : FrameGrammar.Endpoint.AGENT;
        FrameGrammar grammar = new FrameGrammar(endpoint, random, rooms, token);
        open.incrementAndGet();
        new FuzzSocket(vertx, grammar, random, tally, plan, () -> {
          open.decrementAndGet();
          openOne[0].run();
        }).open(client, endpoint == FrameGrammar.Endpoint.AGENT ? agent : tracker);
      };
      vertx.runOnContext(v -> {
        for (int i = 0; i < plan.sockets(); i++) {
          openOne[0].run();
        }
      });
      Polling.waitUntil(() -> tally.framesSent() >= framesInAll || System.nanoTime() >= deadline, plan.maxTime().plusSeconds(5));
      Polling.waitUntil(() -> open.get() == 0, DRAIN);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
