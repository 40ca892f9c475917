package io.tandem.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of one node's event bus (other nodes are told to reach it here,
 * {@code cluster.eventBusPublicPort}), so a test can lose what they send it the way a failing link
 * does: while {@link #drop() dropping}, what the senders write is read and thrown away, and they
 * believe it sent; {@link #cut()} then closes every connection at once, and the next send connects
 * again. What the node sends back passes untouched.
 */
final class EventBusLink implements AutoCloseable {
  private static final int BUFFER = 64 * 1024;

  private final ServerSocket server;
  private final int target;
  private final List<Socket> open = new ArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean dropping;

  private EventBusLink(ServerSocket server, int target) {
    this.server = server;
    this.target = target;
  }

  /** A relay on a free loopback port to the event bus listening on {@code target}. */
  static EventBusLink to(int target) {
    try {
      EventBusLink link = new EventBusLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target);
      daemon("event-bus-link-" + target, link::accept);
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  void drop() {
    dropping = true;
  }

  /** Bytes the senders wrote that were thrown away. */
  long droppedBytes() {
    return dropped.get();
  }

  /** Closes every connection, and passes what comes on new ones. */
  void cut() {
    synchronized (open) {
      // closed first: the rest of a frame whose start was dropped must never pass
      open.forEach(EventBusLink::closeQuietly);
      open.clear();
      dropping = false;
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    cut();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        relay(server.accept());
      } catch (IOException e) {
        // the relay was closed
      }
    }
  }

  private void relay(Socket in) {
    try {
      Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
      synchronized (open) {
        open.add(in);
        open.add(out);
      }
      pipe(in, out, true);
      pipe(out, in, false);
    } catch (IOException e) {
      // the node behind the relay is gone: the sender sees its connection fail
      closeQuietly(in);
    }
  }

  private void pipe(Socket from, Socket to, boolean droppable) {
    daemon("event-bus-link-pipe", () -> {
      byte[] buffer = new byte[BUFFER];
      try (InputStream input = from.getInputStream(); OutputStream output = to.getOutputStream()) {
        for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
          if (droppable && dropping) {
            dropped.addAndGet(read);
          } else {
            output.write(buffer, 0, read);
          }
        }
      } catch (IOException e) {
        // cut, or closed by either side
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing is all that is asked
    }
  }
}
