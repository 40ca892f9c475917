package io.tandem.server.auth;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.tandem.server.http.Problems;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/auth/login}: checks an agent's credentials and answers with a JWT. */
public final class LoginHandler implements Handler<RoutingContext> {
  private final AgentAccounts accounts;
  private final AgentTokens tokens;

  public LoginHandler(AgentAccounts accounts, AgentTokens tokens) {
    this.accounts = accounts;
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject body = bodyOrNull(ctx);
    if (body == null || !(body.getValue("username") instanceof String) || !(body.getValue("password") instanceof String)) {
      Problems.send(ctx, 400, "Bad request", "body must be a JSON object with string fields 'username' and 'password'");
      return;
    }
    accounts
        .authenticate(body.getString("username"), body.getString("password"))
        .onSuccess(agent -> agent.ifPresentOrElse(
            identity -> respond(ctx, identity),
            () -> Problems.send(ctx, 401, "Unauthorized", "wrong username or password")))
        .onFailure(ctx::fail);
  }

  private void respond(RoutingContext ctx, AgentIdentity agent) {
    JsonObject answer =
        new JsonObject()
            .put("token", tokens.issue(agent))
            .put("expiresAt", System.currentTimeMillis() + tokens.ttlSeconds() * 1000)
            .put("agent", new JsonObject().put("id", agent.id()).put("name", agent.name()).put("roles", agent.roles()));
    ctx.response().putHeader("content-type", "application/json").end(answer.encode());
  }

  private static JsonObject bodyOrNull(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
