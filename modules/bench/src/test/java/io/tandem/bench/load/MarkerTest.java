package io.tandem.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class MarkerTest {

  @Test
  void isFoundInsideEachTargetsEnvelope() {
    String marker = Marker.encode(42, true, 123_456_789_012L, 1_764_050_000_000L);
    String tandem = "{\"t\":\"events\",\"room\":\"stream-000001\",\"tab\":\"tab-stream-000001\",\"seq\":3,\"snapshot\":true,\"d\":[" + marker + ",{}]}";
    String socketIo = "42[\"messages\",{\"meta\":{\"tabId\":\"t\",\"version\":1},\"data\":[" + marker + "]}]";

    for (String message : new String[] {tandem, socketIo, "[" + marker + "]"}) {
      assertThat(Marker.find(Buffer.buffer(message))).isEqualTo(new Marker(42, true, 123_456_789_012L));
    }
  }

  @Test
  void everyBatchOfAHistoryFrameIsFoundInOrder() {
    String first = "{\"t\":\"events\",\"room\":\"r\",\"tab\":\"t\",\"seq\":1,\"snapshot\":true,\"d\":[" + Marker.encode(7, true, 100, 1) + ",{}]}";
    String second = "{\"t\":\"events\",\"room\":\"r\",\"tab\":\"t\",\"seq\":2,\"snapshot\":false,\"d\":[" + Marker.encode(8, false, 200, 2) + "]}";
    String history = "{\"t\":\"history\",\"room\":\"r\",\"tab\":\"t\",\"batches\":[" + first + "," + second + "]}";

    assertThat(Marker.findAll(Buffer.buffer(history))).containsExactly(new Marker(7, true, 100), new Marker(8, false, 200));
  }

  @Test
  void isAbsentFromControlFrames() {
    assertThat(Marker.find(Buffer.buffer("{\"t\":\"sessions\",\"sessions\":[]}"))).isNull();
    assertThat(Marker.find(Buffer.buffer("2"))).isNull();
  }
}
