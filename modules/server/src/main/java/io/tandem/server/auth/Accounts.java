package io.tandem.server.auth;

import io.tandem.server.storage.AgentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;

/**
 * Agent accounts kept in the database. Password hashing runs on worker threads, unordered so
 * that concurrent logins hash in parallel.
 */
public final class Accounts implements AgentAccounts {
  private final Vertx vertx;
  private final AgentStore store;

  public Accounts(Vertx vertx, AgentStore store) {
    this.vertx = vertx;
    this.store = store;
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
    return store.find(agentId).map(found -> found.filter(agent -> !agent.disabled()).map(Agent::identity));
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
    return store.update(agent);
  }

  /** Answers whether the agent exists. */
  public Future<Boolean> resetPassword(String id, String password) {
    return hash(password).compose(hash -> store.setPasswordHash(id, hash));
  }

  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> PasswordHash.of(password), false);
  }
}
