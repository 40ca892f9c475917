package io.tandem.server.recording;

import io.tandem.protocol.ErrorCode;
import io.tandem.server.auth.AgentIdentity;
import io.tandem.server.auth.BearerAuth;
import io.tandem.server.http.HeldBody;
import io.tandem.server.http.Problems;
import io.tandem.server.storage.UnstorableText;
import io.tandem.server.storage.AuditLog;
import io.tandem.server.storage.Conflict;
import io.tandem.server.storage.RecordingStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/recordings}: an agent's console uploads the call it records, in order, while the user's
 * {@code record} grant lasts: create, append chunks, finish. Every step checks the grant again, so a
 * revoked grant stops the upload at the next chunk. The bytes go to PostgreSQL, so any node serves
 * the finished file ({@code /api/admin/recordings/{id}/content}).
 */
public final class RecordingUploads {
  private static final Logger LOG = Logger.getLogger(RecordingUploads.class.getName());
  private static final String CONTENT_TYPE = "video/webm";

  private final RecordingStore store;
  private final RecordGrants grants;
  private final AuditLog audit;
  private final RecordingLimits limits;

  private RecordingUploads(RecordingStore store, RecordGrants grants, AuditLog audit, RecordingLimits limits) {
    this.store = store;
    this.grants = grants;
    this.audit = audit;
    this.limits = limits;
  }

  /**
   * Mounts the routes, before the API's body handler: a chunk has a larger body limit than other API
   * bodies, and no body is read before the token is checked and an upload slot is free, so
   * unauthenticated or surplus uploads cost no memory.
   */
  public static void mount(Router router, Handler<RoutingContext> bearer, UploadSlots slots, RecordingStore store, RecordGrants grants,
      AuditLog audit, RecordingLimits limits) {
    RecordingUploads uploads = new RecordingUploads(store, grants, audit, limits);
    router.route("/recordings*").handler(HeldBody.create()).handler(bearer).handler(slots);
    // a route of its own: Vert.x allows no body handler after other handlers on one route
    router.route("/recordings*").handler(BodyHandler.create(false).setBodyLimit(limits.maxChunkBytes()));
    router.post("/recordings").handler(uploads::create);
    router.post("/recordings/:id/chunks").handler(uploads::append);
    router.post("/recordings/:id/finish").handler(uploads::finish);
    router.route("/recordings*").failureHandler(ctx -> {
      if (ctx.statusCode() == 413) {
        problem(ctx, 413, ErrorCode.RECORDING_TOO_LARGE, "a chunk may take at most " + limits.maxChunkBytes() + " bytes (recordings.maxChunkBytes)");
      } else {
        ctx.next();
      }
    });
  }

  private void create(RoutingContext ctx) {
    AgentIdentity agent = BearerAuth.agent(ctx);
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      // not JSON, or JSON that is not an object: answered below like a body without a room
      body = null;
    }
    String room = body == null ? null : body.getValue("room") instanceof String s ? s : null;
    if (room == null || room.isBlank()) {
      Problems.send(ctx, 400, "Bad Request", "send {\"room\": \"<session id>\"}: the room whose call is recorded");
      return;
    }
    grants.live(room, agent.id())
        .compose(project -> project.isEmpty()
            ? Future.succeededFuture(Optional.<RecordingStore.Recording>empty())
            : grants.userOf(room).compose(user -> store.create(new RecordingStore.Recording(UUID.randomUUID().toString(), project.get(), room,
                Instant.now(), Optional.empty(), CONTENT_TYPE, 0), agent.id(), user.orElse(null))).map(Optional::of))
        .compose(created -> audit.recordForProject(created.map(RecordingStore.Recording::projectId).orElse(null), "recording.start", agent.id(), room,
                created.isPresent() ? "success" : "refused",
                created.map(r -> new JsonObject().put("recordingId", r.id())).orElseGet(JsonObject::new))
            .map(created))
        .onSuccess(created -> created.ifPresentOrElse(
            recording -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json").end(recording.toJson().encode()),
            () -> refuseGrant(ctx, room)))
        .onFailure(failed(ctx));
  }

  private void append(RoutingContext ctx) {
    AgentIdentity agent = BearerAuth.agent(ctx);
    String id = ctx.pathParam("id");
    Integer seq = seq(ctx.queryParams().get("seq"));
    if (seq == null) {
      Problems.send(ctx, 400, "Bad Request", "'seq' must be the chunk's number: 0, 1, 2, … in order");
      return;
    }
    if (ctx.body().length() == 0) {
      Problems.send(ctx, 400, "Bad Request", "a chunk needs a body: the recorder's bytes");
      return;
    }
    ownUpload(ctx, agent, id, upload -> grants.live(upload.sessionId(), agent.id()).compose(project -> {
      if (project.isEmpty()) {
        return audit.record("recording.chunk", agent.id(), upload.sessionId(), "refused", new JsonObject().put("recordingId", id))
            .onComplete(done -> refuseGrant(ctx, upload.sessionId())).mapEmpty();
      }
      return store.append(id, seq, ctx.body().buffer(), limits.maxBytes()).compose(appended -> {
        if (appended) {
          ctx.response().setStatusCode(204).end();
        } else {
          notAppended(ctx, id, seq);
        }
        return Future.<Void>succeededFuture();
      });
    }));
  }

  /** Says why a chunk was not taken: finished, out of order, or over the size limit. */
  private void notAppended(RoutingContext ctx, String id, int seq) {
    store.upload(id).onSuccess(found -> {
      RecordingStore.Upload upload = found.orElse(null);
      if (upload == null) {
        Problems.send(ctx, 404, "Not Found", "recording '" + id + "' does not exist");
      } else if (upload.finished()) {
        Problems.send(ctx, 409, "Conflict", "recording '" + id + "' is finished");
      } else if (upload.chunks() != seq) {
        Problems.send(ctx, 409, "Conflict", "chunk " + seq + " is out of order: the next one is " + upload.chunks());
      } else {
        problem(ctx, 413, ErrorCode.RECORDING_TOO_LARGE, "a recording may take at most " + limits.maxBytes() + " bytes (recordings.maxBytes)");
      }
    }).onFailure(failed(ctx));
  }

  private void finish(RoutingContext ctx) {
    AgentIdentity agent = BearerAuth.agent(ctx);
    String id = ctx.pathParam("id");
    // no grant needed: what was uploaded while it lasted may always be closed
    ownUpload(ctx, agent, id, upload -> store.finish(id, Instant.now())
        .compose(finished -> audit.record("recording.finish", agent.id(), upload.sessionId(), finished.isPresent() ? "success" : "refused",
                new JsonObject().put("recordingId", id))
            .map(finished))
        .map(finished -> {
          finished.ifPresentOrElse(
              recording -> ctx.response().putHeader("content-type", "application/json").end(recording.toJson().encode()),
              () -> Problems.send(ctx, 409, "Conflict", "recording '" + id + "' is already finished"));
          return null;
        }));
  }

  /** Runs {@code then} on the upload if it exists and this agent started it. */
  private void ownUpload(RoutingContext ctx, AgentIdentity agent, String id, Function<RecordingStore.Upload, Future<Void>> then) {
    store.upload(id)
        .compose(found -> {
          if (found.isEmpty()) {
            Problems.send(ctx, 404, "Not Found", "recording '" + id + "' does not exist");
            return Future.succeededFuture();
          }
          if (!agent.id().equals(found.get().agentId())) {
            Problems.send(ctx, 403, "Forbidden", "recording '" + id + "' is uploaded by another agent");
            return Future.succeededFuture();
          }
          return then.apply(found.get());
        })
        .onFailure(failed(ctx));
  }

  private static void refuseGrant(RoutingContext ctx, String room) {
    problem(ctx, 403, ErrorCode.CONSENT_REQUIRED, "recording needs the user's live 'record' grant for you in room '" + room + "'");
  }

  private static void problem(RoutingContext ctx, int status, ErrorCode code, String detail) {
    if (!ctx.response().ended()) {
      Problems.send(ctx, status, code.name(), detail);
    }
  }

  private static Integer seq(String value) {
    try {
      int seq = value == null ? -1 : Integer.parseInt(value);
      return seq >= 0 ? seq : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Handler<Throwable> failed(RoutingContext ctx) {
    return failure -> {
      if (ctx.response().ended()) {
        return;
      }
      if (failure instanceof Conflict) {
        Problems.send(ctx, 409, "Conflict", failure.getMessage());
      } else if (UnstorableText.is(failure)) {
        Problems.send(ctx, 400, "Bad Request", UnstorableText.MESSAGE);
      } else {
        LOG.log(Level.WARNING, ctx.request().method() + " " + ctx.request().path() + " failed", failure);
        Problems.send(ctx, 500, "Internal Server Error", "the request failed on the server; see its log");
      }
    };
  }
}
