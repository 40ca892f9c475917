package io.tandem.server.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.server.http.Problems;
import io.tandem.server.storage.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/auth/login}: checks an agent's credentials and answers with a JWT, unless too
 * many logins of that account from that address failed lately (429 {@code LOGIN_THROTTLED}) or
 * password logins are off ({@code auth.passwords}: 403 {@code PASSWORDS_OFF});
 * {@link #refresh} ({@code POST /api/auth/refresh}) trades a valid token for a fresh one, as long
 * as the login it descends from is younger than {@code auth.refreshMaxLifetimeSeconds} and, for a
 * single sign-on, the identity provider still lets the agent in ({@link SingleSignOn#recheck}).
 * Logins are counted in {@code tandem_logins_total{outcome}}: success, failure, throttled.
 */
public final class LoginHandler implements Handler<RoutingContext> {
  private final AgentAccounts accounts;
  private final AgentTokens tokens;
  private final AuditLog audit;
  private final LoginThrottle throttle;
  private final Counter succeeded;
  private final Counter failed;
  private final Counter throttled;
  private final SingleSignOn sso;

  public LoginHandler(AgentAccounts accounts, AgentTokens tokens, AuditLog audit, LoginThrottle throttle, MeterRegistry registry,
      SingleSignOn sso) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.audit = audit;
    this.throttle = throttle;
    this.sso = sso;
    // all three from the start, so a rate over them reads 0 rather than nothing
    this.succeeded = outcome(registry, "success");
    this.failed = outcome(registry, "failure");
    this.throttled = outcome(registry, "throttled");
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("tandem.logins").tag("outcome", outcome)
        .description("agent logins on this node by outcome; throttled: refused unchecked after too many failures").register(registry);
  }

  public SingleSignOn sso() {
    return sso;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!sso.passwords()) {
      audit.record("login", null, null, "refused", new JsonObject().put("remoteAddress", ctx.request().remoteAddress().hostAddress())
              .put("reason", "password logins are off"))
          .onComplete(audited -> Problems.send(ctx, 403, "PASSWORDS_OFF",
              "password logins are turned off on this deployment (auth.passwords); sign in through GET /api/auth/sso/start"));
      return;
    }
    JsonObject body = bodyOrNull(ctx);
    if (body == null || !(body.getValue("username") instanceof String) || !(body.getValue("password") instanceof String)) {
      Problems.send(ctx, 400, "Bad Request", "body must be a JSON object with string fields 'username' and 'password'");
      return;
    }
    String username = body.getString("username");
    String address = ctx.request().remoteAddress().hostAddress();
    JsonObject details = new JsonObject().put("remoteAddress", address);
    long retryAfterMs = throttle.retryAfterMs(username, address);
    if (retryAfterMs > 0) {
      long seconds = (retryAfterMs + 999) / 1000;
      throttled.increment();
      audit.record("login", username, null, "throttled", details);
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      Problems.send(ctx, 429, "LOGIN_THROTTLED",
          "too many failed logins of this account from your address; try again in " + seconds + " s");
      return;
    }
    accounts
        .authenticate(username, body.getString("password"))
        .onSuccess(agent -> agent.ifPresentOrElse(
            account -> {
              throttle.succeeded(username, address);
              succeeded.increment();
              // answers wait for the audit entry, so whoever reads the log after an answer finds the login
              audit.record("login", account.id(), null, "success", details)
                  .onComplete(audited -> respond(ctx, account.identity(), tokens.login(account.identity(), account.tokenVersion())));
            },
            () -> {
              throttle.failed(username, address);
              failed.increment();
              audit.record("login", username, null, "failure", details)
                  .onComplete(audited -> Problems.send(ctx, 401, "Unauthorized", "wrong username or password"));
            }))
        .onFailure(ctx::fail);
  }

  /** Put after a {@link BearerAuth}: the account was just read again, so roles are current. */
  public void refresh(RoutingContext ctx) {
    VerifiedToken token = BearerAuth.token(ctx);
    if (!tokens.refreshable(token)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      Problems.send(ctx, 401, "Unauthorized", "this login is more than " + tokens.refreshMaxLifetimeSeconds()
          + " s old (auth.refreshMaxLifetimeSeconds), so its token is not refreshed; log in again");
      return;
    }
    if (token.ssoLogin() == null && !sso.passwords()) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      Problems.send(ctx, 401, "Unauthorized", "password logins are turned off (auth.passwords), so this token of one is not refreshed; sign in again");
      return;
    }
    Future<VerifiedToken> current = token.ssoLogin() == null ? Future.succeededFuture(token) : sso.recheck(token).map(token::withAgent);
    current
        .onSuccess(checked -> respond(ctx, checked.agent(), tokens.refresh(checked)))
        .onFailure(e -> {
          if (e instanceof SsoRefused refused) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Problems.send(ctx, 401, "Unauthorized", "the identity provider no longer lets you in (" + refused.code() + "): "
                + refused.getMessage() + "; sign in again");
          } else {
            ctx.response().putHeader("Retry-After", "10");
            Problems.send(ctx, 503, "Service Unavailable", "the identity provider cannot be asked whether you may stay signed in: "
                + e.getMessage());
          }
        });
  }

  static void respond(RoutingContext ctx, AgentIdentity agent, IssuedToken issued) {
    JsonObject answer =
        new JsonObject()
            .put("token", issued.token())
            .put("expiresAt", issued.expiresAtMillis())
            .put("agent", new JsonObject().put("id", agent.id()).put("name", agent.name()).put("roles", agent.roles())
                .put("projects", agent.projects().stream().sorted().toList()));
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
