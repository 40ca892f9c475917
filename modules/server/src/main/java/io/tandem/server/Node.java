package io.tandem.server;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.server.admin.Services;
import io.tandem.server.audit.AuditTrail;
import io.tandem.server.auth.AccountChanges;
import io.tandem.server.auth.Accounts;
import io.tandem.server.auth.AgentTokens;
import io.tandem.server.auth.FirstRun;
import io.tandem.server.auth.LoginHandler;
import io.tandem.server.auth.LoginThrottle;
import io.tandem.server.auth.Projects;
import io.tandem.server.auth.IdentityProvider;
import io.tandem.server.auth.SigningKeys;
import io.tandem.server.auth.SingleSignOn;
import io.tandem.server.auth.SsoSettings;
import io.tandem.server.cluster.Cluster;
import io.tandem.server.cluster.ClusterSettings;
import io.tandem.server.cluster.HazelcastRoomDirectory;
import io.tandem.server.cluster.HazelcastSupportCodeBook;
import io.tandem.server.config.ConfigLoader;
import io.tandem.server.config.TandemConfig;
import io.tandem.server.gateway.GatewayVerticle;
import io.tandem.server.gateway.Operations;
import io.tandem.server.gateway.Readiness;
import io.tandem.server.gateway.TrackerGuard;
import io.tandem.server.gateway.TrafficMetrics;
import io.tandem.server.recording.RecordingLimits;
import io.tandem.server.recording.UploadSlots;
import io.tandem.server.room.LocalRoomDirectory;
import io.tandem.server.room.Rooms;
import io.tandem.server.routing.AgentRouter;
import io.tandem.server.routing.RouterVerticle;
import io.tandem.server.routing.SingleNode;
import io.tandem.server.signaling.IceServers;
import io.tandem.server.signaling.StunVerticle;
import io.tandem.server.storage.AgentStore;
import io.tandem.server.storage.AuditLog;
import io.tandem.server.storage.ProjectStore;
import io.tandem.server.storage.RecordingStore;
import io.tandem.server.storage.RetentionPurge;
import io.tandem.server.storage.SsoLoginStore;
import io.tandem.server.storage.UserData;
import io.tandem.server.storage.StorageSettings;
import io.tandem.server.storage.StorageVerticle;
import io.tandem.server.support.LocalSupportCodeBook;
import io.tandem.server.support.SupportCodeBook;
import io.tandem.server.support.SupportCodeSettings;
import io.tandem.server.support.SupportCodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/** Starts one Tandem node on a Vert.x instance: configuration, storage, auth, rooms, gateways. */
public final class Node {
  private static final Logger LOG = Logger.getLogger(Node.class.getName());
  private static final String OPENAPI_DOCUMENT = "openapi.json";

  private Node() {}

  /** A started node: its configuration, with the HTTP port it listens on, what its API works on, and its metrics port. */
  public record Started(TandemConfig config, Services services, Buffer openApiDocument, int metricsPort) {}

  public static Future<Started> start(Vertx vertx, PrometheusMeterRegistry registry, JsonObject overrides) {
    return start(vertx, registry, overrides, Optional.empty());
  }

  /** With a Hazelcast instance (of a clustered {@code vertx}) the node's rooms join the cluster. */
  public static Future<Started> start(Vertx vertx, PrometheusMeterRegistry registry, JsonObject overrides, Optional<HazelcastInstance> hazelcast) {
    return ConfigLoader.load(vertx, overrides)
        .map(json -> TandemConfig.from(withNodeId(json)))
        .compose(config -> vertx.executeBlocking(() -> new Resources(
                SigningKeys.load(config.auth(), config.dataDir()), vertx.fileSystem().readFileBlocking(OPENAPI_DOCUMENT)))
            .compose(resources -> deploy(vertx, registry, config, resources, hazelcast, supportCodeBook(hazelcast))));
  }

  /** Support codes are unique cluster-wide: in a cluster they live in Hazelcast. */
  private static SupportCodeBook supportCodeBook(Optional<HazelcastInstance> hazelcast) {
    return hazelcast.<SupportCodeBook>map(HazelcastSupportCodeBook::new).orElseGet(() -> new LocalSupportCodeBook(System::currentTimeMillis));
  }

  /** The node's rooms and, linked to them, its agent side. */
  private record Linked(Rooms rooms, AgentRouter router) {}

  /**
   * Deploys the room shards, then the agent side on a context of its own (alone, or as a member of
   * the cluster): every agent reaches every room through the router, whichever shard or node owns it.
   */
  private static Future<Linked> deployRooms(Vertx vertx, PrometheusMeterRegistry registry, TandemConfig config,
      Optional<HazelcastInstance> hazelcast) {
    if (hazelcast.isEmpty()) {
      Rooms rooms = new Rooms(vertx, config, new LocalRoomDirectory(), registry);
      return deployRooms(vertx, rooms, new RouterVerticle(() -> Future.succeededFuture(new SingleNode(vertx, config, rooms, registry).router())));
    }
    ClusterSettings settings = ClusterSettings.from(config.raw().getJsonObject("cluster"));
    HazelcastRoomDirectory directory = new HazelcastRoomDirectory(hazelcast.get(), settings, registry);
    Rooms rooms = new Rooms(vertx, config, directory, registry);
    return deployRooms(vertx, rooms, new RouterVerticle(() -> Cluster.attach(vertx, hazelcast.get(), config, settings, directory, rooms, registry)));
  }

  private static Future<Linked> deployRooms(Vertx vertx, Rooms rooms, RouterVerticle router) {
    return rooms.deployShards().compose(v -> vertx.deployVerticle(router)).map(id -> new Linked(rooms, router.router()));
  }

  private record Resources(SigningKeys keys, Buffer openApiDocument) {}

  private static Future<Started> deploy(Vertx vertx, PrometheusMeterRegistry registry, TandemConfig config, Resources resources,
      Optional<HazelcastInstance> hazelcast, SupportCodeBook codeBook) {
    StorageVerticle storage = new StorageVerticle(StorageSettings.from(config.raw().getJsonObject("storage"), config.dataDir()),
        pool -> FirstRun.seed(vertx, config.raw(), config.dataDir(), new ProjectStore(pool), new AgentStore(pool)));
    return StunVerticle.deploy(vertx, config.raw())
        .compose(iceServers -> vertx.deployVerticle(storage).map(iceServers))
        .compose(iceServers -> deployRooms(vertx, registry, config, hazelcast).map(linked -> {
          Pool pool = storage.pool();
          return services(vertx, registry, config, resources, pool, new ProjectStore(pool), new AgentStore(pool), linked.rooms(),
              linked.router(), iceServers, supportCodes(vertx, config, registry, codeBook, linked.rooms()));
        }))
        .compose(services -> services.projects().reload().map(services))
        .compose(services -> reviseOnAccountChanges(services).map(services))
        .compose(services -> {
          // A draining node is not ready, so the load balancer sends reconnecting trackers elsewhere; a database down is reported, not refused.
          Readiness readiness = new Readiness(() -> services.rooms().draining(), () -> storage.pool().query("select 1").execute().mapEmpty(),
              registry);
          TrafficMetrics metrics = new TrafficMetrics(registry);
          // one for all gateway instances, so the caps on tracker sockets hold node-wide
          TrackerGuard trackerGuard = new TrackerGuard(config.limits(), new AuditTrail(vertx));
          auditRooms(vertx, services.audit());
          offerIceServers(config, services);
          keepUp(vertx, config, services);
          return Operations.serveMetrics(vertx, config.raw().getJsonObject("metrics"), registry)
              .compose(metricsServer -> vertx.deployVerticle(
                      () -> new GatewayVerticle(config, services, resources.openApiDocument(), readiness, metrics, trackerGuard),
                      new DeploymentOptions().setInstances(config.httpInstances()))
                  .map(id -> new Started(config, services, resources.openApiDocument(), metricsServer.actualPort())));
        })
        .onSuccess(started -> LOG.info("Tandem node " + config.nodeId() + " listening on http://localhost:" + config.httpPort()
            + " (console /console/, " + (config.raw().getBoolean("demo") ? "demo /demo/, " : "") + "API /api/openapi.json; metrics on "
            + config.raw().getJsonObject("metrics").getString("host") + ":" + started.metricsPort() + "/metrics)"));
  }

  private static Services services(Vertx vertx, MeterRegistry registry, TandemConfig config, Resources resources, Pool pool,
      ProjectStore projectStore, AgentStore agentStore, Rooms rooms, AgentRouter router, IceServers iceServers, SupportCodes supportCodes) {
    Accounts accounts = new Accounts(vertx, agentStore, config.auth().getLong("accountStatusCacheMs"), new AccountChanges(vertx));
    AuditLog audit = new AuditLog(vertx, pool, config.raw().getJsonObject("audit").getInteger("maxPendingRows"), registry);
    AgentTokens tokens = new AgentTokens(vertx, resources.keys(), config.auth().getString("issuer"), config.auth().getLong("tokenTtlSeconds"),
        config.auth().getLong("refreshMaxLifetimeSeconds"), accounts, config.auth().getInteger("checkedTokens"), registry);
    JsonObject throttle = config.auth().getJsonObject("loginThrottle");
    LoginThrottle logins = new LoginThrottle(throttle.getInteger("failures"), throttle.getLong("windowMs"), System::currentTimeMillis);
    return new Services(tokens, new LoginHandler(accounts, tokens, audit, logins, registry,
        singleSignOn(vertx, config, pool, accounts, tokens, audit)), accounts, projectStore, new Projects(projectStore),
        rooms, router, audit, new RecordingStore(pool), iceServers, RecordingLimits.from(config.raw().getJsonObject("recordings")),
        new UploadSlots(config.raw().getJsonObject("recordings").getInteger("maxConcurrentUploads")),
        new RetentionPurge(pool, config.raw().getJsonObject("audit").getInteger("retentionDays")),
        new UserData(pool), supportCodes);
  }

  private static SingleSignOn singleSignOn(Vertx vertx, TandemConfig config, Pool pool, Accounts accounts, AgentTokens tokens, AuditLog audit) {
    SsoSettings settings = SsoSettings.from(config.auth().getJsonObject("sso"));
    return new SingleSignOn(settings, new IdentityProvider(vertx, settings), accounts, tokens, new SsoLoginStore(pool), audit,
        config.auth().getBoolean("passwords"));
  }

  private static SupportCodes supportCodes(Vertx vertx, TandemConfig config, PrometheusMeterRegistry registry, SupportCodeBook book, Rooms rooms) {
    return new SupportCodes(book, SupportCodeSettings.from(config.raw().getJsonObject("supportCodes")), rooms::clusterSession,
        new AuditTrail(vertx), registry, System::currentTimeMillis);
  }

  /**
   * A call grant carries the participant's ICE servers. Rooms do not know which host name a socket
   * used, so the STUN URL names the configured host (or localhost when bound to every interface)
   * unless {@code stun.publicHost} is set; {@code GET /api/ice-servers} answers per request.
   */
  private static void offerIceServers(TandemConfig config, Services services) {
    String host = config.httpHost().equals("0.0.0.0") || config.httpHost().equals("::") ? "localhost" : config.httpHost();
    services.rooms().useIceServers(participant -> services.iceServers().forParticipant(participant, host).servers().encode());
  }

  /**
   * An agent's account changed through any node: this node's sockets and room memberships of that
   * agent are checked against it at once (closed, or narrowed to what the agent may still see).
   */
  private static Future<Void> reviseOnAccountChanges(Services services) {
    return services.accounts().onChange((agentId, account) -> {
      services.tokens().forget(agentId);
      services.router().revise(agentId, account);
      services.rooms().revise(agentId, account);
    });
  }

  /** Rooms announce joins, leaves and consent changes on the local event bus; the audit log keeps them. */
  private static void auditRooms(Vertx vertx, AuditLog audit) {
    vertx.eventBus().<JsonObject>localConsumer(AuditTrail.ADDRESS, message -> {
      JsonObject event = message.body();
      audit.recordForProject(event.getString("projectId"), event.getString("kind"), event.getString("agentId"), event.getString("sessionId"),
          event.getString("outcome"), event.getJsonObject("details"));
    });
  }

  /**
   * Picks up project changes made through other nodes, and applies the retention policy: every
   * node's timer tries, one run per interval goes ahead cluster-wide ({@link RetentionPurge}).
   */
  private static void keepUp(Vertx vertx, TandemConfig config, Services services) {
    vertx.setPeriodic(config.auth().getLong("projectsReloadMs"), id -> services.projects().reload()
        .onFailure(e -> LOG.warning("could not reload projects: " + e.getMessage())));
    Duration interval = Duration.ofMillis(config.raw().getJsonObject("recordings").getLong("purgeIntervalMs"));
    vertx.setPeriodic(interval.toMillis(), id -> services.retention().run(interval)
        .onSuccess(run -> {
          if (run.recordings() + run.auditRows() > 0) {
            LOG.info("retention policy removed " + run.recordings() + " recording(s) and " + run.auditRows() + " audit row(s)");
          }
        })
        .onFailure(e -> LOG.warning("could not apply the retention policy: " + e.getMessage())));
  }

  /** Gives the configuration a random node id if it names none. */
  public static JsonObject withNodeId(JsonObject json) {
    JsonObject node = json.getJsonObject("node");
    if (node.getString("id", "").isBlank()) {
      node.put("id", UUID.randomUUID().toString());
    }
    return json;
  }
}
