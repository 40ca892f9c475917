package io.tandem.bench.fuzz;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The ways the fuzzer breaks a valid frame: what a buggy or hostile client could send. Each takes
 * the valid frame and the socket's random source and gives what goes on the wire.
 */
enum Mutation {
  DROP_FIELD((frame, random) -> {
    List<String> fields = new ArrayList<>(frame.fieldNames());
    frame.remove(fields.get(random.nextInt(fields.size())));
    return frame.encode();
  }),
  DUPLICATE_FIELD((frame, random) -> {
    String field = anyField(frame, random);
    String text = frame.encode();
    return "{" + new JsonObject().put(field, swapped(frame.getValue(field), random)).encode().replaceAll("^\\{|}$", "") + "," + text.substring(1);
  }),
  SWAP_TYPE((frame, random) -> {
    String field = anyField(frame, random);
    return frame.put(field, swapped(frame.getValue(field), random)).encode();
  }),
  ODD_NUMBER((frame, random) -> {
    String field = anyField(frame, random);
    String[] odd = {"-1", "0", "1e308", "-1e308", "9223372036854775808", "-9223372036854775809", "1.5", "1e-400", "NaN", "Infinity", "-0",
        "123456789012345678901234567890"};
    return frame.put(field, "@@").encode().replace("\"@@\"", odd[random.nextInt(odd.length)]);
  }),
  ODD_TEXT((frame, random) -> {
    String[] odd = {"\uD800", "\uDFFF", "\u202E\u202Dreversed", "\u0000", "zero\u200Bwidth", "\uFEFF", "😀".repeat(1000), "é".repeat(20_000),
        "<img src=x onerror=alert(1)>", "\\", "\"", "../../etc/passwd", "%00", "x".repeat(70_000)};
    return frame.put(anyField(frame, random), odd[random.nextInt(odd.length)]).encode();
  }),
  DEEP_NESTING((frame, random) -> {
    int depth = 1 << (1 + random.nextInt(14));
    boolean arrays = random.nextBoolean();
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    return frame.put(anyField(frame, random), "@@").encode().replace("\"@@\"", open.repeat(depth) + "1" + close.repeat(depth));
  }),
  TRUNCATED((frame, random) -> {
    String text = frame.encode();
    return text.substring(0, random.nextInt(text.length()));
  }),
  OVERSIZE((frame, random) -> frame.put("pad", "x".repeat(FuzzPlan.OVERSIZE_BYTES)).encode()),
  UNKNOWN_TYPE((frame, random) -> frame.put("t", "fuzz-" + random.nextInt(100)).encode()),
  NOT_AN_OBJECT((frame, random) -> new JsonArray().add(frame).encode()),
  GARBAGE((frame, random) -> {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(200); i > 0; i--) {
      text.append((char) (32 + random.nextInt(95)));
    }
    return text.toString();
  }),
  BINARY(null),
  RANDOM_BYTES(null),
  STALL_MID_FRAME(null);

  private final BiFunction<JsonObject, Random, String> text;

  Mutation(BiFunction<JsonObject, Random, String> text) {
    this.text = text;
  }

  Shot apply(JsonObject valid, Random random) {
    return switch (this) {
      case BINARY -> Shot.binary(name(), Buffer.buffer(valid.encode()));
      case RANDOM_BYTES -> {
        byte[] bytes = new byte[1 + random.nextInt(512)];
        random.nextBytes(bytes);
        yield Shot.binary(name(), Buffer.buffer(bytes));
      }
      case STALL_MID_FRAME -> {
        String whole = valid.encode();
        yield Shot.stalled(name(), whole.substring(0, Math.max(1, whole.length() / 2)));
      }
      default -> Shot.text(name(), text.apply(valid.copy(), random));
    };
  }

  private static String anyField(JsonObject frame, Random random) {
    List<String> fields = new ArrayList<>(frame.fieldNames());
    return fields.get(random.nextInt(fields.size()));
  }

  private static Object swapped(Object value, Random random) {
    Object[] others = {"text", 42, -7.5, true, null, new JsonArray().add(1), new JsonObject().put("k", "v"), ""};
    Object other = others[random.nextInt(others.length)];
    return other != null && value != null && other.getClass() == value.getClass() ? null : other;
  }
}
