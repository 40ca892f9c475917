/**
 * The frames of consent-gated assistance (docs/protocol.md, "Consent-gated assistance"): what the
 * server sends a tab when an agent asks for, uses or ends a grant, and the tab's answers.
 */

import type { ConsentFromTracker, ConsentKind, ControlAction, SignalFromTracker } from '../../common/src/wire';

export type AssistKind = ConsentKind;
export type { ControlAction };

export interface ConsentFrame {
  readonly t: 'consent';
  readonly agent: string;
  readonly agentName: string;
  readonly kind: AssistKind;
  readonly action: 'request' | 'granted' | 'declined' | 'end';
  /** With `granted`: the tab that accepted; a call runs there only. */
  readonly tab?: string;
  readonly iceServers: RTCIceServer[];
}

export interface ControlFrame {
  readonly t: 'control';
  readonly agent: string;
  readonly action: ControlAction;
  readonly node?: number | undefined;
  readonly x?: number | undefined;
  readonly y?: number | undefined;
  readonly text?: string | undefined;
  readonly key?: string | undefined;
  readonly url?: string | undefined;
}

export interface Stroke {
  readonly id: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly color: string;
  readonly width: number;
}

export interface AnnotateFrame {
  readonly t: 'annotate';
  readonly agent: string;
  readonly stroke: Stroke;
  readonly done: boolean;
}

export interface SignalFrame {
  readonly t: 'signal';
  readonly from: string;
  readonly data: Record<string, unknown>;
}

export type AssistFrame = ConsentFrame | ControlFrame | AnnotateFrame | SignalFrame;

const KINDS: readonly string[] = ['call', 'control', 'annotate', 'record'];
const CONSENT_ACTIONS: readonly string[] = ['request', 'granted', 'declined', 'end'];
const CONTROL_ACTIONS: readonly string[] = ['click', 'scroll', 'input', 'key', 'visit'];

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function points(value: unknown): Array<[number, number]> {
  if (!Array.isArray(value)) {
    return [];
  }
  const result: Array<[number, number]> = [];
  for (const point of value) {
    const x = Array.isArray(point) ? number(point[0]) : undefined;
    const y = Array.isArray(point) ? number(point[1]) : undefined;
    if (x !== undefined && y !== undefined) {
      result.push([x, y]);
    }
  }
  return result;
}

/** Reads an assistance frame; null when it is not one or is unreadable. */
export function parseAssistFrame(frame: Record<string, unknown>): AssistFrame | null {
  const agent = text(frame['agent']) ?? '';
  switch (frame['t']) {
    case 'consent': {
      const kind = text(frame['kind']) ?? '';
      const action = text(frame['action']) ?? '';
      if (agent === '' || !KINDS.includes(kind) || !CONSENT_ACTIONS.includes(action)) {
        return null;
      }
      const ice = Array.isArray(frame['iceServers']) ? (frame['iceServers'].filter(isObject) as unknown as RTCIceServer[]) : [];
      const tab = text(frame['tab']);
      return {
        t: 'consent',
        agent,
        agentName: text(frame['agentName']) || agent,
        kind: kind as AssistKind,
        action: action as ConsentFrame['action'],
        ...(tab === undefined ? {} : { tab }),
        iceServers: ice,
      };
    }
    case 'control': {
      const action = text(frame['action']) ?? '';
      if (!CONTROL_ACTIONS.includes(action)) {
        return null;
      }
      return {
        t: 'control',
        agent,
        action: action as ControlAction,
        node: number(frame['node']),
        x: number(frame['x']),
        y: number(frame['y']),
        text: text(frame['text']),
        key: text(frame['key']),
        url: text(frame['url']),
      };
    }
    case 'annotate': {
      const stroke = isObject(frame['stroke']) ? frame['stroke'] : {};
      return {
        t: 'annotate',
        agent,
        stroke: {
          id: text(stroke['id']) ?? '',
          points: points(stroke['points']),
          color: text(stroke['color']) ?? '#e11d48',
          width: number(stroke['width']) ?? 4,
        },
        done: frame['done'] === true,
      };
    }
    case 'signal': {
      const from = text(frame['from']);
      return from !== undefined && isObject(frame['data']) ? { t: 'signal', from, data: frame['data'] } : null;
    }
    default:
      return null;
  }
}

export function consentAnswerFrame(agent: string, kind: AssistKind, action: ConsentFromTracker['action']): string {
  const frame: ConsentFromTracker = { t: 'consent', agent, kind, action };
  return JSON.stringify(frame);
}

export function signalFrame(to: string, data: object): string {
  const frame: Omit<SignalFromTracker, 'data'> & { data: object } = { t: 'signal', to, data };
  return JSON.stringify(frame);
}
