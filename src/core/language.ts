import { z } from 'zod';
import { charKind, LETTER_BIT } from './char-kinds.ts';
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

const LETTER = /^\p{L}/u;

/** A letter (\p{L}), Latin-1 ones without running an expression. */
function isLetter(text: string, i: number, c: number): boolean {
  if (c < 0x80) return (c | 32) >= 97 && (c | 32) <= 122;
  if (c < 0x100) return c >= 0xc0 ? c !== 0xd7 && c !== 0xf7 : c === 0xaa || c === 0xb5 || c === 0xba;
  // why the table for the rest of the BMP: curly quotes, dashes and emoji halves would each run the expression
  return c >= 0xd800 && c <= 0xdbff ? LETTER.test(text.slice(i, i + 2)) : (charKind(c) & LETTER_BIT) !== 0;
}

/** ä ö ü ß, the letters only German has among the two. */
function isGermanOnly(c: number): boolean {
  return c === 0xe4 || c === 0xf6 || c === 0xfc || c === 0xdf;
}

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
  let germanLetters = false;
  // words are runs of letters and apostrophes; one scan, no expression per word
  for (let i = 0; i < lower.length; ) {
    let c = lower.charCodeAt(i);
    if (c !== 39 && !isLetter(lower, i, c)) {
      i++;
      continue;
    }
    const start = i;
    // a word of a-z, ä ö ü ß and apostrophes only
    let latin = true;
    do {
      if (!((c >= 97 && c <= 122) || c === 39 || isGermanOnly(c))) latin = false;
      else if (c > 122) germanLetters = true;
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < lower.length ? 2 : 1;
      c = lower.charCodeAt(i);
    } while (i < lower.length && (c === 39 || isLetter(lower, i, c)));
    const w = lower.slice(start, i);
    words++;
    if (latin) latinWords++;
    for (const l of langs) if (l.stopwords.has(w)) hits[l.lang]++;
  }
  if (germanLetters) hits.de += 0.5;
  const best: Lang = hits.de > hits.en ? 'de' : 'en';
  const top = hits[best];
  if (words === 0) return { lang: fallback, hits, words };
  // why: a post with several words but no English or German function words is another language
  if (top === 0) return { lang: words >= 4 || latinWords < words / 2 ? 'other' : fallback, hits, words };
  if (words >= 8 && top / words < 0.08) return { lang: 'other', hits, words };
  return { lang: hits.de === hits.en ? fallback : best, hits, words };
}
