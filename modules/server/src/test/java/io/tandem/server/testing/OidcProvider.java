package io.tandem.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * A real OpenID Connect provider on a free loopback port ({@code no.nav.security:mock-oauth2-server}):
 * discovery, JWKS, RS256-signed tokens, and an interactive login page where whoever signs in types
 * the subject and the claims (JSON) of their tokens. Each issuer id (first path segment) is an
 * issuer of its own with its own signing key.
 *
 * <p>Run as a program by the e2e suite: prints {@code ready <base URL>} once it listens, and stops
 * when its standard input closes.
 */
public final class OidcProvider implements AutoCloseable {
  public static final String ISSUER_ID = "tandem-idp";
  public static final String CLIENT_ID = "tandem-console";
  public static final String CLIENT_SECRET = "tandem-console-secret";

  public final MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true), new RefreshRefusal());
  /** While set, the provider refuses every refresh token, as one does for a user disabled there. */
  private volatile boolean refusingRefreshes;

  public OidcProvider() {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the OpenID Connect provider", e);
    }
  }

  /** The issuer URL of {@code issuerId}, as it appears in its tokens and discovery document. */
  public String issuer(String issuerId) {
    String url = server.issuerUrl(issuerId).toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String issuer() {
    return issuer(ISSUER_ID);
  }

  public void refuseRefreshes(boolean refuse) {
    refusingRefreshes = refuse;
  }

  /** Answers refresh grants with {@code invalid_grant} while {@link #refuseRefreshes} is on; other requests pass by. */
  private final class RefreshRefusal implements Route {
    @Override
    public boolean match(OAuth2HttpRequest request) {
      return refusingRefreshes && request.getUrl().encodedPath().endsWith("/token")
          && "refresh_token".equals(request.getFormParameters().get("grant_type"));
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
      return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 400,
          "{\"error\":\"invalid_grant\",\"error_description\":\"the user is disabled\"}", null);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }

  public static void main(String[] args) throws IOException {
    try (OidcProvider provider = new OidcProvider()) {
      System.out.println("ready " + provider.server.baseUrl());
      System.out.flush();
      while (System.in.read() != -1) {
        // runs until the e2e test that started it closes our standard input
      }
    }
  }
}
