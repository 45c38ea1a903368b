import { randomBytes } from 'node:crypto';
import type { Corrections } from '../../core/engine.ts';
import type { Lang, Platform } from '../../core/post.ts';
import type { PostKind } from '../../core/post-kind.ts';

/** What a button needs to score a post again. Kept in memory only: post text is never persisted. */
export interface ScoredPost {
  text: string;
  platform: Platform;
  lang: Lang | 'auto';
  /** The kind the user chose with the Kind button; recognised from the text when absent. */
  kind?: PostKind;
  /** What the user corrected on this post ("Not right?"); every re-score keeps it. */
  corrections?: Corrections;
}

export interface PostCache {
  /** Stores a post and returns the short ref that buttons carry (a customId holds 100 characters). */
  put(post: ScoredPost): string;
  /** The post, or undefined once it has gone unused for the TTL or was pushed out by newer ones. */
  get(ref: string): ScoredPost | undefined;
  readonly size: number;
}

export interface PostCacheOptions {
  max?: number;
  ttlMs?: number;
  now?: () => number;
}

/** A bounded LRU with a time-to-live, so memory stays flat however many posts are scored. */
export function createPostCache({ max = 2_000, ttlMs = 30 * 60_000, now = Date.now }: PostCacheOptions = {}): PostCache {
  const entries = new Map<string, { post: ScoredPost; expires: number }>();
  // why: a ref only has to be unique within this process (Discord only sends back custom ids that
  // are on the message), so a random prefix and a counter do; no random bytes per post
  const prefix = randomBytes(3).toString('base64url');
  let counter = 0;

  const evictExpired = (at: number): void => {
    // why: Map keeps insertion order, so the oldest entries sit at the front
    for (const [ref, entry] of entries) {
      if (entry.expires > at) break;
      entries.delete(ref);
    }
  };

  return {
    put(post) {
      const at = now();
      evictExpired(at);
      while (entries.size >= max) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      const ref = `${prefix}${(counter++).toString(36)}`;
      entries.set(ref, { post, expires: at + ttlMs });
      return ref;
    },
    get(ref) {
      const entry = entries.get(ref);
      if (!entry) return undefined;
      const at = now();
      entries.delete(ref);
      if (entry.expires <= at) return undefined;
      // why: a post whose buttons are still being clicked is the one to keep; moving it to the
      // back with a fresh expiry keeps the map ordered by expiry for evictExpired
      entries.set(ref, { post: entry.post, expires: at + ttlMs });
      return entry.post;
    },
    get size() {
      return entries.size;
    },
  };
}
