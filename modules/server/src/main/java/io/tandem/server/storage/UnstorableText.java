package io.tandem.server.storage;

import io.vertx.pgclient.PgException;

/**
 * Text PostgreSQL refuses to store or compare: the NUL character (U+0000), sent in an id, a filter
 * or a field. No value may hold it, so the request was wrong, not the server (a 400, not a 500).
 */
public final class UnstorableText {
  public static final String MESSAGE = "a value holds the NUL character (U+0000, %00 in an address), which no id, name or filter may contain";
  private static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
  private static final String UNTRANSLATABLE_CHARACTER = "22P05";

  private UnstorableText() {}

  public static boolean is(Throwable failure) {
    return failure instanceof PgException pg
        && (CHARACTER_NOT_IN_REPERTOIRE.equals(pg.getSqlState()) || UNTRANSLATABLE_CHARACTER.equals(pg.getSqlState()));
  }
}
