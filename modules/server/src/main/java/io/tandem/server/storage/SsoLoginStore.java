package io.tandem.server.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * The {@code sso_logins} table: per single sign-on, the identity provider's refresh and access
 * tokens, which the node presents to it again at each refresh of the agent's Tandem token.
 */
public final class SsoLoginStore {

  /** What the identity provider gave for one sign-on; either token may be null. */
  public record SsoLogin(String id, String agentId, String refreshToken, String accessToken) {}

  private final Pool pool;

  public SsoLoginStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records a sign-on, and forgets the agent's sign-ons older than {@code maxAgeSeconds}: no token
   * of theirs can be refreshed any more, so what the provider gave for them is of no use.
   */
  public Future<Void> add(SsoLogin login, long maxAgeSeconds) {
    return pool.preparedQuery("delete from sso_logins where agent_id = $1 and created_at < now() - make_interval(secs => $2)")
        .execute(Tuple.of(login.agentId(), (double) maxAgeSeconds))
        .compose(purged -> pool.preparedQuery("insert into sso_logins (id, agent_id, refresh_token, access_token) values ($1, $2, $3, $4)")
            .execute(Tuple.of(login.id(), login.agentId(), login.refreshToken(), login.accessToken())))
        .mapEmpty();
  }

  public Future<Optional<SsoLogin>> find(String id) {
    return pool.preparedQuery("select id, agent_id, refresh_token, access_token from sso_logins where id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(login(rows.iterator().next())));
  }

  /** The provider rotated its tokens at a refresh. */
  public Future<Void> update(SsoLogin login) {
    return pool.preparedQuery("update sso_logins set refresh_token = $2, access_token = $3 where id = $1")
        .execute(Tuple.of(login.id(), login.refreshToken(), login.accessToken()))
        .mapEmpty();
  }

  /** The provider refused the agent: this sign-on is over. */
  public Future<Void> remove(String id) {
    return pool.preparedQuery("delete from sso_logins where id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  private static SsoLogin login(Row row) {
    return new SsoLogin(row.getString("id"), row.getString("agent_id"), row.getString("refresh_token"), row.getString("access_token"));
  }
}
