package io.tandem.server.storage;

import io.tandem.server.auth.Agent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/** The agents table. Password hashes never leave this class except to be checked. */
public final class AgentStore {
  private static final String COLUMNS = "id, name, roles, projects, disabled, created_at, token_version";

  /** An account with the hash its password is checked against. */
  public record Credentials(Agent agent, String passwordHash) {}

  private final Pool pool;

  public AgentStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Agent>> all() {
    return pool.query("select " + COLUMNS + " from agents order by id").execute()
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(AgentStore::agent).toList());
  }

  public Future<Optional<Agent>> find(String id) {
    return pool.preparedQuery("select " + COLUMNS + " from agents where id = $1").execute(Tuple.of(id)).map(AgentStore::first);
  }

  public Future<Optional<Credentials>> credentials(String id) {
    return pool.preparedQuery("select " + COLUMNS + ", password_hash from agents where id = $1").execute(Tuple.of(id))
        .map(rows -> first(rows).map(agent -> new Credentials(agent, rows.iterator().next().getString("password_hash"))));
  }

  /** Fails with {@link Conflict} if the id is taken. */
  public Future<Agent> create(Agent agent, String passwordHash) {
    return pool.preparedQuery("insert into agents (id, name, password_hash, roles, projects, disabled) values ($1, $2, $3, $4, $5, $6) returning " + COLUMNS)
        .execute(Tuple.of(agent.id(), agent.name(), passwordHash, agent.roles().toArray(String[]::new), sorted(agent.projects()), agent.disabled()))
        .map(rows -> first(rows).orElseThrow())
        .recover(failure -> Future.failedFuture(
            Conflict.isUniqueViolation(failure) ? new Conflict("an agent with id '" + agent.id() + "' already exists") : failure));
  }

  /** Inserts the agent unless its id exists; answers whether it did. */
  public Future<Boolean> createIfAbsent(Agent agent, String passwordHash) {
    return pool.preparedQuery("insert into agents (id, name, password_hash, roles, projects, disabled) values ($1, $2, $3, $4, $5, $6) on conflict do nothing")
        .execute(Tuple.of(agent.id(), agent.name(), passwordHash, agent.roles().toArray(String[]::new), sorted(agent.projects()), agent.disabled()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Writes name, roles, projects and the disabled flag; empty if there is no such agent. */
  public Future<Optional<Agent>> update(Agent agent) {
    return pool.preparedQuery("update agents set name = $2, roles = $3, projects = $4, disabled = $5 where id = $1 returning " + COLUMNS)
        .execute(Tuple.of(agent.id(), agent.name(), agent.roles().toArray(String[]::new), sorted(agent.projects()), agent.disabled()))
        .map(AgentStore::first);
  }

  /** Sets the password and revokes the tokens issued before (their version); answers whether the agent exists. */
  public Future<Boolean> setPasswordHash(String id, String passwordHash) {
    return pool.preparedQuery("update agents set password_hash = $2, token_version = token_version + 1 where id = $1")
        .execute(Tuple.of(id, passwordHash))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Revokes the tokens issued before, as a password reset does; answers whether the agent exists. */
  public Future<Boolean> revokeTokens(String id) {
    return pool.preparedQuery("update agents set token_version = token_version + 1 where id = $1").execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
  }

  private static String[] sorted(Set<String> values) {
    return values.stream().sorted().toArray(String[]::new);
  }

  private static Optional<Agent> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(agent(rows.iterator().next()));
  }

  private static Agent agent(Row row) {
    return new Agent(row.getString("id"), row.getString("name"), List.of(row.getArrayOfStrings("roles")),
        Set.of(row.getArrayOfStrings("projects")), row.getBoolean("disabled"), row.getOffsetDateTime("created_at").toInstant(),
        row.getInteger("token_version"));
  }
}
