package io.tandem.server.storage;

import io.tandem.server.auth.Privacy;
import io.tandem.server.auth.Project;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** The projects table. */
public final class ProjectStore {
  private static final String COLUMNS = "id, name, key, allowed_origins, privacy";

  private final Pool pool;

  public ProjectStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Project>> all() {
    return pool.query("select " + COLUMNS + " from projects order by id").execute().map(ProjectStore::projects);
  }

  public Future<Optional<Project>> find(String id) {
    return pool.preparedQuery("select " + COLUMNS + " from projects where id = $1").execute(Tuple.of(id)).map(ProjectStore::first);
  }

  /** Fails with {@link Conflict} if the id or the key is taken. */
  public Future<Project> create(Project project) {
    return pool.preparedQuery("insert into projects (" + COLUMNS + ") values ($1, $2, $3, $4, $5) returning " + COLUMNS)
        .execute(values(project))
        .map(rows -> first(rows).orElseThrow())
        .recover(failure -> Future.failedFuture(
            Conflict.isUniqueViolation(failure) ? new Conflict("a project with id '" + project.id() + "' already exists") : failure));
  }

  /** Inserts the project unless its id exists; answers whether it did. */
  public Future<Boolean> createIfAbsent(Project project) {
    return pool.preparedQuery("insert into projects (" + COLUMNS + ") values ($1, $2, $3, $4, $5) on conflict do nothing")
        .execute(values(project))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Writes every field but the id; empty if there is no such project. */
  public Future<Optional<Project>> update(Project project) {
    return pool.preparedQuery("update projects set name = $2, key = $3, allowed_origins = $4, privacy = $5 where id = $1 returning " + COLUMNS)
        .execute(values(project))
        .map(ProjectStore::first);
  }

  /** The project's own retention; empty when there is no such project. */
  public Future<Optional<ProjectRetention>> retention(String id) {
    return pool.preparedQuery("select recordings_retention_days, audit_retention_days from projects where id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(row ->
            new ProjectRetention(row.getInteger("recordings_retention_days"), row.getInteger("audit_retention_days"))));
  }

  /** Answers whether there is such a project. */
  public Future<Boolean> setRetention(String id, ProjectRetention retention) {
    return pool.preparedQuery("update projects set recordings_retention_days = $2, audit_retention_days = $3 where id = $1")
        .execute(Tuple.of(id, retention.recordingsDays(), retention.auditDays()))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Tuple values(Project project) {
    return Tuple.of(project.id(), project.name(), project.key(), project.allowedOrigins().toArray(String[]::new), project.privacy().toJson());
  }

  private static List<Project> projects(RowSet<Row> rows) {
    return java.util.stream.StreamSupport.stream(rows.spliterator(), false).map(ProjectStore::project).toList();
  }

  private static Optional<Project> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(project(rows.iterator().next()));
  }

  private static Project project(Row row) {
    JsonObject privacy = row.getJsonObject("privacy");
    return new Project(row.getString("id"), row.getString("name"), row.getString("key"),
        List.of(row.getArrayOfStrings("allowed_origins")), Privacy.from(privacy == null ? new JsonObject() : privacy));
  }
}
