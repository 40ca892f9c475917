/**
 * Keeps the tracker from ever throwing into the host page, and gives it a console of its own.
 *
 * The console plugin patches `console.*` while recording, so anything the tracker logged through
 * the page's console would be recorded and streamed as if the page had logged it. The methods are
 * therefore bound once, when this module loads (before any recording starts), and every message is
 * logged at most once per key for the life of the page, so nothing can log in a loop.
 */

type LogFn = (...args: unknown[]) => void;

const noop: LogFn = () => undefined;

function savedConsole(level: 'warn' | 'info'): LogFn {
  try {
    const target: Console | undefined = typeof console === 'undefined' ? undefined : console;
    const method = target?.[level];
    return typeof method === 'function' ? method.bind(target) : noop;
  } catch {
    return noop;
  }
}

const privateWarn = savedConsole('warn');
const privateInfo = savedConsole('info');

/** At most this many distinct messages per page: a buggy page cannot make the tracker chatty. */
const MAX_MESSAGES = 32;
const logged = new Set<string>();

function once(key: string): boolean {
  if (logged.has(key) || logged.size >= MAX_MESSAGES) {
    return false;
  }
  logged.add(key);
  return true;
}

/** Warns once per `key` for the life of the page, through the console saved at load time. */
export function warnOnce(key: string, ...args: unknown[]): void {
  if (once(key)) {
    try {
      privateWarn('[tandem]', ...args);
    } catch {
      // a console that throws is not worth more trouble
    }
  }
}

/** Informs once per `key` for the life of the page, through the console saved at load time. */
export function infoOnce(key: string, ...args: unknown[]): void {
  if (once(key)) {
    try {
      privateInfo('[tandem]', ...args);
    } catch {
      // as above
    }
  }
}

/**
 * Wraps a callback the tracker hands to the browser, to rrweb or to a timer: whatever goes wrong
 * inside is reported once and swallowed instead of reaching the page.
 */
export function safe<A extends unknown[]>(where: string, fn: (...args: A) => void): (...args: A) => void {
  return (...args: A): void => {
    try {
      fn(...args);
    } catch (error) {
      warnOnce(`internal:${where}`, `internal error in ${where}; the page is not affected`, error);
    }
  };
}

/** Runs `fn`, returning `fallback` (and reporting once) if it throws. */
export function attempt<T>(where: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    warnOnce(`internal:${where}`, `internal error in ${where}; the page is not affected`, error);
    return fallback;
  }
}
