/**
 * The user's side of consent-gated assistance: shows an agent's requests, answers them as the user
 * decides, shows what is granted with a way to stop it (the Stop button; Esc for control), and
 * runs what a live grant allows: remote control, drawings, calls. The server refuses gated frames
 * without a live grant; the tab checks again, so a stale frame after a Stop does nothing.
 *
 * The server is the one record of what is open: each time the tab (re)connects it forgets what it
 * held, and the server sends again what is still open, so what ended while the tab was away (or on
 * a node that died) leaves no banner and no control behind.
 */

import { record } from '@rrweb/record';
import { AnnotationLayer } from './annotation';
import { consentAnswerFrame, signalFrame } from './assist-frames';
import type { AssistFrame, AssistKind, ConsentFrame } from './assist-frames';
import { AssistPanel } from './assist-panel';
import type { Answer } from './assist-panel';
import { Calls } from './call';
import type { SignalData } from '../../common/src/call-peer';
import { runControl } from './remote-control';
import { safe, warnOnce } from './safe';
import type { Ui } from './ui';

interface Grant {
  readonly agentName: string;
}

export class Assistance {
  /** Live grants by `agent:kind`. */
  private readonly grants = new Map<string, Grant>();
  private readonly panel: AssistPanel;
  private readonly layer = new AnnotationLayer();
  private readonly calls: Calls;
  /** Esc declines a pending request (the focused one, else the newest); with none, it ends control. */
  private readonly onKey = safe('assist keys', (event: KeyboardEvent) => {
    if (event.isTrusted && event.key === 'Escape' && !this.panel.escape(event)) {
      this.stopControl();
    }
  });

  /** `blockSelector`: what the page keeps from agents (the recorder's), canvases included. `ui`: the site's strings and theme. */
  constructor(
    private readonly send: (frame: string) => boolean,
    private readonly tabId: () => string,
    blockSelector: string,
    ui: Ui,
  ) {
    this.panel = new AssistPanel(ui, (agent, kind, answer) => this.answer(agent, kind, answer));
    this.calls = new Calls(
      {
        signal: (agent, data) => this.send(signalFrame(agent, data)),
        hangUp: (agent) => this.answer(agent, 'call', 'end'),
      },
      tabId,
      blockSelector,
      ui,
    );
  }

  /** A `welcome`: the server sends what is still open right after it. */
  reconnected(): void {
    this.revokeAll();
    this.panel.remove();
    this.listenForKeys();
  }

  handle(frame: AssistFrame): void {
    switch (frame.t) {
      case 'consent':
        this.consent(frame);
        break;
      case 'control':
        if (this.grants.has(`${frame.agent}:control`)) {
          const refused = runControl(frame, (id) => record.mirror.getNode(id));
          if (refused !== null) {
            warnOnce(`control:${refused}`, `an agent's ${frame.action} was not run: ${refused}`);
          }
        }
        break;
      case 'annotate':
        if (this.grants.has(`${frame.agent}:control`) || this.grants.has(`${frame.agent}:annotate`)) {
          this.layer.draw(frame.agent, frame.stroke);
        }
        break;
      case 'signal':
        this.calls.signal(frame.from, frame.data as SignalData);
        break;
    }
  }

  /** The tracker stops: nothing stays on the page, and no call goes on. */
  close(): void {
    this.revokeAll();
    this.calls.endAll();
    this.panel.remove();
    this.layer.remove();
    this.listenForKeys();
  }

  private consent(frame: ConsentFrame): void {
    const { agent, agentName, kind } = frame;
    switch (frame.action) {
      case 'request':
        this.panel.prompt(agent, agentName, kind);
        break;
      case 'granted':
        this.panel.settle(agent, kind);
        if (kind !== 'call' || frame.tab === this.tabId()) {
          this.grant(agent, agentName, kind, frame.iceServers);
        }
        break;
      case 'declined':
        this.panel.settle(agent, kind);
        break;
      case 'end':
        this.panel.settle(agent, kind);
        this.revoke(agent, kind);
        break;
    }
    this.listenForKeys();
  }

  private grant(agent: string, agentName: string, kind: AssistKind, iceServers: RTCIceServer[]): void {
    this.grants.set(`${agent}:${kind}`, { agentName });
    this.panel.banner(agent, agentName, kind);
    if (kind === 'call') {
      this.calls.granted(agent, agentName, iceServers);
    }
    this.listenForKeys();
  }

  private revokeAll(): void {
    for (const key of [...this.grants.keys()]) {
      const [agent = '', kind = ''] = key.split(':');
      this.revoke(agent, kind as AssistKind);
    }
  }

  private revoke(agent: string, kind: AssistKind): void {
    this.grants.delete(`${agent}:${kind}`);
    this.panel.unbanner(agent, kind);
    if (kind === 'call') {
      this.calls.ended(agent);
    }
    this.listenForKeys();
  }

  /** Esc is listened for only while it has something to do: a pending request or live control. */
  private listenForKeys(): void {
    if (this.panel.pending() || [...this.grants.keys()].some((key) => key.endsWith(':control'))) {
      window.addEventListener('keydown', this.onKey, true);
    } else {
      window.removeEventListener('keydown', this.onKey, true);
    }
  }

  private answer(agent: string, kind: AssistKind, answer: Answer): void {
    this.send(consentAnswerFrame(agent, kind, answer));
    if (answer === 'end') {
      // at once, not when the server confirms: the user said stop
      this.revoke(agent, kind);
    } else {
      this.panel.settle(agent, kind);
      this.listenForKeys();
    }
  }

  private stopControl(): void {
    for (const key of [...this.grants.keys()]) {
      if (key.endsWith(':control')) {
        this.answer(key.slice(0, -':control'.length), 'control', 'end');
      }
    }
  }
}
