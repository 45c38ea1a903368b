/**
 * An append-only log with "wait for the first matching entry, past or future".
 * Used for REST requests and gateway payloads.
 */

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class Recorder<T> {
  readonly #items: T[] = [];
  readonly #waiters = new Set<Waiter<T>>();
  readonly #listeners = new Set<(item: T) => void>();
  #closed = false;
  /** False: entries go to listeners and waiters only (a benchmark keeps no log to scan or copy). */
  retain = true;

  constructor(
    private readonly label: string,
    private readonly describe: (item: T) => string,
  ) {}

  /** Live view of everything recorded so far (in order). */
  get items(): readonly T[] {
    return this.#items;
  }

  push(item: T): void {
    if (this.retain) this.#items.push(item);
    for (const listener of this.#listeners) listener(item);
    if (this.#waiters.size === 0) return;
    for (const waiter of [...this.#waiters]) {
      let matched = false;
      try {
        matched = waiter.predicate(item);
      } catch (error) {
        this.#settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matched) {
        this.#settle(waiter);
        waiter.resolve(item);
      }
    }
  }

  /** Calls `listener` with every entry from now on; returns the unsubscribe function. */
  subscribe(listener: (item: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#items.length = 0;
  }

  /** Resolves with the first recorded item matching `predicate`, waiting up to `timeoutMs` for it. */
  waitFor(predicate: (item: T) => boolean, timeoutMs = 5000): Promise<T> {
    const existing = this.#items.find(predicate);
    if (existing !== undefined) return Promise.resolve(existing);
    if (this.#closed) return Promise.reject(new Error(`${this.label}: fake Discord is closed`));
    // Capture the caller's stack so a timeout points at the test line, not at this file.
    const origin = new Error(`${this.label}: no matching entry within ${timeoutMs}ms`);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          const seen = this.#items.slice(-20).map((item) => `  ${this.describe(item)}`);
          origin.message += seen.length
            ? `. Last ${seen.length} recorded:\n${seen.join('\n')}`
            : '. Nothing was recorded.';
          reject(origin);
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Rejects all pending waiters; later waitFor calls only look at past entries. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    for (const waiter of [...this.#waiters]) {
      this.#settle(waiter);
      waiter.reject(new Error(`${this.label}: fake Discord was closed while waiting`));
    }
  }

  #settle(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.#waiters.delete(waiter);
  }
}
