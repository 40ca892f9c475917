// A protocol-level agent inside a browser page: logs in, opens /ws/agent and keeps every frame the
// node relays. Relayed event payloads are the exact bytes the tracker sent, so what this agent
// sees is what the server received.
import { AGENT, until } from './node.mjs';

/** `credentials`: whose agent, the demo agent by default. */
export async function rawAgent(context, origin, credentials = AGENT) {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.evaluate(async ({ username, password }) => {
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const { token } = await response.json();
    window.__frames = [];
    const ws = new WebSocket(`ws://${location.host}/ws/agent`);
    window.__ws = ws;
    ws.onmessage = (message) => window.__frames.push(message.data);
    await new Promise((resolve) => (ws.onopen = resolve));
    ws.send(JSON.stringify({ t: 'hello', v: 1, token }));
    // the first 100 sessions, newest first: more than any test opens
    ws.send(JSON.stringify({ t: 'list', id: 1, limit: 100 }));
  }, credentials);
  const agent = {
    page,
    texts: () => page.evaluate(() => window.__frames),
    /** Frames received, a `history` frame read as the `events` frames it carries. */
    async frames(type) {
      const all = (await agent.texts()).map((text) => JSON.parse(text)).flatMap((frame) => (frame.t === 'history' ? frame.batches : [frame]));
      return type ? all.filter((frame) => frame.t === type) : all;
    },
    send: (frame) => page.evaluate((f) => window.__ws.send(JSON.stringify(f)), frame),
    /** Joins from the session list, as a console does: a tab's session id exists before its tracker has connected. */
    async join(room) {
      await until(() => agent.session(room), { what: `${room} in the session list` });
      await agent.send({ t: 'join', room });
      await until(async () => (await agent.frames('joined')).some((f) => f.room === room), { what: `joined ${room}` });
    },
    /** The room's entry in the list window as the `listChanged` frames tell it (with its empty parts filled in). */
    async session(room) {
      let found;
      for (const frame of await agent.frames('listChanged')) {
        if (frame.window) found = frame.window.find((s) => s.room === room);
        if (frame.removed?.includes(room)) found = undefined;
        found = frame.added?.find((s) => s.room === room) ?? found;
        const delta = frame.changed?.find((s) => s.room === room);
        if (found && delta) found = { ...found, ...delta };
      }
      return found && { userId: null, metadata: {}, tabs: [], agents: [], ...found };
    },
    /** Every rrweb event relayed so far, flattened, with its tab and batch seq. */
    async events(room) {
      return (await agent.frames('events'))
        .filter((f) => f.room === room)
        .flatMap((f) => f.d.map((event) => ({ tab: f.tab, seq: f.seq, event })));
    },
  };
  return agent;
}

/** The console plugin's entries among relayed events. */
export function consoleEntries(events) {
  return events
    .map(({ event }) => event)
    .filter((e) => e.type === 6 && e.data && e.data.plugin === 'rrweb/console@1')
    .map((e) => ({ ...e.data.payload, timestamp: e.timestamp }));
}
