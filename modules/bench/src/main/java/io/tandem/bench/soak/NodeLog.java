package io.tandem.bench.soak;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node's log, as its {@code LogFormat} writes it (time, level, logger, message): error-level
 * lines are java.util.logging's SEVERE, which is what Vert.x and Netty log unhandled failures at.
 */
final class NodeLog {
  private static final Pattern SEVERE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ SEVERE .*");
  private static final Pattern WARNING = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ WARNING .*");
  private static final int EXAMPLES = 5;

  private final Path file;

  NodeLog(Path file) {
    this.file = file;
  }

  long errorLines() {
    return count(SEVERE);
  }

  long warningLines() {
    return count(WARNING);
  }

  /** The first few error lines, for the report. */
  JsonArray errorExamples() {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      List<String> found = lines.filter(line -> SEVERE.matcher(line).matches()).limit(EXAMPLES).toList();
      return new JsonArray(List.copyOf(found));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long count(Pattern level) {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      return lines.filter(line -> level.matcher(line).matches()).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file() {
    return file;
  }
}
