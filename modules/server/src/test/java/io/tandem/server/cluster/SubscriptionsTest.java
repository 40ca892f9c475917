package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.peer.AgentPeer;
import io.vertx.core.Future;
import io.tandem.server.room.SessionProof;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the cluster with a faked directory and owners: what reaches the socket when
 * a room moves. The real path is in {@link FailoverTest}.
 */
class SubscriptionsTest {
  private static final String ROOM = "room-unit-1";
  private static final byte[] JOINED = utf8("{\"t\":\"joined\",\"room\":\"" + ROOM + "\",\"session\":{}}");

  private static final SessionProof PROOF = SessionProof.of("the-session-secret-0123456789");

  private final Vertx vertx = Vertx.vertx();
  private final FakeOwners owners = new FakeOwners();
  private final Socket socket = new Socket();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void aMovedRoomIsFollowedWithoutDuplicatesAndTheOldOwnerIsFenced() {
    Subscriptions subscriptions = new Subscriptions(vertx, owners, 4, 30_000, registry);
    owners.current.put(ROOM, new Ownership("node-a", 3, "claim-3", PROOF));
    subscriptions.join(socket, ROOM);
    Subscription subscription = owners.joins.get(0);
    String key = subscription.agent.key;
    assertThat(subscription.owner).isEqualTo("node-a");

    subscriptions.deliver(key, ROOM, 3, FrameType.JOINED, JOINED);
    subscriptions.deliver(key, ROOM, 3, FrameType.EVENTS, events(1, true));
    subscriptions.deliver(key, ROOM, 3, FrameType.EVENTS, events(2, false));
    subscriptions.deliver(key, ROOM, 3, FrameType.EVENTS, events(2, false));

    subscriptions.claimed(ROOM, new Ownership("node-b", 4, "claim-4", PROOF));
    assertThat(owners.joins).hasSize(2);
    assertThat(owners.joins.get(1).owner).isEqualTo("node-b");
    subscriptions.deliver(key, ROOM, 3, FrameType.EVENTS, events(3, false));
    subscriptions.deliver(key, ROOM, 4, FrameType.JOINED, JOINED);
    subscriptions.deliver(key, ROOM, 4, FrameType.EVENTS, events(2, true));
    subscriptions.deliver(key, ROOM, 4, FrameType.EVENTS, events(5, true));

    assertThat(socket.types()).containsExactly(FrameType.JOINED, FrameType.EVENTS, FrameType.EVENTS, FrameType.ROOM, FrameType.EVENTS);
    assertThat(socket.frames.get(3)).startsWith("{\"t\":\"room\",\"room\":\"" + ROOM + "\"");
    assertThat(socket.frames.get(4)).contains("\"seq\":5");
    assertThat(registry.counter("tandem_cluster_dropped_total", "reason", "stale_epoch").count()).isEqualTo(1);
    assertThat(registry.counter("tandem_cluster_dropped_total", "reason", "duplicate").count()).isEqualTo(2);
  }

  @Test
  void aRoomWhoseOwnerLeftEndsForItsAgentsWhenNobodyClaimsItInTime() {
    Subscriptions subscriptions = new Subscriptions(vertx, owners, 4, 300, registry);
    owners.current.put(ROOM, new Ownership("node-a", 1, "claim-1", PROOF));
    vertx.runOnContext(v -> {
      subscriptions.join(socket, ROOM);
      subscriptions.deliver(owners.joins.get(0).agent.key, ROOM, 1, FrameType.JOINED, JOINED);
      subscriptions.nodeLeft("node-a");
    });

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!socket.types().contains(FrameType.ENDED) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(socket.types()).containsExactly(FrameType.JOINED, FrameType.ENDED);
    assertThat(owners.joins).as("no join is sent to the node that left").hasSize(1);
  }

  @Test
  void aJoinRefusedByTheOwnerReachesTheAgentAndForgetsTheRoom() {
    Subscriptions subscriptions = new Subscriptions(vertx, owners, 4, 30_000, registry);
    owners.current.put(ROOM, new Ownership("node-a", 2, "claim-2", PROOF));
    subscriptions.join(socket, ROOM);
    String key = owners.joins.get(0).agent.key;
    subscriptions.fail(key, ROOM, 2, ErrorCode.ROOM_FULL, "full");
    subscriptions.deliver(key, ROOM, 2, FrameType.EVENTS, events(1, true));

    assertThat(socket.errors).containsExactly(ErrorCode.ROOM_FULL);
    assertThat(socket.frames).isEmpty();
  }

  private static byte[] utf8(String frame) {
    return frame.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] events(long seq, boolean snapshot) {
    return utf8("{\"t\":\"events\",\"room\":\"" + ROOM + "\",\"tab\":\"tab-1\",\"seq\":" + seq + ",\"snapshot\":" + snapshot + ",\"d\":[{\"type\":3}]}");
  }

  private static final class FakeOwners implements Subscriptions.Owners {
    final Map<String, Ownership> current = new HashMap<>();
    final List<Subscription> joins = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Future<Optional<Ownership>> owner(String room) {
      return Future.succeededFuture(Optional.ofNullable(current.get(room)));
    }

    @Override
    public Future<Void> join(Subscription subscription) {
      joins.add(subscription);
      return Future.succeededFuture();
    }

    @Override
    public void send(Subscription subscription, String op, String body) {}
  }

  private static final class Socket implements AgentPeer {
    final List<FrameType> sent = Collections.synchronizedList(new ArrayList<>());
    final List<String> frames = Collections.synchronizedList(new ArrayList<>());
    final List<ErrorCode> errors = Collections.synchronizedList(new ArrayList<>());

    @Override
    public AgentIdentity agent() {
      return new AgentIdentity("agent-1", "Agent", List.of(AgentIdentity.ROLE_AGENT), Set.of("demo"));
    }

    @Override
    public void send(FrameType type, byte[] frame) {
      sent.add(type);
      frames.add(new String(frame, StandardCharsets.UTF_8));
    }

    @Override
    public void fail(ErrorCode code, String message, String room) {
      errors.add(code);
    }

    @Override
    public void close(short code, String reason) {}

    List<FrameType> types() {
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }
  }
}
