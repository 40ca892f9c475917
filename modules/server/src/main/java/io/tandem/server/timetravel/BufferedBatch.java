package io.tandem.server.timetravel;

/** A batch as agents receive it: the ready-made {@code events} frame (UTF-8), kept for later agents. */
public record BufferedBatch(long seq, byte[] frame) {

  public int bytes() {
    return frame.length;
  }
}
