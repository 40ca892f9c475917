package io.tandem.server.storage;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;

/**
 * Whether a statement failed because the database was out of reach (restarting, failing over, the
 * network), not because it refused the statement: only the first is worth sending again.
 */
final class DatabaseOutage {
  private DatabaseOutage() {}

  static boolean is(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ClosedConnectionException || cause instanceof IOException) {
        return true;
      }
      if (cause instanceof DatabaseException database && outageState(database.getSqlState())) {
        return true;
      }
    }
    return false;
  }

  /** SQLSTATE class 08 (connection exception) and 57P (the server shutting down or starting). */
  private static boolean outageState(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
  }
}
