/**
 * Who is talking: the session id with its secret, shared by every tab of the browser session
 * (localStorage), and the tab id with its batch counter, which survive page loads within the tab
 * (sessionStorage). The secret proves to the server that a tab belongs to the browser session that
 * started the session: agents see the session id, never the secret. Storage that is missing or
 * throws (privacy modes, sandboxed frames) degrades to memory.
 */

/** What the protocol accepts for `sessionId` and `tabId`. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const RANDOM_CHARS = 20;
/** 32 characters of the 64-letter alphabet: 192 bits, out of reach of any guess. */
const SECRET_CHARS = 32;

export const SESSION_KEY = 'tandem.session';
export const TAB_KEY = 'tandem.tab';

/** A session nobody has touched for this long is over; the next page load starts a new one. */
export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
/** How often a live tab refreshes the session's last-seen time. */
const TOUCH_EVERY_MS = 10_000;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export type RandomBytes = (count: number) => Uint8Array;

export function cryptoBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  const source: Crypto | undefined = typeof crypto === 'undefined' ? undefined : crypto;
  if (source && typeof source.getRandomValues === 'function') {
    source.getRandomValues(bytes);
  } else {
    for (let i = 0; i < count; i++) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  }
  return bytes;
}

/** `prefix` followed by `length` random characters of the id alphabet (6 bits each; 20: 120 bits). */
export function newId(prefix: string, random: RandomBytes = cryptoBytes, length = RANDOM_CHARS): string {
  const bytes = random(length);
  let id = prefix;
  for (let i = 0; i < length; i++) {
    id += ALPHABET.charAt((bytes[i] ?? 0) & 63);
  }
  return id;
}

/** The part of the Web Storage API the tracker uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A store that forgets on page load: the fallback when Web Storage is unusable. */
export class MemoryStore implements KeyValueStore {
  private readonly values = new Map<string, string>();

  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
}

/** `window.localStorage` or `window.sessionStorage` if it can really be written, else memory. */
export function browserStore(kind: 'localStorage' | 'sessionStorage'): KeyValueStore {
  try {
    const store = window[kind];
    const probe = 'tandem.probe';
    store.setItem(probe, '1');
    store.removeItem(probe);
    return store;
  } catch {
    return new MemoryStore();
  }
}

interface StoredSession {
  id: string;
  secret: string;
  at: number;
}

interface StoredTab {
  id: string;
  seq: number;
  /** The session the tab belongs to: a tab of an earlier session starts over. */
  session: string;
}

function newSecret(random: RandomBytes): string {
  return newId('', random, SECRET_CHARS);
}

function isSecret(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22,128}$/.test(value);
}

function read<T>(store: KeyValueStore, key: string): Partial<T> | null {
  try {
    const raw = store.getItem(key);
    const value: unknown = raw === null ? null : JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as Partial<T>) : null;
  } catch {
    return null;
  }
}

function write(store: KeyValueStore, key: string, value: StoredSession | StoredTab): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // full or revoked storage: the ids still live in memory for this page
  }
}

export interface IdentityOptions {
  local: KeyValueStore;
  session: KeyValueStore;
  now?: () => number;
  random?: RandomBytes;
  sessionIdleMs?: number;
}

export class Identity {
  private readonly local: KeyValueStore;
  private readonly tabs: KeyValueStore;
  private readonly now: () => number;
  private readonly random: RandomBytes;
  private readonly idleMs: number;
  private lastTouch = 0;
  private sessionValue: string;
  private secretValue: string;
  private tabValue: string;
  private seqValue: number;

  constructor(options: IdentityOptions) {
    this.local = options.local;
    this.tabs = options.session;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? cryptoBytes;
    this.idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;

    const stored = read<StoredSession>(this.local, SESSION_KEY);
    const fresh =
      stored && isValidId(stored.id) && isSecret(stored.secret) && typeof stored.at === 'number' && this.now() - stored.at < this.idleMs;
    this.sessionValue = fresh && stored.id ? stored.id : newId('s-', this.random);
    this.secretValue = fresh && stored.secret ? stored.secret : newSecret(this.random);

    const tab = read<StoredTab>(this.tabs, TAB_KEY);
    const sameSession = tab && isValidId(tab.id) && tab.session === this.sessionValue;
    this.tabValue = sameSession && tab.id ? tab.id : newId('t-', this.random);
    this.seqValue = sameSession && typeof tab.seq === 'number' && Number.isSafeInteger(tab.seq) && tab.seq >= 0 ? tab.seq : 0;

    this.touch(true);
    this.saveTab();
  }

  get sessionId(): string {
    return this.sessionValue;
  }

  get sessionSecret(): string {
    return this.secretValue;
  }

  get tabId(): string {
    return this.tabValue;
  }

  /** The seq of the newest batch made in this tab (0 before the first). */
  get lastSeq(): number {
    return this.seqValue;
  }

  /** The seq for a new batch: one more than the last, remembered across page loads of the tab. */
  nextSeq(): number {
    this.seqValue += 1;
    this.saveTab();
    return this.seqValue;
  }

  /** Never number a batch at or below what the server already holds (its `ackedSeq`). */
  advanceTo(seq: number): void {
    if (Number.isSafeInteger(seq) && seq > this.seqValue) {
      this.seqValue = seq;
      this.saveTab();
    }
  }

  /** A duplicated browser tab copies sessionStorage, and with it the tab id: take a new one. */
  renewTab(): void {
    this.tabValue = newId('t-', this.random);
    this.seqValue = 0;
    this.saveTab();
  }

  /**
   * The server refused this session (it holds another secret for the id): the tab joins the session
   * another tab of this browser already started instead, or starts a new one.
   */
  renewSession(): void {
    const stored = read<StoredSession>(this.local, SESSION_KEY);
    const renewedByAnotherTab =
      stored && isValidId(stored.id) && stored.id !== this.sessionValue && isSecret(stored.secret) && typeof stored.at === 'number' &&
      this.now() - stored.at < this.idleMs;
    this.sessionValue = renewedByAnotherTab && stored.id ? stored.id : newId('s-', this.random);
    this.secretValue = renewedByAnotherTab && stored.secret ? stored.secret : newSecret(this.random);
    this.renewTab();
    this.touch(true, true);
  }

  /**
   * Marks the session as alive (throttled). A tab never takes over a session id that another tab
   * wrote since, so two live tabs cannot flip the stored id back and forth.
   */
  touch(force = false, takeOver = false): void {
    const now = this.now();
    if (!force && now - this.lastTouch < TOUCH_EVERY_MS) {
      return;
    }
    this.lastTouch = now;
    const stored = read<StoredSession>(this.local, SESSION_KEY);
    const othersFresh =
      stored && isValidId(stored.id) && stored.id !== this.sessionValue && typeof stored.at === 'number' && now - stored.at < this.idleMs;
    if (takeOver || !othersFresh) {
      write(this.local, SESSION_KEY, { id: this.sessionValue, secret: this.secretValue, at: now });
    }
  }

  private saveTab(): void {
    write(this.tabs, TAB_KEY, { id: this.tabValue, seq: this.seqValue, session: this.sessionValue });
  }
}
