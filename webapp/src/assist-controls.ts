/**
 * The agent's side of consent-gated assistance on one live view: "Request control" and "Draw"
 * with the consent's state (requested, granted, declined, expired, ended), and "Stop".
 *
 * While control is granted, a transparent layer over the replay takes the agent's clicks, wheel
 * and keys: the replay iframe is sandboxed without scripts, so nothing is listened to inside it. A
 * point on the layer is scaled back to the user's viewport (the replay is fitted with a CSS scale,
 * see fit.ts), the node under it is found in the replayed document and named by its rrweb mirror
 * id, which is the id the user's tracker knows it by. In draw mode the layer turns strokes into
 * `annotate` frames in the same viewport coordinates.
 */

import type { Replayer } from '@rrweb/replay';
import { h, setAttr, setText } from './dom';
import type { AgentFrame, ConsentFrame, ConsentKind } from './protocol';

type State = 'none' | ConsentFrame['state'];
type Point = [number, number];

export interface AssistHost {
  readonly room: string;
  /** This console's agent id. */
  readonly self: string;
  send(frame: AgentFrame): void;
  replayer(): Replayer | null;
  /** The tab shown in the replay: control and drawings go to it. */
  tab(): string | null;
  /** Where the layer goes: the element the replay is fitted into. */
  readonly surface: HTMLElement;
}

const STROKE_COLOR = '#e11d48';
const STROKE_WIDTH = 4;
/** Stroke points go out in parts this often while the agent draws. */
const STROKE_FLUSH_MS = 50;
const SCROLL_FLUSH_MS = 100;
const LOCAL_STROKE_MS = 5000;

export class AssistControls {
  readonly element: HTMLElement;
  private readonly states: Record<'control' | 'annotate', State> = { control: 'none', annotate: 'none' };
  /** The tab whose user accepted each grant: the server takes control and drawings for that tab only. */
  private readonly grantedTabs: Record<'control' | 'annotate', string | null> = { control: null, annotate: null };
  private readonly controlButton: HTMLButtonElement;
  private readonly drawButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly controlState: HTMLElement;
  private readonly drawState: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private drawing = false;
  private stroke: { id: string; pending: Point[]; timer: ReturnType<typeof setTimeout> | null } | null = null;
  private strokeCount = 0;
  private localClear: ReturnType<typeof setTimeout> | null = null;
  private lastLocal: Point | null = null;
  /** The field the agent clicked last, and what the agent has typed into it. */
  private field: { node: number; value: string } | null = null;
  private scroll: { x: number; y: number; timer: ReturnType<typeof setTimeout> | null } | null = null;

  constructor(private readonly host: AssistHost) {
    this.controlButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'request-control' }, 'Request control');
    this.drawButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'request-annotate' }, 'Draw');
    this.stopButton = h('button', { type: 'button', class: 'secondary small', 'data-testid': 'stop-assist', hidden: true }, 'Stop');
    this.controlState = h('span', { class: 'assist-state', 'data-testid': 'control-state', 'data-state': 'none' });
    this.drawState = h('span', { class: 'assist-state', 'data-testid': 'annotate-state', 'data-state': 'none' });
    this.controlButton.addEventListener('click', () => this.request('control'));
    this.drawButton.addEventListener('click', () => this.onDraw());
    this.stopButton.addEventListener('click', () => this.stopAll());
    this.element = h('div', { class: 'assist-controls' }, this.controlButton, this.controlState, this.drawButton, this.drawState, this.stopButton);
    this.canvas = h('canvas', { class: 'assist-strokes' });
    this.layer = h('div', { class: 'assist-layer', 'data-testid': 'assist-layer', tabindex: 0, hidden: true }, this.canvas);
    host.surface.append(this.layer);
    this.layer.addEventListener('click', (event) => this.onClick(event));
    this.layer.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.layer.addEventListener('keydown', (event) => this.onKey(event));
    this.layer.addEventListener('pointerdown', (event) => this.onPointer(event));
    this.layer.addEventListener('pointermove', (event) => this.onPointer(event));
    this.layer.addEventListener('pointerup', (event) => this.onPointer(event));
    this.refresh();
  }

  /** A consent of this room changed; only this agent's control and annotate consents show here. */
  consent(frame: ConsentFrame): void {
    if (frame.agent !== this.host.self || (frame.kind !== 'control' && frame.kind !== 'annotate')) {
      return;
    }
    this.states[frame.kind] = frame.state;
    this.grantedTabs[frame.kind] = frame.state === 'granted' ? (frame.tab ?? null) : null;
    if (!this.canDraw()) {
      this.drawing = false;
    }
    if (this.states.control !== 'granted') {
      this.field = null;
    }
    this.refresh();
  }

  /** The console's socket dropped: the server ended this agent's grants; what is still open comes again on the next join. */
  disconnected(): void {
    this.states.control = 'none';
    this.states.annotate = 'none';
    this.grantedTabs.control = null;
    this.grantedTabs.annotate = null;
    this.drawing = false;
    this.field = null;
    this.refresh();
  }

  destroy(): void {
    this.layer.remove();
  }

  private request(kind: ConsentKind): void {
    if (this.states.control === 'granted' && kind === 'control') {
      this.host.send({ t: 'consent', room: this.host.room, kind, action: 'end' });
      return;
    }
    this.host.send({ t: 'consent', room: this.host.room, kind, action: 'request' });
  }

  private onDraw(): void {
    if (this.canDraw()) {
      this.drawing = !this.drawing;
      this.refresh();
    } else if (this.states.annotate !== 'requested') {
      this.request('annotate');
    }
  }

  private stopAll(): void {
    for (const kind of ['control', 'annotate'] as const) {
      if (this.states[kind] === 'granted' || this.states[kind] === 'requested') {
        this.host.send({ t: 'consent', room: this.host.room, kind, action: 'end' });
      }
    }
    this.drawing = false;
    this.refresh();
  }

  private canDraw(): boolean {
    return this.states.annotate === 'granted' || this.states.control === 'granted';
  }

  private refresh(): void {
    const control = this.states.control;
    setText(this.controlButton, control === 'granted' ? 'Release control' : control === 'requested' ? 'Control requested…' : 'Request control');
    this.controlButton.disabled = control === 'requested';
    setText(this.controlState, control === 'none' ? '' : control);
    setAttr(this.controlState, 'data-state', control);
    setText(this.drawState, this.states.annotate === 'none' ? '' : this.states.annotate);
    setAttr(this.drawState, 'data-state', this.states.annotate);
    setAttr(this.drawButton, 'aria-pressed', this.drawing ? 'true' : 'false');
    setText(this.drawButton, this.drawing ? 'Drawing' : 'Draw');
    this.stopButton.hidden = !(['granted', 'requested'].includes(control) || ['granted', 'requested'].includes(this.states.annotate));
    this.layer.hidden = !(control === 'granted' || this.drawing);
    setAttr(this.layer, 'data-mode', this.drawing ? 'draw' : 'control');
  }

  // ---- where the agent points, in the user's viewport ----

  /** The user's viewport point under a layer point; null outside the replayed page. */
  private pagePoint(event: MouseEvent): Point | null {
    const replayer = this.host.replayer();
    const frame = replayer?.iframe;
    if (!replayer || !frame) {
      return null;
    }
    const box = frame.getBoundingClientRect();
    const scale = frame.offsetWidth > 0 ? box.width / frame.offsetWidth : 1;
    const x = (event.clientX - box.left) / scale;
    const y = (event.clientY - box.top) / scale;
    return x >= 0 && y >= 0 && x <= frame.offsetWidth && y <= frame.offsetHeight ? [Math.round(x), Math.round(y)] : null;
  }

  private nodeAt(point: Point): { id: number; element: Element } | null {
    const replayer = this.host.replayer();
    const element = replayer?.iframe.contentDocument?.elementFromPoint(point[0], point[1]);
    if (!replayer || !element) {
      return null;
    }
    const id = replayer.getMirror().getId(element);
    return id > 0 ? { id, element } : null;
  }

  /** Whether a grant of `kind` was accepted in `tab` (a grant from a server that names no tab covers any). */
  private grantedIn(kind: 'control' | 'annotate', tab: string): boolean {
    const granted = this.grantedTabs[kind];
    return this.states[kind] === 'granted' && (granted === null || granted === tab);
  }

  private control(fields: Omit<Extract<AgentFrame, { t: 'control' }>, 't' | 'room' | 'tab'>): void {
    const tab = this.host.tab();
    if (tab !== null && this.grantedIn('control', tab)) {
      this.host.send({ t: 'control', room: this.host.room, tab, ...fields });
    }
  }

  // ---- control ----

  private onClick(event: MouseEvent): void {
    if (this.drawing) {
      return;
    }
    this.layer.focus({ preventScroll: true });
    const point = this.pagePoint(event);
    if (point === null) {
      return;
    }
    const target = this.nodeAt(point);
    this.field = null;
    if (target && isTextField(target.element)) {
      this.field = { node: target.id, value: target.element.value };
    }
    this.control(target ? { action: 'click', node: target.id, x: point[0], y: point[1] } : { action: 'click', x: point[0], y: point[1] });
  }

  private onWheel(event: WheelEvent): void {
    if (this.drawing) {
      return;
    }
    event.preventDefault();
    const view = this.host.replayer()?.iframe.contentWindow;
    if (!view) {
      return;
    }
    const scroll = this.scroll ?? { x: view.scrollX, y: view.scrollY, timer: null };
    scroll.x = Math.max(0, scroll.x + event.deltaX);
    scroll.y = Math.max(0, scroll.y + event.deltaY);
    this.scroll = scroll;
    scroll.timer ??= setTimeout(() => {
      this.scroll = null;
      this.control({ action: 'scroll', x: Math.round(scroll.x), y: Math.round(scroll.y) });
    }, SCROLL_FLUSH_MS);
  }

  private onKey(event: KeyboardEvent): void {
    if (this.drawing || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    event.preventDefault();
    const field = this.field;
    if (field && (event.key.length === 1 || event.key === 'Backspace')) {
      field.value = event.key === 'Backspace' ? field.value.slice(0, -1) : field.value + event.key;
      this.control({ action: 'input', node: field.node, text: field.value });
    } else if (event.key.length > 1) {
      this.control({ action: 'key', key: event.key });
    }
  }

  // ---- drawing ----

  private onPointer(event: PointerEvent): void {
    if (!this.drawing) {
      return;
    }
    event.preventDefault();
    const point = this.pagePoint(event);
    if (event.type === 'pointerdown') {
      this.layer.setPointerCapture(event.pointerId);
      this.stroke = { id: `s${Date.now().toString(36)}${this.strokeCount++}`, pending: [], timer: null };
      this.sizeCanvas();
    }
    const stroke = this.stroke;
    if (stroke === null) {
      return;
    }
    if (point !== null) {
      stroke.pending.push(point);
      this.drawLocal(event);
    }
    if (event.type === 'pointerup') {
      this.flushStroke(true);
      this.stroke = null;
      this.lastLocal = null;
    } else {
      stroke.timer ??= setTimeout(() => this.flushStroke(false), STROKE_FLUSH_MS);
    }
  }

  private flushStroke(done: boolean): void {
    const stroke = this.stroke;
    const tab = this.host.tab();
    if (stroke === null || tab === null || !(this.grantedIn('annotate', tab) || this.grantedIn('control', tab))) {
      return;
    }
    if (stroke.timer !== null) {
      clearTimeout(stroke.timer);
      stroke.timer = null;
    }
    const points = stroke.pending.splice(0);
    if (points.length > 0) {
      this.host.send({ t: 'annotate', room: this.host.room, tab, stroke: { id: stroke.id, points, color: STROKE_COLOR, width: STROKE_WIDTH }, done });
    }
  }

  /** What the agent draws shows on the console too, for a few seconds. */
  private drawLocal(event: PointerEvent): void {
    const context = this.canvas.getContext('2d');
    if (!context) {
      return;
    }
    const box = this.layer.getBoundingClientRect();
    const here: Point = [event.clientX - box.left, event.clientY - box.top];
    const from = this.lastLocal ?? here;
    context.strokeStyle = STROKE_COLOR;
    context.lineWidth = STROKE_WIDTH;
    context.lineCap = 'round';
    context.beginPath();
    context.moveTo(from[0], from[1]);
    context.lineTo(here[0] + 0.1, here[1]);
    context.stroke();
    this.lastLocal = here;
    if (this.localClear !== null) {
      clearTimeout(this.localClear);
    }
    this.localClear = setTimeout(() => context.clearRect(0, 0, this.canvas.width, this.canvas.height), LOCAL_STROKE_MS);
  }

  private sizeCanvas(): void {
    const width = this.layer.clientWidth;
    const height = this.layer.clientHeight;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
  }
}

function isTextField(element: Element): element is HTMLInputElement | HTMLTextAreaElement {
  // the replayed document is another window: its elements are not instances of this window's classes
  const tag = element.tagName.toLowerCase();
  return (tag === 'input' && (element as HTMLInputElement).type !== 'file') || tag === 'textarea';
}
