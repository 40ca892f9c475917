package io.tandem.server.auth;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed logins counted per account and client address over a sliding window: past the limit, a
 * login is refused before its password is checked, so guessing costs the guesser time and the
 * node no hashing. Counting per account and address, not per account alone, keeps a guesser
 * elsewhere from locking the account's owner out (behind a proxy, the address is the client's only
 * when the node trusts forwarded headers). Per node; shared by the HTTP verticle's instances.
 */
public final class LoginThrottle {
  /** Accounts × addresses remembered at most; the least recently seen are forgotten first. */
  private static final int MAX_KEYS = 10_000;

  private final int failures;
  private final long windowMs;
  private final LongSupplier clockMs;
  private final Map<String, ArrayDeque<Long>> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
      return size() > MAX_KEYS;
    }
  };

  public LoginThrottle(int failures, long windowMs, LongSupplier clockMs) {
    this.failures = failures;
    this.windowMs = windowMs;
    this.clockMs = clockMs;
  }

  /** Milliseconds until this account may be tried again from this address; 0 if it may now. */
  public synchronized long retryAfterMs(String account, String address) {
    String key = key(account, address);
    ArrayDeque<Long> times = recent.get(key);
    if (times == null) {
      return 0;
    }
    long now = clockMs.getAsLong();
    while (!times.isEmpty() && times.peekFirst() <= now - windowMs) {
      times.pollFirst();
    }
    if (times.isEmpty()) {
      recent.remove(key);
      return 0;
    }
    return times.size() >= failures ? times.peekFirst() + windowMs - now : 0;
  }

  public synchronized void failed(String account, String address) {
    ArrayDeque<Long> times = recent.computeIfAbsent(key(account, address), k -> new ArrayDeque<>());
    times.addLast(clockMs.getAsLong());
    if (times.size() > failures) {
      times.pollFirst();
    }
  }

  public synchronized void succeeded(String account, String address) {
    recent.remove(key(account, address));
  }

  private static String key(String account, String address) {
    return account + '\n' + address;
  }
}
