package io.tandem.bench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.bench.target.Installation;
import io.tandem.bench.target.TargetKind;
import io.tandem.bench.target.TargetProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzzer's smoke in the test suite: 20,000 frames, valid and mutated, against a real node (the
 * server jar the build just made, in its own JVM) while a control room streams. Nothing may crash
 * the node, go unanswered by a code, close without a reason, or reach the control room.
 */
class FuzzerTest {
  private static final Path SERVER_JAR = Path.of("../server/target/tandem-server.jar");

  @Test
  void twentyThousandFramesInTwoRoundsLeaveTheNodeUpEveryRefusalCodedAndTheControlRoomsWhole(@TempDir Path work) {
    assertThat(SERVER_JAR).as("the server jar, built before this module's tests").exists();
    Installation installation = new Installation(SERVER_JAR, null, null, work, List.of("-Xmx1g"), false);
    try (TargetProcess node = TargetProcess.start(TargetKind.TANDEM, installation, "fuzz", 200, Fuzzer.SHORT_GRACES)) {
      // two rounds of the same 10,000 frames, as the long run's leak check does
      JsonObject report = Fuzzer.run(node, FuzzPlan.parse(new String[] {"--frames=10000", "--rounds=2", "--seconds=120", "--seed=20000"}));

      assertThat(report.getLong("framesSent")).isGreaterThanOrEqualTo(20_000);
      assertThat(report.getBoolean("nodeSurvived")).isTrue();
      assertThat(report.getLong("uncodedRefusals")).isZero();
      assertThat(report.getLong("closesWithoutReason")).isZero();
      assertThat(report.getJsonArray("controlRooms")).hasSize(2).allSatisfy(room -> {
        assertThat(((JsonObject) room).getLong("batchesChecked")).isPositive();
        assertThat(((JsonObject) room).getLong("violations")).as(((JsonObject) room).encode()).isZero();
      });
      assertThat(report.getJsonArray("heapAfterGcPerRoundBytes")).hasSize(2);
      // every kind of mutation went out (but the rare oversize one), and the node refused the broken frames with codes
      assertThat(report.getJsonObject("mutations").fieldNames()).containsAll(Arrays.stream(Mutation.values())
          .filter(m -> m != Mutation.OVERSIZE).map(Mutation::name).toList());
      assertThat(report.getJsonObject("errorCodes").fieldNames()).contains("MALFORMED_FRAME", "BINARY_NOT_SUPPORTED", "UNKNOWN_TYPE");
      // list windows, valid and out of range, are in the grammar: the node refused the bad ones with their own codes
      assertThat(report.getJsonObject("errorCodes").fieldNames()).contains("LIST_INVALID", "LIST_WINDOW_TOO_LARGE");
      assertThat(report.getLong("violations")).isZero();
    }
    assertThat(Files.exists(work.resolve("bench-logs/tandem-fuzz.log"))).isTrue();
  }

  /** Every operation of the node's own openapi.json, 30 requests each, valid and broken: no 5xx, nothing the document does not allow. */
  @Test
  void theAdminApiAnswersEveryGeneratedRequestAsItsDocumentSays(@TempDir Path work) {
    Installation installation = new Installation(SERVER_JAR, null, null, work, List.of("-Xmx1g"), false);
    try (TargetProcess node = TargetProcess.start(TargetKind.TANDEM, installation, "rest-fuzz", 10, java.util.Map.of())) {
      JsonObject report = RestFuzzer.run(node, 30, 30);

      assertThat(report.getInteger("operations")).isGreaterThanOrEqualTo(30);
      assertThat(report.getLong("requests")).isEqualTo(30L * report.getInteger("operations"));
      assertThat(report.getJsonArray("serverErrorExamples")).isEmpty();
      assertThat(report.getJsonArray("mismatchExamples")).isEmpty();
      // the generated requests reach past authentication and validation, not only their refusals
      assertThat(report.getJsonObject("statuses").fieldNames()).contains("200", "201", "400", "401", "403", "404");
      assertThat(report.getLong("violations")).isZero();
    }
  }
}
