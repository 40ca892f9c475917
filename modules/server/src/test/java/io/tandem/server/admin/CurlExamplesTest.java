package io.tandem.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs every {@code sh} block of docs/admin-api.md with curl, in order, and checks the status it promises. */
@ExtendWith(VertxExtension.class)
class CurlExamplesTest {
  private static final Path DOC = Path.of("../../docs/admin-api.md");
  private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EXPECTED = Pattern.compile("# → (\\d{3})");
  private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/[\\d.]+ (\\d{3})");

  private record Example(String script, int status) {}

  private static List<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    Matcher block = BLOCK.matcher(Files.readString(DOC));
    while (block.find()) {
      Matcher expected = EXPECTED.matcher(block.group(1));
      assertThat(expected.find()).as("a '# → status' line in:\n" + block.group(1)).isTrue();
      examples.add(new Example(block.group(1), Integer.parseInt(expected.group(1))));
    }
    return examples;
  }

  @Test
  void everyExampleAnswersWithTheStatusItShows(Vertx vertx, @TempDir Path dataDir) throws Exception {
    TestNode node = TestNode.start(vertx, dataDir);
    String token = new Http(vertx, node.port).adminToken();
    List<Example> examples = examples();
    assertThat(examples).hasSizeGreaterThan(25);

    for (Example example : examples) {
      ProcessBuilder shell = new ProcessBuilder("sh", "-euc", example.script()).redirectErrorStream(true);
      shell.environment().put("TANDEM", node.origin());
      shell.environment().put("PASSWORD", TestNode.AGENT_PASSWORD);
      shell.environment().put("TOKEN", token);
      Process process = shell.start();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(example.script() + "\n" + output).isZero();
      Matcher status = STATUS_LINE.matcher(output);
      assertThat(status.find()).as("a status line from:\n" + example.script() + "\n" + output).isTrue();
      assertThat(Integer.parseInt(status.group(1))).as(example.script() + "\n" + output).isEqualTo(example.status());
    }
  }
}
