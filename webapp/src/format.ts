/** Formatting shared by the session list and the live views. */

import type { Session, TabInfo } from './protocol';

/** `42s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  }
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `14:03:07.120` in the agent's time zone. */
export function formatClock(timestamp: number): string {
  const date = new Date(timestamp);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The URL without its scheme, for compact display (the full URL goes in a title attribute). */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}

/**
 * The tab the user is looking at: the visible one (connected first), else a connected one, else
 * the first. Null for a session without tabs.
 */
export function visibleTab(session: Session): TabInfo | null {
  const tabs = session.tabs;
  return (
    tabs.find((t) => t.visible && t.connected) ??
    tabs.find((t) => t.visible) ??
    tabs.find((t) => t.connected) ??
    tabs[0] ??
    null
  );
}

/** The label of a user: their id, or "Anonymous" with the start of the session id. */
export function userLabel(session: Session): string {
  return session.userId !== null && session.userId !== '' ? session.userId : `Anonymous · ${session.room.slice(0, 8)}`;
}
