package io.tandem.server.admin;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the validator checks: the parameters as the router decoded them and the body the API's
 * {@code BodyHandler} read. Vert.x's own extractor decodes the path and query a second time (a
 * '+' in a user id would become a space) and reads a string parameter that looks like JSON as
 * JSON ({@code -1} as a number, refused as "not a string"); a string parameter is handed over
 * JSON-quoted, so it stays the string it was.
 */
final class RoutedRequest implements RequestExtractor {
  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext ctx, Operation operation) {
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      switch (parameter.getIn()) {
        case PATH -> path.put(parameter.getName(), value(parameter, ctx.pathParam(parameter.getName())));
        // an empty value is a form's empty filter, as if absent
        case QUERY -> query.put(parameter.getName(), value(parameter, Optional.ofNullable(ctx.queryParams().get(parameter.getName()))
            .filter(v -> !v.isEmpty()).orElse(null)));
        default -> throw new IllegalStateException("the admin API takes no " + parameter.getIn() + " parameter: " + parameter.getName());
      }
    }
    Buffer body = operation.getRequestBody() == null ? null : ctx.body().buffer();
    return Future.succeededFuture(new Request(path, query, () -> body, ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)));
  }

  private static RequestParameter value(Parameter parameter, String raw) {
    if (raw == null) {
      return () -> null;
    }
    String value = parameter.getSchemaType() == SchemaType.STRING ? Json.encode(raw) : raw;
    return () -> value;
  }

  private record Request(Map<String, RequestParameter> path, Map<String, RequestParameter> query, RequestParameter body,
      String contentType) implements ValidatableRequest {
    @Override
    public Map<String, RequestParameter> getCookies() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getPathParameters() {
      return path;
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
      return query;
    }

    @Override
    public RequestParameter getBody() {
      return body;
    }

    @Override
    public String getContentType() {
      return contentType;
    }
  }
}
