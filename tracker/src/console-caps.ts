/**
 * Size caps on captured console entries. The console plugin already bounds what it stringifies
 * (string length, keys, depth), but not a long plain string, an element's outerHTML, the number
 * of arguments or the stack trace, so every entry is cut down again here before it leaves the page.
 */

export const CONSOLE_PLUGIN = 'rrweb/console@1';

export interface ConsoleCaps {
  /** Arguments kept per entry. */
  readonly maxArgs: number;
  /** Characters kept of each argument's JSON text. */
  readonly maxArgChars: number;
  /** Stack frames kept per entry. */
  readonly maxTraceLines: number;
  /** Characters kept of each stack frame. */
  readonly maxTraceChars: number;
}

export const DEFAULT_CONSOLE_CAPS: ConsoleCaps = { maxArgs: 20, maxArgChars: 2000, maxTraceLines: 20, maxTraceChars: 300 };

/** The plugin's payload: the level, a stack trace, and each argument as JSON text. */
export interface LogEntry {
  level: string;
  trace: string[];
  payload: string[];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isLogEntry(value: unknown): value is LogEntry {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  return typeof entry['level'] === 'string' && isStringArray(entry['trace']) && isStringArray(entry['payload']);
}

/**
 * The entry cut to the caps. A cut argument stays valid JSON (the replayer parses each one): it
 * becomes a JSON string of its own beginning, marked as truncated.
 */
export function capLogEntry(entry: LogEntry, caps: ConsoleCaps = DEFAULT_CONSOLE_CAPS): LogEntry {
  const payload = entry.payload.slice(0, caps.maxArgs).map((arg) => capArg(arg, caps.maxArgChars));
  if (entry.payload.length > caps.maxArgs) {
    payload.push(JSON.stringify(`… ${entry.payload.length - caps.maxArgs} more arguments`));
  }
  const trace = entry.trace
    .slice(0, caps.maxTraceLines)
    .map((line) => (line.length > caps.maxTraceChars ? `${line.slice(0, caps.maxTraceChars)}…` : line));
  return { level: entry.level, trace, payload };
}

function capArg(json: string, maxChars: number): string {
  if (json.length <= maxChars) {
    return json;
  }
  let text: string = json;
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'string') {
      text = value;
    }
  } catch {
    // not JSON after all: cut the raw text
  }
  return JSON.stringify(`${text.slice(0, maxChars)}… [${text.length - maxChars} more characters]`);
}
