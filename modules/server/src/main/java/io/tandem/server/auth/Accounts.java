package io.tandem.server.auth;

import io.tandem.server.storage.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Agent accounts kept in the database. Password hashing runs on worker threads, unordered so
 * that concurrent logins hash in parallel.
 *
 * <p>Every console socket checks its agent's account ({@link #current}); the answer is reused for
 * {@code auth.accountStatusCacheMs}, so a team whose consoles reconnect at once (a node restart)
 * costs one read per agent, not one per console. Changes made through this node apply at once;
 * through another node, within that time.
 */
public final class Accounts implements AgentAccounts {
  private final Vertx vertx;
  private final AgentStore store;
  private final long statusCacheNanos;
  private final ConcurrentMap<String, Status> statuses = new ConcurrentHashMap<>();

  private record Status(Future<Optional<AgentIdentity>> answer, long readAt) {}

  public Accounts(Vertx vertx, AgentStore store, long statusCacheMs) {
    this.vertx = vertx;
    this.store = store;
    this.statusCacheNanos = TimeUnit.MILLISECONDS.toNanos(statusCacheMs);
  }

  @Override
  public Future<Optional<AgentIdentity>> authenticate(String username, String password) {
    return store.credentials(username).compose(found -> vertx.executeBlocking(() -> {
      if (found.isEmpty()) {
        PasswordHash.decoy(password);
        return Optional.<AgentIdentity>empty();
      }
      boolean valid = PasswordHash.matches(password, found.get().passwordHash());
      Agent agent = found.get().agent();
      return valid && !agent.disabled() ? Optional.of(agent.identity()) : Optional.<AgentIdentity>empty();
    }, false));
  }

  @Override
  public Future<Optional<AgentIdentity>> current(String agentId) {
    long now = System.nanoTime();
    return statuses.compute(agentId, (id, known) -> known != null && now - known.readAt() < statusCacheNanos && !known.answer().failed()
        ? known
        : new Status(store.find(id).map(found -> found.filter(agent -> !agent.disabled()).map(Agent::identity)), now)).answer();
  }

  public Future<List<Agent>> all() {
    return store.all();
  }

  public Future<Optional<Agent>> find(String id) {
    return store.find(id);
  }

  /** Fails with {@link io.tandem.server.storage.Conflict} if the id is taken. */
  public Future<Agent> create(Agent agent, String password) {
    return hash(password).compose(hash -> store.create(agent, hash));
  }

  public Future<Optional<Agent>> update(Agent agent) {
    statuses.remove(agent.id());
    return store.update(agent).onComplete(done -> statuses.remove(agent.id()));
  }

  /** Answers whether the agent exists. */
  public Future<Boolean> resetPassword(String id, String password) {
    return hash(password).compose(hash -> store.setPasswordHash(id, hash));
  }

  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> PasswordHash.of(password), false);
  }
}
