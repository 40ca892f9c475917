package io.tandem.server.consent;

import java.util.Locale;

/**
 * Where one agent's consent of one kind stands. Only a granted consent lets frames through; a
 * request the user leaves unanswered expires.
 */
public enum ConsentState {
  REQUESTED,
  GRANTED,
  DECLINED,
  EXPIRED,
  ENDED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean open() {
    return this == REQUESTED || this == GRANTED;
  }
}
