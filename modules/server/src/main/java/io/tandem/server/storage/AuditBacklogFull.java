package io.tandem.server.storage;

/** An audit row refused because {@code audit.maxPendingRows} rows already wait for the database. */
public final class AuditBacklogFull extends RuntimeException {
  public AuditBacklogFull(int maxPendingRows) {
    super("AUDIT_BACKLOG_FULL: " + maxPendingRows + " audit rows already wait for the database (audit.maxPendingRows); this one was not kept");
  }
}
