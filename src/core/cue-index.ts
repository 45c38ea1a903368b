import type { CompiledLanguage } from './language.ts';
import { toLatin1, withoutCaptures, type CompiledCue, type CompiledLexicon } from './cue-compiler.ts';
import { accept, type CategoryMatch } from './cue-matcher.ts';
import type { Lang } from './post.ts';

interface Entry {
  /** Place in the language's entries sorted by lexicon and order: the tie-break at one position. */
  rank: number;
  lexicon: number;
  /** The cue's place in its lexicon: at one position, earlier cues win, as in one alternation. */
  order: number;
  cue: CompiledCue;
}

interface LangIndex {
  words: Map<string, Entry[]>;
  /** Prefix literals by their first three characters (shorter literals by themselves). */
  prefixes: Map<string, { literal: string; entries: Entry[] }[]>;
  /** Lengths of prefix literals shorter than three characters, longest first. */
  shortPrefixLengths: number[];
  /** Finds where any inside-literal starts; `inside` then says which literals stand there. */
  insideFinder: RegExp | null;
  inside: Map<string, { literal: string; entries: Entry[] }[]>;
  /** Cues with no literal to look for, by the text they read (lower-cased or as written). */
  fallback: { onLower: boolean; finder: RegExp; latinFinder: RegExp | null; entries: Entry[] }[];
  /** Every entry by rank. */
  entries: Entry[];
  /** The entries a word starts, sorted by rank, per word seen so far (bounded; see `entriesFor`). */
  wordCache: Map<string, readonly Entry[]>;
}

/**
 * Every cue of every lexicon, indexed by the words it can start with, so a post is tokenised once
 * and only the cues whose trigger word occurs are tried. Finds the same first valid match per
 * lexicon as `findCue` (a property test checks that).
 */
export interface CueIndex {
  ids: readonly string[];
  byLang: Record<Lang, LangIndex>;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function literalList(map: Map<string, { literal: string; entries: Entry[] }[]>, literal: string, entry: Entry, keyLength: number): void {
  const key = literal.slice(0, keyLength);
  const list = map.get(key) ?? [];
  const found = list.find((x) => x.literal === literal);
  if (found) found.entries.push(entry);
  else list.push({ literal, entries: [entry] });
  map.set(key, list);
}

/** Builds the index once, at start-up. */
export function compileCueIndex(lexicons: readonly CompiledLexicon[]): CueIndex {
  const byLang = {} as Record<Lang, LangIndex>;
  for (const lang of ['en', 'de'] as const) {
    const index: LangIndex = { words: new Map(), prefixes: new Map(), shortPrefixLengths: [], insideFinder: null, inside: new Map(), fallback: [], entries: [], wordCache: new Map() };
    const fallback = new Map<boolean, Entry[]>();
    lexicons.forEach((lex, lexicon) => {
      for (const group of lex.byLang[lang]) {
        group.cues.forEach((cue, order) => {
          const entry: Entry = { rank: index.entries.length, lexicon, order: (group.onLower ? 0 : 10_000) + order, cue };
          index.entries.push(entry);
          const t = group.onLower ? cue.trigger : null;
          if (!t) return push(fallback, group.onLower, entry);
          for (const literal of t.literals) {
            if (t.kind === 'word') push(index.words, literal, entry);
            else if (t.kind === 'prefix') literalList(index.prefixes, literal, entry, PREFIX_KEY);
            else literalList(index.inside, literal, entry, 1);
          }
        });
      }
    });
    index.shortPrefixLengths = [...new Set([...index.prefixes.keys()].filter((k) => k.length < PREFIX_KEY).map((k) => k.length))].sort((a, b) => b - a);
    const insideLiterals = [...index.inside.values()].flat().map((x) => x.literal);
    if (insideLiterals.length > 0) index.insideFinder = new RegExp(insideLiterals.map(escapeRe).join('|'), 'g');
    for (const [onLower, entries] of fallback) {
      const all = entries.map((e) => withoutCaptures(e.cue.source)).join('|');
      index.fallback.push({ onLower, finder: new RegExp(all, 'gu'), latinFinder: toLatin1(all), entries });
    }
    if (index.entries.length >= RANKS) throw new RangeError(`more than ${RANKS} cues for ${lang}`);
    byLang[lang] = index;
  }
  return { ids: lexicons.map((l) => l.id), byLang };
}

const PREFIX_KEY = 3;

// why: a candidate is one number, position × RANKS + rank, so sorting them needs no comparator
const RANKS = 4096;
const WORD_CACHE_SIZE = 50_000;
const NONE: readonly Entry[] = [];

/**
 * The cues a word can start, in rank order. why: posts reuse a small vocabulary, so the lookups
 * and the sort are done once per distinct word (the cache is emptied when it grows too large).
 */
function entriesFor(ix: LangIndex, word: string): readonly Entry[] {
  const cached = ix.wordCache.get(word);
  if (cached) return cached;
  const list: Entry[] = [...(ix.words.get(word) ?? [])];
  if (word.length >= PREFIX_KEY) {
    for (const p of ix.prefixes.get(word.slice(0, PREFIX_KEY)) ?? []) if (word.startsWith(p.literal)) list.push(...p.entries);
  }
  for (const n of ix.shortPrefixLengths) {
    if (word.length >= n) for (const p of ix.prefixes.get(word.slice(0, n)) ?? []) list.push(...p.entries);
  }
  const entries = list.length === 0 ? NONE : list.sort((a, b) => a.rank - b.rank);
  if (ix.wordCache.size >= WORD_CACHE_SIZE) ix.wordCache.clear();
  ix.wordCache.set(word, entries);
  return entries;
}

const WORD = /[\p{L}\p{N}]+/gu;
// why: the same words for text with no letters beyond Latin-1, without Unicode mode (faster in V8)
const LATIN_WORD = /[A-Za-z0-9\xAA\xB2\xB3\xB5\xB9\xBA\xBC-\xBE\xC0-\xD6\xD8-\xF6\xF8-\xFF]+/g;

/** Reads a post once and returns, per lexicon (in `index.ids` order), its first valid match. */
export function findAll(
  index: CueIndex,
  text: { clean: string; lower: string; latin1?: boolean },
  clauses: readonly number[],
  lang: CompiledLanguage,
): (CategoryMatch | null)[] {
  const ix = index.byLang[lang.lang];
  const { lower } = text;
  const found: (CategoryMatch | null)[] = index.ids.map(() => null);
  let open = found.length;
  const needsMet = new Map<RegExp, boolean>();

  const tryAt = (at: number, entry: Entry): void => {
    if (found[entry.lexicon] !== null) return;
    const subject = entry.order >= 10_000 ? text.clean : lower;
    let length = entry.cue.wholeWord?.length ?? 0;
    // why: a whole-word cue found as a token has matched already; only other cues need their expression
    if (length === 0 || !lower.startsWith(entry.cue.wholeWord!, at)) {
      const sticky = (text.latin1 && entry.cue.latinSticky) || entry.cue.sticky;
      sticky.lastIndex = at;
      const m = sticky.exec(subject);
      if (!m || m[0].length === 0) return;
      length = m[0].length;
    }
    const hit = accept(index.ids[entry.lexicon]!, entry.cue, subject, at, length, text, clauses, lang, needsMet);
    if (hit) {
      found[entry.lexicon] = hit;
      open--;
    }
  };

  // Literals inside words (German compounds) and cues with no literal are few: collect them
  // first, in text order; word candidates then stream past them in the same order.
  const others: number[] = [];
  if (ix.insideFinder) {
    const re = ix.insideFinder;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower)) !== null) {
      const at = m.index;
      re.lastIndex = at + 1;
      for (const x of ix.inside.get(lower[at]!) ?? []) if (lower.startsWith(x.literal, at)) for (const entry of x.entries) others.push(at * RANKS + entry.rank);
    }
  }
  for (const fb of ix.fallback) {
    const subject = fb.onLower ? lower : text.clean;
    const re = (text.latin1 && fb.latinFinder) || fb.finder;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(subject)) !== null) {
      const at = m.index;
      re.lastIndex = at + 1;
      const ch = subject[at];
      for (const entry of fb.entries) if (entry.cue.firsts === null || entry.cue.firsts.has(ch!)) others.push(at * RANKS + entry.rank);
    }
  }
  const pending = others.length > 1 ? others.sort((a, b) => a - b) : others;
  let next = 0;
  /** Verifies the collected candidates before `key` (position × RANKS + rank), in order. */
  const drainBefore = (key: number): void => {
    while (next < pending.length && pending[next]! < key && open > 0) {
      const k = pending[next++]!;
      const at = Math.floor(k / RANKS);
      tryAt(at, ix.entries[k - at * RANKS]!);
    }
  };

  const words = text.latin1 ? LATIN_WORD : WORD;
  words.lastIndex = 0;
  let w: RegExpExecArray | null;
  while (open > 0 && (w = words.exec(lower)) !== null) {
    const here = entriesFor(ix, w[0]);
    const i = w.index;
    // why: at one position, cues take turns by rank, whichever pass found them
    for (const entry of here) {
      drainBefore(i * RANKS + entry.rank);
      tryAt(i, entry);
    }
  }
  drainBefore(Infinity);
  return found;
}
