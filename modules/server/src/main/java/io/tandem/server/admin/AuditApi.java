package io.tandem.server.admin;

import io.tandem.server.storage.AuditLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /api/admin/audit}: the audit log, newest first, filtered by session, agent, kind,
 * outcome and time; each page links to the next one.
 */
final class AuditApi {
  static final int DEFAULT_LIMIT = 50;
  private static final List<String> FILTERS = List.of("sessionId", "agentId", "kind", "outcome", "from", "to", "limit", "before");

  private final Services services;

  private AuditApi(Services services) {
    this.services = services;
  }

  static void mount(RouterBuilder router, Services services) {
    router.getRoute("queryAudit").addHandler(Answers.guarded(new AuditApi(services)::query));
  }

  /** The document bounds limit (1 to 500) and before (at least 1); a parameter it does not name is refused here, not ignored. */
  private void query(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!FILTERS.contains(name)) {
        throw new InvalidRequest(name, "unknown query parameter '" + name + "'; expected some of " + FILTERS);
      }
    }
    AuditLog.Query query = new AuditLog.Query(
        param(ctx, "sessionId"), param(ctx, "agentId"), param(ctx, "kind"), param(ctx, "outcome"),
        param(ctx, "from").map(v -> instant("from", v)), param(ctx, "to").map(v -> instant("to", v)),
        Validated.query(ctx, "before").map(RequestParameter::getLong),
        Validated.query(ctx, "limit").map(RequestParameter::getInteger).orElse(DEFAULT_LIMIT));
    services.audit().query(query)
        .onSuccess(page -> Answers.json(ctx, 200, new JsonObject()
            .put("items", new JsonArray(page.entries().stream().map(AuditLog.Entry::toJson).toList()))
            .put("next", page.nextBefore().map(before -> nextLink(ctx, before)).orElse(null))))
        .onFailure(Answers.failed(ctx));
  }

  /** The same query with the cursor moved past this page. */
  private static String nextLink(RoutingContext ctx, long before) {
    String others = ctx.queryParams().entries().stream()
        .filter(e -> !"before".equals(e.getKey()))
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return "/api/admin/audit?" + (others.isEmpty() ? "" : others + "&") + "before=" + before;
  }

  private static Optional<String> param(RoutingContext ctx, String name) {
    return Validated.query(ctx, name).map(RequestParameter::getString);
  }

  /** The document's date-time (RFC 3339) allows a few spellings Instant does not read, such as a lowercase 't'. */
  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidRequest(name, "'" + name + "' must be an ISO-8601 instant such as 2025-01-31T12:00:00Z; got '" + value + "'");
    }
  }
}
