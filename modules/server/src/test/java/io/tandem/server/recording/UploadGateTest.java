package io.tandem.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.testing.TestNode;
import io.tandem.server.testing.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/recordings} reads no body before it knows who sends it and has room for it (issue #13,
 * HTTP): unauthenticated uploads are refused while their bodies wait unread, a node takes at most
 * {@code recordings.maxConcurrentUploads} at once, and nothing a request sends lands on disk.
 */
@ExtendWith(VertxExtension.class)
class UploadGateTest {
  private static final int CONCURRENT = 64;
  private static final int BODY_BYTES = 4 * 1024 * 1024;
  private static final byte[] PIECE = new byte[64 * 1024];
  private static final long MIB = 1024 * 1024;

  @Test
  void unauthenticatedUploadsAreRefusedBeforeTheirBodiesAreReadAndTheHeapStaysFlat(Vertx vertx, @TempDir Path dataDir) throws Exception {
    TestNode node = TestNode.start(vertx, dataDir);
    long heapBefore = heapAfterGc();
    List<Socket> sockets = new ArrayList<>();
    // all at once: every connection sends its headers, half with no token and half with a forged one
    for (int i = 0; i < CONCURRENT; i++) {
      Socket socket = new Socket("127.0.0.1", node.port);
      socket.setSoTimeout(20_000);
      sockets.add(socket);
      String authorization = i % 2 == 0 ? "" : "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.Zm9yZ2Vk\r\n";
      send(socket, "POST /api/recordings/rec-" + i + "/chunks?seq=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: " + BODY_BYTES + "\r\n" + authorization + "\r\n");
    }
    // not one byte of any body has been sent: a node that read bodies first would answer nothing here
    for (Socket socket : sockets) {
      String head = head(socket.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 401").containsIgnoringCase("connection: close");
    }

    // now every client pushes its 4 MiB anyway, as an attacker would, all at the same time
    List<MemoryPoolMXBean> oldGeneration = oldGeneration();
    oldGeneration.forEach(MemoryPoolMXBean::resetPeakUsage);
    long oldBefore = oldGeneration.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT);
    List<Future<Long>> pushed = new ArrayList<>();
    for (Socket socket : sockets) {
      pushed.add(clients.submit(() -> push(socket)));
    }
    long delivered = 0;
    for (Future<Long> bytes : pushed) {
      delivered += bytes.get(60, TimeUnit.SECONDS);
    }
    clients.shutdown();
    long oldPeak = oldGeneration.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    for (Socket socket : sockets) {
      socket.close();
    }
    long heapAfter = heapAfterGc();

    System.out.printf("%d unauthenticated 4 MiB uploads, all refused with 401 before any body byte was sent; then the clients wrote %d MiB of body anyway"
            + "; the node's heap after GC: %d MiB before, %d MiB after; old generation peak +%d MiB during the push (the bodies in memory"
            + " would take %d MiB)%n",
        CONCURRENT, delivered / MIB, heapBefore / MIB, heapAfter / MIB, (oldPeak - oldBefore) / MIB, CONCURRENT * BODY_BYTES / MIB);
    assertThat(heapAfter - heapBefore).as("heap growth after the refused uploads").isLessThan(16 * MIB);
    assertThat(oldPeak - oldBefore).as("old generation growth while the bodies were pushed").isLessThan(CONCURRENT * BODY_BYTES / 8);
  }

  @Test
  void aNodeTakesAtMostMaxConcurrentUploadsAndSaysWhenToComeBack(Vertx vertx, @TempDir Path dataDir) throws Exception {
    TestNode node = TestNode.start(vertx, dataDir, new JsonObject().put("recordings", new JsonObject().put("maxConcurrentUploads", 2)));
    String token = Wire.login(node);
    String chunk = "POST /api/recordings/no-such-recording/chunks?seq=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 5\r\n";
    // two uploads hold the node's two slots while their bodies are still on the way: each is told
    // "100 Continue" once its token is checked and it has a slot, and sends nothing more for now
    Socket first = connect(node);
    Socket second = connect(node);
    for (Socket held : List.of(first, second)) {
      send(held, chunk + "Expect: 100-continue\r\n\r\n");
      assertThat(head(held.getInputStream())).startsWith("HTTP/1.1 100");
    }
    Socket third = connect(node);
    send(third, chunk + "\r\n");
    String busy = head(third.getInputStream());
    assertThat(busy).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1").contains("RECORDING_UPLOADS_BUSY")
        .contains("recordings.maxConcurrentUploads");

    // one held upload ends (its body arrives; the recording does not exist): its slot is free again
    send(first, "webm!");
    assertThat(head(first.getInputStream())).startsWith("HTTP/1.1 404");
    Socket fourth = connect(node);
    send(fourth, chunk + "\r\nwebm!");
    assertThat(head(fourth.getInputStream())).startsWith("HTTP/1.1 404");
    for (Socket socket : List.of(first, second, third, fourth)) {
      socket.close();
    }
  }

  @Test
  void multipartFilesAreNeverWrittenToDisk(Vertx vertx, @TempDir Path dataDir) throws Exception {
    Path uploads = Path.of(BodyHandler.DEFAULT_UPLOADS_DIRECTORY);
    deleteTree(uploads);
    TestNode node = TestNode.start(vertx, dataDir);
    String token = Wire.login(node);
    String multipart = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.webm\"\r\nContent-Type: video/webm\r\n\r\n"
        + "x".repeat(10_000) + "\r\n--b--\r\n";
    for (String target : List.of("/api/auth/login", "/api/recordings", "/api/admin/projects")) {
      Socket socket = connect(node);
      send(socket, "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + multipart.length() + "\r\n\r\n" + multipart);
      assertThat(head(socket.getInputStream())).as(target).startsWith("HTTP/1.1 4");
      socket.close();
    }
    assertThat(uploads).as("BodyHandler's uploads directory").doesNotExist();
  }

  private static Socket connect(TestNode node) throws IOException {
    Socket socket = new Socket("127.0.0.1", node.port);
    socket.setSoTimeout(20_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The status line and headers of the next answer, and its body if it has a Content-Length. */
  private static String head(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    while (!text.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("the connection closed after: " + text);
      }
      text.append((char) c);
    }
    String head = text.toString();
    int length = head.toLowerCase().indexOf("content-length: ");
    if (length >= 0) {
      int size = Integer.parseInt(head.substring(length + 16, head.indexOf("\r\n", length)).trim());
      head += new String(in.readNBytes(size), StandardCharsets.UTF_8);
    }
    return head;
  }

  /** Writes a whole body, or as much as the node takes before it closes the connection; the bytes written. */
  private static long push(Socket socket) {
    long written = 0;
    try {
      OutputStream out = socket.getOutputStream();
      while (written < BODY_BYTES) {
        out.write(PIECE);
        written += PIECE.length;
      }
      out.flush();
    } catch (IOException closedByTheNode) {
      // expected: the node drops a little of a refused body, then closes
    }
    return written;
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Where large arrays (a buffered 4 MiB body) live: G1's old generation, or the tenured space. */
  private static List<MemoryPoolMXBean> oldGeneration() {
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported())
        .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
        .toList();
    assertThat(pools).as("the JVM's old-generation pool").isNotEmpty();
    return pools;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
