package io.tandem.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingValue;
import io.tandem.server.room.SessionProof;
import org.junit.jupiter.api.Test;

/** The rule the ownership map merges by after a split; {@link SplitBrainTest} shows the split itself. */
class NewestClaimWinsTest {
  private static final SessionProof PROOF = SessionProof.of("secret");
  private final NewestClaimWins policy = new NewestClaimWins();

  @Test
  void theHigherEpochWinsWhicheverSideItComesFrom() {
    Ownership older = live("node-1", 4, "claim-a");
    Ownership newer = live("node-2", 5, "claim-b");
    assertThat(policy.merge(value(newer), value(older))).isEqualTo(newer);
    assertThat(policy.merge(value(older), value(newer))).isEqualTo(newer);
  }

  @Test
  void atTheSameEpochTheReleaseWinsOverTheClaimItEnded() {
    Ownership claim = live("node-1", 7, "claim-a");
    Ownership released = new Ownership("", "member-node-1", 7, "claim-a", PROOF);
    assertThat(policy.merge(value(claim), value(released))).isEqualTo(released);
    assertThat(policy.merge(value(released), value(claim))).isEqualTo(released);
  }

  @Test
  void twoClaimsMadeApartWithOneEpochAreOrderedTheSameOnEveryMember() {
    Ownership first = live("node-1", 3, "claim-a");
    Ownership second = live("node-2", 3, "claim-b");
    assertThat(policy.merge(value(first), value(second))).isEqualTo(policy.merge(value(second), value(first))).isEqualTo(second);
  }

  @Test
  void anEntryOnlyOneSideHasIsKept() {
    Ownership only = live("node-1", 1, "claim-a");
    assertThat(policy.merge(value(only), null)).isEqualTo(only);
  }

  private static Ownership live(String node, long epoch, String claimId) {
    return new Ownership(node, "member-" + node, epoch, claimId, PROOF);
  }

  /** Hazelcast hands the policy serialized and deserialized views; here both are the record. */
  private static MergingValue<Ownership> value(Ownership ownership) {
    return new MergingValue<>() {
      @Override
      public Ownership getValue() {
        return ownership;
      }

      @Override
      public Object getRawValue() {
        return ownership;
      }
    };
  }
}
