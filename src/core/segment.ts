// Segment: where the clauses of a normalised post begin, so a cue can be read within its clause.
import { isWhitespace } from './whitespace.ts';

// . ! ? ; : …
function isClausePunct(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 0x2026;
}
// • | – —
function isBullet(c: number): boolean {
  return c === 0x2022 || c === 124 || c === 0x2013 || c === 0x2014;
}

// why: most characters are ASCII that neither ends a clause nor is white space; a table passes them
// with one lookup instead of the dozen comparisons of the tests below
const PLAIN_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) PLAIN_ASCII[c] = isClausePunct(c) || c === 10 || isWhitespace(c) ? 0 : 1;

/**
 * Start offsets of each clause, ascending; clause i spans [starts[i], starts[i+1]). A clause ends
 * at sentence punctuation followed by space or the end, at line breaks, and at a spaced bullet or
 * dash. One left-to-right scan: runs of punctuation are passed once (linear on any input).
 */
export function clauseStarts(text: string): number[] {
  const starts = [0];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && PLAIN_ASCII[c] === 1) continue;
    if (isClausePunct(c)) {
      let j = i + 1;
      while (j < n && isClausePunct(text.charCodeAt(j))) j++;
      if (j === n || isWhitespace(text.charCodeAt(j))) starts.push(j);
      i = j - 1;
    } else if (c === 10) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) === 10) j++;
      starts.push(j);
      i = j - 1;
    } else if (i + 2 < n && isWhitespace(c) && isBullet(text.charCodeAt(i + 1)) && isWhitespace(text.charCodeAt(i + 2))) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts;
}

/** The [start, end) of the clause that contains `offset`. */
export function clauseAt(starts: readonly number[], textLength: number, offset: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [starts[lo]!, starts[lo + 1] ?? textLength];
}
