package io.tandem.server.admin;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Optional;

/** What an admin handler reads: the request as {@code openapi.json} let it through. */
final class Validated {
  /** Where the admin router leaves the document's schemas for {@link #body}. */
  static final String SCHEMAS = "tandem.documentSchemas";

  private Validated() {}

  static Body body(RoutingContext ctx) {
    Operation operation = ctx.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION);
    DocumentSchemas schemas = ctx.get(SCHEMAS);
    String operationId = operation.getOperationId();
    return new Body(request(ctx).getBody().getJsonObject(), schemas.body(operationId), schemas, operationId, "");
  }

  /** A query parameter the request gave, as the document's type (a String, an Integer...). */
  static Optional<RequestParameter> query(RoutingContext ctx, String name) {
    return Optional.ofNullable(request(ctx).getQuery().get(name)).filter(p -> !p.isNull());
  }

  private static ValidatedRequest request(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}
