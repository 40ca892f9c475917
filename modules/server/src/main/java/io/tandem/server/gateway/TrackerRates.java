package io.tandem.server.gateway;

import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import io.tandem.protocol.Limits;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one tracker socket may send, per frame type. Events are limited by count and by bytes, each
 * with two seconds of burst so a page that loads or snapshots in a hurry is not cut off; the other
 * types by frames a minute, all of them at once after a quiet spell. The tracker paces itself below
 * every one of these (docs/protocol.md, "Tracker timing"), so only a client that is not the
 * tracker meets them.
 */
final class TrackerRates {
  static final int EVENT_BURST_SECONDS = 2;

  private final TokenBucket events;
  private final TokenBucket eventBytes;
  private final Map<FrameType, Rate> perMinute = new EnumMap<>(FrameType.class);

  private record Rate(TokenBucket bucket, ErrorCode refusal) {}

  TrackerRates(Limits limits, long nowNanos) {
    this.events = new TokenBucket(limits.maxEventsPerSecond(), limits.maxEventsPerSecond() * (double) EVENT_BURST_SECONDS, nowNanos);
    this.eventBytes =
        new TokenBucket(limits.maxEventBytesPerSecond(), limits.maxEventBytesPerSecond() * (double) EVENT_BURST_SECONDS, nowNanos);
    perMinute.put(FrameType.PAGE, new Rate(TokenBucket.perMinute(limits.maxPageFramesPerMinute(), nowNanos), ErrorCode.PAGE_RATE_LIMITED));
    perMinute.put(FrameType.HEARTBEAT,
        new Rate(TokenBucket.perMinute(limits.maxHeartbeatsPerMinute(), nowNanos), ErrorCode.HEARTBEAT_RATE_LIMITED));
    perMinute.put(FrameType.CONSENT,
        new Rate(TokenBucket.perMinute(limits.maxConsentFramesPerMinute(), nowNanos), ErrorCode.CONSENT_RATE_LIMITED));
    perMinute.put(FrameType.SIGNAL,
        new Rate(TokenBucket.perMinute(limits.maxSignalFramesPerMinute(), nowNanos), ErrorCode.SIGNAL_RATE_LIMITED));
    perMinute.put(FrameType.SUPPORT_CODE,
        new Rate(TokenBucket.perMinute(limits.maxSupportCodeFramesPerMinute(), nowNanos), ErrorCode.SUPPORT_CODE_RATE_LIMITED));
  }

  /** The code an events batch of {@code count} events and {@code bytes} bytes is refused with, or null. */
  ErrorCode refuseEvents(int count, int bytes, long nowNanos) {
    if (!events.tryTake(count, nowNanos)) {
      return ErrorCode.RATE_LIMITED;
    }
    return eventBytes.tryTakeOnCredit(bytes, nowNanos) ? null : ErrorCode.EVENT_BYTES_RATE_LIMITED;
  }

  /** The code a frame of another type is refused with, or null. */
  ErrorCode refuse(FrameType type, long nowNanos) {
    Rate rate = perMinute.get(type);
    return rate == null || rate.bucket().tryTake(1, nowNanos) ? null : rate.refusal();
  }

  static String describe(ErrorCode code, Limits limits) {
    return switch (code) {
      case RATE_LIMITED -> "more than " + limits.maxEventsPerSecond() + " events per second on this tab";
      case EVENT_BYTES_RATE_LIMITED -> "more than " + limits.maxEventBytesPerSecond() + " bytes of events per second on this tab";
      case PAGE_RATE_LIMITED -> "more than " + limits.maxPageFramesPerMinute() + " 'page' frames a minute; dropped";
      case HEARTBEAT_RATE_LIMITED -> "more than " + limits.maxHeartbeatsPerMinute() + " 'heartbeat' frames a minute; dropped";
      case CONSENT_RATE_LIMITED -> "more than " + limits.maxConsentFramesPerMinute() + " 'consent' frames a minute; dropped";
      case SIGNAL_RATE_LIMITED -> "more than " + limits.maxSignalFramesPerMinute() + " 'signal' frames a minute; dropped";
      case SUPPORT_CODE_RATE_LIMITED -> "more than " + limits.maxSupportCodeFramesPerMinute() + " 'supportCode' frames a minute; dropped";
      default -> code.name();
    };
  }
}
