package io.tandem.server.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;

/**
 * Who did what, when, with which outcome: logins, admin changes, joins and leaves. Read newest
 * first, a page at a time; the cursor is the last entry's id, so pages stay stable while entries
 * are appended.
 *
 * <p>Entries are written one insert batch at a time: whatever arrives while a batch is being
 * written goes into the next one. Alone, an entry is written at once; in a join storm a thousand
 * entries take a few round trips instead of a thousand, and leave the pool free for the rest.
 *
 * <p>A batch whose connection was lost (the database restarting, a failover) is kept at the head
 * of the queue and written again, after a wait that doubles up to {@value #RETRY_MAX_MS} ms: rows
 * are lost only with their node. Only rows the database refuses fail.
 *
 * <p>While the database is away, at most {@code audit.maxPendingRows} rows wait in memory; the
 * ones made past that fail with {@link AuditBacklogFull}, are counted
 * ({@code tandem_audit_rows_dropped_total}) and told in the log, so an outage costs rows, not the
 * node's heap.
 */
public final class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
  private static final String INSERT = "insert into audit_log (kind, agent_id, session_id, outcome, details, project_id) values ($1, $2, $3, $4, $5, $6)";
  private static final int MAX_BATCH = 500;
  private static final long RETRY_FIRST_MS = 100;
  private static final long RETRY_MAX_MS = 5_000;

  private record Pending(Tuple row, String kind, String agentId, Promise<Void> written) {}

  /** {@code projectId} is null for rows about no one project (logins, admin changes). */
  public record Entry(long id, Instant at, String kind, String agentId, String sessionId, String projectId, String outcome, JsonObject details) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("at", at.toString()).put("kind", kind).put("agentId", agentId)
          .put("sessionId", sessionId).put("projectId", projectId).put("outcome", outcome).put("details", details);
    }
  }

  /** Filters, all optional; {@code before} is the cursor: only entries with a smaller id. */
  public record Query(Optional<String> sessionId, Optional<String> agentId, Optional<String> kind, Optional<String> outcome,
                      Optional<Instant> from, Optional<Instant> to, Optional<Long> before, int limit) {
    /** Any outcome. */
    public Query(Optional<String> sessionId, Optional<String> agentId, Optional<String> kind,
                 Optional<Instant> from, Optional<Instant> to, Optional<Long> before, int limit) {
      this(sessionId, agentId, kind, Optional.empty(), from, to, before, limit);
    }
  }

  /** One page; {@code nextBefore} is the cursor of the next page, empty on the last one. */
  public record Page(List<Entry> entries, Optional<Long> nextBefore) {}

  private final Vertx vertx;
  private final Pool pool;
  private final int maxPendingRows;
  private final Counter dropped;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private boolean writing;
  /** Rows of the batch under way, out of {@link #pending} until written or put back. */
  private int inFlight;
  private long retryMs = RETRY_FIRST_MS;
  private long droppedSinceWritten;

  public AuditLog(Vertx vertx, Pool pool, int maxPendingRows, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.maxPendingRows = maxPendingRows;
    this.dropped = Counter.builder("tandem.audit.rows.dropped")
        .description("Audit rows not kept because audit.maxPendingRows rows were already waiting for the database").register(registry);
    Gauge.builder("tandem.audit.rows.pending", this, AuditLog::pendingRows)
        .description("Audit rows waiting to be written (in a batch under way or queued)").register(registry);
  }

  /** Completes once the entry is stored. Safe to call from any thread. */
  public Future<Void> record(String kind, String agentId, String sessionId, String outcome, JsonObject details) {
    return recordForProject(null, kind, agentId, sessionId, outcome, details);
  }

  /** As {@link #record}, for a row about a session of {@code projectId}: it follows that project's audit retention. */
  public Future<Void> recordForProject(String projectId, String kind, String agentId, String sessionId, String outcome, JsonObject details) {
    Promise<Void> written = Promise.promise();
    Tuple row = Tuple.of(kind, agentId, sessionId, outcome, details == null ? new JsonObject() : details, projectId);
    synchronized (this) {
      if (pending.size() + inFlight >= maxPendingRows) {
        return dropped(kind, agentId);
      }
      pending.add(new Pending(row, kind, agentId, written));
      if (writing) {
        return written.future();
      }
      writing = true;
    }
    writeNext();
    return written.future();
  }

  /** Caller holds the lock. One warning per outage: the count of the rest comes when rows are written again. */
  private Future<Void> dropped(String kind, String agentId) {
    dropped.increment();
    if (droppedSinceWritten++ == 0) {
      LOG.severe("audit rows are being dropped: " + maxPendingRows + " rows already wait for the database (audit.maxPendingRows); first: '"
          + kind + "' for agent " + agentId);
    }
    return Future.failedFuture(new AuditBacklogFull(maxPendingRows));
  }

  private synchronized int pendingRows() {
    return pending.size() + inFlight;
  }

  private void writeNext() {
    List<Pending> batch = new ArrayList<>();
    synchronized (this) {
      while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
        batch.add(pending.poll());
      }
      inFlight = batch.size();
      if (batch.isEmpty()) {
        writing = false;
        return;
      }
    }
    pool.preparedQuery(INSERT).executeBatch(batch.stream().map(Pending::row).toList()).onComplete(result -> {
      if (result.failed() && DatabaseOutage.is(result.cause())) {
        keepForRetry(batch, result.cause());
        return;
      }
      long droppedMeanwhile;
      synchronized (this) {
        retryMs = RETRY_FIRST_MS;
        inFlight = 0;
        droppedMeanwhile = droppedSinceWritten;
        droppedSinceWritten = 0;
      }
      if (droppedMeanwhile > 0) {
        LOG.severe("audit rows are written again; " + droppedMeanwhile + " audit rows were dropped since the last write (audit.maxPendingRows)");
      }
      for (Pending entry : batch) {
        if (result.succeeded()) {
          entry.written().complete();
        } else {
          LOG.log(Level.WARNING, "audit entry '" + entry.kind() + "' for agent " + entry.agentId() + " was not written", result.cause());
          entry.written().fail(result.cause());
        }
      }
      writeNext();
    });
  }

  private void keepForRetry(List<Pending> batch, Throwable cause) {
    long delay;
    synchronized (this) {
      inFlight = 0;
      for (int i = batch.size() - 1; i >= 0; i--) {
        pending.addFirst(batch.get(i));
      }
      delay = retryMs;
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
    LOG.warning("the database is out of reach (" + cause.getMessage() + "); " + batch.size() + " audit rows kept, written again in "
        + delay + " ms");
    vertx.setTimer(delay, id -> writeNext());
  }

  public Future<Page> query(Query query) {
    List<String> conditions = new ArrayList<>();
    Tuple args = Tuple.tuple();
    query.sessionId().ifPresent(v -> condition(conditions, args, "session_id = $", v));
    query.agentId().ifPresent(v -> condition(conditions, args, "agent_id = $", v));
    query.kind().ifPresent(v -> condition(conditions, args, "kind = $", v));
    query.outcome().ifPresent(v -> condition(conditions, args, "outcome = $", v));
    query.from().ifPresent(v -> condition(conditions, args, "at >= $", OffsetDateTime.ofInstant(v, ZoneOffset.UTC)));
    query.to().ifPresent(v -> condition(conditions, args, "at < $", OffsetDateTime.ofInstant(v, ZoneOffset.UTC)));
    query.before().ifPresent(v -> condition(conditions, args, "id < $", v));
    String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    args.addInteger(query.limit() + 1);
    String sql = "select id, at, kind, agent_id, session_id, project_id, outcome, details from audit_log" + where + " order by id desc limit $" + args.size();
    return pool.preparedQuery(sql).execute(args).map(rows -> {
      List<Entry> entries = StreamSupport.stream(rows.spliterator(), false).map(AuditLog::entry).toList();
      if (entries.size() <= query.limit()) {
        return new Page(entries, Optional.empty());
      }
      List<Entry> page = entries.subList(0, query.limit());
      return new Page(page, Optional.of(page.get(page.size() - 1).id()));
    });
  }

  private static void condition(List<String> conditions, Tuple args, String sql, Object value) {
    args.addValue(value);
    conditions.add(sql + args.size());
  }

  private static Entry entry(Row row) {
    return new Entry(row.getLong("id"), row.getOffsetDateTime("at").toInstant(), row.getString("kind"), row.getString("agent_id"),
        row.getString("session_id"), row.getString("project_id"), row.getString("outcome"), row.getJsonObject("details"));
  }
}
