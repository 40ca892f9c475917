package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * A deletion request for one end user (the tracker's {@code userId}): their recordings go with
 * their chunks, and the audit rows of their sessions (the sessions of those recordings) or naming
 * them in {@code details} lose their details: the row stays, since it records what an agent did
 * (who joined, who was granted what, when), but nothing the user's browser sent (address, page,
 * user id). The request is audited as {@code user.data.delete} with its counts and without the
 * user id, in the same transaction.
 */
public final class UserData {
  /** What one request removed. */
  public record Deleted(int recordings, int auditRows) {
    public JsonObject toJson() {
      return new JsonObject().put("recordings", recordings).put("auditRows", auditRows);
    }
  }

  private final Pool pool;

  public UserData(Pool pool) {
    this.pool = pool;
  }

  /** {@code agentId} is the admin who asked; audited. */
  public Future<Deleted> delete(String userId, String agentId) {
    return pool.withTransaction(conn -> conn
        .preparedQuery("update audit_log set details = '{}' where details <> '{}' and (details ->> 'userId' = $1 "
            + "or session_id in (select session_id from recordings where user_id = $1))")
        .execute(Tuple.of(userId))
        .compose(audit -> conn.preparedQuery("delete from recordings where user_id = $1").execute(Tuple.of(userId))
            .map(recordings -> new Deleted(recordings.rowCount(), audit.rowCount())))
        .compose(deleted -> conn.preparedQuery("insert into audit_log (kind, agent_id, outcome, details) values ('user.data.delete', $1, 'success', $2)")
            .execute(Tuple.of(agentId, deleted.toJson()))
            .map(deleted)));
  }
}
