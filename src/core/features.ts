// The measure stage's feature vector for the learned layer: stems, word classes, frames (two word
// classes in one clause), the cue lexicons' verdicts and the post's structure. Names are stable
// strings; the model (rules/model/weights.json) weighs them. One pass over the tokens.
import { z } from 'zod';
import { BigramTable, type BigramData } from './bigram-table.ts';
import { SpanMemo } from './span-memo.ts';
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
  /**
   * Tail entries (`*karte`, `*rabatt*`): the head of a closed compound is its last part
   * ("Kundenkarte", "Frühbucherrabatte"), which a prefix never reaches. `inflected`: any ending may follow.
   */
  tails: { tail: string; inflected: boolean; classes: number[] }[];
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

// why: a tail shorter than this matches inside too many unrelated words ("*tag" in "Vortrag")
const MIN_TAIL = 4;

/** Problems a word-class file can have beyond its schema: frames naming unknown classes, tails too short to mean anything. */
export function checkWordClasses(file: WordClassesFile): { field: string; message: string }[] {
  const known = new Set(Object.keys(file.classes));
  const frames = Object.entries(file.frames).flatMap(([name, pair]) =>
    pair.flatMap((c, i) => (known.has(c) ? [] : [{ field: `frames.${name}.${i}`, message: `names class "${c}", which classes does not define` }])),
  );
  const tails = Object.entries(file.classes).flatMap(([name, words]) =>
    words.flatMap((w, i) => (w.startsWith('*') && w.replace(/^\*|\*$/g, '').length < MIN_TAIL ? [{ field: `classes.${name}.${i}`, message: `"${w}" is a compound tail shorter than ${MIN_TAIL} letters` }] : [])),
  );
  return [...frames, ...tails];
}

export function compileWordClasses(file: WordClassesFile): CompiledWordClasses {
  const names = Object.keys(file.classes);
  const exact = new Map<string, number[]>();
  const prefixes = new Map<string, { prefix: string; classes: number[] }[]>();
  const tails: CompiledWordClasses['tails'] = [];
  names.forEach((name, ci) => {
    for (const raw of file.classes[name]!) {
      const w = raw.toLowerCase();
      if (w.startsWith('*') && w.length > 1) {
        const inflected = w.endsWith('*') && w.length > 2;
        const tail = inflected ? w.slice(1, -1) : w.slice(1);
        const found = tails.find((t) => t.tail === tail && t.inflected === inflected);
        if (found) found.classes.push(ci);
        else tails.push({ tail, inflected, classes: [ci] });
      } else if (w.endsWith('*') && w.length > 1) {
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
    tails,
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

// The tokens features read: a run of letters and digits (\p{L}\p{N}, by code point), or one of % € $ £ ?.
// why a scan, not a /[\p{L}\p{N}]+|[%€$£?]/gu exec loop: exec builds a match array per token and was
// most of the time spent reading features. The scan finds the same tokens (a test compares them).
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const ONE_CHAR_TOKEN = '%€$£?';
const UNKNOWN = 0;
const WORD = 1;
const SYMBOL = 2;
const OTHER = 3;
/** What each character of the Basic Multilingual Plane is to the scan, worked out on first sight. */
const bmpKinds = new Uint8Array(0x10000);

function bmpKind(c: number): number {
  const k = bmpKinds[c]!;
  return k !== UNKNOWN ? k : learnKind(c);
}

// why apart from bmpKind: the first sight of a character runs an expression; out of the
// per-character path, that path stays small enough for V8 to inline into the scans
function learnKind(c: number): number {
  const ch = String.fromCharCode(c);
  return (bmpKinds[c] = WORD_CHAR.test(ch) ? WORD : ONE_CHAR_TOKEN.includes(ch) ? SYMBOL : OTHER);
}

/** The length in code units (1 or 2) of the letter or digit at `i`, or 0 when there is none. */
function wordCharAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return bmpKind(c) === WORD ? 1 : 0;
  return astralWordCharAt(s, i);
}

/** `wordCharAt` for a high surrogate: a lone surrogate is no letter; an astral letter (𝐀, 𠀀) is. */
function astralWordCharAt(s: string, i: number): number {
  const low = s.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff && WORD_CHAR.test(s.slice(i, i + 2)) ? 2 : 0;
}

/** The end of the token starting at or after `from` (its start in `at.start`), or -1 when there is none. */
export function nextToken(s: string, from: number, at: { start: number }): number {
  for (let i = from; i < s.length; i++) {
    if (wordCharAt(s, i) > 0) return nextWord(s, i, at);
    if (bmpKind(s.charCodeAt(i)) === SYMBOL) {
      at.start = i;
      return i + 1;
    }
  }
  return -1;
}
/** The end of the next run of letters and digits at or after `from` (its start in `at.start`), or -1: /[\p{L}\p{N}]+/gu without a match array. */
export function nextWord(s: string, from: number, at: { start: number }): number {
  for (let i = from; i < s.length; ) {
    let w = wordCharAt(s, i);
    if (w === 0) {
      i++;
      continue;
    }
    at.start = i;
    do i += w;
    while (i < s.length && (w = wordCharAt(s, i)) > 0);
    return i;
  }
  return -1;
}
const DIGITS = /^\p{N}+$/u;
const LEAD_MENTION = /^\s*@[A-Za-z0-9_]{1,15}/;
// why: every quantifier is bounded or on a single character class, so the scan stays linear.
// Pence and cents ("50p", "99p", "25 cents") are prices too: "50p" is one word to the tokeniser,
// and "p" only glued to its number ("2 p.m." is a time)
const PRICE = /(?:[€$£]\s?\d{1,6}(?:[.,]\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?\s?(?:€|\$|£|eur\b|euro)|(?<![A-Za-z0-9.,])\d{1,3}(?:p|\s?(?:pence|cents?|¢))(?![A-Za-z0-9]))/i;
const PERCENT = /\d{1,3}\s?%/;
const MINUS_PERCENT = /[-−–]\s?\d{1,3}\s?%/;
const PLUS_PERCENT = /\+\s?\d{1,3}\s?%/;
const TIME = /\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|uhr|h\b)|\b\d{1,2}:\d{2}\b/gi;
const DATE = /\b\d{1,2}\.\s?\d{1,2}\.|\b\d{1,2}\/\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)\b|\b\d{1,2}\.\s(?:jan|feb|mär|apr|mai|jun|jul|aug|sep|okt|nov|dez)/gi;
const CODE = /\b[A-Z]{2,12}\d{1,4}\b|\bcode\s*:?\s*[A-Z0-9]{3,}/;
// why: "3 für 2", "2 for 1", "nimm 3, zahl 2", "2 halen, 1 betalen" are deals without a percent or price.
// One expression per form (a match of their alternation is a match of one of them): each runs only
// when the strings every match of it needs are there. The middle form, tried at every position,
// cost ~10 µs on a long post with digits and "for". The needed strings are exact necessary
// conditions on lower-case text: no character outside ASCII case-folds to the letters they look for.
const N_FOR_M_PAIR = /\b[2-5]\s?(?:for|für|pour|por|per|voor|x)\s?[1-4]\b/iu;
const N_FOR_M_TAKE = /\b(?:nimm|take|buy|kauf|koop|haal|achetez|compra|compr)\p{L}{0,4}\s[2-5]\W{1,3}(?:zahl|pay|betaal|betalen|payez|paga)\p{L}{0,3}\s[1-4]\b/iu;
const N_FOR_M_PAID = /\b[2-5]\s\p{L}{2,10}\W{1,3}[1-4]\s(?:zahl|pay|betaal|betalen|payez|paga)/iu;
const N_FOR_M_FIRST = /[2-5]\s?[fpvx]/;
const N_FOR_M_PAY = /zahl|pay|betaal|betalen|paga/;
const N_FOR_M_BUY = /nimm|take|buy|kauf|koop|haal|achetez|compr/;

/** Whether lower-case text with a digit holds an "N for M" deal. */
export function isNForM(lower: string): boolean {
  if (N_FOR_M_FIRST.test(lower) && N_FOR_M_PAIR.test(lower)) return true;
  if (!N_FOR_M_PAY.test(lower)) return false;
  return (N_FOR_M_BUY.test(lower) && N_FOR_M_TAKE.test(lower)) || N_FOR_M_PAID.test(lower);
}
const ENDS_QUESTION = /\?[\s\p{Extended_Pictographic}\uFE0F]*$/u;
// why: opening hours are time ranges ("9–18 Uhr", "10am - 6pm", "8:00 bis 20:00")
const TIME_RANGE = /\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|uhr|h)?\s?(?:[-–—]|bis|to|till|until)\s?\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|uhr|h)\b|\b\d{1,2}:\d{2}\s?[-–—]\s?\d{1,2}:\d{2}\b/gi;

// why: a named product or title in quotes („Nebelhafen“, "Comfort 27", « Feu de Bois ») and a
// quantity with a unit (500 g, 1,5 l, 256 GB, 42 cm) are what a post describing a product shows
const QUOTED_NAME = /[„“"«»‚'][\p{Lu}\p{N}][^„“"«»\n]{1,40}[“”"«»‘']/u;
const UNIT = /\b\d{1,5}(?:[.,]\d{1,2})?\s?(?:g|kg|ml|cl|l|cm|mm|m|gb|tb|mah|w|kw|km|stück|pcs|pack)\b/gi;
// why: a testimonial is a quote followed by who said it ("…" – Marta, Kiel; „…“, sagt Sabine); a
// rating is stars or a score out of five; both show reviews without the word "review"
const QUOTE_MARK = /[„“"«»‚']/;
const TESTIMONIAL = /[„“"«][^„“”"«»\n]{12,300}[“”"»]\s{0,3}(?:[—–-]{1,2}|,?\s(?:says|sagt|schreibt|writes|meint))\s{0,3}(?:@|\p{Lu})/u;
const RATING_DIGITS = /[1-5][.,]\d/;
// why one expression on the lower-cased text, not five `includes`: a search for a string of more
// than one character costs about a nanosecond a character, each time (the stars are the same in
// `clean` and `lower`: lower-casing leaves them alone and makes no star of anything else)
export const STARS = /⭐|★|🌟|st(?:ar|ern)/;
const RATING = /(?:⭐|★|🌟){3,}|\b[1-5][.,]\d\s?(?:\/\s?5|von 5|out of 5|⭐|★|stars?|sterne)|\b(?:[1-5]|five|four|fünf|vier)[- ]?(?:stars?|sterne)/iu;
const NEGATION_WINDOW = 3;
// why: a year (1800–2099) is a number that tells history ("seit 1958"); its class list holds "#y"
const YEAR = /^(?:18|19|20)\d\d$/;
const HAS_DIGIT = /\d/;
// why global: every match of TIME, DATE, TIME_RANGE and UNIT starts at an ASCII digit (each of their
// alternatives opens with \b\d), so they are run from the post's first digit on (`lastIndex`; \b still
// sees the character before it) instead of over the text before it too (a test holds them to the
// plain expressions)
export const DIGIT_LED = { TIME, DATE, TIME_RANGE, UNIT } as const;

// why the same expressions: the words a reply quotes for a structural feature ("Invites to an event
// (“4pm”)") are the ones that made the feature, not a look-alike (non-global copies: exec keeps no state)
const SNIPPETS: Record<string, RegExp> = {
  price: PRICE,
  percent: PERCENT,
  minus_percent: MINUS_PERCENT,
  plus_percent: PLUS_PERCENT,
  code: CODE,
  rating: RATING,
  time: new RegExp(TIME.source, 'i'),
  date: new RegExp(DATE.source, 'i'),
  time_range: new RegExp(TIME_RANGE.source, 'i'),
  unit: new RegExp(UNIT.source, 'i'),
};

/** The post's own words behind a structural feature (its first match in `clean`), or undefined. */
export function structuralSnippet(feature: string, clean: string): string | undefined {
  const re = SNIPPETS[feature];
  return re ? re.exec(clean)?.[0] : undefined;
}

/** Whether a DIGIT_LED expression matches `lower`, whose first ASCII digit is at `firstDigit` (≥ 0). */
export function digitLedTest(re: RegExp, lower: string, firstDigit: number): boolean {
  re.lastIndex = firstDigit;
  return re.test(lower);
}
const LANG_FEATURE: Record<StemLang | 'other', string> = { en: 'lang:en', de: 'lang:de', fr: 'lang:fr', es: 'lang:es', it: 'lang:it', nl: 'lang:nl', other: 'lang:other' };
// The structural block's features: their names are fixed, so each table knows their ids.
const STRUCTURAL = ['lead_mention', 'mention', 'link', 'link:tracked', 'link:shop', 'price', 'percent', 'minus_percent', 'plus_percent', 'time', 'date', 'code', 'time_range', 'n_for_m', 'quoted_name', 'testimonial', 'rating', 'unit', 'question_mark', 'ends_question', 'exclaim3'] as const;
type Structural = (typeof STRUCTURAL)[number];
// The size buckets: `<name>:<i>`, where i counts the edges at or below the value.
const BUCKETS = {
  hashtags: [1, 3, 6],
  emojis: [1, 3, 6],
  words: [1, 6, 15, 40, 120],
  upper: [0.3, 0.5, 0.7],
} as const;
type BucketName = keyof typeof BUCKETS;
const BUCKET_NAMES = Object.keys(BUCKETS) as BucketName[];

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
}

/**
 * Feature names interned to ids. A model's space is closed: its rows, so a name it has no weight
 * for has no id and is dropped while reading. Without a model (training) the space is open: every
 * name read gets the next id, so nothing is lost.
 */
export interface FeatureSpace {
  ids: Map<string, number>;
  names: string[];
  open: boolean;
  /** A closed space's bigrams, worked out when its model is compiled (model.ts); none without bigrams. */
  bigrams?: BigramData;
}

/** Ids a post's features are read into: the scratch of one space, valid until its next read. */
export interface FeatureIds {
  ids: Int32Array;
  count: number;
}

interface WordInfo {
  classes: number[] | undefined;
  /** Whether the word is in the negation class. */
  negator: boolean;
  /** Null for one-letter words, which carry no stem feature. */
  stem: string | null;
  /** The ids of `w:<stem>` and `not:w:<stem>` in the table's space (-1: the space has none). */
  id: number;
  notId: number;
  /** The id of `lead:w:<stem>` once the word has led a clause (-2: not yet looked up). */
  leadId: number;
  /** In a model's space: this stem's number as the first and as the second of a bigram (-1: of none). */
  first: number;
  second: number;
}

const WORD_MEMO_LIMIT = 50_000;
// why: an open space grows with every new word; past this many names it starts again (ids are per read)
const OPEN_SPACE_LIMIT = 500_000;

/**
 * One space's view of the word classes, built once: the id of every feature whose name is fixed,
 * the words seen so far (classes, stem, ids, bigram numbers), and the scratch one read writes its
 * ids into. Reading a post then builds no strings and looks up no names, except the structural block
 * (and bigrams in an open space).
 */
class FeatureTable {
  readonly lang: Record<StemLang | 'other', number>;
  readonly twitter: number;
  readonly facebook: number;
  readonly cls: Int32Array;
  readonly first: Int32Array;
  readonly lead: Int32Array;
  readonly fixed: Record<Structural, number>;
  readonly notCls: Int32Array;
  readonly frame: Int32Array;
  readonly buckets: Record<BucketName, Int32Array>;
  /** A closed space's bigrams (an open space, in training, names every bigram instead; a model without bigrams has none). */
  private readonly bigrams: BigramTable | undefined;
  private readonly cues = new Map<string, number>();
  private readonly spams = new Map<string, number>();
  // why: posts repeat words; a word's classes, stem and feature ids are worked out once per language (bounded)
  private readonly words = new Map<StemLang | 'other', SpanMemo<WordInfo>>();
  /** One flag per word class for the current clause, reset by the list of classes set (no allocation per clause). */
  private readonly inClause: Uint8Array;
  private readonly setList: Int32Array;
  private setCount = 0;
  /** seen[id] === stamp: the id was read for the current post, so it is not added twice. */
  private seen: Int32Array;
  private stamp = 0;
  readonly out: FeatureIds = { ids: new Int32Array(64), count: 0 };
  readonly token = { start: 0 };

  constructor(
    readonly wc: CompiledWordClasses,
    readonly space: FeatureSpace,
  ) {
    const id = (name: string) => this.intern(name);
    this.lang = { en: id(LANG_FEATURE.en), de: id(LANG_FEATURE.de), fr: id(LANG_FEATURE.fr), es: id(LANG_FEATURE.es), it: id(LANG_FEATURE.it), nl: id(LANG_FEATURE.nl), other: id(LANG_FEATURE.other) };
    this.twitter = id('platform:twitter');
    this.facebook = id('platform:facebook');
    this.cls = Int32Array.from(wc.classFeature, id);
    this.first = Int32Array.from(wc.firstClassFeature, id);
    this.lead = Int32Array.from(wc.leadClassFeature, id);
    this.fixed = Object.fromEntries(STRUCTURAL.map((name) => [name, id(name)])) as Record<Structural, number>;
    this.notCls = Int32Array.from(wc.notClassFeature, id);
    this.frame = Int32Array.from(wc.frameFeature, id);
    this.buckets = Object.fromEntries(BUCKET_NAMES.map((b) => [b, Int32Array.from({ length: BUCKETS[b].length + 1 }, (_, i) => id(`${b}:${i}`))])) as Record<BucketName, Int32Array>;
    this.inClause = new Uint8Array(wc.names.length);
    this.setList = new Int32Array(wc.names.length);
    this.bigrams = space.bigrams && new BigramTable(space.bigrams);
    this.seen = new Int32Array(Math.max(space.names.length, 256));
  }

  /** A name's id; in an open space a new name gets the next one, in a closed one it has none (-1). */
  intern(name: string): number {
    const known = this.space.ids.get(name);
    if (known !== undefined) return known;
    if (!this.space.open) return -1;
    const id = this.space.names.length;
    this.space.names.push(name);
    this.space.ids.set(name, id);
    return id;
  }

  cue(name: string): number {
    let id = this.cues.get(name);
    if (id === undefined) this.cues.set(name, (id = this.intern(`cue:${name}`)));
    return id;
  }

  spam(name: string): number {
    let id = this.spams.get(name);
    if (id === undefined) this.spams.set(name, (id = this.intern(`spam:${name}`)));
    return id;
  }

  memo(lang: StemLang | 'other'): SpanMemo<WordInfo> {
    let memo = this.words.get(lang);
    if (!memo) this.words.set(lang, (memo = new SpanMemo(WORD_MEMO_LIMIT)));
    return memo;
  }

  word(word: string, lang: StemLang | 'other', memo: SpanMemo<WordInfo>): WordInfo {
    return memo.get(word, 0, word.length) ?? this.learn(word, lang, memo);
  }

  /** `word` for the token s[from, to), cut out of the text only when it is new. */
  wordAt(s: string, from: number, to: number, lang: StemLang | 'other', memo: SpanMemo<WordInfo>): WordInfo {
    return memo.get(s, from, to) ?? this.learn(s.slice(from, to), lang, memo);
  }

  private learn(word: string, lang: StemLang | 'other', memo: SpanMemo<WordInfo>): WordInfo {
    const digits = DIGITS.test(word);
    const s = word === '?' || (word.length === 1 && !/[%€$£]/.test(word)) ? null : digits ? '#' : lang === 'other' ? word : stem(word, lang);
    // why: numbers share one class entry ("#") so frames like "10 years" read any number
    const classes = classesOf(digits ? (YEAR.test(word) ? '#y' : '#') : word, this.wc);
    const negator = classes !== undefined && classes.includes(this.wc.negation);
    const info: WordInfo = s === null ? { classes, negator, stem: s, id: -1, notId: -1, leadId: -2, first: -1, second: -1 } : { classes, negator, stem: s, id: this.intern(`w:${s}`), notId: this.intern(`not:w:${s}`), leadId: -2, first: this.bigrams?.firstOf(s) ?? -1, second: this.bigrams?.secondOf(s) ?? -1 };
    memo.add(word, info);
    return info;
  }

  /** Starts a post's read: no ids yet. */
  begin(): void {
    this.out.count = 0;
    // why: a read that threw half-way may have left a clause open
    this.inClause.fill(0);
    this.setCount = 0;
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds a feature by id, once per post, in first-seen order (-1, a name the space lacks, is skipped). */
  addId(id: number): void {
    if (id < 0) return;
    if (id >= this.seen.length) {
      const seen = new Int32Array(Math.max(id + 1, this.seen.length * 2));
      seen.set(this.seen);
      this.seen = seen;
    }
    if (this.seen[id] === this.stamp) return;
    this.seen[id] = this.stamp;
    const out = this.out;
    if (out.count === out.ids.length) {
      const ids = new Int32Array(out.ids.length * 2);
      ids.set(out.ids);
      out.ids = ids;
    }
    out.ids[out.count++] = id;
  }

  /** Marks a word class as read in the current clause (not negated), for its frames. */
  inClauseAdd(c: number): void {
    if (this.inClause[c] === 1) return;
    this.inClause[c] = 1;
    this.setList[this.setCount++] = c;
  }

  /** Ends a clause: its frames (two classes read in it) as features, and no class read any more. */
  endClause(): void {
    if (this.setCount >= 2) {
      const frames = this.wc.frames;
      const inClause = this.inClause;
      for (let i = 0; i < frames.length; i++) if (inClause[frames[i]!.a] === 1 && inClause[frames[i]!.b] === 1) this.addId(this.frame[i]!);
    }
    for (let k = 0; k < this.setCount; k++) this.inClause[this.setList[k]!] = 0;
    this.setCount = 0;
  }

  /** The id of the bigram of two numbered stems in a closed space (-1: the model has none). */
  bigram(first: number, second: number): number {
    return this.bigrams!.get(first, second);
  }

  /** Adds a feature by name (the structural block, and bigrams in an open space). */
  add(name: string): void {
    this.addId(this.intern(name));
  }
}

const closedTables = new WeakMap<FeatureSpace, WeakMap<CompiledWordClasses, FeatureTable>>();
const openSpaces = new WeakMap<CompiledWordClasses, FeatureTable>();

function tableFor(wc: CompiledWordClasses, space: FeatureSpace | undefined): FeatureTable {
  if (!space) {
    let table = openSpaces.get(wc);
    if (!table || table.space.names.length > OPEN_SPACE_LIMIT) openSpaces.set(wc, (table = new FeatureTable(wc, { ids: new Map(), names: [], open: true })));
    return table;
  }
  let byWc = closedTables.get(space);
  if (!byWc) closedTables.set(space, (byWc = new WeakMap()));
  let table = byWc.get(wc);
  if (!table) byWc.set(wc, (table = new FeatureTable(wc, space)));
  return table;
}

/** The word classes a lower-case word belongs to (indices into `wc.names`). */
export function wordClassesOf(word: string, wc: CompiledWordClasses): number[] | undefined {
  return classesOf(word, wc);
}

/** A lower-case word's stem (null for one-letter words) and classes, as features read it (memoised with the space's reads). */
export function wordFacts(word: string, lang: StemLang | 'other', wc: CompiledWordClasses, space?: FeatureSpace): { stem: string | null; classes: number[] | undefined } {
  return wordFactsOf(lang, wc, space)(word);
}

/** `wordFacts` for many words of one language: the table and its memo found once. */
export function wordFactsOf(lang: StemLang | 'other', wc: CompiledWordClasses, space?: FeatureSpace): (word: string) => { stem: string | null; classes: number[] | undefined } {
  const table = tableFor(wc, space);
  const memo = table.memo(lang);
  return (word) => table.word(word, lang, memo);
}

function classesOf(word: string, wc: CompiledWordClasses): number[] | undefined {
  const exact = wc.exact.get(word);
  const list = word.length >= 3 ? wc.prefixes.get(word.slice(0, 3)) : undefined;
  let out = exact;
  if (list) for (const p of list) if (word.startsWith(p.prefix)) out = out ? [...out, ...p.classes] : p.classes;
  // why: only a compound's last part is its head, so the tail must stand after a first part of its own
  // (the word "karte" is not a compound of "*karte"); a class already found is not added twice
  for (const t of wc.tails) {
    if (word.length <= t.tail.length) continue;
    const at = t.inflected ? word.indexOf(t.tail, 1) : word.length - t.tail.length;
    if (at < 1 || !word.startsWith(t.tail, at)) continue;
    const add = out ? t.classes.filter((c) => !out!.includes(c)) : t.classes;
    if (add.length) out = out ? [...out, ...add] : add;
  }
  return out;
}

// why: the word a sentence opens with says what it does: an imperative ("Shop", "Holt", "Tell"), a
// question word, "We …" as the subject, a number; read once per clause after the token loop
/**
 * Each clause's first word (outside links): its classes as `lead:<class>` and its stem as
 * `lead:w:<stem>`. Linear: a scan starts only past the previous word found.
 */
function leadWords(input: FeatureInput, out: FeatureTable, memo: SpanMemo<WordInfo>): void {
  const { clauses, lower, links, lang } = input;
  const token = out.token;
  let found = -1;
  let wordEnd = -1;
  let link = 0;
  for (let c = 0; c < clauses.length; c++) {
    const start = clauses[c]!;
    if (found < start) {
      const end = nextWord(lower, start, token);
      if (end === -1) return;
      found = token.start;
      wordEnd = end;
    }
    if (found >= (clauses[c + 1] ?? Infinity)) continue;
    while (link < links.length && links[link]!.index + links[link]!.url.length <= found) link++;
    if (link < links.length && links[link]!.index <= found) continue;
    const info = out.wordAt(lower, found, wordEnd, lang, memo);
    if (info.classes) for (const k of info.classes) out.addId(out.lead[k]!);
    if (info.stem !== null) {
      if (info.leadId === -2) info.leadId = out.intern(`lead:w:${info.stem}`);
      out.addId(info.leadId);
    }
  }
}

/** The post's features by name, deduplicated, in first-seen order (what training reads). */
export function extractFeatures(input: FeatureInput, wc: CompiledWordClasses, bigrams: boolean, space?: FeatureSpace): string[] {
  const table = tableFor(wc, space);
  return featureNames(readFeatures(input, table, bigrams), table.space);
}

/**
 * The post's features as ids of `space` (a model's), deduplicated, in first-seen order; names the
 * space lacks are dropped. The result is scratch, valid until the next read in that space.
 */
export function extractFeatureIds(input: FeatureInput, wc: CompiledWordClasses, bigrams: boolean, space: FeatureSpace): FeatureIds {
  return readFeatures(input, tableFor(wc, space), bigrams);
}

/** The names of read feature ids. */
export function featureNames(read: FeatureIds, space: FeatureSpace): string[] {
  const names = new Array<string>(read.count);
  for (let i = 0; i < read.count; i++) names[i] = space.names[read.ids[i]!]!;
  return names;
}

function readFeatures(input: FeatureInput, out: FeatureTable, bigrams: boolean): FeatureIds {
  const { lower, clean, clauses, lang } = input;
  out.begin();
  out.addId(out.lang[lang]);
  out.addId(input.platform === 'twitter' ? out.twitter : out.facebook);
  for (const c of input.cues) out.addId(out.cue(c));
  for (const s of input.spam) out.addId(out.spam(s));

  let clause = 0;
  let nextClause = clauses[1] ?? Infinity;
  let prev: WordInfo | null = null;
  // why: the next NEGATION_WINDOW words after a negator in the same clause are read as negated
  let negated = 0;
  const memo = out.memo(lang);
  const open = out.space.open;
  // why: words inside a link (hosts, paths) say where a link goes, not what the post offers; `link:*` features say that
  let link = 0;
  const token = out.token;
  for (let end = nextToken(lower, 0, token); end !== -1; end = nextToken(lower, end, token)) {
    const at = token.start;
    while (link < input.links.length && input.links[link]!.index + input.links[link]!.url.length <= at) link++;
    if (link < input.links.length && input.links[link]!.index <= at) continue;
    while (at >= nextClause) {
      out.endClause();
      prev = null;
      negated = 0;
      clause++;
      nextClause = clauses[clause + 1] ?? Infinity;
    }
    const known = out.wordAt(lower, at, end, lang, memo);
    const cls = known.classes;
    const isNegator = known.negator;
    const inverted = negated > 0 && !isNegator;
    if (negated > 0) negated--;
    if (isNegator) negated = NEGATION_WINDOW;
    if (cls) for (const c of cls) {
      if (!inverted) out.inClauseAdd(c);
      out.addId(inverted ? out.notCls[c]! : out.cls[c]!);
      if (clause === 0 && !inverted) out.addId(out.first[c]!);
    }
    if (known.stem === null) continue;
    out.addId(inverted ? known.notId : known.id);
    if (prev !== null && bigrams) {
      if (open) out.add(`b:${prev.stem}_${known.stem}`);
      else if (prev.first !== -1 && known.second !== -1) out.addId(out.bigram(prev.first, known.second));
    }
    prev = known;
  }
  out.endClause();
  leadWords(input, out, memo);

  if (LEAD_MENTION.test(clean)) out.addId(out.fixed.lead_mention);
  if (input.mentions > 0) out.addId(out.fixed.mention);
  if (input.links.length > 0) out.addId(out.fixed.link);
  if (input.links.some((l) => l.tracked)) out.addId(out.fixed['link:tracked']);
  if (input.links.some((l) => l.shop)) out.addId(out.fixed['link:shop']);
  // why on `lower`: lower-casing makes and takes no ASCII digit, and the digit-led expressions read `lower`
  const firstDigit = lower.search(HAS_DIGIT);
  const digits = firstDigit >= 0;
  if (digits && PRICE.test(clean)) out.addId(out.fixed.price);
  if (clean.includes('%')) {
    if (PERCENT.test(clean)) out.addId(out.fixed.percent);
    if (MINUS_PERCENT.test(clean)) out.addId(out.fixed.minus_percent);
    if (PLUS_PERCENT.test(clean)) out.addId(out.fixed.plus_percent);
  }
  if (digits && digitLedTest(TIME, lower, firstDigit)) out.addId(out.fixed.time);
  if (digits && digitLedTest(DATE, lower, firstDigit)) out.addId(out.fixed.date);
  // why: a code has a digit or the word "code"; most posts have neither, so the scan is skipped
  if ((digits || clean.includes('code')) && CODE.test(clean)) out.addId(out.fixed.code);
  if (digits && digitLedTest(TIME_RANGE, lower, firstDigit)) out.addId(out.fixed.time_range);
  if (digits && isNForM(lower)) out.addId(out.fixed.n_for_m);
  if (QUOTE_MARK.test(clean)) {
    if (QUOTED_NAME.test(clean)) out.addId(out.fixed.quoted_name);
    if (TESTIMONIAL.test(clean)) out.addId(out.fixed.testimonial);
  }
  // why: a rating has a digit, a star or the word; most posts have none, so the scan is skipped
  const stars = STARS.test(lower);
  // why: with digits but no star, a rating needs "4.5"-like digits ("ſ" folds to "s" in RATING: kept to be exact)
  if ((stars || (digits && (RATING_DIGITS.test(clean) || lower.includes('ſ')))) && RATING.test(clean)) out.addId(out.fixed.rating);
  if (digits && digitLedTest(UNIT, lower, firstDigit)) out.addId(out.fixed.unit);
  if (lower.includes('?')) {
    out.addId(out.fixed.question_mark);
    if (ENDS_QUESTION.test(lower.slice(-40))) out.addId(out.fixed.ends_question);
  }
  if (lower.includes('!!!')) out.addId(out.fixed['exclaim3']);
  out.addId(out.buckets.hashtags[bucket(input.hashtags, BUCKETS.hashtags)]!);
  out.addId(out.buckets.emojis[bucket(input.emojis, BUCKETS.emojis)]!);
  out.addId(out.buckets.words[bucket(input.words, BUCKETS.words)]!);
  out.addId(out.buckets.upper[bucket(input.upperRatio, BUCKETS.upper)]!);
  return out.out;
}
