package io.tandem.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deployment's OpenID Connect provider, found by discovery ({@code auth.sso.issuer}) when it is
 * first needed and found again after a failure, so a provider that is down at start-up does not
 * keep the node down. Every ID token is checked here: Vert.x checks its signature against the
 * provider's JWKS, and this class its issuer, audience, expiry and nonce, whatever Vert.x skipped.
 */
public final class IdentityProvider {
  /** Seconds an ID token's times may be off between the provider's clock and the node's. */
  private static final long CLOCK_SKEW_SECONDS = 60;

  private final Vertx vertx;
  private final SsoSettings settings;
  private final AtomicReference<Future<OAuth2Auth>> discovered = new AtomicReference<>();

  /** What the provider answered for a sign-in or refresh: its verified ID token claims (or userinfo) and its tokens. */
  public record Answer(JsonObject claims, String refreshToken, String accessToken) {}

  public IdentityProvider(Vertx vertx, SsoSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  private Future<OAuth2Auth> provider() {
    Future<OAuth2Auth> known = discovered.get();
    if (known != null && !known.failed()) {
      return known;
    }
    OAuth2Options options = new OAuth2Options().setSite(settings.issuer())
        .setClientId(settings.clientId()).setValidateIssuer(true);
    if (!settings.clientSecret().isEmpty()) {
      options.setClientSecret(settings.clientSecret());
    }
    Future<OAuth2Auth> fresh = OpenIDConnectAuth.discover(vertx, options)
        // a token signed with a key the node has not seen yet: the provider rotated its keys
        .onSuccess(oauth2 -> oauth2.missingKeyHandler(kid -> oauth2.jWKSet()))
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot discover the identity provider at " + settings.issuer()
            + " (auth.sso.issuer): " + e.getMessage(), e)));
    discovered.set(fresh);
    return fresh;
  }

  /** Where to send the browser to sign in: the code flow with PKCE (S256) and a nonce. */
  public Future<String> authorizeUrl(String redirectUrl, String state, String nonce, String codeChallenge) {
    return provider().map(oauth2 -> oauth2.authorizeURL(new OAuth2AuthorizationURL().setRedirectUri(redirectUrl)
        .setScopes(settings.scopes()).setState(state)
        // Vert.x 5.0 does not put the challenge or the nonce into the URL itself
        .setAdditionalParameters(Map.of("redirect_uri", redirectUrl, "nonce", nonce, "code_challenge", codeChallenge,
            "code_challenge_method", "S256"))));
  }

  /** Trades the code for tokens; fails with {@link SsoRefused} unless the ID token is valid and carries {@code nonce}. */
  public Future<Answer> redeem(String code, String redirectUrl, String codeVerifier, String nonce) {
    return provider().compose(oauth2 -> oauth2.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE)
                .setCode(code).setRedirectUri(redirectUrl).setCodeVerifier(codeVerifier))
            .recover(e -> Future.failedFuture(new SsoRefused("CODE_REFUSED", "the identity provider refused the sign-in code: " + e.getMessage()))))
        .map(user -> {
          JsonObject claims = verifiedIdToken(user);
          if (!nonce.equals(claims.getString("nonce"))) {
            throw new SsoRefused("BAD_NONCE", "the ID token's nonce is not the one this sign-in sent");
          }
          return answer(user, claims);
        });
  }

  /**
   * Asks the provider whether the agent may still be signed in: a refresh grant with the refresh
   * token, else userinfo with the access token. A refusal fails with {@link SsoRefused}; a provider
   * that cannot be reached fails otherwise.
   */
  public Future<Answer> recheck(String refreshToken, String accessToken) {
    return provider().compose(oauth2 -> {
      if (refreshToken != null) {
        return oauth2.refresh(User.create(new JsonObject().put("refresh_token", refreshToken)))
            .recover(e -> Future.failedFuture(refusalOrOutage(e, "the identity provider refused the refresh token")))
            .map(user -> answer(user, user.principal().containsKey("id_token") ? verifiedIdToken(user) : null));
      }
      if (accessToken == null) {
        return Future.<Answer>failedFuture(new SsoRefused("NO_PROVIDER_TOKEN", "the identity provider gave no refresh or access token to check the agent with"));
      }
      User user = User.create(new JsonObject().put("access_token", accessToken));
      return oauth2.userInfo(user)
          .recover(e -> Future.failedFuture(refusalOrOutage(e, "the identity provider's userinfo refused the access token")))
          .map(info -> new Answer(info, null, accessToken));
    });
  }

  /** Vert.x keeps the ID token's claims only if the signature, issuer and audience checked out. */
  private JsonObject verifiedIdToken(User user) {
    JsonObject claims = user.attributes().getJsonObject("idToken");
    if (claims == null) {
      throw new SsoRefused("BAD_ID_TOKEN", "the ID token is missing, or its signature, issuer or audience is wrong");
    }
    if (!settings.issuer().equals(trimSlash(claims.getString("iss", "")))) {
      throw new SsoRefused("WRONG_ISSUER", "the ID token is from another issuer: " + claims.getString("iss"));
    }
    Object aud = claims.getValue("aud");
    boolean forUs = aud instanceof JsonArray list ? list.contains(settings.clientId()) : settings.clientId().equals(aud);
    if (!forUs) {
      throw new SsoRefused("WRONG_AUDIENCE", "the ID token is not for client '" + settings.clientId() + "'");
    }
    long now = System.currentTimeMillis() / 1000;
    if (claims.getLong("exp", 0L) + CLOCK_SKEW_SECONDS < now) {
      throw new SsoRefused("EXPIRED_ID_TOKEN", "the ID token has expired");
    }
    return claims;
  }

  private static Answer answer(User user, JsonObject claims) {
    return new Answer(claims, user.principal().getString("refresh_token"), user.principal().getString("access_token"));
  }

  /** An answer from the provider is a refusal; no answer (connection failed) is an outage. */
  private static Throwable refusalOrOutage(Throwable e, String refusal) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return e;
      }
    }
    return new SsoRefused("PROVIDER_REFUSED", refusal + ": " + e.getMessage());
  }

  private static String trimSlash(String issuer) {
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }
}
