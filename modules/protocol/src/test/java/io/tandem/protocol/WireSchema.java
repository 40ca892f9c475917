package io.tandem.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The one definition of the protocol, wire-protocol.schema.json, as the tests read it. */
final class WireSchema {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** The golden frames' directions and the schema's union of the frames of each. */
  static final Map<String, String> DIRECTIONS = Map.of(
      "trackerToServer", "TrackerToServerFrame",
      "serverToTracker", "ServerToTrackerFrame",
      "agentToServer", "AgentToServerFrame",
      "serverToAgent", "ServerToAgentFrame");

  private WireSchema() {}

  static JsonNode load() {
    return read("/wire-protocol.schema.json");
  }

  static JsonNode read(String resource) {
    try (InputStream in = WireSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code t} of the frame a union member ({@code {"$ref": "#/definitions/X"}}) refers to. */
  static String frameType(JsonNode definitions, JsonNode ref) {
    String name = ref.get("$ref").textValue().substring("#/definitions/".length());
    return definitions.get(name).get("properties").get("t").get("const").textValue();
  }

  /** A validator of one direction's frames: the whole schema with its root narrowed to that union. */
  static JsonSchema direction(String direction) {
    ObjectNode root = (ObjectNode) load();
    root.putArray("anyOf").addObject().put("$ref", "#/definitions/" + DIRECTIONS.get(direction));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
  }

  /** What the schema finds wrong with a frame, empty if nothing. */
  static Set<String> problems(JsonSchema schema, JsonNode frame) {
    return schema.validate(frame).stream().map(Object::toString).collect(Collectors.toSet());
  }
}
