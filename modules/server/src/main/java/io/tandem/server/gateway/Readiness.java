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
 * Whether the node should get traffic: not while it drains. A database that does not answer does
 * not take the node out: every node shares it, so failing the probe would take them all out at
 * once, and live sessions (tabs, agents already signed in, consent, history) go on without it; a
 * chaos run where it did refused 1,187 connections of returning tabs, and rooms ended for their
 * agents meanwhile. The probe's answer and {@code tandem_database_up} say whether it answers; logins
 * and the admin API answer 503 with {@code Retry-After} until it does. Why it did not answer goes to
 * the node's log, once per new reason, never into the probe's answer: whoever reaches the port
 * could read host names, users or driver versions in it.
 */
public final class Readiness {
  private static final Logger LOG = Logger.getLogger(Readiness.class.getName());
  private static final long DATABASE_TIMEOUT_MS = 2000;

  /** {@code DATABASE_DOWN} is still ready for live traffic. */
  public enum State { READY, DATABASE_DOWN, DRAINING }

  private final BooleanSupplier draining;
  private final Supplier<Future<Void>> database;
  private final AtomicReference<String> problem = new AtomicReference<>();
  /** The node started only once its database answered. */
  private final AtomicBoolean databaseUp = new AtomicBoolean(true);

  public Readiness(BooleanSupplier draining, Supplier<Future<Void>> database, MeterRegistry registry) {
    this.draining = draining;
    this.database = database;
    Gauge.builder("tandem.ready", this, readiness -> readiness.draining.getAsBoolean() ? 0 : 1)
        .description("1 while this node takes traffic; 0 while it drains")
        .register(registry);
    Gauge.builder("tandem.database.up", this, readiness -> readiness.databaseUp.get() ? 1 : 0)
        .description("1 while the database answered the last readiness check within 2 s; 0 while it did not")
        .register(registry);
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
            LOG.info("the database answers again");
          }
          return State.READY;
        })
        .otherwise(failure -> {
          databaseUp.set(false);
          String reason = String.valueOf(failure.getMessage());
          if (!reason.equals(problem.getAndSet(reason))) {
            LOG.warning("the database did not answer within " + DATABASE_TIMEOUT_MS + " ms (the node stays ready for live sessions): " + reason);
          }
          return State.DATABASE_DOWN;
        });
  }
}
