import { charKind, LETTER_BIT } from './char-kinds.ts';

/** What the engine reads of a post after making it safe to read. */
export interface PreparedText {
  /** The input with lone surrogates replaced: what would actually be posted, for counting length. */
  wellFormed: string;
  /**
   * Well-formed, NFC, zero-width characters and stray combining marks removed, bidi overrides
   * applied as rendered, HTML comments and tags blanked (same length): what the rules read.
   */
  clean: string;
  /** `clean` before markup was blanked: the spam checks read tags and hidden comments here. */
  withMarkup: string;
  /** Lower-cased `clean`, same length, so match offsets line up. */
  lower: string;
  /** `clean` has no letters beyond Latin-1 (emoji and punctuation may be there), so the faster non-Unicode expressions apply. */
  latin1: boolean;
  zeroWidth: number;
  bidiControls: number;
  /** C0/C1 control characters other than tab and newlines: a sign of binary junk. */
  controls: number;
  loneSurrogates: number;
}

// why: a zero-width joiner between emoji builds one emoji (👨‍👩‍👧); only between letters does it hide words
const ZERO_WIDTH = /[\u200B\u2060\uFEFF\u00AD]|(?<=\p{L})[\u200C\u200D](?=\p{L})/gu;
// why: bidi overrides/isolates can make a post display differently from what it says
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Whether the text has a character prepareText removes, replaces or counts: a combining mark,
 * zero-width or bidi character, control character (not tab or a line break), or lone surrogate.
 * why a loop, not one expression with lookarounds: most characters are printable ASCII, passed
 * with one comparison (a test holds it to the expression).
 */
export function hasUnusual(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c <= 0x9f) {
      if (c === 9 || c === 10 || c === 13) continue;
      return true;
    }
    if (c < 0x300) {
      if (c === 0xad) return true;
      continue;
    }
    if (c <= 0x36f || c === 0x61c || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || c === 0x2060 || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    // why: a low surrogate reached here has no high one before it (a pair is passed whole)
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}
// why: ASCII text is already normalised and has no letters beyond Latin-1; one test says so
const ASCII = /^[\x00-\x7F]*$/;
const ASTRAL_LETTER = /^\p{L}/u;

/** Whether the text has a letter beyond Latin-1: /(?![\u0000-\u00FF])\p{L}/u, by code point (a test holds it to the expression). */
export function hasNonLatinLetter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x100) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        if (ASTRAL_LETTER.test(s.slice(i, i + 2))) return true;
        i++;
      }
      continue;
    }
    if ((charKind(c) & LETTER_BIT) !== 0) return true;
  }
  return false;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function count(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s) !== null) n++;
  return n;
}

/** Normalises raw input once, counting what was removed so checks can judge it. */
export function prepareText(raw: string): PreparedText {
  // why: almost every post has none of these (emoji are well-formed pairs); one test spares four scans
  if (!hasUnusual(raw)) {
    const ascii = ASCII.test(raw);
    const normal = ascii ? raw : raw.normalize('NFC');
    const clean = normal.includes('\r') ? normal.replace(/\r\n?/g, '\n') : normal;
    return finish(raw, clean, { zeroWidth: 0, bidiControls: 0, controls: 0, loneSurrogates: 0 }, ascii);
  }
  const loneSurrogates = count(LONE_SURROGATE, raw);
  const wellFormed = loneSurrogates > 0 ? raw.replace(LONE_SURROGATE, '\uFFFD') : raw;
  const zeroWidth = count(ZERO_WIDTH, wellFormed);
  const bidiControls = count(BIDI, wellFormed);
  const controls = count(CONTROLS, wellFormed);
  let clean = wellFormed;
  if (bidiControls > 0) clean = asRendered(clean);
  if (zeroWidth > 0) clean = clean.replace(ZERO_WIDTH, '');
  if (bidiControls > 0) clean = clean.replace(BIDI, '');
  if (controls > 0) clean = clean.replace(CONTROLS, ' ');
  // why: marks left after composing (strike-through, "zalgo") hide words from the cues; only those on Latin letters
  clean = clean.normalize('NFC').replace(STRAY_MARKS, '$1').replace(/\r\n?/g, '\n');
  return finish(wellFormed, clean, { zeroWidth, bidiControls, controls, loneSurrogates });
}

const STRAY_MARKS = /([A-Za-z\u00C0-\u024F])\p{M}+/gu;
// why: an override runs to its closing U+202C or the end of the line, and is displayed reversed
const OVERRIDE = /\u202E([^\u202C\n]{0,2000})\u202C?/g;

/** Text inside right-to-left overrides as a reader sees it: reversed. */
function asRendered(text: string): string {
  return text.includes('\u202E') ? text.replace(OVERRIDE, (_, inner: string) => [...inner].reverse().join('')) : text;
}

// why: bounded, and it starts with a literal, so the scan stays linear
const TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]{0,20}(?:\s[^<>]{0,500})?\/?>/g;

/** HTML comments and tags replaced by spaces of the same length: not read as words. */
function blankMarkup(text: string): string {
  if (!text.includes('<')) return text;
  let out = '';
  let pos = 0;
  for (;;) {
    const open = text.indexOf('<!--', pos);
    if (open < 0) break;
    const close = text.indexOf('-->', open + 4);
    // why: with no closing "-->" after this opening, no later comment closes either; one search ends it
    if (close < 0) break;
    out += text.slice(pos, open) + ' '.repeat(close + 3 - open);
    pos = close + 3;
  }
  out += text.slice(pos);
  return out.replace(TAG, (m) => ' '.repeat(m.length));
}

/** `ascii`: the text is known to be ASCII (line breaks and blanked markup keep it so); else it is tested. */
function finish(wellFormedIn: string, withMarkup: string, counts: Pick<PreparedText, 'zeroWidth' | 'bidiControls' | 'controls' | 'loneSurrogates'>, ascii = false): PreparedText {
  const wellFormed = wellFormedIn;
  const clean = blankMarkup(withMarkup);
  let lower = clean.toLowerCase();
  // why: a few characters change length when lower-cased (e.g. "İ"); offsets must stay aligned
  if (lower.length !== clean.length) lower = Array.from(clean, (ch) => (ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch)).join('');
  return { wellFormed, clean, withMarkup, lower, latin1: ascii || ASCII.test(clean) || !hasNonLatinLetter(clean), ...counts };
}
