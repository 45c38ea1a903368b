import { z } from 'zod';

/** Where a post will be published. `x` is accepted as an alias of `twitter` at the edges. */
export const Platform = z.enum(['facebook', 'twitter']);
export type Platform = z.infer<typeof Platform>;

/** Languages the content rules and replies cover. */
export const Lang = z.enum(['en', 'de']);
export type Lang = z.infer<typeof Lang>;

/** What the language detector may say about a post: one of ours, or something else. */
export type DetectedLang = Lang | 'other';

/** A planned post as the engine sees it. `lang: 'auto'` asks the engine to detect it. */
export interface Post {
  text: string;
  platform: Platform;
  lang: Lang | 'auto';
}

/** Accepts user spellings of a platform ("X", "x", "Twitter", "fb") and returns the canonical one. */
export function parsePlatform(input: string): Platform | undefined {
  const key = input.trim().toLowerCase();
  if (key === 'x' || key === 'twitter' || key === 'x/twitter' || key === 'tweet') return 'twitter';
  if (key === 'facebook' || key === 'fb') return 'facebook';
  return undefined;
}

/** Accepts "en", "de", "auto", "en-US", "de-AT" … and returns what the engine understands. */
export function parseLang(input: string): Lang | 'auto' | undefined {
  const key = input.trim().toLowerCase();
  if (key === 'auto') return 'auto';
  // why not split(/[-_]/): a split by expression builds a new expression object per call, which a
  // batch paid on every line; the region tag is cut at the first "-" or "_" all the same
  let end = 0;
  while (end < key.length && key.charCodeAt(end) !== 45 && key.charCodeAt(end) !== 95) end++;
  const base = key.slice(0, end);
  return base === 'en' || base === 'de' ? base : undefined;
}
