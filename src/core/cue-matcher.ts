import { clauseAt } from './segment.ts';
import type { CompiledCue, CompiledLexicon } from './cue-compiler.ts';
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

/** Moves a match start back over the letters of a compound head (`*rabatt` in "Sommerrabatt"). */
function widenLeft(text: string, start: number): number {
  let i = start;
  while (i > 0 && WORD_CHAR.test(text[i - 1]!)) i--;
  return i;
}

/**
 * The words a match stands in, for quoting it back to the user: a cue may end inside a word
 * ("new o*" in "new offers") or take the space after it ("available now in "); the quote runs from
 * word start to word end, without the spaces or punctuation at its edges.
 */
export function quoteOf(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s < e && EDGE.test(text[s]!)) s++;
  while (e > s && EDGE.test(text[e - 1]!)) e--;
  if (s === e) return text.slice(start, end);
  if (WORD_CHAR.test(text[s]!)) while (s > 0 && WORD_CHAR.test(text[s - 1]!)) s--;
  if (WORD_CHAR.test(text[e - 1]!)) while (e < text.length && WORD_CHAR.test(text[e]!)) e++;
  return text.slice(s, e);
}

// why: spaces, dashes and quotation marks at a quote's edge; symbols such as € % # @ stay
const EDGE = /[\s.,;:!?'"“”„‚‘’«»()[\]{}\-–—…·•|/]/u;

const WORDS = /[\p{L}\p{N}'’]+/gu;

function wordsIn(s: string): string[] {
  return s.match(WORDS) ?? [];
}

/** The last `n` words before `to` (not before `from`), scanning backwards: clauses can be long. */
function lastWords(text: string, from: number, to: number, n: number): string[] {
  const words: string[] = [];
  let i = to - 1;
  while (i >= from && words.length < n) {
    while (i >= from && !NEG_WORD_CHAR.test(text[i]!)) i--;
    if (i < from) break;
    const end = i + 1;
    while (i >= from && NEG_WORD_CHAR.test(text[i]!)) i--;
    words.unshift(text.slice(i + 1, end));
  }
  return words;
}

const NEG_WORD_CHAR = /[\p{L}\p{N}'’]/u;

/** True when a negator stands shortly before the match (or, where the language has them, after it). */
export function isNegated(lower: string, clause: [number, number], start: number, end: number, lang: CompiledLanguage): boolean {
  const before = lastWords(lower, clause[0], start, lang.window);
  for (let i = 0; i < before.length; i++) {
    if (!lang.negators.has(before[i]!)) continue;
    const following = [...before.slice(i + 1), ...wordsIn(lower.slice(start, end))];
    if (!following.some((w) => lang.breakers.some((b) => w.startsWith(b)))) return true;
  }
  if (lang.negatorsAfter.size > 0) {
    const after = wordsIn(lower.slice(end, Math.min(clause[1], end + 80))).slice(0, 4);
    for (let i = 0; i < after.length; i++) {
      if (!lang.negatorsAfter.has(after[i]!)) continue;
      const rest = after.slice(i + 1);
      if (!rest.some((w) => lang.breakers.some((b) => w.startsWith(b)))) return true;
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
 * scanning the whole post. The engine uses the cue index (cue-index.ts), which must agree with this
 * straightforward version; a test checks that on every example post.
 */
export function findCue(
  cat: CompiledLexicon,
  text: { clean: string; lower: string; latin1?: boolean },
  clauses: readonly number[],
  lang: CompiledLanguage,
): CategoryMatch | null {
  for (const group of cat.byLang[lang.lang]) {
    const subject = group.onLower ? text.lower : text.clean;
    const re = (text.latin1 && group.latinFinder) || group.finder;
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
        const found = accept(cat.id, cue, subject, at, cm[0].length, text, clauses, lang);
        if (found) return found;
      }
    }
  }
  return null;
}

