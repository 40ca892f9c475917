/**
 * The agent's drawings on the user's screen: a transparent canvas over the viewport that takes no
 * pointer events and is not added to the page before the first stroke. Points are in the page's
 * viewport CSS pixels. A stroke stays for a few seconds after its last point, then fades away.
 */

import type { Stroke } from './assist-frames';
import { safe } from './safe';

const HOLD_MS = 4000;
const FADE_MS = 1000;
const MAX_STROKES = 64;

interface Drawing {
  points: Array<readonly [number, number]>;
  color: string;
  width: number;
  lastAt: number;
}

export class AnnotationLayer {
  private host: HTMLElement | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private readonly strokes = new Map<string, Drawing>();
  private frame = 0;
  private readonly onResize = safe('annotation resize', () => this.size());

  /** Adds the points to the stroke of that id (a stroke arrives in parts while the agent draws). */
  draw(agent: string, stroke: Stroke): void {
    if (stroke.points.length === 0) {
      return;
    }
    const key = `${agent}:${stroke.id}`;
    const drawing = this.strokes.get(key) ?? { points: [], color: stroke.color, width: stroke.width, lastAt: 0 };
    drawing.points.push(...stroke.points);
    drawing.lastAt = Date.now();
    this.strokes.delete(key);
    this.strokes.set(key, drawing);
    while (this.strokes.size > MAX_STROKES) {
      this.strokes.delete(this.strokes.keys().next().value as string);
    }
    this.mount();
    this.schedule();
  }

  remove(): void {
    if (this.frame !== 0) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    window.removeEventListener('resize', this.onResize);
    this.host?.remove();
    this.host = null;
    this.canvas = null;
    this.strokes.clear();
  }

  private mount(): void {
    if (this.host !== null && this.host.isConnected) {
      return;
    }
    const host = document.createElement('div');
    host.setAttribute('data-tandem-block', '');
    host.setAttribute('data-tandem-annotation', '');
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;pointer-events:none;z-index:2147483646';
    host.attachShadow({ mode: 'open' }).append(canvas);
    document.documentElement.append(host);
    this.host = host;
    this.canvas = canvas;
    window.addEventListener('resize', this.onResize);
    this.size();
  }

  private size(): void {
    if (this.canvas !== null) {
      const ratio = window.devicePixelRatio || 1;
      this.canvas.width = Math.round(window.innerWidth * ratio);
      this.canvas.height = Math.round(window.innerHeight * ratio);
      this.render();
    }
  }

  private schedule(): void {
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(
        safe('annotation frame', () => {
          this.frame = 0;
          if (this.render()) {
            this.schedule();
          }
        }),
      );
    }
  }

  /** Draws what is still visible; true while anything is. */
  private render(): boolean {
    const context = this.canvas?.getContext('2d');
    if (!context || this.canvas === null) {
      return false;
    }
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    const now = Date.now();
    for (const [key, drawing] of this.strokes) {
      const alpha = 1 - Math.max(0, now - drawing.lastAt - HOLD_MS) / FADE_MS;
      if (alpha <= 0) {
        this.strokes.delete(key);
        continue;
      }
      context.globalAlpha = alpha;
      context.strokeStyle = drawing.color;
      context.lineWidth = drawing.width;
      context.beginPath();
      drawing.points.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      if (drawing.points.length === 1) {
        const [x, y] = drawing.points[0] as readonly [number, number];
        context.lineTo(x + 0.1, y);
      }
      context.stroke();
    }
    return this.strokes.size > 0;
  }
}
