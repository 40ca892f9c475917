// A TCP proxy on loopback that the test can cut, standing in for a network that drops the
// tracker's connection mid-stream, or point at another node, as a balancer does when a node stops
// answering its readiness probe. Everything through it reaches the node unchanged.
import { createServer, connect } from 'node:net';

export async function startProxy(targetPort) {
  const sockets = new Set();
  let held = false;
  let target = targetPort;
  const server = createServer((client) => {
    if (held) {
      client.destroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    /** Drops every open connection, as a network blip would. */
    cut() {
      const count = sockets.size;
      for (const socket of sockets) socket.destroy();
      return count;
    },
    /** Drops every open connection and refuses new ones until `release()`: a network that is down. */
    hold() {
      held = true;
      return this.cut();
    },
    release() {
      held = false;
    },
    /** New connections go to `port`; open ones stay where they are. */
    sendTo(port) {
      target = port;
    },
    /** Stops accepting and drops what is open; server.close alone would wait for every client. */
    close() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      return closed;
    },
  };
}
