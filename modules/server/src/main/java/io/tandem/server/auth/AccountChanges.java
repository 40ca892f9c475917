package io.tandem.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Tells every node that an agent's account changed (disabled, roles, projects, password), so each
 * re-checks the sockets and room memberships it holds for that agent at once instead of when the
 * token is next used. The event carries only the agent's id: each node reads the account itself,
 * after the change is in the database. On a single node the event bus is local, and the same path
 * runs.
 */
public final class AccountChanges {
  public static final String ADDRESS = "tandem.accounts.changed";
  private static final Logger LOG = Logger.getLogger(AccountChanges.class.getName());
  /** A read that fails (the database blinked) is tried again this often, this many times. */
  private static final long RETRY_MS = 1000;
  private static final int ATTEMPTS = 10;

  private final Vertx vertx;
  /** Reads run one after another, so a later change is never applied before an earlier one. */
  private Future<Void> applied = Future.succeededFuture();

  public AccountChanges(Vertx vertx) {
    this.vertx = vertx;
  }

  void announce(String agentId) {
    vertx.eventBus().publish(ADDRESS, agentId);
  }

  /**
   * Hands {@code review} each changed agent's account as it is now (empty: disabled or gone), read
   * past {@code accounts}' cache. Completes once this node hears the changes of every node.
   */
  Future<Void> listen(Accounts accounts, BiConsumer<String, Optional<Agent>> review) {
    return vertx.eventBus().<String>consumer(ADDRESS, message -> {
      String agentId = message.body();
      applied = applied.transform(previous -> read(accounts, agentId, ATTEMPTS).map(account -> {
        review.accept(agentId, account);
        return null;
      }));
    }).completion();
  }

  private Future<Optional<Agent>> read(Accounts accounts, String agentId, int attempts) {
    accounts.forget(agentId);
    return accounts.current(agentId).recover(e -> {
      if (attempts <= 1) {
        LOG.warning("could not read agent " + agentId + "'s account after it changed (" + e.getMessage()
            + "); this node's open sockets of that agent stand until their token is refreshed or expires");
        return Future.failedFuture(e);
      }
      return vertx.timer(RETRY_MS).compose(t -> read(accounts, agentId, attempts - 1));
    });
  }
}
