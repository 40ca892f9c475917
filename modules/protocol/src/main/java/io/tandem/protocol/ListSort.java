package io.tandem.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The orders a session list window can be asked in. Each sorts on keys a session never changes
 * (when it started, its user id), so a session keeps its place among the others and a console
 * orders the entries of its window itself: deltas never need to say where an entry moved.
 */
public enum ListSort {
  /** Latest {@code startedAt} first; ties by room id. */
  NEWEST("newest"),
  /** Earliest {@code startedAt} first; ties by room id. */
  OLDEST("oldest"),
  /** By user id (sessions without one last), then latest first, then room id. */
  USER("user");

  private final String wireName;

  ListSort(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ListSort> fromWireName(String name) {
    return Arrays.stream(values()).filter(sort -> sort.wireName.equals(name)).findFirst();
  }
}
