// Consent-gated assistance in tests: finding a page node's rrweb mirror id in what the agent was
// sent, and answering the consent prompt on the user's page (it lives in an open shadow root,
// which Playwright's CSS locators pierce).
import { until } from './node.mjs';

/** The rrweb id of the element with this `id` attribute, from the newest full snapshot relayed. */
export async function mirrorId(agent, room, elementId) {
  return until(async () => {
    const snapshots = (await agent.events(room)).filter(({ event }) => event.type === 2);
    const newest = snapshots[snapshots.length - 1];
    return newest ? findId(newest.event.data.node, elementId) : undefined;
  }, { what: `#${elementId} in a full snapshot` });
}

function findId(node, elementId) {
  if (node.attributes && node.attributes.id === elementId) return node.id;
  for (const child of node.childNodes || []) {
    const found = findId(child, elementId);
    if (found) return found;
  }
  return undefined;
}

/** The consent prompts and banners on the user's page, as seen (the screen readers' live region is beside them). */
export function assistPanel(page) {
  return page.locator('[data-tandem-assist] .w');
}

/** Waits for the agent's consent frame of this kind and state. */
export function consentState(agent, room, kind, state) {
  return until(async () => (await agent.frames('consent')).find((f) => f.room === room && f.kind === kind && f.state === state),
    { what: `${kind} consent ${state}` });
}

/** Waits for the n-th error frame with this code, and returns it. */
export function nthError(agent, code, n) {
  return until(async () => (await agent.frames('error')).filter((f) => f.code === code)[n - 1], { what: `${code} error #${n}` });
}
