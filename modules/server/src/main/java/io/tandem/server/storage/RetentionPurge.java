package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * The scheduled deletion of what the retention policy no longer keeps: recordings older than their
 * project's {@code recordings_retention_days} or else the deployment's {@code recordings.retentionDays}
 * setting, and audit rows older than their project's {@code audit_retention_days} or else
 * {@code audit.retentionDays}. Every node schedules it, but a run happens in one transaction that
 * first takes a PostgreSQL advisory lock ({@code pg_try_advisory_xact_lock}) and then checks when
 * the last run was: a node that finds the lock taken, or a run less than {@code 0.9 × interval}
 * ago, skips. So a cluster purges once per interval, whatever the phase of each node's timer, and
 * a node that dies mid-run releases the lock with its transaction. A run writes the audit row
 * {@code retention.purge} with its counts in the same transaction.
 */
public final class RetentionPurge {
  private static final long LOCK_ID = 0x7a6e64656d52L;
  private static final String LAST_RUN = "retention.lastRunAt";
  private static final String RECORDING_DAYS = "recordings.retentionDays";

  /**
   * An audit row belongs to the project it names or, failing that, to the project of another row of
   * its session (its join names it), and is kept for that project's days, else the deployment's.
   * Only rows older than the shortest policy in force are looked at.
   */
  private static final String AUDIT_PURGE = """
      delete from audit_log a using (
        select r.id from audit_log r
        left join projects p on p.id = coalesce(r.project_id,
          (select j.project_id from audit_log j where j.session_id = r.session_id and j.project_id is not null limit 1))
        where r.at < now() - make_interval(days => (select min(d) from (select $1::int as d
                union all select audit_retention_days from projects) policies where d > 0))
          and coalesce(p.audit_retention_days, $1) > 0
          and r.at < now() - make_interval(days => coalesce(p.audit_retention_days, $1))
      ) old where a.id = old.id""";

  /** What a run did; {@code ran} is false when another node held the lock or had just run. */
  public record Run(boolean ran, int recordings, int auditRows) {
    public JsonObject toJson() {
      return new JsonObject().put("ran", ran).put("recordings", recordings).put("auditRows", auditRows);
    }
  }

  private final Pool pool;
  private final int auditDays;

  /** {@code auditDays} is the deployment default for audit rows; 0 keeps them. */
  public RetentionPurge(Pool pool, int auditDays) {
    this.pool = pool;
    this.auditDays = auditDays;
  }

  /** Runs unless a node ran less than {@code 0.9 × interval} ago (a zero interval: unless a run is under way). */
  public Future<Run> run(Duration interval) {
    double minSeconds = interval.toMillis() * 0.9 / 1000.0;
    return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1) as locked").execute(Tuple.of(LOCK_ID))
        .compose(lock -> !lock.iterator().next().getBoolean("locked")
            ? Future.succeededFuture(new Run(false, 0, 0))
            : conn.preparedQuery("select coalesce((select now() - (value #>> '{}')::timestamptz < make_interval(secs => $2) "
                    + "from settings where name = $1), false) as recent")
                .execute(Tuple.of(LAST_RUN, minSeconds))
                .compose(last -> last.iterator().next().getBoolean("recent")
                    ? Future.succeededFuture(new Run(false, 0, 0))
                    : purge(conn))));
  }

  private Future<Run> purge(SqlConnection conn) {
    // a project's own days win over the deployment's; 0 keeps
    String days = "coalesce((select recordings_retention_days from projects p where p.id = r.project_id), "
        + "(select (value #>> '{}')::int from settings where name = $1), 0)";
    return conn.preparedQuery("delete from recordings r where " + days + " > 0 and started_at < now() - make_interval(days => " + days + ")")
        .execute(Tuple.of(RECORDING_DAYS))
        .compose(recordings -> conn.preparedQuery(AUDIT_PURGE).execute(Tuple.of(auditDays))
            .map(audit -> new Run(true, recordings.rowCount(), audit.rowCount())))
        .compose(run -> conn.preparedQuery("insert into settings (name, value) values ($1, to_jsonb(now())) "
                + "on conflict (name) do update set value = excluded.value").execute(Tuple.of(LAST_RUN))
            .compose(v -> conn.preparedQuery("insert into audit_log (kind, outcome, details) values ('retention.purge', 'success', $1)")
                .execute(Tuple.of(new JsonObject().put("recordings", run.recordings()).put("auditRows", run.auditRows())
                    .put("auditDays", auditDays))))
            .map(run));
  }
}
