// Word stems from the Snowball stemmers (snowball-stemmers), one per language we read, memoised:
// a stemmer call costs ~8 µs, a Map hit ~50 ns, and posts repeat their words.
import snowball from 'snowball-stemmers';

/** Languages with a stemmer: English and German get every category, the others the offers. */
export const StemLang = ['en', 'de', 'fr', 'es', 'it', 'nl'] as const;
export type StemLang = (typeof StemLang)[number];

const ALGORITHM: Record<StemLang, string> = { en: 'english', de: 'german', fr: 'french', es: 'spanish', it: 'italian', nl: 'dutch' };
const CACHE_LIMIT = 50_000;

interface Stemmer {
  stem(word: string): string;
}

const stemmers = new Map<StemLang, { stemmer: Stemmer; cache: Map<string, string> }>();

/** The stem of a lower-case word in `lang`. */
export function stem(word: string, lang: StemLang): string {
  let s = stemmers.get(lang);
  if (!s) stemmers.set(lang, (s = { stemmer: (snowball as { newStemmer(name: string): Stemmer }).newStemmer(ALGORITHM[lang]), cache: new Map() }));
  let out = s.cache.get(word);
  if (out === undefined) {
    // why: a bounded memo; a flood of unique words (junk input) must not grow memory without end
    if (s.cache.size >= CACHE_LIMIT) s.cache.clear();
    out = word.length > 40 ? word : s.stemmer.stem(word);
    s.cache.set(word, out);
  }
  return out;
}
