package io.tandem.server.signaling;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.StunMessageEvent;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.SafeCloseDatagramSocket;
import org.ice4j.stack.RequestListener;
import org.ice4j.stack.StunStack;

/**
 * Answers STUN Binding requests (RFC 5389) on one UDP port with the address and port they came
 * from, as XOR-MAPPED-ADDRESS: what a browser needs to learn its server-reflexive candidate.
 * ice4j's stack receives, decodes (dropping what is not STUN) and answers on threads of its own.
 */
final class StunResponder implements RequestListener {
  private static final Logger LOG = Logger.getLogger(StunResponder.class.getName());

  private final StunStack stack = new StunStack();
  private final IceSocketWrapper socket;
  private final int port;

  private StunResponder(DatagramSocket udp) {
    this.socket = new IceUdpSocketWrapper(udp);
    this.port = udp.getLocalPort();
    stack.addSocket(socket);
    stack.addRequestListener(this);
  }

  /** Binds the UDP port and starts answering; blocks, so never call it on an event loop. */
  static StunResponder bind(String host, int port) throws IOException {
    return new StunResponder(new SafeCloseDatagramSocket(new InetSocketAddress(host, port)));
  }

  int port() {
    return port;
  }

  @Override
  public void processRequest(StunMessageEvent event) {
    Message request = event.getMessage();
    if (request.getMessageType() != Message.BINDING_REQUEST) {
      LOG.fine(() -> "ignored a STUN request of type " + (int) request.getMessageType() + " from " + event.getRemoteAddress());
      return;
    }
    try {
      stack.sendResponse(request.getTransactionID(), MessageFactory.createBindingResponse((Request) request, event.getRemoteAddress()),
          event.getLocalAddress(), event.getRemoteAddress());
    } catch (Exception e) {
      LOG.log(Level.FINE, "could not answer a STUN Binding request from " + event.getRemoteAddress(), e);
    }
  }

  /** Stops the stack's threads and frees the port; blocks. */
  void close() {
    stack.shutDown();
    socket.close();
  }
}
