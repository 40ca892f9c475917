package io.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.server.admin.Http;
import io.tandem.server.testing.OidcProvider;
import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single sign-on against a real OpenID Connect provider on a loopback port: the whole code flow over
 * HTTP, the provider's login page submitted with the claims under test. One node creates agents at
 * first sign-in and keeps passwords; the other does neither.
 */
@ExtendWith(VertxExtension.class)
class SingleSignOnTest {
  private static final String ADMINS = "tandem-admins";
  @TempDir static Path dataDir;
  @TempDir static Path strictDataDir;
  private static OidcProvider provider;
  private static TestNode node;
  private static TestNode strict;
  private static Http http;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    provider = new OidcProvider();
    node = TestNode.start(vertx, dataDir, sso(true, true));
    strict = TestNode.start(vertx, strictDataDir, sso(false, false));
    http = new Http(vertx, node.port);
    admin = http.adminToken();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static JsonObject sso(boolean createAgents, boolean passwords) {
    return new JsonObject().put("auth", new JsonObject().put("passwords", passwords).put("sso", new JsonObject()
        .put("issuer", provider.issuer()).put("providerName", "Example IdP").put("clientId", OidcProvider.CLIENT_ID)
        .put("clientSecret", OidcProvider.CLIENT_SECRET).put("createAgents", createAgents)
        .put("adminGroup", ADMINS).put("projectsClaim", "tandem_projects")));
  }

  private static JsonObject claims(String username, String name, String... groups) {
    return new JsonObject().put("preferred_username", username).put("name", name).put("groups", new JsonArray(List.of(groups)));
  }

  @Test
  void aFirstSignInCreatesTheAgentFromTheClaimsAndIssuesTandemsOwnToken(Vertx vertx) {
    SsoBrowser browser = new SsoBrowser(vertx, node.origin());
    String console = browser.signIn("subject-alice", claims("Alice", "Alice Example").put("tandem_projects", new JsonArray().add("demo")));
    assertThat(console).isEqualTo("/console/#sso");

    HttpResponse<Buffer> session = browser.session();
    assertThat(session.statusCode()).isEqualTo(200);
    JsonObject agent = session.bodyAsJsonObject().getJsonObject("agent");
    assertThat(agent.getString("id")).as("the username claim, lower-cased").isEqualTo("alice");
    assertThat(agent.getString("name")).isEqualTo("Alice Example");
    assertThat(agent.getJsonArray("roles")).containsExactly("agent");
    assertThat(agent.getJsonArray("projects")).containsExactly("demo");
    String token = session.bodyAsJsonObject().getString("token");
    assertThat(http.get("/api/ice-servers", token).statusCode()).isEqualTo(200);
    assertThat(browser.session().statusCode()).as("the hand-off cookie is good once").isEqualTo(401);

    JsonObject stored = http.get("/api/admin/agents/alice", admin).bodyAsJsonObject();
    assertThat(stored.getString("name")).isEqualTo("Alice Example");
    assertThat(audit("sso.login", "alice")).anyMatch(e -> "success".equals(e.getString("outcome"))
        && "subject-alice".equals(e.getJsonObject("details").getString("subject")));
    assertThat(http.call(HttpMethod.POST, "/api/auth/login", null, new JsonObject().put("username", "alice").put("password", "anything-at-all"))
        .statusCode()).as("an agent created by single sign-on has no password").isEqualTo(401);
  }

  @Test
  void theAdminGroupMakesAnExistingAgentAnAdminAndLeavingItUndoesThat(Vertx vertx) {
    http.agentToken(admin, "bob", "demo");
    JsonObject first = signedIn(vertx, node, "subject-bob", claims("bob", "Bob", "support", ADMINS));
    assertThat(first.getJsonObject("agent").getJsonArray("roles")).containsExactlyInAnyOrder("agent", "admin");
    assertThat(http.get("/api/admin/agents", first.getString("token")).statusCode()).isEqualTo(200);

    JsonObject second = signedIn(vertx, node, "subject-bob", claims("bob", "Bob", "support"));
    assertThat(second.getJsonObject("agent").getJsonArray("roles")).containsExactly("agent");
    assertThat(http.get("/api/admin/agents", first.getString("token")).statusCode())
        .as("the admin role is gone for the earlier token as well").isEqualTo(403);
  }

  @Test
  void withoutJustInTimeCreationAnUnknownAgentIsRefusedAndAKnownOneSignsIn(Vertx vertx) {
    SsoBrowser browser = new SsoBrowser(vertx, strict.origin());
    assertThat(browser.signIn("subject-carol", claims("carol", "Carol"))).isEqualTo("/console/#sso-error=UNKNOWN_AGENT");
    assertThat(browser.session().statusCode()).isEqualTo(401);

    Http strictHttp = new Http(vertx, strict.port);
    String strictAdmin = signedIn(vertx, strict, "subject-demo", claims("demo", "Demo Agent", ADMINS)).getString("token");
    assertThat(strictHttp.call(HttpMethod.POST, "/api/admin/agents", strictAdmin, new JsonObject().put("id", "carol").put("name", "Carol")
        .put("password", "unused-password").put("roles", new JsonArray().add("agent"))).statusCode()).isEqualTo(201);
    assertThat(signedIn(vertx, strict, "subject-carol", claims("carol", "Carol")).getJsonObject("agent").getString("id")).isEqualTo("carol");
    JsonObject refused = strictHttp.get("/api/admin/audit?kind=sso.login&limit=50", strictAdmin).bodyAsJsonObject();
    assertThat(refused.getJsonArray("items").stream().map(JsonObject.class::cast))
        .anyMatch(e -> "refused".equals(e.getString("outcome")) && "UNKNOWN_AGENT".equals(e.getJsonObject("details").getString("code")));
  }

  @Test
  void withPasswordsOffTheLoginEndpointAnswers403AndTheMethodsSaySo(Vertx vertx) {
    Http strictHttp = new Http(vertx, strict.port);
    HttpResponse<Buffer> login = strictHttp.call(HttpMethod.POST, "/api/auth/login", null,
        new JsonObject().put("username", "demo").put("password", TestNode.AGENT_PASSWORD));
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(login.bodyAsJsonObject().getString("title")).isEqualTo("PASSWORDS_OFF");
    JsonObject methods = strictHttp.get("/api/auth/methods", null).bodyAsJsonObject();
    assertThat(methods.getBoolean("passwords")).isFalse();
    assertThat(methods.getJsonObject("sso").getString("name")).isEqualTo("Example IdP");
    assertThat(http.get("/api/auth/methods", null).bodyAsJsonObject().getBoolean("passwords")).isTrue();
  }

  @Test
  void tokensOfAnotherIssuerAreRefused(Vertx vertx) {
    SsoBrowser browser = new SsoBrowser(vertx, node.origin());
    String forged = browser.signIn("subject-mallory", claims("mallory", "Mallory", ADMINS).put("iss", provider.issuer("elsewhere")));
    assertThat(forged).startsWith("/console/#sso-error=");
    assertThat(browser.session().statusCode()).isEqualTo(401);
    assertThat(http.get("/api/admin/agents/mallory", admin).statusCode()).as("nobody was created").isEqualTo(404);

    // the provider's own tokens, of any issuer, are not Tandem's
    String foreign = provider.server.issueToken("elsewhere", "mallory", OidcProvider.CLIENT_ID, java.util.Map.of("preferred_username", "demo"))
        .serialize();
    String ours = provider.server.issueToken(OidcProvider.ISSUER_ID, "demo", OidcProvider.CLIENT_ID, java.util.Map.of("preferred_username", "demo"))
        .serialize();
    assertThat(http.get("/api/ice-servers", foreign).statusCode()).isEqualTo(401);
    assertThat(http.get("/api/ice-servers", ours).statusCode()).isEqualTo(401);
  }

  @Test
  void aCallbackWithoutTheStateOfThisBrowserIsRefused(Vertx vertx) {
    SsoBrowser victim = new SsoBrowser(vertx, node.origin());
    SsoBrowser attacker = new SsoBrowser(vertx, node.origin());
    String attackersCallback = attacker.login(attacker.start(), "subject-eve", claims("eve", "Eve"));
    assertThat(victim.callback(attackersCallback)).isEqualTo("/console/#sso-error=BAD_STATE");
    assertThat(victim.session().statusCode()).isEqualTo(401);
  }

  @Test
  void aRefreshAsksTheProviderAgainAndItsRefusalRevokesTheAgentsTokens(Vertx vertx) {
    JsonObject signedIn = signedIn(vertx, node, "subject-dana", claims("dana", "Dana"));
    String token = signedIn.getString("token");
    HttpResponse<Buffer> refreshed = http.call(HttpMethod.POST, "/api/auth/refresh", token, null);
    assertThat(refreshed.statusCode()).isEqualTo(200);

    provider.refuseRefreshes(true);
    HttpResponse<Buffer> refused;
    try {
      refused = http.call(HttpMethod.POST, "/api/auth/refresh", refreshed.bodyAsJsonObject().getString("token"), null);
    } finally {
      provider.refuseRefreshes(false);
    }
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("PROVIDER_REFUSED");
    assertThat(http.get("/api/ice-servers", token).statusCode()).as("every token of the agent is revoked").isEqualTo(401);
    assertThat(audit("sso.refresh", "dana")).anyMatch(e -> "refused".equals(e.getString("outcome")));

    assertThat(signedIn(vertx, node, "subject-dana", claims("dana", "Dana")).getString("token")).as("a new sign-in works").isNotEmpty();
  }

  private static JsonObject signedIn(Vertx vertx, TestNode target, String subject, JsonObject claims) {
    SsoBrowser browser = new SsoBrowser(vertx, target.origin());
    assertThat(browser.signIn(subject, claims)).isEqualTo("/console/#sso");
    HttpResponse<Buffer> session = browser.session();
    assertThat(session.statusCode()).isEqualTo(200);
    return session.bodyAsJsonObject();
  }

  private static List<JsonObject> audit(String kind, String agentId) {
    return http.get("/api/admin/audit?kind=" + kind + "&agentId=" + agentId + "&limit=50", admin).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }
}
