package io.tandem.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;

/** Issues and verifies the RS256 JWTs agents use on the REST API and on {@code /ws/agent}. */
public final class AgentTokens {
  private static final String ALGORITHM = "RS256";

  private final JWTAuth jwt;
  private final String issuer;
  private final long ttlSeconds;

  public AgentTokens(Vertx vertx, SigningKeys keys, String issuer, long ttlSeconds) {
    this.issuer = issuer;
    this.ttlSeconds = ttlSeconds;
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .setJWTOptions(new JWTOptions().setIssuer(issuer).setAlgorithm(ALGORITHM))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.privateKeyPem()))
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicKeyPem())));
  }

  public JWTAuth provider() {
    return jwt;
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  public String issue(AgentIdentity agent) {
    JsonObject claims = new JsonObject().put("name", agent.name()).put("roles", new JsonArray(agent.roles()));
    return jwt.generateToken(
        claims,
        new JWTOptions().setAlgorithm(ALGORITHM).setSubject(agent.id()).setIssuer(issuer).setExpiresInSeconds((int) ttlSeconds));
  }

  /** The agent a token names, or a failed future if it is forged, expired or malformed. */
  public Future<AgentIdentity> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> {
          JsonObject claims = user.principal();
          List<String> roles = claims.getJsonArray("roles", new JsonArray()).stream().map(Object::toString).toList();
          return new AgentIdentity(claims.getString("sub"), claims.getString("name", claims.getString("sub")), roles);
        });
  }
}
