package io.tandem.server.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.protocol.Endpoint;
import io.tandem.protocol.ErrorCode;
import io.tandem.protocol.FrameType;
import java.util.EnumMap;
import java.util.Map;

/** Frames and bytes in and out per endpoint and type, and errors per code. */
public final class TrafficMetrics {
  private final Map<Endpoint, Map<FrameType, Counter>> framesIn = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, Map<FrameType, Counter>> framesOut = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, Counter> bytesIn = new EnumMap<>(Endpoint.class);
  private final Map<Endpoint, Counter> bytesOut = new EnumMap<>(Endpoint.class);
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);

  public TrafficMetrics(MeterRegistry registry) {
    for (Endpoint endpoint : Endpoint.values()) {
      framesIn.put(endpoint, counters(registry, "tandem.frames.in", endpoint));
      framesOut.put(endpoint, counters(registry, "tandem.frames.out", endpoint));
      bytesIn.put(endpoint, Counter.builder("tandem.bytes.in").tag("endpoint", tag(endpoint)).register(registry));
      bytesOut.put(endpoint, Counter.builder("tandem.bytes.out").tag("endpoint", tag(endpoint)).register(registry));
    }
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(code, Counter.builder("tandem.errors").tag("code", code.name()).register(registry));
    }
  }

  private static Map<FrameType, Counter> counters(MeterRegistry registry, String name, Endpoint endpoint) {
    Map<FrameType, Counter> counters = new EnumMap<>(FrameType.class);
    for (FrameType type : FrameType.values()) {
      counters.put(type, Counter.builder(name).tag("endpoint", tag(endpoint)).tag("type", type.wireName()).register(registry));
    }
    return counters;
  }

  private static String tag(Endpoint endpoint) {
    return endpoint.name().toLowerCase();
  }

  void received(Endpoint endpoint, FrameType type, int bytes) {
    framesIn.get(endpoint).get(type).increment();
    bytesIn.get(endpoint).increment(bytes);
  }

  void sent(Endpoint endpoint, FrameType type, int bytes) {
    framesOut.get(endpoint).get(type).increment();
    bytesOut.get(endpoint).increment(bytes);
  }

  void error(ErrorCode code) {
    errors.get(code).increment();
  }
}
