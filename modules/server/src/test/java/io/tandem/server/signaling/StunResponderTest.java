package io.tandem.server.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.server.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A started node's STUN port, spoken to over real UDP on loopback with hand-built RFC 5389 messages. */
@ExtendWith(VertxExtension.class)
class StunResponderTest {

  @Test
  @DisplayName("a Binding request is answered with the sender's own address and port as XOR-MAPPED-ADDRESS")
  void bindingRequestGetsXorMappedAddress(Vertx vertx, @TempDir Path dataDir) throws Exception {
    TestNode node = TestNode.start(vertx, dataDir);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      byte[] transactionId = StunWire.transactionId();

      StunWire.Answer answer = StunWire.ask(client, node.stunPort, StunWire.bindingRequest(transactionId));

      assertThat(answer.type()).isEqualTo(StunWire.BINDING_SUCCESS);
      assertThat(answer.transactionId()).isEqualTo(transactionId);
      assertThat(answer.xorMappedAddress()).isEqualTo(client.getLocalSocketAddress());
    }
  }

  @Test
  @DisplayName("malformed datagrams get no answer and do not stop the responder")
  void malformedPacketsAreDropped(Vertx vertx, @TempDir Path dataDir) throws Exception {
    TestNode node = TestNode.start(vertx, dataDir);
    try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      byte[] lyingLength = ByteBuffer.wrap(StunWire.bindingRequest(StunWire.transactionId())).putShort(2, (short) 400).array();
      byte[] truncatedAttribute = ByteBuffer.allocate(24).putShort((short) StunWire.BINDING_REQUEST).putShort((short) 4)
          .putInt(StunWire.MAGIC_COOKIE).put(StunWire.transactionId()).putShort((short) 0x0006).putShort((short) 64).array();
      for (byte[] garbage : new byte[][] {new byte[0], "hello".getBytes(), new byte[1400], lyingLength, truncatedAttribute}) {
        StunWire.send(client, node.stunPort, garbage);
      }
      byte[] transactionId = StunWire.transactionId();

      StunWire.Answer answer = StunWire.ask(client, node.stunPort, StunWire.bindingRequest(transactionId));

      // The first datagram back answers the valid request: none of the garbage before it was answered.
      assertThat(answer.transactionId()).isEqualTo(transactionId);
      assertThat(answer.xorMappedAddress()).isEqualTo(client.getLocalSocketAddress());
    }
  }

  @Test
  @DisplayName("a node whose STUN port is taken does not start, and says which setting to change")
  void takenPortFailsTheStart(Vertx vertx, @TempDir Path dataDir) throws Exception {
    try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      JsonObject stun = new JsonObject().put("stun", new JsonObject().put("port", squatter.getLocalPort()));

      assertThatThrownBy(() -> TestNode.start(vertx, dataDir, stun))
          .hasMessageContaining("cannot bind the STUN port 127.0.0.1:" + squatter.getLocalPort())
          .hasMessageContaining("TANDEM_STUN_PORT");
    }
  }
}
