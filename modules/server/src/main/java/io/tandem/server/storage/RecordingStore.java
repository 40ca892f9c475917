package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Recorded sessions: a row per recording and its bytes as ordered {@code bytea} chunks. Keeping
 * the bytes in PostgreSQL means one backup, one retention query and one delete cover both, and a
 * cluster of nodes needs no shared disk; a recording is a few MB of compressed rrweb events, well
 * within what PostgreSQL stores comfortably.
 */
public final class RecordingStore {
  private static final String COLUMNS = "id, project_id, session_id, started_at, ended_at, content_type, bytes";
  private static final String RETENTION = "recordings.retentionDays";

  public record Recording(String id, String projectId, String sessionId, Instant startedAt, Optional<Instant> endedAt, String contentType, long bytes) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("projectId", projectId).put("sessionId", sessionId)
          .put("startedAt", startedAt.toString()).put("endedAt", endedAt.map(Instant::toString).orElse(null))
          .put("contentType", contentType).put("bytes", bytes);
    }
  }

  private final Pool pool;

  public RecordingStore(Pool pool) {
    this.pool = pool;
  }

  /** Newest first; either filter may be null. */
  public Future<List<Recording>> list(String projectId, String sessionId, int limit) {
    return pool.preparedQuery("select " + COLUMNS + " from recordings where ($1::text is null or project_id = $1) "
            + "and ($2::text is null or session_id = $2) order by started_at desc, id limit $3")
        .execute(Tuple.of(projectId, sessionId, limit))
        .map(RecordingStore::recordings);
  }

  public Future<Optional<Recording>> find(String id) {
    return pool.preparedQuery("select " + COLUMNS + " from recordings where id = $1").execute(Tuple.of(id))
        .map(rows -> recordings(rows).stream().findFirst());
  }

  /** The recording's bytes, its chunks joined in order. */
  public Future<Buffer> content(String id) {
    return pool.preparedQuery("select data from recording_chunks where recording_id = $1 order by seq").execute(Tuple.of(id))
        .map(rows -> {
          Buffer content = Buffer.buffer();
          rows.forEach(row -> content.appendBuffer(row.getBuffer("data")));
          return content;
        });
  }

  /** Stores a finished recording with its chunks in one transaction. */
  public Future<Recording> insert(Recording recording, List<Buffer> chunks) {
    long bytes = chunks.stream().mapToLong(Buffer::length).sum();
    return pool.withTransaction(conn -> conn
        .preparedQuery("insert into recordings (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7) returning " + COLUMNS)
        .execute(Tuple.of(recording.id(), recording.projectId(), recording.sessionId(), utc(recording.startedAt()),
            recording.endedAt().map(RecordingStore::utc).orElse(null), recording.contentType(), bytes))
        .compose(inserted -> {
          if (chunks.isEmpty()) {
            return Future.succeededFuture(inserted);
          }
          List<Tuple> batch = new java.util.ArrayList<>();
          for (int seq = 0; seq < chunks.size(); seq++) {
            batch.add(Tuple.of(recording.id(), seq, chunks.get(seq)));
          }
          return conn.preparedQuery("insert into recording_chunks (recording_id, seq, data) values ($1, $2, $3)").executeBatch(batch).map(inserted);
        })
        .map(rows -> recordings(rows).get(0)))
        .recover(failure -> Future.failedFuture(
            Conflict.isUniqueViolation(failure) ? new Conflict("a recording with id '" + recording.id() + "' already exists") : failure));
  }

  /** Who uploads a recording and how far it got: what an append is checked against. */
  public record Upload(String id, String sessionId, String agentId, boolean finished, long bytes, int chunks) {}

  /** Starts a recording of end user {@code userId} (may be null) that {@code agentId} uploads chunk by chunk ({@link #append}). */
  public Future<Recording> create(Recording recording, String agentId, String userId) {
    return pool.preparedQuery("insert into recordings (" + COLUMNS + ", agent_id, user_id) values ($1, $2, $3, $4, null, $5, 0, $6, $7) returning " + COLUMNS)
        .execute(Tuple.of(recording.id(), recording.projectId(), recording.sessionId(), utc(recording.startedAt()), recording.contentType(), agentId, userId))
        .map(rows -> recordings(rows).get(0));
  }

  public Future<Optional<Upload>> upload(String id) {
    return pool.preparedQuery("select id, session_id, agent_id, ended_at is not null as finished, bytes, "
            + "(select count(*) from recording_chunks where recording_id = $1) as chunks from recordings where id = $1")
        .execute(Tuple.of(id))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).findFirst().map(row -> new Upload(
            row.getString("id"), row.getString("session_id"), row.getString("agent_id"), row.getBoolean("finished"),
            row.getLong("bytes"), row.getLong("chunks").intValue())));
  }

  /**
   * Appends chunk {@code seq} to an unfinished recording if it is the next one and the recording
   * stays within {@code maxBytes}; answers whether it did. A chunk sent twice at once hits the
   * primary key: a {@link Conflict}.
   */
  public Future<Boolean> append(String id, int seq, Buffer chunk, long maxBytes) {
    return pool.withTransaction(conn -> conn
        .preparedQuery("update recordings set bytes = bytes + $3 where id = $1 and ended_at is null and bytes + $3 <= $4 "
            + "and (select count(*) from recording_chunks where recording_id = $1) = $2")
        .execute(Tuple.of(id, seq, (long) chunk.length(), maxBytes))
        .compose(updated -> updated.rowCount() == 0
            ? Future.succeededFuture(false)
            : conn.preparedQuery("insert into recording_chunks (recording_id, seq, data) values ($1, $2, $3)")
                .execute(Tuple.of(id, seq, chunk)).map(true)))
        .recover(failure -> Future.failedFuture(
            Conflict.isUniqueViolation(failure) ? new Conflict("chunk " + seq + " of recording '" + id + "' was already stored") : failure));
  }

  /** Marks an upload finished at {@code at}; answers the recording, or empty if there is no such unfinished one. */
  public Future<Optional<Recording>> finish(String id, Instant at) {
    return pool.preparedQuery("update recordings set ended_at = $2 where id = $1 and ended_at is null returning " + COLUMNS)
        .execute(Tuple.of(id, utc(at)))
        .map(rows -> recordings(rows).stream().findFirst());
  }

  /** Answers whether there was such a recording; its chunks go with it. */
  public Future<Boolean> delete(String id) {
    return pool.preparedQuery("delete from recordings where id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  /** Days a recording is kept after it started; 0 keeps recordings until they are deleted. */
  public Future<Integer> retentionDays() {
    return pool.preparedQuery("select value from settings where name = $1").execute(Tuple.of(RETENTION))
        .map(rows -> rows.size() == 0 ? 0 : ((Number) rows.iterator().next().getValue("value")).intValue());
  }

  public Future<Void> setRetentionDays(int days) {
    return pool.preparedQuery("insert into settings (name, value) values ($1, $2::jsonb) on conflict (name) do update set value = excluded.value")
        .execute(Tuple.of(RETENTION, days))
        .mapEmpty();
  }

  /** Deletes what the retention policy no longer keeps; answers how many recordings went. */
  public Future<Integer> purgeExpired(Instant now) {
    return retentionDays().compose(days -> days == 0
        ? Future.succeededFuture(0)
        : pool.preparedQuery("delete from recordings where started_at < $1")
            .execute(Tuple.of(utc(now.minusSeconds(days * 86_400L))))
            .map(RowSet::rowCount));
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static List<Recording> recordings(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false).map(row -> new Recording(
        row.getString("id"), row.getString("project_id"), row.getString("session_id"),
        row.getOffsetDateTime("started_at").toInstant(),
        Optional.ofNullable(row.getOffsetDateTime("ended_at")).map(OffsetDateTime::toInstant),
        row.getString("content_type"), row.getLong("bytes"))).toList();
  }
}
