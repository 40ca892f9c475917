package io.tandem.bench.scenario;

import java.util.List;

/** Every scenario the bench knows, in the order a full run takes them. */
public final class Scenarios {
  public static final List<Scenario> ALL = List.of(new Streaming(), new IdleRooms(), new JoinStorm(), new LargePage(), new Seek(),
      new CrossNode(), new Live());

  private Scenarios() {}

  public static Scenario byId(String id) {
    return ALL.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown scenario '" + id + "' (" + String.join(", ", ALL.stream().map(Scenario::id).toList()) + ")"));
  }

  /** The ids of every scenario, comma-separated: the default of {@code --scenarios}. */
  public static String allIds() {
    return String.join(",", ALL.stream().map(Scenario::id).toList());
  }
}
