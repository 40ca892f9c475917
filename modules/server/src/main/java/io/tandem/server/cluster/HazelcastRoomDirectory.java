package io.tandem.server.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.room.RoomDirectory;
import io.tandem.server.room.SessionProof;
import io.tandem.server.room.SessionProofRefused;
import io.vertx.core.Context;
import io.vertx.core.Future;
import com.hazelcast.query.Predicate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Room ownership in the Hazelcast map {@code tandem.rooms}: sessionId → {nodeId, epoch, proof}. */
public final class HazelcastRoomDirectory implements RoomDirectory {
  static final String MAP = "tandem.rooms";

  private final IMap<String, Ownership> owners;
  private final com.hazelcast.cluster.Cluster members;
  /** This run of the node ({@link ClusteredVertx#RUN_ATTRIBUTE}), stamped on its claims. */
  private final String run;
  private final long releasedTtlSeconds;
  private final long unwatchedReleasedTtlSeconds;

  public HazelcastRoomDirectory(HazelcastInstance hazelcast, ClusterSettings settings, MeterRegistry registry) {
    this.owners = hazelcast.getMap(MAP);
    this.members = hazelcast.getCluster();
    this.run = ClusteredVertx.run(members.getLocalMember());
    // The records this member holds (live and released); local stats, so a scrape never waits on the cluster.
    Gauge.builder("tandem.room.records", owners, map -> map.getLocalMapStats().getOwnedEntryCount())
        .description("Room ownership records held by this member (live rooms and released ones kept for a while)").register(registry);
    this.releasedTtlSeconds = settings.releasedTtlSeconds();
    this.unwatchedReleasedTtlSeconds = settings.unwatchedReleasedTtlSeconds();
  }

  @Override
  public Future<Long> claim(String sessionId, String nodeId, SessionProof proof) {
    ClaimOwnership claim = new ClaimOwnership(nodeId, run, proof, members.getClusterTime());
    return Future.fromCompletionStage(owners.submitToKey(sessionId, claim)).map(ownership -> {
      if (!ownership.claimId().equals(claim.claimId)) {
        throw new SessionProofRefused(sessionId);
      }
      return ownership.epoch();
    });
  }

  @Override
  public Future<Void> release(String sessionId, long epoch, boolean watched) {
    long ttl = watched ? releasedTtlSeconds : unwatchedReleasedTtlSeconds;
    return Future.fromCompletionStage(owners.submitToKey(sessionId, new ReleaseOwnership(epoch, ttl))).mapEmpty();
  }

  /** Releases a claim as a watched room's end does; answers whether it was still the room's claim. */
  Future<Boolean> releaseOrphan(String sessionId, long epoch) {
    return Future.fromCompletionStage(owners.submitToKey(sessionId, new ReleaseOwnership(epoch, releasedTtlSeconds)));
  }

  /** The room's current owner, empty if nobody owns it; answered on {@code context}. */
  Future<Optional<Ownership>> owner(String sessionId, Context context) {
    return Future.fromCompletionStage(owners.getAsync(sessionId), context).map(o -> Optional.ofNullable(o).filter(x -> !x.released()));
  }

  /**
   * The live claims made by runs not in {@code liveRuns}: their node died, or restarted (a
   * new run), and no tab has claimed the room since. A query of every partition, which blocks:
   * call it off the event loop.
   */
  Map<String, Ownership> claimsOfGoneMembers(Set<String> liveRuns) {
    Map<String, Ownership> found = new HashMap<>();
    owners.entrySet(new ClaimOfGoneMember(Set.copyOf(liveRuns))).forEach(entry -> found.put(entry.getKey(), entry.getValue()));
    return found;
  }

  /** Runs on the members that hold the entries, so it travels there: a record of serializable parts. */
  private record ClaimOfGoneMember(Set<String> liveRuns) implements Predicate<String, Ownership> {
    @Override
    public boolean apply(Map.Entry<String, Ownership> entry) {
      Ownership ownership = entry.getValue();
      return !ownership.released() && !liveRuns.contains(ownership.memberId());
    }
  }

  /**
   * A new claim of a room, with the node whose live claim it replaced: empty if the room was new or
   * released (a released entry has no node).
   */
  record Claim(String room, Ownership ownership, String previousOwner) {}

  /** Calls {@code claimed} (on a Hazelcast thread) with every new claim of any room. */
  void watchClaims(Consumer<Claim> claimed) {
    owners.addEntryListener(new ClaimListener(claimed), true);
  }

  /** A claim made in the other half of a split cluster reaches this half as a merge ({@link NewestClaimWins}). */
  private record ClaimListener(Consumer<Claim> claimed)
      implements EntryAddedListener<String, Ownership>, EntryUpdatedListener<String, Ownership>, EntryMergedListener<String, Ownership> {
    @Override
    public void entryAdded(EntryEvent<String, Ownership> event) {
      notify(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, Ownership> event) {
      notify(event);
    }

    @Override
    public void entryMerged(EntryEvent<String, Ownership> event) {
      notify(event);
    }

    private void notify(EntryEvent<String, Ownership> event) {
      if (!event.getValue().released()) {
        Ownership previous = event.getOldValue();
        claimed.accept(new Claim(event.getKey(), event.getValue(), previous == null ? "" : previous.nodeId()));
      }
    }
  }
}
