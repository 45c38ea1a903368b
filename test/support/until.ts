/** Waits until `done()` holds, checking every few milliseconds; fails after `timeoutMs` with `what`. */
export async function until(done: () => boolean, timeoutMs = 5_000, what = 'the condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
