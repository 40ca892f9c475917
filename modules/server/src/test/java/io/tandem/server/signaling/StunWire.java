package io.tandem.server.signaling;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * STUN (RFC 5389) written and read byte by byte, independently of ice4j, so the tests check the
 * responder against the RFC rather than against the library it is built on.
 */
final class StunWire {
  static final int BINDING_REQUEST = 0x0001;
  static final int BINDING_SUCCESS = 0x0101;
  static final int MAGIC_COOKIE = 0x2112A442;
  static final int XOR_MAPPED_ADDRESS = 0x0020;
  private static final int HEADER_BYTES = 20;
  private static final int ATTEMPTS = 5;
  private static final int ATTEMPT_TIMEOUT_MS = 2000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A decoded answer: its message type, transaction id and XOR-MAPPED-ADDRESS (null if absent). */
  record Answer(int type, byte[] transactionId, InetSocketAddress xorMappedAddress) {}

  private StunWire() {}

  static byte[] transactionId() {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    return id;
  }

  /** A Binding request without attributes: type, length 0, magic cookie, transaction id. */
  static byte[] bindingRequest(byte[] transactionId) {
    return ByteBuffer.allocate(HEADER_BYTES).putShort((short) BINDING_REQUEST).putShort((short) 0).putInt(MAGIC_COOKIE).put(transactionId).array();
  }

  /**
   * Sends the request and reads the first datagram that comes back, resending it (as a STUN client
   * does over UDP) a bounded number of times if nothing arrives.
   */
  static Answer ask(DatagramSocket client, int port, byte[] request) throws IOException {
    client.setSoTimeout(ATTEMPT_TIMEOUT_MS);
    DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      send(client, port, request);
      try {
        client.receive(reply);
        return decode(Arrays.copyOf(reply.getData(), reply.getLength()));
      } catch (SocketTimeoutException e) {
        // resent below, like any STUN client over UDP
      }
    }
    throw new AssertionError("no STUN answer on port " + port + " after " + ATTEMPTS + " attempts");
  }

  static void send(DatagramSocket client, int port, byte[] bytes) throws IOException {
    client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
  }

  static Answer decode(byte[] message) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(message);
    int type = buffer.getShort() & 0xFFFF;
    int length = buffer.getShort() & 0xFFFF;
    if (buffer.getInt() != MAGIC_COOKIE || length != message.length - HEADER_BYTES) {
      throw new AssertionError("not an RFC 5389 STUN message: " + Arrays.toString(message));
    }
    byte[] transactionId = new byte[12];
    buffer.get(transactionId);
    InetSocketAddress mapped = null;
    while (buffer.remaining() >= 4) {
      int attribute = buffer.getShort() & 0xFFFF;
      int valueLength = buffer.getShort() & 0xFFFF;
      byte[] value = new byte[valueLength];
      buffer.get(value);
      buffer.position(buffer.position() + (4 - valueLength % 4) % 4);
      if (attribute == XOR_MAPPED_ADDRESS) {
        mapped = xorMappedAddress(value, transactionId);
      }
    }
    return new Answer(type, transactionId, mapped);
  }

  /** RFC 5389 §15.2: the port is XORed with the cookie's top 16 bits, an IPv4 address with the cookie, IPv6 with cookie + id. */
  private static InetSocketAddress xorMappedAddress(byte[] value, byte[] transactionId) throws IOException {
    ByteBuffer v = ByteBuffer.wrap(value);
    v.get();
    int family = v.get();
    int port = (v.getShort() & 0xFFFF) ^ (MAGIC_COOKIE >>> 16);
    byte[] key = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transactionId).array();
    byte[] address = new byte[family == 0x01 ? 4 : 16];
    v.get(address);
    for (int i = 0; i < address.length; i++) {
      address[i] ^= key[i];
    }
    return new InetSocketAddress(InetAddress.getByAddress(address), port);
  }
}
