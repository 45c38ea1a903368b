// What a character of the Basic Multilingual Plane is, as Unicode property expressions say
// (\p{L}, \p{Lu}, \p{N}): looked up in a table filled on first sight. Posts repeat their
// non-ASCII characters (umlauts, curly quotes, dashes), and an expression per occurrence cost
// more than the rest of the scans that ask.

export const LETTER_BIT = 1;
export const UPPER_BIT = 2;
export const DIGIT_BIT = 4;
const KNOWN_BIT = 8;

const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const DIGIT = /\p{N}/u;
const kinds = new Uint8Array(0x10000);

/** LETTER_BIT (with UPPER_BIT for an upper-case one) or DIGIT_BIT, or 0, for a UTF-16 code unit (half a surrogate pair is neither). */
export function charKind(c: number): number {
  const k = kinds[c]!;
  return k !== 0 ? k : learn(c);
}

// why apart from charKind: the expressions run once per character; kept out of the per-character
// path, that path stays small enough for V8 to inline into the scans
function learn(c: number): number {
  const ch = String.fromCharCode(c);
  return (kinds[c] = KNOWN_BIT | (LETTER.test(ch) ? LETTER_BIT | (UPPER.test(ch) ? UPPER_BIT : 0) : DIGIT.test(ch) ? DIGIT_BIT : 0));
}
