package io.tandem.server.cluster;

import io.tandem.server.testing.Wire;
import io.tandem.server.testing.WireClient;
import io.vertx.core.json.JsonObject;

/**
 * One tab of a user's page, as the real tracker behaves: one seq counter for the tab's life, a full
 * snapshot when the server says {@code start}, and after a lost socket, a new one to a node with the
 * same session and tab ids.
 */
final class TrackerTab {
  final String session;
  final String tab;
  WireClient client;
  long seq;

  TrackerTab(String session, String tab) {
    this.session = session;
    this.tab = tab;
  }

  /** Says hello on a new socket to the node and waits for the welcome. */
  TrackerTab connect(NodeProcess node) {
    client = LoopbackCluster.tracker(node);
    client.send(Wire.trackerHello(session, tab));
    client.next("welcome");
    return this;
  }

  /** Waits for {@code start}, answers with a snapshot, then sends {@code incremental} more batches. */
  void stream(int incremental) {
    client.next("start");
    send(true);
    for (int i = 0; i < incremental; i++) {
      send(false);
    }
  }

  void send(boolean snapshot) {
    seq++;
    client.send(Wire.batch(seq, snapshot, 2));
  }

  JsonObject next(String type) {
    return client.next(type);
  }
}
