// Baseline relay for the Tandem benchmark, built the way OpenReplay's assist server works:
// one socket.io room per session; a tracker ("session" identity) and the agents join it; a new
// agent is announced to the room with NEW_AGENT (the tracker answers with a full snapshot); every
// event a session socket emits is broadcast to the rest of its room, wrapped in {meta, data} as
// assist does for old trackers. No sequencing, buffering or acks: that is what it is compared for.
'use strict';
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 0);
const host = '127.0.0.1';

// GET /heap forces a full GC (node --expose-gc) so the bench reads live heap, not garbage.
const server = http.createServer((req, res) => {
  if (req.url === '/heap') {
    if (global.gc) global.gc();
    const m = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ heapUsed: m.heapUsed, external: m.external, rss: m.rss }));
  } else if (req.url === '/health') {
    res.end('ok');
  } else if (!req.url.startsWith('/socket')) {
    res.writeHead(404);
    res.end();
  }
});

// Assist defaults to a 5 MB buffer; the large-page scenario needs a little more than 5 MiB.
const io = new Server(server, { path: '/socket', maxHttpBufferSize: 16e6, transports: ['websocket'] });

async function roomData(roomId) {
  const sockets = await io.in(roomId).fetchSockets();
  let tabs = 0;
  let agents = 0;
  for (const s of sockets) {
    if (s.handshake.query.identity === 'session') tabs++;
    else agents++;
  }
  return { tabs, agents };
}

io.on('connection', async (socket) => {
  const { identity, sessionId, tabId } = socket.handshake.query;
  const roomId = `bench-${sessionId}`;
  // assist looks the room up on every connection before joining it
  const { tabs } = await roomData(roomId);
  if (identity !== 'session' && tabs <= 0) socket.emit('NO_SESSIONS');
  await socket.join(roomId);
  if (identity === 'agent') {
    socket.to(roomId).emit('NEW_AGENT', socket.id, { name: 'bench agent' });
  }
  socket.onAny((eventName, payload) => {
    if (identity === 'session') {
      socket.to(roomId).emit(eventName, { meta: { tabId, version: 1 }, data: payload });
    }
  });
  socket.on('disconnect', () => {
    if (identity === 'agent') socket.to(roomId).emit('AGENT_DISCONNECT', socket.id);
  });
});

server.listen(port, host, () => {
  console.log(`socket.io relay listening on http://${host}:${server.address().port}`);
});
