package io.tandem.server.auth;

import io.tandem.server.storage.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Agent accounts kept in the database. Password hashing runs on worker threads, unordered so
 * that concurrent logins hash in parallel.
 *
 * <p>Every use of a token checks its agent's account ({@link #current}); the answer is reused for
 * {@code auth.accountStatusCacheMs}, so a team whose consoles reconnect at once (a node restart)
 * costs one read per agent, not one per console. Every change is announced to every node
 * ({@link AccountChanges}), which forgets its answer and re-checks the agent's open sockets.
 */
public final class Accounts implements AgentAccounts {
  private final Vertx vertx;
  private final AgentStore store;
  private final long statusCacheNanos;
  private final AccountChanges changes;
  private final ConcurrentMap<String, Status> statuses = new ConcurrentHashMap<>();

  private record Status(Future<Optional<Agent>> answer, long readAt) {}

  public Accounts(Vertx vertx, AgentStore store, long statusCacheMs, AccountChanges changes) {
    this.vertx = vertx;
    this.store = store;
    this.statusCacheNanos = TimeUnit.MILLISECONDS.toNanos(statusCacheMs);
    this.changes = changes;
  }

  @Override
  public Future<Optional<Agent>> authenticate(String username, String password) {
    return store.credentials(username).compose(found -> vertx.executeBlocking(() -> {
      // an agent created by single sign-on has no password: nothing matches it
      if (found.isEmpty() || found.get().passwordHash() == null) {
        PasswordHash.decoy(password);
        return Optional.<Agent>empty();
      }
      boolean valid = PasswordHash.matches(password, found.get().passwordHash());
      Agent agent = found.get().agent();
      return valid && !agent.disabled() ? Optional.of(agent) : Optional.<Agent>empty();
    }, false));
  }

  @Override
  public Future<Optional<Agent>> current(String agentId) {
    long now = System.nanoTime();
    return statuses.compute(agentId, (id, known) -> known != null && now - known.readAt() < statusCacheNanos && !known.answer().failed()
        ? known
        : new Status(store.find(id).map(found -> found.filter(agent -> !agent.disabled())), now)).answer();
  }

  /**
   * Hands {@code review} the account of every agent changed through any node, as it is now
   * (empty: disabled or gone); completes once this node hears every node's changes.
   */
  public Future<Void> onChange(BiConsumer<String, Optional<Agent>> review) {
    return changes.listen(this, review);
  }

  /** The next {@link #current} reads the database. */
  void forget(String agentId) {
    statuses.remove(agentId);
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

  /** An agent who signs in through the identity provider only; fails with {@link io.tandem.server.storage.Conflict} if the id is taken. */
  public Future<Agent> createWithoutPassword(Agent agent) {
    return store.create(agent, null);
  }

  public Future<Optional<Agent>> update(Agent agent) {
    forget(agent.id());
    return store.update(agent).onComplete(done -> changed(agent.id()));
  }

  /** Revokes every token issued before (see {@link Agent#tokenVersion}); answers whether the agent exists. */
  public Future<Boolean> resetPassword(String id, String password) {
    return hash(password).compose(hash -> store.setPasswordHash(id, hash)).onComplete(done -> changed(id));
  }

  /** Every token of the agent is refused from now on, and their open sockets are closed. */
  public Future<Void> revokeTokens(String id) {
    return store.revokeTokens(id).onComplete(done -> changed(id)).mapEmpty();
  }

  private void changed(String agentId) {
    forget(agentId);
    changes.announce(agentId);
  }

  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> PasswordHash.of(password), false);
  }
}
