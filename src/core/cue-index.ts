import { buildAutomaton, type Automaton } from './aho-corasick.ts';
import type { CompiledLanguage } from './language.ts';
import { NOT_AFTER_DIGIT, NOT_AFTER_LETTER, toLatin1, withoutCaptures, type CompiledCue, type CompiledLexicon } from './cue-compiler.ts';
import { accept, isWordPair, isWordUnit, type CategoryMatch } from './cue-matcher.ts';
import type { Lang } from './post.ts';
import { isWhitespace } from './whitespace.ts';

interface Entry {
  /** Place in the language's cues, by lexicon, then group, then order: at one position, the lower rank wins. */
  rank: number;
  lexicon: number;
  /** The cue reads the lower-cased post (else the post as written). */
  onLower: boolean;
  cue: CompiledCue;
}

/** A text the index looks for, and the cues it may start, by where it must stand. */
interface Literal {
  length: number;
  /** Cues that start at a word equal to the literal. */
  word: Entry[];
  /** Cues that start at a word beginning with the literal. */
  prefix: Entry[];
  /**
   * Cues that may start wherever the literal stands, even inside a word, by the character before
   * it (see `AFTER_*`): without those whose opening lookbehind rules that character out.
   */
  inside: [Entry[], Entry[], Entry[]];
}

// What stands before a literal, as far as the cues' lookbehinds care.
type After = 0 | 1 | 2;
const AFTER_OTHER = 0;
const AFTER_LETTER = 1;
const AFTER_DIGIT = 2;

/** The character before `at` in the lower-cased post: an ASCII letter, an ASCII digit or other (the expression judges the rest). */
function before(lower: string, at: number): After {
  if (at === 0) return AFTER_OTHER;
  const c = lower.charCodeAt(at - 1);
  if (c >= 48 && c <= 57) return AFTER_DIGIT;
  return c >= 97 && c <= 122 ? AFTER_LETTER : AFTER_OTHER;
}

/** Files a cue under a literal it may start at, for each character before it its lookbehind allows. */
function addInside(lit: Literal, entry: Entry, notAfter: number): void {
  // why: only lookbehinds on the lower-cased post are judged from it
  const bits = entry.onLower ? notAfter : 0;
  lit.inside[AFTER_OTHER].push(entry);
  if ((bits & NOT_AFTER_LETTER) === 0) lit.inside[AFTER_LETTER].push(entry);
  if ((bits & NOT_AFTER_DIGIT) === 0) lit.inside[AFTER_DIGIT].push(entry);
}

interface LangIndex {
  /** Every literal of the language (aho-corasick.ts): one pass over the lower-cased post finds every place a cue can start, whatever the number of cues. */
  automaton: Automaton<Literal>;
  /** Cues that can also start at the post's first character (`^…`). */
  atStart: Entry[];
  /** Cues with no literal to look for at all: found by scanning for each. */
  scanned: { entry: Entry; finder: RegExp; latinFinder: RegExp | null }[];
}

/**
 * Every cue of every lexicon, indexed by the texts it can start with, so a post is read once and
 * only the cues whose opening text occurs are tried. Finds the same first valid match per lexicon
 * as the cue index always has (a property test compares it with `findCue` on every example post).
 */
export interface CueIndex {
  ids: readonly string[];
  byLang: Record<Lang, LangIndex>;
}

function literalFor(literals: Map<string, Literal>, text: string): Literal {
  let lit = literals.get(text);
  if (!lit) literals.set(text, (lit = { length: text.length, word: [], prefix: [], inside: [[], [], []] }));
  return lit;
}

/** Builds the index once, at start-up. */
export function compileCueIndex(lexicons: readonly CompiledLexicon[]): CueIndex {
  const byLang = {} as Record<Lang, LangIndex>;
  for (const lang of ['en', 'de'] as const) {
    const literals = new Map<string, Literal>();
    const index: LangIndex = { automaton: null!, atStart: [], scanned: [] };
    let rank = 0;
    lexicons.forEach((lex, lexicon) => {
      for (const group of lex.byLang[lang]) {
        for (const cue of group.cues) {
          const entry: Entry = { rank: rank++, lexicon, onLower: group.onLower, cue };
          // why: the words a cue starts with say where it can start more narrowly than its expression does
          const t = group.onLower ? cue.trigger : null;
          const starts = cue.starts;
          if (t) {
            for (const text of t.literals) {
              const lit = literalFor(literals, text);
              if (t.kind === 'inside') addInside(lit, entry, 0);
              else lit[t.kind].push(entry);
            }
          } else if (starts) {
            for (const { text, notAfter } of starts.literals) addInside(literalFor(literals, text), entry, notAfter);
            if (starts.atStart) index.atStart.push(entry);
          } else {
            const source = withoutCaptures(cue.source);
            index.scanned.push({ entry, finder: new RegExp(source, 'gu'), latinFinder: toLatin1(source) });
          }
        }
      }
    });
    if (rank >= RANKS) throw new RangeError(`more than ${RANKS} cues for ${lang}`);
    index.automaton = buildAutomaton(literals);
    byLang[lang] = index;
  }
  return { ids: lexicons.map((l) => l.id), byLang };
}

// why: a candidate's place is one number, position × RANKS + rank, compared with the best so far
const RANKS = 4096;

// Words as the index has always read them (where a word trigger can stand): runs of \p{L}\p{N},
// for Latin-1 text only those below U+0100.

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Whether the character ending just before `at` is a word character. */
function wordBefore(s: string, at: number, latin1: boolean): boolean {
  if (at === 0) return false;
  const c = s.charCodeAt(at - 1);
  if (c < 256 || !latin1) return at >= 2 && isLow(c) && isHigh(s.charCodeAt(at - 2)) ? isWordPair(s, at - 2) : isWordUnit(c);
  return false;
}

/** Whether a word character starts at `at`. */
function wordAt(s: string, at: number, latin1: boolean): boolean {
  if (at >= s.length) return false;
  const c = s.charCodeAt(at);
  if (c < 256 || !latin1) return isHigh(c) && isLow(s.charCodeAt(at + 1)) ? isWordPair(s, at) : isWordUnit(c);
  return false;
}

/** One post being read: the best valid match per lexicon so far. */
interface Scan {
  index: CueIndex;
  text: { clean: string; lower: string; latin1?: boolean };
  clauses: readonly number[];
  lang: CompiledLanguage;
  found: (CategoryMatch | null)[];
  /** Per lexicon, position × RANKS + rank of `found` (Infinity while none). */
  best: number[];
  /** What each `needs` expression said of this post, once asked (few cues have one). */
  needsMet: Map<RegExp, boolean> | undefined;
  /** Whether the lower-cased post holds each closing mark asked about (`CompiledCue.closing`), once asked. */
  holds: Map<string, boolean> | undefined;
}

/** Whether spaces or dashes stand at `at`, and `word` right after them (a phrase's next word, `NextWord`). */
function nextWordIs(lower: string, at: number, word: string): boolean {
  let i = at;
  while (i < lower.length) {
    const c = lower.charCodeAt(i);
    if (!isWhitespace(c) && c !== 45) break;
    i++;
  }
  return i > at && lower.startsWith(word, i);
}

/** Whether the lower-cased post (what cues with a closing mark read) holds one, searched once per post and mark. */
function holdsMark(scan: Scan, mark: string): boolean {
  const holds = (scan.holds ??= new Map());
  let held = holds.get(mark);
  if (held === undefined) holds.set(mark, (held = scan.text.lower.includes(mark)));
  return held;
}

/** Tries one cue at one position; keeps the match when it is valid and comes before the lexicon's best. */
function tryAt(scan: Scan, at: number, entry: Entry): void {
  const key = at * RANKS + entry.rank;
  if (key >= scan.best[entry.lexicon]!) return;
  const { text } = scan;
  const subject = entry.onLower ? text.lower : text.clean;
  const cue = entry.cue;
  if (cue.nextWord !== null && !nextWordIs(text.lower, at + cue.nextWord.after, cue.nextWord.text)) return;
  if (cue.closing !== null && !holdsMark(scan, cue.closing)) return;
  let length = cue.wholeWord?.length ?? 0;
  // why: a whole-word cue found as a word has matched already; only other cues need their expression
  if (length === 0 || !text.lower.startsWith(cue.wholeWord!, at)) {
    const sticky = (text.latin1 && cue.latinSticky) || cue.sticky;
    sticky.lastIndex = at;
    // why: `test` builds no match array; a sticky expression's lastIndex then says where the match ends
    if (!sticky.test(subject) || sticky.lastIndex === at) return;
    length = sticky.lastIndex - at;
  }
  if (cue.needs) scan.needsMet ??= new Map();
  const hit = accept(scan.index.ids[entry.lexicon]!, cue, subject, at, length, text, scan.clauses, scan.lang, scan.needsMet);
  if (hit) {
    scan.found[entry.lexicon] = hit;
    scan.best[entry.lexicon] = key;
  }
}

/** The cues a literal ending just before `end` can start, where it stands. */
function literalAt(scan: Scan, lit: Literal, end: number): void {
  const at = end - lit.length;
  for (const entry of lit.inside[before(scan.text.lower, at)]) tryAt(scan, at, entry);
  if (lit.prefix.length === 0 && lit.word.length === 0) return;
  const { lower, latin1 = false } = scan.text;
  if (wordBefore(lower, at, latin1)) return;
  for (const entry of lit.prefix) tryAt(scan, at, entry);
  if (lit.word.length > 0 && !wordAt(lower, end, latin1)) for (const entry of lit.word) tryAt(scan, at, entry);
}

/**
 * Reads a post once and returns, per lexicon (in `index.ids` order), its first valid match: the
 * one at the earliest position, and there the cue of lowest rank.
 */
export function findAll(
  index: CueIndex,
  text: { clean: string; lower: string; latin1?: boolean },
  clauses: readonly number[],
  lang: CompiledLanguage,
): (CategoryMatch | null)[] {
  const ix = index.byLang[lang.lang];
  const n = index.ids.length;
  const scan: Scan = { index, text, clauses, lang, found: new Array<CategoryMatch | null>(n).fill(null), best: new Array<number>(n).fill(Infinity), needsMet: undefined, holds: undefined };
  // why: the best match per lexicon does not depend on the order candidates are tried in, so the
  // index tries them as the automaton meets them and keeps, per lexicon, the earliest valid one
  for (const entry of ix.atStart) tryAt(scan, 0, entry);
  const { latinSymbols, otherSymbols, symbols, next, ends } = ix.automaton;
  const { lower } = text;
  let state = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    state = next[state * symbols + (c < 256 ? latinSymbols[c]! : (otherSymbols.get(c) ?? 0))]!;
    const here = ends[state];
    if (here !== null) for (const lit of here!) literalAt(scan, lit, i + 1);
  }
  for (const { entry, finder, latinFinder } of ix.scanned) {
    const re = (text.latin1 && latinFinder) || finder;
    const subject = entry.onLower ? lower : text.clean;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(subject)) !== null && m.index * RANKS < scan.best[entry.lexicon]!) {
      re.lastIndex = m.index + 1;
      tryAt(scan, m.index, entry);
    }
  }
  return scan.found;
}
