import { describe, expect, it } from 'vitest';
import { createPostCache } from '../../../src/adapters/discord/post-cache.ts';

const post = (text: string) => ({ text, platform: 'twitter' as const, lang: 'auto' as const });

describe('post cache', () => {
  it('returns a stored post by its short ref', () => {
    const cache = createPostCache();
    const ref = cache.put(post('hello'));
    expect(ref.length).toBeLessThanOrEqual(20);
    expect(cache.get(ref)).toEqual(post('hello'));
    expect(cache.get('nope')).toBeUndefined();
  });

  it('forgets a post unused for the TTL, and a read keeps it alive', () => {
    let now = 0;
    const cache = createPostCache({ ttlMs: 1_000, now: () => now });
    const kept = cache.put(post('kept'));
    const dropped = cache.put(post('dropped'));
    now = 900;
    expect(cache.get(kept)).toBeDefined();
    now = 1_500;
    expect(cache.get(dropped)).toBeUndefined();
    expect(cache.get(kept)).toBeDefined();
    now = 3_000;
    expect(cache.get(kept)).toBeUndefined();
  });

  it('holds at most `max` posts, dropping the least recently used', () => {
    const cache = createPostCache({ max: 3 });
    const [a, b, c] = [cache.put(post('a')), cache.put(post('b')), cache.put(post('c'))];
    cache.get(a);
    const d = cache.put(post('d'));
    expect(cache.size).toBe(3);
    expect(cache.get(b)).toBeUndefined();
    expect([a, c, d].map((ref) => cache.get(ref)?.text)).toEqual(['a', 'c', 'd']);
  });

  it('stays bounded under many puts, expired entries leaving first', () => {
    let now = 0;
    const cache = createPostCache({ max: 2_000, ttlMs: 100, now: () => now });
    for (let i = 0; i < 10_000; i++) {
      now = i;
      cache.put(post(String(i)));
    }
    expect(cache.size).toBeLessThanOrEqual(101);
  });
});
