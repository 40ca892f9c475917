package io.tandem.server.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Whether the node should get traffic: not while it drains, not while its database does not answer
 * (on a single node the cluster is this node, ready once its gateways listen). Why the database did
 * not answer goes to the node's log, once per new reason, never into the probe's answer: whoever
 * reaches the port could read host names, users or driver versions in it.
 */
public final class Readiness {
  private static final Logger LOG = Logger.getLogger(Readiness.class.getName());
  private static final long DATABASE_TIMEOUT_MS = 2000;

  public enum State { READY, DRAINING, DATABASE_DOWN }

  private final BooleanSupplier draining;
  private final Supplier<Future<Void>> database;
  private final AtomicReference<String> problem = new AtomicReference<>();
  /** The node started only once its database answered. */
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);

  public Readiness(BooleanSupplier draining, Supplier<Future<Void>> database, MeterRegistry registry) {
    this.draining = draining;
    this.database = database;
    Gauge.builder("tandem.ready", this, readiness -> readiness.ready() ? 1 : 0)
        .description("1 while this node takes traffic; 0 while it drains or its database did not answer the last readiness check")
        .register(registry);
  }

  private boolean ready() {
    return !draining.getAsBoolean() && databaseUp.get();
  }

  public Future<State> check() {
    if (draining.getAsBoolean()) {
      return Future.succeededFuture(State.DRAINING);
    }
    return database.get()
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(up -> {
          databaseUp.set(true);
          if (problem.getAndSet(null) != null) {
            LOG.info("ready again: the database answers");
          }
          return State.READY;
        })
        .otherwise(failure -> {
          databaseUp.set(false);
          String reason = String.valueOf(failure.getMessage());
          if (!reason.equals(problem.getAndSet(reason))) {
            LOG.warning("not ready: the database did not answer within " + DATABASE_TIMEOUT_MS + " ms: " + reason);
          }
          return State.DATABASE_DOWN;
        });
  }
}
