package io.tandem.bench.chaos;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * A TCP balancer on loopback in front of the nodes, as a Kubernetes Service is: each new connection
 * goes to the next ready node, or to the one after if the connection is refused. A node is ready
 * once its probe answers and until {@link #FAILURE_THRESHOLD} probes in a row do not (probed every
 * {@link #PROBE_MILLIS}), as Kubernetes' readiness probe counts failures, so one slow answer on a
 * loaded machine does not take a node out. Each node has its own prober, as each pod has its own
 * probe: a slow answer from a starved node does not keep a dead one listed. Bytes pass unchanged
 * both ways; when either side closes, so does the other, so a node's death reaches its clients as
 * a close.
 */
final class Balancer implements AutoCloseable {
  private static final long PROBE_MILLIS = 300;
  private static final int FAILURE_THRESHOLD = 2;
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS));
  private final List<ChaosNode> nodes;
  private final boolean[] live;
  private final int[] failures;
  private final long[] unlistedNanos;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final List<Thread> probers;
  private final Predicate<ChaosNode> readiness;
  private NetServer server;
  private volatile boolean closed;

  private Balancer(List<ChaosNode> nodes, Predicate<ChaosNode> readiness) {
    this.nodes = nodes;
    this.readiness = readiness;
    this.live = new boolean[nodes.size()];
    this.failures = new int[nodes.size()];
    this.unlistedNanos = new long[nodes.size()];
    this.probers = IntStream.range(0, nodes.size()).mapToObj(this::prober).toList();
  }

  static Balancer start(List<ChaosNode> nodes) {
    return start(nodes, ChaosNode::ready);
  }

  /** With another readiness probe than the nodes' own (a test's). */
  static Balancer start(List<ChaosNode> nodes, Predicate<ChaosNode> readiness) {
    Balancer balancer = new Balancer(nodes, readiness);
    balancer.server = balancer.vertx.createNetServer().connectHandler(balancer::accept);
    await(balancer.server.listen(0, "127.0.0.1"));
    balancer.probers.forEach(Thread::start);
    return balancer;
  }

  int port() {
    return server.actualPort();
  }

  /** A ready node, drawn at random (where the run sends agents); null if none. */
  synchronized ChaosNode randomLive() {
    List<ChaosNode> up = liveNodes();
    return up.isEmpty() ? null : up.get(ThreadLocalRandom.current().nextInt(up.size()));
  }

  synchronized List<ChaosNode> liveNodes() {
    return IntStream.range(0, nodes.size()).filter(i -> live[i]).mapToObj(nodes::get).toList();
  }

  /** Connections turned away because no live node took them. */
  long refused() {
    return refused.get();
  }

  /** When the balancer last stopped sending to {@code node} (System.nanoTime), or 0 if it never has. */
  synchronized long unlistedNanos(ChaosNode node) {
    return unlistedNanos[nodes.indexOf(node)];
  }

  private Thread prober(int node) {
    Thread prober = new Thread(() -> probe(node), "balancer-probe-" + nodes.get(node).id);
    prober.setDaemon(true);
    return prober;
  }

  private void probe(int i) {
    while (!closed) {
      boolean ready = readiness.test(nodes.get(i));
      synchronized (this) {
        failures[i] = ready ? 0 : failures[i] + 1;
        boolean listed = ready || (live[i] && failures[i] < FAILURE_THRESHOLD);
        if (live[i] && !listed) {
          unlistedNanos[i] = System.nanoTime();
        }
        live[i] = listed;
      }
      try {
        Thread.sleep(PROBE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void accept(NetSocket downstream) {
    downstream.pause();
    connect(downstream, nodes.size());
  }

  private void connect(NetSocket downstream, int triesLeft) {
    ChaosNode node = nextLive();
    if (node == null || triesLeft == 0) {
      refused.incrementAndGet();
      downstream.close();
      return;
    }
    client.connect(node.port, "127.0.0.1").onComplete(result -> {
      if (result.failed()) {
        connect(downstream, triesLeft - 1);
        return;
      }
      NetSocket upstream = result.result();
      downstream.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> downstream.close());
      downstream.exceptionHandler(e -> downstream.close());
      upstream.exceptionHandler(e -> upstream.close());
      downstream.handler(buffer -> relay(buffer, upstream, downstream));
      upstream.handler(buffer -> relay(buffer, downstream, upstream));
      downstream.resume();
    });
  }

  /** Writes and applies back-pressure: the source pauses while the destination's queue is full. */
  private static void relay(Buffer buffer, NetSocket to, NetSocket from) {
    to.write(buffer);
    if (to.writeQueueFull()) {
      from.pause();
      to.drainHandler(v -> from.resume());
    }
  }

  private synchronized ChaosNode nextLive() {
    for (int i = 0; i < nodes.size(); i++) {
      int at = Math.floorMod(next.getAndIncrement(), nodes.size());
      if (live[at]) {
        return nodes.get(at);
      }
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    probers.forEach(Thread::interrupt);
    await(vertx.close());
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the balancer's Vert.x did not answer: " + e, e);
    }
  }
}
