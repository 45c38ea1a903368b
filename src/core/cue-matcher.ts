import { clauseAt } from './segment.ts';
import { groupFinder, type CompiledCue, type CompiledLexicon, type CueGroup } from './cue-compiler.ts';
import type { CompiledLanguage } from './language.ts';

// Matching compiled cues against a post: where a match stands, whether it is negated or ruled out
// by its context, and the words to quote back. The cue index (cue-index.ts) finds candidates fast;
// `findCue` is the plain scan it must agree with.

export interface CategoryMatch {
  lexicon: string;
  /** The post's own words that matched, as written. */
  text: string;
  index: number;
  cue: string;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
// why: negation reads words with apostrophes ("don't")
const NEG_WORD_CHAR = /[\p{L}\p{N}'’]/u;

// why: matches are checked per character; a table answers for Latin-1 without running an expression
const LATIN_WORD = new Uint8Array(256);
const LATIN_NEG_WORD = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  LATIN_WORD[c] = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
  LATIN_NEG_WORD[c] = NEG_WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
}

/** `WORD_CHAR` for one UTF-16 unit (half a surrogate pair is not a letter). */
export function isWordUnit(c: number): boolean {
  if (c < 256) return LATIN_WORD[c] === 1;
  return (c < 0xd800 || c > 0xdfff) && WORD_CHAR.test(String.fromCharCode(c));
}

/** `WORD_CHAR` for the surrogate pair at `i` (an astral letter or digit, such as 𝐀). */
export function isWordPair(s: string, i: number): boolean {
  return WORD_CHAR.test(s.slice(i, i + 2));
}

/** `NEG_WORD_CHAR` for one UTF-16 unit. */
function isNegWordUnit(c: number): boolean {
  if (c < 256) return LATIN_NEG_WORD[c] === 1;
  return c === 0x2019 || ((c < 0xd800 || c > 0xdfff) && NEG_WORD_CHAR.test(String.fromCharCode(c)));
}

/** Moves a match start back over the letters of a compound head (`*rabatt` in "Sommerrabatt"). */
function widenLeft(text: string, start: number): number {
  let i = start;
  while (i > 0 && isWordUnit(text.charCodeAt(i - 1))) i--;
  return i;
}

// why: spaces, dashes and quotation marks at a quote's edge; symbols such as € % # @ stay
const EDGE = /[\s.,;:!?'"“”„‚‘’«»()[\]{}\-–—…·•|/]/u;
const LATIN_EDGE = new Uint8Array(256);
for (let c = 0; c < 256; c++) LATIN_EDGE[c] = EDGE.test(String.fromCharCode(c)) ? 1 : 0;

function isEdgeUnit(c: number): boolean {
  if (c < 256) return LATIN_EDGE[c] === 1;
  return (c < 0xd800 || c > 0xdfff) && EDGE.test(String.fromCharCode(c));
}

/**
 * The words a match stands in, for quoting it back to the user: a cue may end inside a word
 * ("new o*" in "new offers") or take the space after it ("available now in "); the quote runs from
 * word start to word end, without the spaces or punctuation at its edges.
 */
export function quoteOf(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s < e && isEdgeUnit(text.charCodeAt(s))) s++;
  while (e > s && isEdgeUnit(text.charCodeAt(e - 1))) e--;
  if (s === e) return text.slice(start, end);
  if (isWordUnit(text.charCodeAt(s))) while (s > 0 && isWordUnit(text.charCodeAt(s - 1))) s--;
  if (isWordUnit(text.charCodeAt(e - 1))) while (e < text.length && isWordUnit(text.charCodeAt(e))) e++;
  return text.slice(s, e);
}

/**
 * Up to `max` words of `s` between `from` and `to`, as `[\p{L}\p{N}'’]+` reads them in that
 * stretch alone (whole code points: an astral letter is a word character, half of one is not).
 */
function wordsBetween(s: string, from: number, to: number, max: number): string[] {
  const words: string[] = [];
  let i = from;
  let start = -1;
  while (i < to && words.length < max) {
    const c = s.charCodeAt(i);
    let width = 1;
    let word: boolean;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      width = 2;
      word = NEG_WORD_CHAR.test(s.slice(i, i + 2));
    } else word = isNegWordUnit(c);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      words.push(s.slice(start, i));
      start = -1;
    }
    i += width;
  }
  if (start >= 0 && words.length < max) words.push(s.slice(start, i));
  return words;
}

/** The last `n` words before `to` (not before `from`), scanning backwards: clauses can be long. */
function lastWords(text: string, from: number, to: number, n: number): string[] {
  const words: string[] = [];
  let i = to - 1;
  while (i >= from && words.length < n) {
    while (i >= from && !isNegWordUnit(text.charCodeAt(i))) i--;
    if (i < from) break;
    const end = i + 1;
    while (i >= from && isNegWordUnit(text.charCodeAt(i))) i--;
    words.unshift(text.slice(i + 1, end));
  }
  return words;
}

function breaks(words: readonly string[], lang: CompiledLanguage): boolean {
  return words.some((w) => lang.breakers.some((b) => w.startsWith(b)));
}

/** True when a negator stands shortly before the match (or, where the language has them, after it). */
export function isNegated(lower: string, clause: [number, number], start: number, end: number, lang: CompiledLanguage): boolean {
  const before = lastWords(lower, clause[0], start, lang.window);
  for (let i = 0; i < before.length; i++) {
    if (!lang.negators.has(before[i]!)) continue;
    if (!breaks(before.slice(i + 1), lang) && !breaks(wordsBetween(lower, start, end, Infinity), lang)) return true;
  }
  if (lang.negatorsAfter.size > 0) {
    const after = wordsBetween(lower, end, Math.min(clause[1], end + 80), 4);
    for (let i = 0; i < after.length; i++) {
      if (!lang.negatorsAfter.has(after[i]!)) continue;
      if (!breaks(after.slice(i + 1), lang)) return true;
    }
  }
  return false;
}

/** A match that survives negation and its cue's context conditions, or null. */
export function accept(
  id: string,
  cue: CompiledCue,
  subject: string,
  index: number,
  length: number,
  text: { clean: string; lower: string },
  clauses: readonly number[],
  lang: CompiledLanguage,
  needsMet?: Map<RegExp, boolean>,
): CategoryMatch | null {
  // why: `needs` looks at the whole post, so its answer is the same at every match; ask it once
  if (cue.needs) {
    let met = needsMet?.get(cue.needs);
    if (met === undefined) {
      met = cue.needs.test(text.lower);
      needsMet?.set(cue.needs, met);
    }
    if (!met) return null;
  }
  const start = cue.widen ? widenLeft(subject, index) : index;
  const end = index + length;
  const clause = clauseAt(clauses, subject.length, start);
  if (cue.negatable && isNegated(text.lower, clause, start, end, lang)) return null;
  if (cue.unless && cue.unless.test(text.lower.slice(clause[0], clause[1]))) return null;
  return { lexicon: id, text: quoteOf(text.clean, start, end), index: start, cue: cue.label };
}

/**
 * Finds the first match of one lexicon that is neither negated nor ruled out by its context, by
 * scanning the whole post: the one that starts earliest, and at one position the earlier cue (cues
 * matched on the lower-cased post before those matched as written). The engine uses the cue index
 * (cue-index.ts), which must agree with this straightforward version; a test checks that.
 */
export function findCue(
  cat: CompiledLexicon,
  text: { clean: string; lower: string; latin1?: boolean },
  clauses: readonly number[],
  lang: CompiledLanguage,
): CategoryMatch | null {
  let best: { at: number; match: CategoryMatch } | null = null;
  for (const group of cat.byLang[lang.lang]) {
    const found = firstInGroup(cat.id, group, text, clauses, lang);
    if (found && (!best || found.at < best.at)) best = found;
  }
  return best?.match ?? null;
}

function firstInGroup(
  id: string,
  group: CueGroup,
  text: { clean: string; lower: string; latin1?: boolean },
  clauses: readonly number[],
  lang: CompiledLanguage,
): { at: number; match: CategoryMatch } | null {
  const subject = group.onLower ? text.lower : text.clean;
  const re = groupFinder(group, text.latin1 === true);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(subject)) !== null) {
    const at = m.index;
    // why: a rejected match may overlap a valid one that starts later; rescan from the next char
    re.lastIndex = at + 1;
    const ch = subject[at];
    for (const cue of group.cues) {
      if (cue.firsts !== null && !cue.firsts.has(ch!)) continue;
      const sticky = (text.latin1 && cue.latinSticky) || cue.sticky;
      sticky.lastIndex = at;
      const cm = sticky.exec(subject);
      if (!cm || cm[0].length === 0) continue;
      const match = accept(id, cue, subject, at, cm[0].length, text, clauses, lang);
      if (match) return { at, match };
    }
  }
  return null;
}
