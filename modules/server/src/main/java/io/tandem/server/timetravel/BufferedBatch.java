package io.tandem.server.timetravel;

/** A batch as agents receive it: the ready-made {@code events} frame, kept for later agents. */
public record BufferedBatch(long seq, String frame, int bytes) {}
