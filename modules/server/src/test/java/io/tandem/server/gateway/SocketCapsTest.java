package io.tandem.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The node-wide caps on tracker sockets, shared by every event loop. */
@DisplayName("tracker socket caps")
class SocketCapsTest {

  @Test
  void holdExactlyWhenManyThreadsOpenAtOnce() {
    SocketCaps caps = new SocketCaps(100, 50);
    AtomicInteger opened = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 1000; i++) {
            if (caps.tryOpenFrom("203.0.113.7")) {
              opened.incrementAndGet();
            }
          }
        }, threads));
      }
      runs.forEach(CompletableFuture::join);
    } finally {
      threads.shutdown();
    }
    assertThat(opened).hasValue(50);
    assertThat(caps.openFrom("203.0.113.7")).isEqualTo(50);
  }

  @Test
  void aClosedSocketGivesItsPlaceBackAndAnEmptyKeyIsForgotten() {
    SocketCaps caps = new SocketCaps(2, 1);
    assertThat(caps.tryOpenFor("demo")).isTrue();
    assertThat(caps.tryOpenFor("demo")).isTrue();
    assertThat(caps.tryOpenFor("demo")).isFalse();
    assertThat(caps.tryOpenFor("other")).as("per project").isTrue();
    caps.closedFor("demo");
    assertThat(caps.tryOpenFor("demo")).isTrue();

    assertThat(caps.tryOpenFrom("203.0.113.7")).isTrue();
    caps.closedFrom("203.0.113.7");
    caps.closedFrom("203.0.113.7");
    assertThat(caps.openFrom("203.0.113.7")).as("never below zero").isZero();
    assertThat(caps.tryOpenFrom("203.0.113.7")).isTrue();
    assertThat(caps.tryOpenFrom("203.0.113.7")).isFalse();
  }
}
