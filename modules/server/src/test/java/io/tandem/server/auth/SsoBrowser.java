package io.tandem.server.auth;

import io.tandem.server.testing.TestNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a browser does in a single sign-on, step by step over real HTTP: start at the node, submit
 * the provider's login page, follow the provider back to the node's callback, and pick the login up
 * as the console does. It keeps the node's cookies as a browser would (the flow and hand-off ones).
 */
final class SsoBrowser {
  private final WebClient client;
  private final String node;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  SsoBrowser(Vertx vertx, String nodeOrigin) {
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    this.node = nodeOrigin;
  }

  /** The provider's login page (authorization endpoint) the node sends the browser to. */
  String start() {
    HttpResponse<Buffer> start = send(client.getAbs(node + "/api/auth/sso/start"));
    if (start.statusCode() != 302) {
      throw new AssertionError("sso start answered " + start.statusCode() + ": " + start.bodyAsString());
    }
    return start.getHeader("Location");
  }

  /** Signs in on the provider's page as {@code subject} with these claims; answers where the node's callback sends the browser. */
  String signIn(String subject, JsonObject claims) {
    return callback(login(start(), subject, claims));
  }

  /** Submits the provider's login form; answers the callback URL it redirects to. */
  String login(String authorizeUrl, String subject, JsonObject claims) {
    HttpResponse<Buffer> login = TestNode.await(client.postAbs(authorizeUrl)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", subject).add("claims", claims.encode())));
    if (login.statusCode() != 302) {
      throw new AssertionError("the provider's login answered " + login.statusCode() + ": " + login.bodyAsString());
    }
    return login.getHeader("Location");
  }

  /** Follows the provider back to the node; answers where the node sends the browser (the console, with the outcome in the fragment). */
  String callback(String callbackUrl) {
    HttpResponse<Buffer> back = send(client.getAbs(callbackUrl));
    if (back.statusCode() != 302) {
      throw new AssertionError("the callback answered " + back.statusCode() + ": " + back.bodyAsString());
    }
    return back.getHeader("Location");
  }

  /** {@code POST /api/auth/sso/session}, as the console does after a sign-in. */
  HttpResponse<Buffer> session() {
    return send(client.postAbs(node + "/api/auth/sso/session"));
  }

  private HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    if (!cookies.isEmpty()) {
      request.putHeader("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
    }
    HttpResponse<Buffer> response = TestNode.await(request.send());
    for (String set : response.cookies()) {
      String pair = set.split(";", 2)[0];
      String name = pair.substring(0, pair.indexOf('='));
      String value = pair.substring(pair.indexOf('=') + 1);
      if (value.isEmpty() || set.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return response;
  }
}
