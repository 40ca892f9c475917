package io.tandem.server.auth;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * {@code auth.sso}: the deployment's OpenID Connect provider and how its claims map to agents.
 * Single sign-on is on when {@code issuer} is set; it then needs {@code clientId} as well.
 */
public record SsoSettings(String issuer, String providerName, String clientId, String clientSecret, List<String> scopes,
    String redirectUrl, boolean createAgents, String usernameClaim, String nameClaim, String groupsClaim, String adminGroup,
    String projectsClaim, long flowTimeoutSeconds) {

  public static SsoSettings from(JsonObject sso) {
    SsoSettings settings = new SsoSettings(trimSlash(sso.getString("issuer", "").trim()), sso.getString("providerName"),
        sso.getString("clientId", ""), sso.getString("clientSecret", ""),
        Arrays.stream(sso.getString("scopes", "").split("[\\s,]+")).filter(scope -> !scope.isEmpty()).toList(),
        sso.getString("redirectUrl", ""), sso.getBoolean("createAgents", true), sso.getString("usernameClaim"),
        sso.getString("nameClaim"), sso.getString("groupsClaim"), sso.getString("adminGroup", ""),
        sso.getString("projectsClaim", ""), sso.getLong("flowTimeoutSeconds"));
    if (settings.enabled() && settings.clientId().isBlank()) {
      throw new IllegalArgumentException("auth.sso.clientId (TANDEM_AUTH_SSO_CLIENT_ID) must be set when auth.sso.issuer is");
    }
    if (settings.enabled() && !settings.scopes().contains("openid")) {
      throw new IllegalArgumentException("auth.sso.scopes (TANDEM_AUTH_SSO_SCOPES) must include 'openid'");
    }
    return settings;
  }

  public boolean enabled() {
    return !issuer.isEmpty();
  }

  /** Discovery compares the provider's {@code issuer} without a trailing slash. */
  private static String trimSlash(String issuer) {
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }
}
