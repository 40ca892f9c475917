package io.tandem.server.auth;

import io.tandem.server.http.Problems;
import io.tandem.server.storage.AuditLog;
import io.tandem.server.storage.Conflict;
import io.tandem.server.storage.SsoLoginStore;
import io.tandem.server.storage.SsoLoginStore.SsoLogin;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Single sign-on with the deployment's OpenID Connect provider, the authorization code flow with
 * PKCE, a state and a nonce:
 * <ol>
 *   <li>{@code GET /api/auth/sso/start} keeps the state, nonce and PKCE verifier in an HttpOnly
 *       cookie of the browser that started, and sends it to the provider;
 *   <li>{@code GET /api/auth/sso/callback} checks the state against that cookie, redeems the code
 *       with the verifier, checks the ID token ({@link IdentityProvider}), maps its claims to an
 *       agent ({@link ClaimMapping}, created on first sign-in if {@code auth.sso.createAgents}),
 *       issues Tandem's own token as a password login does, and hands it to the console in a
 *       short-lived HttpOnly cookie, never in a URL;
 *   <li>{@code POST /api/auth/sso/session} (the console, same origin) trades that cookie for the
 *       login answer {@code POST /api/auth/login} gives.
 * </ol>
 * A cookie rather than server state carries the flow, so any node of a cluster can take the callback.
 * {@link #recheck} asks the provider again at each token refresh.
 */
public final class SingleSignOn {
  public static final String FLOW_COOKIE = "tandem_sso_flow";
  public static final String HANDOFF_COOKIE = "tandem_sso_token";
  private static final String CALLBACK_PATH = "/api/auth/sso/callback";
  private static final String SESSION_PATH = "/api/auth/sso/session";
  private static final String CONSOLE = "/console/";
  private static final int HANDOFF_SECONDS = 60;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SsoSettings settings;
  private final IdentityProvider provider;
  private final ClaimMapping mapping;
  private final Accounts accounts;
  private final AgentTokens tokens;
  private final SsoLoginStore logins;
  private final AuditLog audit;
  private final boolean passwords;

  public SingleSignOn(SsoSettings settings, IdentityProvider provider, Accounts accounts, AgentTokens tokens, SsoLoginStore logins,
      AuditLog audit, boolean passwords) {
    this.settings = settings;
    this.provider = provider;
    this.mapping = new ClaimMapping(settings);
    this.accounts = accounts;
    this.tokens = tokens;
    this.logins = logins;
    this.audit = audit;
    this.passwords = passwords;
  }

  public boolean passwords() {
    return passwords;
  }

  /** {@code GET /api/auth/methods}: what the console's sign-in page offers. */
  public void methods(RoutingContext ctx) {
    JsonObject answer = new JsonObject().put("passwords", passwords)
        .put("sso", settings.enabled() ? new JsonObject().put("name", settings.providerName()).put("start", "/api/auth/sso/start") : null);
    ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store").end(answer.encode());
  }

  /** {@code GET /api/auth/sso/start}. */
  public void start(RoutingContext ctx) {
    if (!settings.enabled()) {
      off(ctx);
      return;
    }
    Flow flow = new Flow(random(), random(), random());
    provider.authorizeUrl(redirectUrl(ctx), flow.state(), flow.nonce(), challenge(flow.verifier()))
        .onSuccess(url -> {
          ctx.response().addCookie(cookie(ctx, FLOW_COOKIE, flow.encode(), CALLBACK_PATH, settings.flowTimeoutSeconds(), CookieSameSite.LAX));
          ctx.response().setStatusCode(302).putHeader("Location", url).putHeader("cache-control", "no-store").end();
        })
        .onFailure(e -> refuse(ctx, null, new SsoRefused("PROVIDER_UNAVAILABLE", e.getMessage())));
  }

  /** {@code GET /api/auth/sso/callback?code=…&state=…}, where the provider sends the browser back. */
  public void callback(RoutingContext ctx) {
    if (!settings.enabled()) {
      off(ctx);
      return;
    }
    Cookie kept = ctx.request().getCookie(FLOW_COOKIE);
    ctx.response().addCookie(cookie(ctx, FLOW_COOKIE, "", CALLBACK_PATH, 0, CookieSameSite.LAX));
    Optional<Flow> flow = kept == null ? Optional.empty() : Flow.decode(kept.getValue());
    String error = ctx.request().getParam("error");
    String code = ctx.request().getParam("code");
    if (error != null) {
      refuse(ctx, null, new SsoRefused("PROVIDER_REFUSED", "the identity provider answered '" + error + "': "
          + ctx.request().getParam("error_description", "")));
    } else if (flow.isEmpty() || !constantTimeEquals(flow.get().state(), ctx.request().getParam("state", ""))) {
      refuse(ctx, null, new SsoRefused("BAD_STATE", "this sign-in was not started in this browser, or took longer than "
          + settings.flowTimeoutSeconds() + " s (auth.sso.flowTimeoutSeconds)"));
    } else if (code == null || code.isEmpty()) {
      refuse(ctx, null, new SsoRefused("NO_CODE", "the identity provider sent no code"));
    } else {
      signIn(ctx, flow.get(), code);
    }
  }

  private void signIn(RoutingContext ctx, Flow flow, String code) {
    provider.redeem(code, redirectUrl(ctx), flow.verifier(), flow.nonce())
        .compose(answer -> {
          ClaimMapping.Mapped mapped = mapping.map(answer.claims());
          return account(mapped).compose(agent -> {
            SsoLogin login = new SsoLogin(random(), agent.id(), answer.refreshToken(), answer.accessToken());
            return logins.add(login, tokens.refreshMaxLifetimeSeconds())
                .map(added -> new SignedIn(agent, login.id(), answer.claims().getString("sub")));
          });
        })
        .onSuccess(signedIn -> audit.record("sso.login", signedIn.agent().id(), null, "success",
                details(ctx).put("subject", signedIn.subject()))
            .onComplete(audited -> {
              IssuedToken issued = tokens.ssoLogin(signedIn.agent().identity(), signedIn.agent().tokenVersion(), signedIn.loginId());
              ctx.response().addCookie(cookie(ctx, HANDOFF_COOKIE, issued.token(), SESSION_PATH, HANDOFF_SECONDS, CookieSameSite.STRICT));
              redirect(ctx, CONSOLE + "#sso");
            }))
        .onFailure(e -> refuse(ctx, null, e instanceof SsoRefused refused ? refused : new SsoRefused("PROVIDER_UNAVAILABLE", e.getMessage())));
  }

  /** {@code POST /api/auth/sso/session}: the login answer for the token the callback left in its cookie. */
  public void session(RoutingContext ctx) {
    Cookie handoff = ctx.request().getCookie(HANDOFF_COOKIE);
    ctx.response().addCookie(cookie(ctx, HANDOFF_COOKIE, "", SESSION_PATH, 0, CookieSameSite.STRICT));
    if (handoff == null || handoff.getValue().isEmpty()) {
      Problems.send(ctx, 401, "Unauthorized", "no single sign-on to pick up: sign in through GET /api/auth/sso/start");
      return;
    }
    tokens.verify(handoff.getValue())
        .onSuccess(token -> LoginHandler.respond(ctx, token.agent(),
            new IssuedToken(handoff.getValue(), token.expiresAtMillis())))
        .onFailure(e -> Problems.send(ctx, 401, "Unauthorized", "the single sign-on expired or was revoked; sign in again"));
  }

  /**
   * Asks the provider whether the agent of this single sign-on may stay signed in, and applies what
   * it says now about name, admin and projects. A refusal ({@link SsoRefused}) revokes every token
   * of the agent ({@code tv}), which closes their consoles' sockets at once; a provider that
   * cannot be reached fails otherwise and revokes nothing.
   */
  public Future<AgentIdentity> recheck(VerifiedToken token) {
    String agentId = token.agent().id();
    return logins.find(token.ssoLogin())
        .compose(found -> found.<Future<SsoLogin>>map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new SsoRefused("SIGNED_OUT", "this single sign-on was ended; sign in again"))))
        .compose(login -> provider.recheck(login.refreshToken(), login.accessToken())
            .compose(answer -> {
              ClaimMapping.Mapped mapped = mapping.map(answer.claims() == null ? new JsonObject().put(settings.usernameClaim(), agentId) : answer.claims());
              if (!mapped.id().equals(agentId)) {
                return Future.<AgentIdentity>failedFuture(new SsoRefused("OTHER_AGENT", "the identity provider now names another agent: " + mapped.id()));
              }
              SsoLogin renewed = new SsoLogin(login.id(), agentId, answer.refreshToken() == null ? login.refreshToken() : answer.refreshToken(),
                  answer.accessToken());
              return logins.update(renewed).compose(v -> answer.claims() == null ? current(agentId) : account(mapped)).map(Agent::identity);
            })
            .recover(e -> e instanceof SsoRefused refused ? endSignOn(login.id(), agentId, refused) : Future.failedFuture(e)));
  }

  /** The provider refused the agent: forget the sign-on, revoke the agent's tokens, audit it, and fail with the refusal. */
  private Future<AgentIdentity> endSignOn(String loginId, String agentId, SsoRefused refused) {
    return logins.remove(loginId)
        .compose(v -> accounts.revokeTokens(agentId))
        .compose(v -> audit.record("sso.refresh", agentId, null, "refused",
            new JsonObject().put("code", refused.code()).put("reason", refused.getMessage())))
        .transform(done -> Future.<AgentIdentity>failedFuture(refused));
  }

  /** The agent's account, created or updated from what the provider says; refused if disabled in Tandem or unknown without {@code createAgents}. */
  private Future<Agent> account(ClaimMapping.Mapped mapped) {
    return accounts.find(mapped.id()).compose(found -> {
      if (found.isEmpty()) {
        return create(mapped);
      }
      Agent agent = found.get();
      if (agent.disabled()) {
        return Future.<Agent>failedFuture(new SsoRefused("AGENT_DISABLED", "the agent '" + agent.id() + "' is disabled in Tandem"));
      }
      Agent updated = ClaimMapping.apply(mapped, agent);
      return updated.equals(agent) ? Future.<Agent>succeededFuture(agent)
          : accounts.update(updated).map(saved -> saved.orElse(updated));
    });
  }

  private Future<Agent> create(ClaimMapping.Mapped mapped) {
    if (!settings.createAgents()) {
      return Future.failedFuture(new SsoRefused("UNKNOWN_AGENT", "there is no agent '" + mapped.id()
          + "' in Tandem and agents are not created at sign-in (auth.sso.createAgents is off)"));
    }
    Agent fresh = ClaimMapping.apply(mapped, new Agent(mapped.id(), mapped.name(), List.of(AgentIdentity.ROLE_AGENT), Set.of(), false, null, 0));
    // two first sign-ins at once: the second finds the agent the first created
    return accounts.createWithoutPassword(fresh)
        .recover(e -> e instanceof Conflict ? accounts.find(mapped.id()).map(Optional::orElseThrow) : Future.failedFuture(e));
  }

  private Future<Agent> current(String agentId) {
    return accounts.find(agentId).compose(found -> found.filter(agent -> !agent.disabled()).<Future<Agent>>map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new SsoRefused("AGENT_DISABLED", "the agent '" + agentId + "' is disabled in Tandem"))));
  }

  /** Audited, and the browser goes back to the console, which says why. */
  private void refuse(RoutingContext ctx, String agentId, SsoRefused refused) {
    audit.record("sso.login", agentId, null, "refused", details(ctx).put("code", refused.code()).put("reason", refused.getMessage()))
        .onComplete(audited -> redirect(ctx, CONSOLE + "#sso-error=" + refused.code()));
  }

  private static void off(RoutingContext ctx) {
    Problems.send(ctx, 404, "SSO_OFF", "single sign-on is not configured on this deployment (auth.sso.issuer)");
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("cache-control", "no-store").end();
  }

  private static JsonObject details(RoutingContext ctx) {
    return new JsonObject().put("remoteAddress", ctx.request().remoteAddress().hostAddress());
  }

  /** The configured callback URL, else this node's own as the browser reached it. */
  private String redirectUrl(RoutingContext ctx) {
    return settings.redirectUrl().isEmpty() ? ctx.request().scheme() + "://" + ctx.request().authority() + CALLBACK_PATH : settings.redirectUrl();
  }

  private static Cookie cookie(RoutingContext ctx, String name, String value, String path, long maxAgeSeconds, CookieSameSite sameSite) {
    return Cookie.cookie(name, value).setPath(path).setHttpOnly(true).setSameSite(sameSite).setMaxAge(maxAgeSeconds)
        .setSecure("https".equals(ctx.request().scheme()));
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private record SignedIn(Agent agent, String loginId, String subject) {}

  /** What the browser that started a sign-in keeps until the callback: three random base64url values. */
  private record Flow(String state, String nonce, String verifier) {
    String encode() {
      return state + "." + nonce + "." + verifier;
    }

    static Optional<Flow> decode(String value) {
      String[] parts = value.split("\\.");
      return parts.length == 3 ? Optional.of(new Flow(parts[0], parts[1], parts[2])) : Optional.empty();
    }
  }
}
