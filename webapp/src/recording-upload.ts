/**
 * Uploads a recording to the node in order: `POST /api/recordings` creates it, each chunk goes to
 * `POST /api/recordings/{id}/chunks?seq=n` after the one before it was stored, and
 * `POST /api/recordings/{id}/finish` closes it. A refused chunk (the `record` grant ended, or the
 * store failed) stops the upload — later chunks could not continue the file anyway — but the
 * recording is still finished: what was stored before stays a playable file.
 */

export type Authorize = () => Record<string, string>;

/** A chunk refused with 503 is sent this many times in all before the upload stops. */
const BUSY_ATTEMPTS = 6;

/** The answer's `Retry-After` (seconds), or one second; a little jitter spreads the retries. */
function retryAfterMs(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000) + Math.random() * 250;
}

export function bearer(token: string): Authorize {
  return () => ({ authorization: `Bearer ${token}` });
}

export class RecordingUpload {
  readonly id: Promise<string>;
  private chain: Promise<unknown>;
  private seq = 0;
  private failed = false;

  constructor(
    room: string,
    private readonly authorize: Authorize,
  ) {
    this.id = fetch('/api/recordings', {
      method: 'POST',
      headers: { ...authorize(), 'content-type': 'application/json' },
      body: JSON.stringify({ room, contentType: 'video/webm' }),
    }).then(async (response) => {
      if (!response.ok) {
        throw new Error(`the recording was refused: ${response.status} ${await response.text()}`);
      }
      const created = (await response.json()) as { id?: unknown };
      if (typeof created.id !== 'string') {
        throw new Error('the server answered no recording id');
      }
      return created.id;
    });
    this.chain = this.id.catch((error: unknown) => this.fail(error));
  }

  add(chunk: Blob): void {
    const seq = this.seq++;
    this.chain = this.chain.then(() => this.send(`chunks?seq=${seq}`, chunk));
  }

  /** Closes the recording after every chunk so far; resolves when it is done. */
  finish(): Promise<unknown> {
    this.chain = this.chain.then(() => this.send('finish', null));
    return this.chain;
  }

  /** Resolves once every chunk so far was handled. */
  get settled(): Promise<unknown> {
    return this.chain;
  }

  private async send(path: string, body: Blob | null): Promise<void> {
    if (this.failed && body !== null) {
      return;
    }
    try {
      const id = await this.id;
      for (let attempt = 1; ; attempt++) {
        const response = await fetch(`/api/recordings/${encodeURIComponent(id)}/${path}`, {
          method: 'POST',
          headers: { ...this.authorize(), 'content-type': body === null ? 'application/json' : 'application/octet-stream' },
          body: body ?? '{}',
        });
        if (response.status === 503 && attempt < BUSY_ATTEMPTS) {
          // the node is at recordings.maxConcurrentUploads (RECORDING_UPLOADS_BUSY) or cannot check the
          // account just now: it says when to come back, and nothing was stored
          await new Promise((resolve) => setTimeout(resolve, retryAfterMs(response)));
          continue;
        }
        if (!response.ok) {
          this.fail(new Error(`${path}: ${response.status} ${await response.text()}`));
        }
        return;
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (!this.failed) {
      this.failed = true;
      console.warn('[tandem] the recording upload stopped', error);
    }
  }
}
