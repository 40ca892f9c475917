package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 */
public final class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

  public record Entry(long id, Instant at, String kind, String agentId, String sessionId, String outcome, JsonObject details) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("at", at.toString()).put("kind", kind).put("agentId", agentId)
          .put("sessionId", sessionId).put("outcome", outcome).put("details", details);
    }
  }

  /** Filters, all optional; {@code before} is the cursor: only entries with a smaller id. */
  public record Query(Optional<String> sessionId, Optional<String> agentId, Optional<String> kind,
                      Optional<Instant> from, Optional<Instant> to, Optional<Long> before, int limit) {}

  /** One page; {@code nextBefore} is the cursor of the next page, empty on the last one. */
  public record Page(List<Entry> entries, Optional<Long> nextBefore) {}

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> record(String kind, String agentId, String sessionId, String outcome, JsonObject details) {
    return pool.preparedQuery("insert into audit_log (kind, agent_id, session_id, outcome, details) values ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(kind, agentId, sessionId, outcome, details == null ? new JsonObject() : details))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.log(Level.WARNING, "audit entry '" + kind + "' for agent " + agentId + " was not written", e));
  }

  public Future<Page> query(Query query) {
    List<String> conditions = new ArrayList<>();
    Tuple args = Tuple.tuple();
    query.sessionId().ifPresent(v -> condition(conditions, args, "session_id = $", v));
    query.agentId().ifPresent(v -> condition(conditions, args, "agent_id = $", v));
    query.kind().ifPresent(v -> condition(conditions, args, "kind = $", v));
    query.from().ifPresent(v -> condition(conditions, args, "at >= $", OffsetDateTime.ofInstant(v, ZoneOffset.UTC)));
    query.to().ifPresent(v -> condition(conditions, args, "at < $", OffsetDateTime.ofInstant(v, ZoneOffset.UTC)));
    query.before().ifPresent(v -> condition(conditions, args, "id < $", v));
    String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    args.addInteger(query.limit() + 1);
    String sql = "select id, at, kind, agent_id, session_id, outcome, details from audit_log" + where + " order by id desc limit $" + args.size();
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
        row.getString("session_id"), row.getString("outcome"), row.getJsonObject("details"));
  }
}
