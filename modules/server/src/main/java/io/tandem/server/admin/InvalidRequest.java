package io.tandem.server.admin;

/** A request the API refuses with 400; the message says what was wrong. */
final class InvalidRequest extends RuntimeException {

  InvalidRequest(String message) {
    super(message);
  }
}
