// The measure stage's feature vector for the learned layer: stems, word classes, frames (two word
// classes in one clause), the cue lexicons' verdicts and the post's structure. Names are stable
// strings; the model (rules/model/weights.json) weighs them. One pass over the tokens.
import { z } from 'zod';
import { stem, type StemLang } from './stem.ts';

export const WordClassesSchema = z.strictObject({
  classes: z.record(z.string().regex(/^[a-z_]+$/), z.array(z.string().min(1)).min(1)),
  frames: z.record(z.string().regex(/^[a-z_]+$/), z.tuple([z.string(), z.string()])),
});
export type WordClassesFile = z.infer<typeof WordClassesSchema>;

export interface CompiledWordClasses {
  /** Index of the `negation` class, or -1: its words turn the next words of the clause around. */
  negation: number;
  exact: Map<string, number[]>;
  /** Prefix entries by their first three characters. */
  prefixes: Map<string, { prefix: string; classes: number[] }[]>;
  names: string[];
  frames: { name: string; a: number; b: number }[];
  /** Feature names built once: `class:<name>`, `not:class:<name>`, `frame:<name>`. */
  classFeature: string[];
  /** `lead:<name>`: the class of a clause's first word. */
  leadClassFeature: string[];
  /** `first:<name>`: the class in the post's first clause (the headline says what the post is about). */
  firstClassFeature: string[];
  notClassFeature: string[];
  frameFeature: string[];
}

/** Problems a word-class file can have beyond its schema: frames naming unknown classes. */
export function checkWordClasses(file: WordClassesFile): { field: string; message: string }[] {
  const known = new Set(Object.keys(file.classes));
  return Object.entries(file.frames).flatMap(([name, pair]) =>
    pair.flatMap((c, i) => (known.has(c) ? [] : [{ field: `frames.${name}.${i}`, message: `names class "${c}", which classes does not define` }])),
  );
}

export function compileWordClasses(file: WordClassesFile): CompiledWordClasses {
  const names = Object.keys(file.classes);
  const exact = new Map<string, number[]>();
  const prefixes = new Map<string, { prefix: string; classes: number[] }[]>();
  names.forEach((name, ci) => {
    for (const raw of file.classes[name]!) {
      const w = raw.toLowerCase();
      if (w.endsWith('*') && w.length > 1) {
        const prefix = w.slice(0, -1);
        const key = prefix.slice(0, 3);
        const list = prefixes.get(key) ?? [];
        const found = list.find((p) => p.prefix === prefix);
        if (found) found.classes.push(ci);
        else list.push({ prefix, classes: [ci] });
        prefixes.set(key, list);
      } else exact.set(w, [...(exact.get(w) ?? []), ci]);
    }
  });
  const frames = Object.entries(file.frames).map(([name, [a, b]]) => ({ name, a: names.indexOf(a), b: names.indexOf(b) }));
  return {
    exact,
    prefixes,
    names,
    frames,
    negation: names.indexOf('negation'),
    classFeature: names.map((n) => `class:${n}`),
    leadClassFeature: names.map((n) => `lead:${n}`),
    firstClassFeature: names.map((n) => `first:${n}`),
    notClassFeature: names.map((n) => `not:class:${n}`),
    frameFeature: frames.map((f) => `frame:${f.name}`),
  };
}

/** What the measure stage hands to feature extraction: the text as read, and what was measured. */
export interface FeatureInput {
  lower: string;
  clean: string;
  /** Clause start offsets, ascending. */
  clauses: readonly number[];
  lang: StemLang | 'other';
  platform: 'facebook' | 'twitter';
  /** Categories and risks the cue lexicons found. */
  cues: readonly string[];
  links: readonly { url: string; index: number; tracked: boolean; shop: boolean }[];
  hashtags: number;
  mentions: number;
  emojis: number;
  words: number;
  upperRatio: number;
  spam: readonly string[];
}

const TOKEN = /[\p{L}\p{N}]+|[%€$£?]/gu;
const DIGITS = /^\p{N}+$/u;
const LEAD_MENTION = /^\s*@[A-Za-z0-9_]{1,15}/;
// why: every quantifier is bounded or on a single character class, so the scan stays linear
const PRICE = /(?:[€$£]\s?\d{1,6}(?:[.,]\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?\s?(?:€|\$|£|eur\b|euro))/i;
const PERCENT = /\d{1,3}\s?%/;
const MINUS_PERCENT = /[-−–]\s?\d{1,3}\s?%/;
const PLUS_PERCENT = /\+\s?\d{1,3}\s?%/;
const TIME = /\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|uhr|h\b)|\b\d{1,2}:\d{2}\b/i;
const DATE = /\b\d{1,2}\.\s?\d{1,2}\.|\b\d{1,2}\/\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}\.\s(?:jan|feb|mär|apr|mai|jun|jul|aug|sep|okt|nov|dez)/i;
const CODE = /\b[A-Z]{2,12}\d{1,4}\b|\bcode\s*:?\s*[A-Z0-9]{3,}/;
// why: "3 für 2", "2 for 1", "nimm 3, zahl 2", "2 halen, 1 betalen" are deals without a percent or price
const N_FOR_M = /\b[2-5]\s?(?:for|für|pour|por|per|voor|x)\s?[1-4]\b|\b(?:nimm|take|buy|kauf|koop|haal|achetez|compra|compr)\p{L}{0,4}\s[2-5]\W{1,3}(?:zahl|pay|betaal|betalen|payez|paga)\p{L}{0,3}\s[1-4]\b|\b[2-5]\s\p{L}{2,10}\W{1,3}[1-4]\s(?:zahl|pay|betaal|betalen|payez|paga)/iu;
// why: N_FOR_M costs ~10 µs on a post with digits (its middle alternative is tried at every
// position); every match needs one of these, so most posts are spared the full expression.
// Both are exact necessary conditions on lower-case text: no character outside ASCII
// case-folds to the letters they look for.
const N_FOR_M_FIRST = /[2-5]\s?[fpvx]/;
const N_FOR_M_PAY = /zahl|pay|betaal|betalen|paga/;
const ENDS_QUESTION = /\?[\s\p{Extended_Pictographic}\uFE0F]*$/u;
// why: opening hours are time ranges ("9–18 Uhr", "10am - 6pm", "8:00 bis 20:00")
const TIME_RANGE = /\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|uhr|h)?\s?(?:[-–—]|bis|to|till|until)\s?\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|uhr|h)\b|\b\d{1,2}:\d{2}\s?[-–—]\s?\d{1,2}:\d{2}\b/i;

// why: a named product or title in quotes („Nebelhafen“, "Comfort 27", « Feu de Bois ») and a
// quantity with a unit (500 g, 1,5 l, 256 GB, 42 cm) are what a post describing a product shows
const QUOTED_NAME = /[„“"«»‚'][\p{Lu}\p{N}][^„“"«»\n]{1,40}[“”"«»‘']/u;
const UNIT = /\b\d{1,5}(?:[.,]\d{1,2})?\s?(?:g|kg|ml|cl|l|cm|mm|m|gb|tb|mah|w|kw|km|stück|pcs|pack)\b/i;
// why: a testimonial is a quote followed by who said it ("…" – Marta, Kiel; „…“, sagt Sabine); a
// rating is stars or a score out of five; both show reviews without the word "review"
const QUOTE_MARK = /[„“"«»‚']/;
const TESTIMONIAL = /[„“"«][^„“”"«»\n]{12,300}[“”"»]\s{0,3}(?:[—–-]{1,2}|,?\s(?:says|sagt|schreibt|writes|meint))\s{0,3}(?:@|\p{Lu})/u;
const RATING = /(?:⭐|★|🌟){3,}|\b[1-5][.,]\d\s?(?:\/\s?5|von 5|out of 5|⭐|★|stars?|sterne)|\b(?:[1-5]|five|four|fünf|vier)[- ]?(?:stars?|sterne)/iu;
const NEGATION_WINDOW = 3;
// why: a year (1800–2099) is a number that tells history ("seit 1958"); its class list holds "#y"
const YEAR = /^(?:18|19|20)\d\d$/;
const HAS_DIGIT = /\d/;
const LANG_FEATURE: Record<StemLang | 'other', string> = { en: 'lang:en', de: 'lang:de', fr: 'lang:fr', es: 'lang:es', it: 'lang:it', nl: 'lang:nl', other: 'lang:other' };
const HASHTAG_BUCKETS = [0, 1, 2, 3].map((i) => `hashtags:${i}`);
const EMOJI_BUCKETS = [0, 1, 2, 3].map((i) => `emojis:${i}`);
const WORD_BUCKETS = [0, 1, 2, 3, 4, 5].map((i) => `words:${i}`);
const UPPER_BUCKETS = [0, 1, 2, 3].map((i) => `upper:${i}`);
const CUE_FEATURE = new Map<string, string>();
const SPAM_FEATURE = new Map<string, string>();
const LEAD_FEATURE = new Map<string, string>();
// why: the word a sentence opens with says what it does: an imperative ("Shop", "Holt", "Tell"), a
// question word, "We …" as the subject, a number; read once per clause after the token loop
const LEAD_WORD = /[\p{L}\p{N}]+/gu;

function named(cache: Map<string, string>, prefix: string, id: string): string {
  let f = cache.get(id);
  if (f === undefined) cache.set(id, (f = prefix + id));
  return f;
}

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
}

interface WordInfo {
  classes: number[] | undefined;
  /** Null for one-letter words, which carry no stem feature. */
  stem: string | null;
  feature: string;
  notFeature: string;
}

// why: posts repeat words; a word's classes, stem and feature name are worked out once per language (bounded)
const wordMemo = new WeakMap<CompiledWordClasses, Map<string, Map<string, WordInfo>>>();
const WORD_MEMO_LIMIT = 50_000;

function wordMemoFor(wc: CompiledWordClasses, lang: StemLang | 'other'): Map<string, WordInfo> {
  let byLang = wordMemo.get(wc);
  if (!byLang) wordMemo.set(wc, (byLang = new Map()));
  let memo = byLang.get(lang);
  if (!memo) byLang.set(lang, (memo = new Map()));
  return memo;
}

function wordInfo(word: string, lang: StemLang | 'other', wc: CompiledWordClasses, memo: Map<string, WordInfo>): WordInfo {
  let info = memo.get(word);
  if (info) return info;
  const digits = DIGITS.test(word);
  const s = word === '?' || (word.length === 1 && !/[%€$£]/.test(word)) ? null : digits ? '#' : lang === 'other' ? word : stem(word, lang);
  // why: numbers share one class entry ("#") so frames like "10 years" read any number
  info = { classes: classesOf(digits ? (YEAR.test(word) ? '#y' : '#') : word, wc), stem: s, feature: `w:${s}`, notFeature: `not:w:${s}` };
  if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
  memo.set(word, info);
  return info;
}

const flagsMemo = new WeakMap<CompiledWordClasses, Uint8Array>();
function clauseFlags(wc: CompiledWordClasses): Uint8Array {
  let f = flagsMemo.get(wc);
  if (!f) flagsMemo.set(wc, (f = new Uint8Array(wc.names.length)));
  return f;
}

/** The word classes a lower-case word belongs to (indices into `wc.names`). */
export function wordClassesOf(word: string, wc: CompiledWordClasses): number[] | undefined {
  return classesOf(word, wc);
}

/** A lower-case word's stem (null for one-letter words) and classes, as features read it (memoised). */
export function wordFacts(word: string, lang: StemLang | 'other', wc: CompiledWordClasses): { stem: string | null; classes: number[] | undefined } {
  return wordInfo(word, lang, wc, wordMemoFor(wc, lang));
}

function classesOf(word: string, wc: CompiledWordClasses): number[] | undefined {
  const exact = wc.exact.get(word);
  const list = word.length >= 3 ? wc.prefixes.get(word.slice(0, 3)) : undefined;
  if (!list) return exact;
  let out = exact;
  for (const p of list) if (word.startsWith(p.prefix)) out = out ? [...out, ...p.classes] : p.classes;
  return out;
}

/**
 * Each clause's first word (outside links): its classes as `lead:<class>` and its stem as
 * `lead:w:<stem>`. Linear: a scan starts only past the previous word found.
 */
function leadWords(input: FeatureInput, wc: CompiledWordClasses, memo: Map<string, WordInfo>, out: Set<string>): void {
  const { clauses, lower, links, lang } = input;
  let found = -1;
  let word = '';
  let link = 0;
  for (let c = 0; c < clauses.length; c++) {
    const start = clauses[c]!;
    if (found < start) {
      LEAD_WORD.lastIndex = start;
      const m = LEAD_WORD.exec(lower);
      if (m === null) return;
      found = m.index;
      word = m[0];
    }
    if (found >= (clauses[c + 1] ?? Infinity)) continue;
    while (link < links.length && links[link]!.index + links[link]!.url.length <= found) link++;
    if (link < links.length && links[link]!.index <= found) continue;
    const info = wordInfo(word, lang, wc, memo);
    if (info.classes) for (const k of info.classes) out.add(wc.leadClassFeature[k]!);
    if (info.stem !== null) out.add(named(LEAD_FEATURE, 'lead:', info.feature));
  }
}

/** The post's features, deduplicated, in first-seen order. */
export function extractFeatures(input: FeatureInput, wc: CompiledWordClasses, bigrams: boolean): string[] {
  const out = new Set<string>();
  const { lower, clean, clauses, lang } = input;
  out.add(LANG_FEATURE[lang]);
  out.add(input.platform === 'twitter' ? 'platform:twitter' : 'platform:facebook');
  for (const c of input.cues) out.add(named(CUE_FEATURE, 'cue:', c));
  for (const s of input.spam) out.add(named(SPAM_FEATURE, 'spam:', s));

  let clause = 0;
  let nextClause = clauses[1] ?? Infinity;
  // why: one flag per word class for the current clause, reset by the list of classes set (no allocation per clause)
  const inClause = clauseFlags(wc).fill(0);
  const setList: number[] = [];
  let prev = '';
  // why: the next NEGATION_WINDOW words after a negator in the same clause are read as negated
  let negated = 0;
  const flushFrames = () => {
    if (setList.length >= 2) {
      const frames = wc.frames;
      for (let i = 0; i < frames.length; i++) if (inClause[frames[i]!.a] === 1 && inClause[frames[i]!.b] === 1) out.add(wc.frameFeature[i]!);
    }
    for (const c of setList) inClause[c] = 0;
    setList.length = 0;
  };
  const memo = wordMemoFor(wc, lang);
  // why: words inside a link (hosts, paths) say where a link goes, not what the post offers; `link:*` features say that
  let link = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(lower)) !== null) {
    while (link < input.links.length && input.links[link]!.index + input.links[link]!.url.length <= m.index) link++;
    if (link < input.links.length && input.links[link]!.index <= m.index) continue;
    while (m.index >= nextClause) {
      flushFrames();
      prev = '';
      negated = 0;
      clause++;
      nextClause = clauses[clause + 1] ?? Infinity;
    }
    const word = m[0];
    const known = wordInfo(word, lang, wc, memo);
    const cls = known.classes;
    const isNegator = cls !== undefined && cls.includes(wc.negation);
    const inverted = negated > 0 && !isNegator;
    if (negated > 0) negated--;
    if (isNegator) negated = NEGATION_WINDOW;
    if (cls) for (const c of cls) {
      if (!inverted && inClause[c] === 0) {
        inClause[c] = 1;
        setList.push(c);
      }
      out.add(inverted ? wc.notClassFeature[c]! : wc.classFeature[c]!);
      if (clause === 0 && !inverted) out.add(wc.firstClassFeature[c]!);
    }
    if (known.stem === null) continue;
    out.add(inverted ? known.notFeature : known.feature);
    if (bigrams && prev) out.add(`b:${prev}_${known.stem}`);
    prev = known.stem;
  }
  flushFrames();
  leadWords(input, wc, memo, out);

  if (LEAD_MENTION.test(clean)) out.add('lead_mention');
  if (input.mentions > 0) out.add('mention');
  if (input.links.length > 0) out.add('link');
  if (input.links.some((l) => l.tracked)) out.add('link:tracked');
  if (input.links.some((l) => l.shop)) out.add('link:shop');
  const digits = HAS_DIGIT.test(clean);
  if (digits && PRICE.test(clean)) out.add('price');
  if (clean.includes('%')) {
    if (PERCENT.test(clean)) out.add('percent');
    if (MINUS_PERCENT.test(clean)) out.add('minus_percent');
    if (PLUS_PERCENT.test(clean)) out.add('plus_percent');
  }
  if (digits && TIME.test(lower)) out.add('time');
  if (digits && DATE.test(lower)) out.add('date');
  // why: a code has a digit or the word "code"; most posts have neither, so the scan is skipped
  if ((digits || clean.includes('code')) && CODE.test(clean)) out.add('code');
  if (digits && TIME_RANGE.test(lower)) out.add('time_range');
  if (digits && (N_FOR_M_FIRST.test(lower) || N_FOR_M_PAY.test(lower)) && N_FOR_M.test(lower)) out.add('n_for_m');
  if (QUOTE_MARK.test(clean)) {
    if (QUOTED_NAME.test(clean)) out.add('quoted_name');
    if (TESTIMONIAL.test(clean)) out.add('testimonial');
  }
  // why: a rating has a digit, a star or the word; most posts have none, so the scan is skipped
  if ((digits || clean.includes('⭐') || clean.includes('★') || clean.includes('🌟') || lower.includes('star') || lower.includes('stern')) && RATING.test(clean)) out.add('rating');
  if (digits && UNIT.test(lower)) out.add('unit');
  if (lower.includes('?')) {
    out.add('question_mark');
    if (ENDS_QUESTION.test(lower.slice(-40))) out.add('ends_question');
  }
  if (lower.includes('!!!')) out.add('exclaim3');
  out.add(HASHTAG_BUCKETS[bucket(input.hashtags, [1, 3, 6])]!);
  out.add(EMOJI_BUCKETS[bucket(input.emojis, [1, 3, 6])]!);
  out.add(WORD_BUCKETS[bucket(input.words, [1, 6, 15, 40, 120])]!);
  out.add(UPPER_BUCKETS[bucket(input.upperRatio, [0.3, 0.5, 0.7])]!);
  return [...out];
}
