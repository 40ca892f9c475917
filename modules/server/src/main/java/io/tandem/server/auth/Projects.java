package io.tandem.server.auth;

import io.tandem.server.storage.ProjectStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The projects, held in memory for trackers to be checked against without a database round trip.
 * Reloaded after every admin change on this node, and periodically so that changes made through
 * another node arrive too.
 */
public final class Projects {
  private final ProjectStore store;
  private volatile Map<String, Project> byKey = Map.of();

  public Projects(ProjectStore store) {
    this.store = store;
  }

  public Optional<Project> byKey(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public Future<List<Project>> reload() {
    return store.all().onSuccess(all -> byKey = all.stream().collect(Collectors.toUnmodifiableMap(Project::key, Function.identity())));
  }
}
