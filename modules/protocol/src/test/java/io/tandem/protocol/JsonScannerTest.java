package io.tandem.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonScannerTest {
  private static final int DEPTH = 200;
  private static final JsonFactory JACKSON = new JsonFactory();

  /** Scans {@code json} as a payload: an array and nothing after it; returns its element count. */
  private static int scanArray(byte[] json, int maxDepth) {
    JsonScanner scanner = new JsonScanner(json, maxDepth);
    int count = scanner.array(1);
    if (scanner.peek() != -1) {
      throw scanner.malformed("nothing after the array");
    }
    return count;
  }

  private static int scanArray(String json) {
    return scanArray(json.getBytes(StandardCharsets.UTF_8), DEPTH);
  }

  @Nested
  @DisplayName("well-formed arrays")
  class Valid {
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "[]",
          " [ ] ",
          "[1]",
          "[0,-0,1.5,-2.25e10,3E+2,4e-3,123456789012345678901234567890]",
          "[true,false,null]",
          "[\"\",\"a\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"\\u00e9\\uD83D\\uDE00\"]",
          "[\"é漢字😀\"]",
          "[{},{\"a\":1},{\"a\":{\"b\":[1,{\"c\":null}]}}]",
          "[[],[[]],[[[1,2],3]]]",
          "\t[\r\n{ \"type\" : 3 , \"data\" : { \"x\" : [ 1 , 2 ] } }\n]\n",
        })
    void areAccepted(String json) {
      assertThat(scanArray(json)).isGreaterThanOrEqualTo(0);
      assertThat(jacksonAcceptsArray(json.getBytes(StandardCharsets.UTF_8))).as("Jackson agrees").isTrue();
    }

    @Test
    void countsOnlyTheTopLevelElements() {
      assertThat(scanArray("[]")).isZero();
      assertThat(scanArray("[{\"type\":2,\"data\":[1,2,3]},{\"type\":3},[4,5],\"x,y\",\"]\"]")).isEqualTo(5);
    }
  }

  @Nested
  @DisplayName("malformed input")
  class Invalid {
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          "",
          "   ",
          "{}",
          "\"[1]\"",
          "[",
          "]",
          "[1,]",
          "[,1]",
          "[1 2]",
          "[1,,2]",
          "[01]",
          "[1.]",
          "[.5]",
          "[1e]",
          "[-]",
          "[+1]",
          "[1.5.2]",
          "[NaN]",
          "[Infinity]",
          "[tru]",
          "[truex]",
          "[nul]",
          "[True]",
          "['a']",
          "[\"a]",
          "[\"\\x\"]",
          "[\"\\u12\"]",
          "[\"\\u12G4\"]",
          "[\"a\tb\"]",
          "[{a:1}]",
          "[{\"a\"}]",
          "[{\"a\":}]",
          "[{\"a\":1,}]",
          "[{\"a\" 1}]",
          "[{1:2}]",
          "[1] x",
          "[1][2]",
          "[1]]",
          "[/*c*/1]",
        })
    void isRefusedWithMalformedFrame(String json) {
      assertThatThrownBy(() -> scanArray(json))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME))
          .hasMessageStartingWith("not valid JSON: expected");
      assertThat(jacksonAcceptsArray(json.getBytes(StandardCharsets.UTF_8))).as("Jackson agrees").isFalse();
    }

    @ParameterizedTest(name = "bytes {0}")
    @ValueSource(
        strings = {
          "80", // a continuation byte alone
          "C0 80", // an overlong encoding of NUL
          "C1 BF",
          "E0 80 80", // overlong three-byte
          "ED A0 80", // a UTF-16 surrogate encoded in UTF-8
          "F0 80 80 80", // overlong four-byte
          "F4 90 80 80", // above U+10FFFF
          "F5 80 80 80",
          "C3", // cut short
          "E6 BC", // cut short
          "C3 28", // a lead byte without its continuation
          "FF",
        })
    void refusesInvalidUtf8InsideAString(String hex) {
      byte[] json = withBytesInString(hex);
      assertThatThrownBy(() -> scanArray(json, DEPTH))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME))
          .hasMessageContaining("UTF-8");
    }

    @Test
    void acceptsEveryLongestValidUtf8Form() {
      assertThat(scanArray(withBytesInString("DF BF EF BF BF F4 8F BF BF E0 A0 80 F0 90 80 80 ED 9F BF"), DEPTH)).isEqualTo(1);
    }

    @Test
    void saysWhereTheProblemIs() {
      assertThatThrownBy(() -> scanArray("[1,2,x]")).hasMessage("not valid JSON: expected a value at byte 5");
      assertThatThrownBy(() -> scanArray("[1,2")).hasMessage("not valid JSON: expected ',' or ']' in an array at the end of the text");
    }
  }

  @Nested
  @DisplayName("nesting depth")
  class Depth {
    @Test
    void acceptsExactlyTheMaximumAndRefusesOneMore() {
      assertThat(scanArray(nested(DEPTH).getBytes(StandardCharsets.US_ASCII), DEPTH)).isEqualTo(1);
      assertThatThrownBy(() -> scanArray(nested(DEPTH + 1).getBytes(StandardCharsets.US_ASCII), DEPTH))
          .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_FRAME))
          .hasMessageContaining("nesting of at most 200 levels");
    }

    @Test
    void countsObjectsAsLevelsToo() {
      String objects = "[" + "{\"a\":".repeat(DEPTH - 1) + "1" + "}".repeat(DEPTH - 1) + "]";
      assertThat(scanArray(objects.getBytes(StandardCharsets.US_ASCII), DEPTH)).isEqualTo(1);
      assertThatThrownBy(() -> scanArray(("[" + objects + "]").getBytes(StandardCharsets.US_ASCII), DEPTH))
          .hasMessageContaining("nesting");
    }

    @Test
    void refusesAMillionOpeningBracketsWithoutRecursingIntoThem() {
      byte[] deep = "[".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> scanArray(deep, DEPTH)).hasMessageContaining("nesting");
    }

    /** {@code levels} arrays inside each other, the innermost holding one number. */
    private static String nested(int levels) {
      return "[".repeat(levels) + "7" + "]".repeat(levels);
    }
  }

  @Nested
  @DisplayName("huge input")
  class Huge {
    @Test
    void countsTheEventsOfAnEightMegabytePayload() {
      String event = "{\"type\":3,\"data\":{\"source\":0,\"texts\":[],\"attributes\":[{\"id\":12,\"attributes\":{\"style\":\"color: red\"}}]},\"timestamp\":1700000000000}";
      int events = 8 * 1024 * 1024 / (event.length() + 1);
      StringBuilder json = new StringBuilder(8 * 1024 * 1024 + 16).append('[');
      for (int i = 0; i < events; i++) {
        json.append(i == 0 ? "" : ",").append(event);
      }
      byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.UTF_8);

      assertThat(scanArray(bytes, DEPTH)).isEqualTo(events);
    }

    @Test
    void scansAFiveMegabyteStringOfEveryKindOfCharacter() {
      String chunk = "plain ascii, é, 漢字, 😀, \\\"quoted\\\", \\u0041 ";
      String text = chunk.repeat(5 * 1024 * 1024 / chunk.length());
      assertThat(scanArray("[\"" + text + "\",1]")).isEqualTo(2);
      assertThatThrownBy(() -> scanArray("[\"" + text + "]")).hasMessageContaining("the end of a string");
    }
  }

  @Nested
  @DisplayName("agrees with Jackson")
  class Differential {
    private static final String SIGNIFICANT = "[]{}\",:0123456789.eE+-tfnul \\/xa";

    @Test
    void onFiveThousandMutationsOfAnEventBatch() {
      byte[] seed = ("[{\"type\":3,\"data\":{\"source\":2,\"x\":-1.5e3,\"ok\":true,\"n\":null,"
          + "\"t\":\"a\\\"b\\u00e9\",\"ids\":[1,2,[3,{}]]},\"timestamp\":1700000000000},[],\"z\"]").getBytes(StandardCharsets.UTF_8);
      Random random = new Random(14);
      for (int i = 0; i < 5_000; i++) {
        byte[] input = mutate(seed, random, 1 + random.nextInt(3));
        if (scannerAccepts(input) != jacksonAcceptsArray(input)) {
          assertThat(scannerAccepts(input)).as("scanner on %s", new String(input, StandardCharsets.UTF_8)).isEqualTo(jacksonAcceptsArray(input));
        }
      }
    }

    private static byte[] mutate(byte[] seed, Random random, int edits) {
      byte[] out = seed;
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(out.length);
        byte b = (byte) SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length()));
        byte[] next;
        switch (random.nextInt(3)) {
          case 0 -> { // delete
            next = new byte[out.length - 1];
            System.arraycopy(out, 0, next, 0, at);
            System.arraycopy(out, at + 1, next, at, out.length - at - 1);
          }
          case 1 -> { // insert
            next = new byte[out.length + 1];
            System.arraycopy(out, 0, next, 0, at);
            next[at] = b;
            System.arraycopy(out, at, next, at + 1, out.length - at);
          }
          default -> { // replace
            next = out.clone();
            next[at] = b;
          }
        }
        out = next.length == 0 ? seed : next;
      }
      return out;
    }

    private static boolean scannerAccepts(byte[] input) {
      try {
        scanArray(input, DEPTH);
        return true;
      } catch (ProtocolException e) {
        return false;
      }
    }
  }

  private static byte[] withBytesInString(String hex) {
    String[] parts = hex.split(" ");
    byte[] json = new byte[parts.length + 4];
    json[0] = '[';
    json[1] = '"';
    for (int i = 0; i < parts.length; i++) {
      json[i + 2] = (byte) Integer.parseInt(parts[i], 16);
    }
    json[json.length - 2] = '"';
    json[json.length - 1] = ']';
    return json;
  }

  /** Jackson's verdict: one top-level array and nothing after it. */
  private static boolean jacksonAcceptsArray(byte[] input) {
    try (JsonParser parser = JACKSON.createParser(input)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
