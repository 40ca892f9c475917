package io.tandem.server.admin;

/**
 * A request the API refuses with 400; the message says what was wrong, and {@code field} (null when
 * no single field is at fault) which body field or query parameter, so a form can show the message
 * next to it. A nested field is named with dots: {@code privacy.preJoinBufferSeconds}.
 */
final class InvalidRequest extends RuntimeException {
  private final String field;

  InvalidRequest(String message) {
    this(null, message);
  }

  InvalidRequest(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
