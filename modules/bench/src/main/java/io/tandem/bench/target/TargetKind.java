package io.tandem.bench.target;

/** The three backends one run compares. */
public enum TargetKind {
  TANDEM("tandem", "Tandem"),
  SOCKETIO("socketio", "socket.io relay"),
  BARE("bare", "bare Vert.x relay");

  public final String id;
  public final String label;

  TargetKind(String id, String label) {
    this.id = id;
    this.label = label;
  }

  public static TargetKind byId(String id) {
    for (TargetKind kind : values()) {
      if (kind.id.equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown target '" + id + "' (tandem, socketio, bare)");
  }
}
