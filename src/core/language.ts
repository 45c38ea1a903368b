import { z } from 'zod';
import type { DetectedLang, Lang } from './post.ts';

/** Per-language data from rules/lexicons/languages/<lang>.yml. */
export const LanguageSchema = z.strictObject({
  lang: z.enum(['en', 'de']),
  /** Frequent function words; used to tell the post's language. Lower case. */
  stopwords: z.array(z.string().min(1)).min(20),
  /** Words that negate a cue when they stand up to `negation_window` words before it. */
  negators: z.array(z.string().min(1)).min(1),
  /** Words that negate a cue when they follow it closely in the same clause (German "gibt es nicht"). */
  negators_after: z.array(z.string().min(1)).default([]),
  /** Words that cancel a negation ("don't miss", "nicht verpassen"). Prefixes, lower case. */
  negation_breakers: z.array(z.string().min(1)).default([]),
  negation_window: z.number().int().min(1).max(6).default(3),
});
export type LanguageData = z.infer<typeof LanguageSchema>;

export interface CompiledLanguage {
  lang: Lang;
  stopwords: ReadonlySet<string>;
  negators: ReadonlySet<string>;
  negatorsAfter: ReadonlySet<string>;
  breakers: readonly string[];
  window: number;
}

export function compileLanguage(data: LanguageData): CompiledLanguage {
  return {
    lang: data.lang,
    stopwords: new Set(data.stopwords.map((w) => w.toLowerCase())),
    negators: new Set(data.negators.map((w) => w.toLowerCase())),
    negatorsAfter: new Set(data.negators_after.map((w) => w.toLowerCase())),
    breakers: data.negation_breakers.map((w) => w.toLowerCase()),
    window: data.negation_window,
  };
}

const WORD = /[\p{L}']+/gu;

export interface LanguageGuess {
  lang: DetectedLang;
  /** Stopword hits per language, for transparency in debugging and tests. */
  hits: Record<Lang, number>;
  words: number;
}

/**
 * Guesses en/de/other from function words. German-only letters (ä ö ü ß) break ties.
 * Short posts with no function words fall back to `fallback` unless they look non-Latin.
 */
export function detectLanguage(lower: string, langs: readonly CompiledLanguage[], fallback: Lang = 'en'): LanguageGuess {
  const hits: Record<Lang, number> = { en: 0, de: 0 };
  let words = 0;
  let latinWords = 0;
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    const w = m[0];
    words++;
    if (/^[a-zäöüß']+$/.test(w)) latinWords++;
    for (const l of langs) if (l.stopwords.has(w)) hits[l.lang]++;
  }
  if (/[äöüß]/.test(lower)) hits.de += 0.5;
  const best: Lang = hits.de > hits.en ? 'de' : 'en';
  const top = hits[best];
  if (words === 0) return { lang: fallback, hits, words };
  // why: a post with several words but no English or German function words is another language
  if (top === 0) return { lang: words >= 4 || latinWords < words / 2 ? 'other' : fallback, hits, words };
  if (words >= 8 && top / words < 0.08) return { lang: 'other', hits, words };
  return { lang: hits.de === hits.en ? fallback : best, hits, words };
}
