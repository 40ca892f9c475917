package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Java side of the protocol against its one definition, wire-protocol.schema.json. Every
 * disagreement is named with the sides that lack it: the tracker's and the console's types
 * (common/src/wire.ts) are generated from the schema, so what the schema lacks they lack too.
 */
class WireSchemaTest {
  private static final String SCHEMA = "wire-protocol.schema.json";
  private static final String TS_SIDES = "and so from the tracker's and the console's types (common/src/wire.ts is generated from it)";

  private final JsonNode definitions = WireSchema.load().get("definitions");

  @Test
  void everyFrameTypeIsInTheSchemaAndEveryFrameOfTheSchemaInFrameType() {
    Set<String> java = names(Arrays.stream(FrameType.values()).map(FrameType::wireName).toList());
    Set<String> schema = new TreeSet<>();
    for (String union : WireSchema.DIRECTIONS.values()) {
      schema.addAll(frameTypes(union));
    }

    assertThat(differences("frame type", java, "FrameType", schema)).isEmpty();
  }

  @Test
  void eachEndpointAcceptsExactlyTheFramesTheSchemaSaysItsClientsSend() {
    List<String> problems = new ArrayList<>();
    for (Endpoint endpoint : Endpoint.values()) {
      String union = endpoint == Endpoint.TRACKER ? "TrackerToServerFrame" : "AgentToServerFrame";
      Set<String> java = names(Arrays.stream(FrameType.values()).filter(endpoint::accepts).map(FrameType::wireName).toList());
      problems.addAll(differences("frame type sent on " + endpoint.path(), java, "Endpoint." + endpoint.name(), frameTypes(union)));
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void everyErrorCodeIsInTheSchemaWithItsCloseCode() {
    JsonNode members = definitions.get("ErrorCode").get("oneOf");
    Set<String> schema = new TreeSet<>();
    members.forEach(member -> schema.add(member.get("const").textValue()));
    List<String> problems = new ArrayList<>(
        differences("error code", names(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()), "ErrorCode", schema));
    for (JsonNode member : members) {
      String name = member.get("const").textValue();
      Arrays.stream(ErrorCode.values()).filter(code -> code.name().equals(name)).findFirst().ifPresent(code -> {
        int schemaClose = member.has("x-closeCode") ? member.get("x-closeCode").intValue() : 0;
        if (schemaClose != code.closeCode() || code.fatal() != (schemaClose != 0)) {
          problems.add("error code " + name + ": Java (ErrorCode) closes with " + code.closeCode() + " (fatal: " + code.fatal()
              + "), " + SCHEMA + " says x-closeCode " + (schemaClose == 0 ? "none" : schemaClose) + ", " + TS_SIDES);
        }
      });
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void theSmallVocabulariesMatch() {
    List<String> problems = new ArrayList<>();
    problems.addAll(differences("consent kind", names(Arrays.stream(ConsentKind.values()).map(ConsentKind::wireName).toList()),
        "ConsentKind", enumValues("ConsentKind")));
    problems.addAll(differences("list sort", names(Arrays.stream(ListSort.values()).map(ListSort::wireName).toList()),
        "ListSort", enumValues("ListSort")));
    problems.addAll(differences("end reason", names(Arrays.stream(EndReason.values()).map(EndReason::wireName).toList()),
        "EndReason", enumValues("EndReason")));
    problems.addAll(differences("protocol version", names(ProtocolVersion.SUPPORTED.stream().map(Object::toString).toList()),
        "ProtocolVersion.SUPPORTED", Set.of(definitions.get("ProtocolVersion").get("const").asText())));

    assertThat(problems).isEmpty();
  }

  @Test
  void theSessionEntriesHaveTheFieldsOfTheirRecords() {
    List<String> problems = new ArrayList<>();
    problems.addAll(differences("Session field", components(SessionSummary.class), "SessionSummary", properties("Session")));
    problems.addAll(differences("SessionTab field", components(SessionSummary.Tab.class), "SessionSummary.Tab", properties("SessionTab")));
    problems.addAll(differences("AgentRef field", components(AgentInfo.class), "AgentInfo", properties("AgentRef")));

    assertThat(problems).isEmpty();
  }

  /** The {@code t} of every frame of one direction's union. */
  private Set<String> frameTypes(String union) {
    Set<String> types = new TreeSet<>();
    definitions.get(union).get("oneOf").forEach(ref -> types.add(WireSchema.frameType(definitions, ref)));
    return types;
  }

  private Set<String> enumValues(String definition) {
    Set<String> values = new TreeSet<>();
    definitions.get(definition).get("enum").forEach(value -> values.add(value.textValue()));
    return values;
  }

  private Set<String> properties(String definition) {
    Set<String> fields = new TreeSet<>();
    definitions.get(definition).get("properties").fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  private static Set<String> components(Class<? extends Record> type) {
    return names(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
  }

  private static Set<String> names(List<String> names) {
    return new TreeSet<>(names);
  }

  /** One line per name that one side has and the other lacks, saying which sides lack it. */
  private static List<String> differences(String what, Set<String> java, String javaSide, Set<String> schema) {
    Function<String, String> onlyInJava = name -> what + " " + name + ": in Java (" + javaSide + ") but missing from " + SCHEMA + ", " + TS_SIDES;
    Function<String, String> onlyInSchema = name -> what + " " + name + ": in " + SCHEMA
        + " (so in the tracker's and the console's types) but missing from Java (" + javaSide + ")";
    List<String> problems = new ArrayList<>();
    problems.addAll(java.stream().filter(name -> !schema.contains(name)).map(onlyInJava).collect(Collectors.toList()));
    problems.addAll(schema.stream().filter(name -> !java.contains(name)).map(onlyInSchema).toList());
    return problems;
  }
}
