package io.tandem.server.auth;

import io.tandem.server.http.Problems;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a REST request through only with a valid agent token ({@code Authorization: Bearer ...}),
 * and keeps the agent on the routing context for the handlers after it.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String TOKEN_KEY = "tandem.token";
  private static final String PREFIX = "Bearer ";

  private final AgentTokens tokens;

  public BearerAuth(AgentTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      refuse(ctx, "send an agent token as 'Authorization: Bearer <token>'; get one from POST /api/auth/login");
      return;
    }
    tokens.verify(header.substring(PREFIX.length()).trim())
        .onSuccess(token -> {
          ctx.put(TOKEN_KEY, token);
          ctx.next();
        })
        .onFailure(e -> {
          if (e instanceof AccountCheckFailed) {
            ctx.response().putHeader("Retry-After", "5");
            Problems.send(ctx, 503, "Service Unavailable", AccountCheckFailed.MESSAGE);
          } else {
            refuse(ctx, "the token is forged, expired or malformed, the account is disabled, or a password reset revoked the token; log in again");
          }
        });
  }

  /** Lets through only agents with this role; put after a {@link BearerAuth}. */
  public static Handler<RoutingContext> requireRole(String role) {
    return ctx -> {
      if (agent(ctx).hasRole(role)) {
        ctx.next();
      } else {
        Problems.send(ctx, 403, "Forbidden", "this needs the '" + role + "' role");
      }
    };
  }

  public static AgentIdentity agent(RoutingContext ctx) {
    return token(ctx).agent();
  }

  public static VerifiedToken token(RoutingContext ctx) {
    return ctx.get(TOKEN_KEY);
  }

  private static void refuse(RoutingContext ctx, String detail) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    Problems.send(ctx, 401, "Unauthorized", detail);
  }
}
