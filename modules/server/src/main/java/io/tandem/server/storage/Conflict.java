package io.tandem.server.storage;

/** A write that would break a uniqueness rule: the id or key is already taken. */
public final class Conflict extends RuntimeException {

  public Conflict(String message) {
    super(message);
  }

  static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState());
  }
}
