import { describe, expect, it } from 'vitest';
import { hasNonLatinLetter, hasUnusual } from '../../src/core/normalise.ts';
import { charKind, DIGIT_BIT, LETTER_BIT, UPPER_BIT } from '../../src/core/char-kinds.ts';

// The character scans of normalise.ts, each held to the expression it stands for.
const UNUSUAL = /[\u0300-\u036F\u200B-\u200F\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069\u061C\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NON_LATIN_LETTER = /(?![\u0000-\u00FF])\p{L}/u;

// Every edge of the ranges the scans compare against, and characters of each kind around them.
const EDGES = [0, 8, 9, 10, 11, 12, 13, 14, 0x1f, 0x20, 0x41, 0x7e, 0x7f, 0x9f, 0xa0, 0xac, 0xad, 0xae, 0xc4, 0xff, 0x100, 0x2ff, 0x300, 0x36f, 0x370, 0x3b1, 0x61b, 0x61c, 0x61d, 0x200a, 0x200b, 0x200f, 0x2010, 0x2029, 0x202a, 0x202e, 0x202f, 0x205f, 0x2060, 0x2061, 0x2065, 0x2066, 0x2069, 0x206a, 0x4e00, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfefe, 0xfeff, 0xff21, 0xffff];
const PIECES = [...EDGES.map((c) => String.fromCharCode(c)), '😀', '𝐀', '𠀀', 'a', ' ', 'é'];

function texts(seed: number, count: number): string[] {
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let s = '';
    const len = Math.floor(rnd() * 6);
    for (let i = 0; i < len; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
    out.push(s);
  }
  return out;
}

describe('normalise scans', () => {
  it('hasUnusual answers as the expression on texts of edge characters, surrogate halves included', () => {
    for (const s of texts(9, 20000)) expect(hasUnusual(s), JSON.stringify(s)).toBe(UNUSUAL.test(s));
  });
  it('hasNonLatinLetter answers as the expression', () => {
    for (const s of texts(13, 20000)) expect(hasNonLatinLetter(s), JSON.stringify(s)).toBe(NON_LATIN_LETTER.test(s));
  });
  it('charKind agrees with \\p{L}, \\p{Lu} and \\p{N} on every code unit', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const k = charKind(c);
      expect([(k & LETTER_BIT) !== 0, (k & UPPER_BIT) !== 0, (k & DIGIT_BIT) !== 0], c.toString(16)).toEqual([/\p{L}/u.test(ch), /\p{Lu}/u.test(ch), /\p{N}/u.test(ch)]);
    }
  });
});
