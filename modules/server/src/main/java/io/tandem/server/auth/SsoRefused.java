package io.tandem.server.auth;

/**
 * The identity provider or Tandem said no to a single sign-on or to its refresh; {@code code} goes
 * into the audit log and to the console, {@code getMessage()} explains it.
 */
public final class SsoRefused extends RuntimeException {
  private final String code;

  public SsoRefused(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
