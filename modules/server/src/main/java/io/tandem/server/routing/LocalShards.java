package io.tandem.server.routing;

import io.tandem.protocol.AgentRequest;
import io.tandem.protocol.ErrorCode;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.room.RoomShard;
import io.tandem.server.room.Rooms;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The owner's side of this node: a {@link ForwardedAgents} per room shard. What the agent side (of
 * this node or, through the event bus, of another) sends to the owner of a room is handed to the
 * room's shard on the shard's context, in the order it was sent; that hop is the only way into a
 * shard's memberships, so a node alone runs the path a cluster runs. Callable from any thread.
 */
public final class LocalShards {
  private final Rooms rooms;
  private final List<RoomShard> shards;
  private final List<ForwardedAgents> forwarded;

  /** {@code agentNodes}: where the memberships' frames go, called on the shards' contexts. */
  public LocalShards(Rooms rooms, ForwardedAgents.AgentNodes agentNodes) {
    this.rooms = rooms;
    this.shards = rooms.shards();
    this.forwarded = shards.stream().map(shard -> new ForwardedAgents(shard, agentNodes)).toList();
  }

  /** {@code followed}: the epoch of the claim the agent's node followed here. */
  public void join(String node, String key, String room, AgentIdentity identity, Map<String, Long> since, long followed) {
    on(room, owner -> owner.join(node, key, room, identity, since, followed));
  }

  public void leave(String node, String key, String room) {
    on(room, owner -> owner.leave(node, key, room));
  }

  public void request(String node, String key, String room, AgentRequest request) {
    on(room, owner -> owner.request(node, key, room, request));
  }

  /** A request that could not be read back on this node: the agent's node hears why. */
  public void refused(String node, String key, String room, ErrorCode code, String message) {
    on(room, owner -> owner.refused(node, key, room, code, message));
  }

  public void closed(String node, String key, String room) {
    on(room, owner -> owner.closed(node, key, room));
  }

  /** A node left the cluster: its agents are gone from every room here. */
  public void nodeLeft(String node) {
    for (int i = 0; i < shards.size(); i++) {
      ForwardedAgents owner = forwarded.get(i);
      shards.get(i).context().runOnContext(v -> owner.nodeLeft(node));
    }
  }

  /**
   * Another node claimed the room at {@code epoch}: if this node held an older copy (or one of the
   * same epoch, after a split cluster merged), the shard drops it and its memberships here
   * ({@link RoomShard#disown}).
   */
  public void claimedElsewhere(String room, long epoch) {
    onShard(room, (shard, owner) -> {
      if (shard.disown(room, epoch)) {
        owner.roomMoved(room);
      }
    });
  }

  private void on(String room, Consumer<ForwardedAgents> action) {
    onShard(room, (shard, owner) -> action.accept(owner));
  }

  private void onShard(String room, BiConsumer<RoomShard, ForwardedAgents> action) {
    int index = Rooms.shardIndex(room, shards.size());
    RoomShard shard = shards.get(index);
    ForwardedAgents owner = forwarded.get(index);
    shard.context().runOnContext(v -> action.accept(shard, owner));
  }
}
