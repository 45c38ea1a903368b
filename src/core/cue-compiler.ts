import type { CategoryId } from './category.ts';
import type { CategoryFile, Cue } from './lexicon-file.ts';
import type { Lang } from './post.ts';

// The cue compiler: turns a lexicon's cue phrases and expressions (lexicon-file.ts) into regular
// expressions, once at start-up, with what the cue index needs to skip most of them (triggers,
// first characters, Latin-1 variants). Matching is cue-matcher.ts.

const WORDCH = '[\\p{L}\\p{N}]';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns a cue phrase into a regular-expression source (see the pattern language above).
 * why: V8 scans fast only when every alternative starts with a literal character, so the start
 * boundary is checked just after that character (`d(?<!\p{L}d)iscount`), and a leading `*` is
 * left out of the expression and applied afterwards by widening the match (see `widenLeft`).
 */
export function cueToSource(cue: string): string {
  const text = cue.trim().toLowerCase();
  const tail = text.endsWith('*') ? '' : `(?!${WORDCH})`;
  const atoms = text
    .replace(/^\*+|\*+$/g, '')
    .split('*')
    .map((part) =>
      part
        .split(/\s+/)
        .map((word) =>
          [...word]
            .map((ch) => (ch === '-' ? '[\\s\\-]?' : /['’]/.test(ch) ? "['’]?" : escapeRe(ch)))
            .join(''),
        )
        .join('[\\s\\-]+'),
    )
    .join(`${WORDCH}*`);
  const edgeTail = text.endsWith('*') ? `${WORDCH}*` : '';
  const first = [...text.replace(/^\*+/, '')][0] ?? '';
  if (text.startsWith('*') || !/[\p{L}\p{N}]/u.test(first)) return `${atoms}${edgeTail}${tail}`;
  const firstAtom = escapeRe(first);
  return `${firstAtom}(?<!${WORDCH}${firstAtom})${atoms.slice(firstAtom.length)}${edgeTail}${tail}`;
}

/** Length of the group that opens at `start` (a `(` … its matching `)`), or -1. */
function groupLength(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i - start + 1;
  }
  return -1;
}

/**
 * Rewrites a hand-written expression that opens with a boundary lookbehind into the form V8 scans
 * quickly, with the boundary checked after the first literal or group:
 * `(?<![\p{L}])neu…` → `n(?<![\p{L}]n)eu…`; `(?<![\p{L}])(?:send|dm)…` → `(?:s(?<![\p{L}]s)end|d(?<![\p{L}]d)m)…`.
 * Anything else is kept as written.
 */
export function literalFirst(source: string): string {
  const lb = /^\(\?<!(\[[^\]]+\])\)/u.exec(source);
  if (!lb) return source;
  const rest = source.slice(lb[0].length);
  const letter = /^[\p{Ll}\p{N}]/u.exec(rest);
  if (letter) return `${letter[0]}(?<!${lb[1]}${letter[0]})${rest.slice(letter[0].length)}`;
  // why: per alternative, so "your" is not taken for "ur" after a letter
  const alts = /^\(\?:([\p{Ll}\p{N}]+(?:\|[\p{Ll}\p{N}]+)*)\)(?![?*+{])/u.exec(rest);
  if (alts) {
    const each = alts[1]!.split('|').map((alt) => `${alt[0]}(?<!${lb[1]}${alt[0]})${alt.slice(1)}`);
    return `(?:${each.join('|')})${rest.slice(alts[0].length)}`;
  }
  return source;
}


/**
 * Where a cue can start, for the cue index: at a word equal to a literal (`word`), at a word
 * starting with one (`prefix`), or anywhere a literal stands, even inside a word (`inside`).
 * null: no literal to look for; the cue is found by scanning.
 */
export type Trigger = { kind: 'word' | 'prefix' | 'inside'; literals: string[] } | null;

export interface CompiledCue {
  label: string;
  trigger: Trigger;
  source: string;
  /** This cue alone, sticky: tells which cue matched where the finder stopped. */
  sticky: RegExp;
  /** The same without Unicode mode, for text with no letters beyond Latin-1 (faster in V8). */
  latinSticky: RegExp | null;
  /** The characters a match can start with, when they can be told from the expression. */
  firsts: ReadonlySet<string> | null;
  /** Where a match can start, for a cue without a word trigger (else null). */
  starts: Starts | null;
  /** The cue starts with `*`: the match is widened to the start of its word afterwards. */
  widen: boolean;
  /** The cue is one plain word: a token equal to it is a match, with no expression to run. */
  wholeWord: string | null;
  /** A phrase opening with a whole word: what must follow it (see `cueNextWord`). */
  nextWord: NextWord | null;
  /** A character every match ends with (see `closingMark`): a post without it cannot match. */
  closing: string | null;
  negatable: boolean;
  unless: RegExp | null;
  needs: RegExp | null;
}

const RUN = /^[\p{L}\p{N}]+/u;

/** The trigger of a cue phrase (see `Trigger`). */
export function cueTrigger(cue: string): Trigger {
  const text = cue.trim().toLowerCase();
  if (text.startsWith('*')) {
    const run = RUN.exec(text.replace(/^\*+/, ''))?.[0];
    return run ? { kind: 'inside', literals: [run] } : null;
  }
  const run = RUN.exec(text)?.[0];
  if (!run) return null;
  const next = text[run.length];
  return { kind: next === undefined || /\s/.test(next) ? 'word' : 'prefix', literals: [run] };
}

/**
 * What a cue phrase opening with a whole word wants right after it: spaces or dashes (its
 * expression's `[\s\-]+`), then the letters the next word opens with. `after` is the first word's
 * length. why: the words phrases open with ("our", "new", "free") are common, and mostly stand in a
 * post without the rest of the phrase; the cue index tests this before running the expression.
 */
export interface NextWord {
  after: number;
  text: string;
}

export function cueNextWord(cue: string): NextWord | null {
  const m = /^([\p{L}\p{N}]+)\s+([\p{L}\p{N}]+)/u.exec(cue.trim().toLowerCase());
  return m ? { after: m[1]!.length, text: m[2]! } : null;
}

/**
 * The punctuation an expression always ends with, such as the "?" of a question
 * (`(?:^|[.!?\n]\s{0,8})(?:what|…)[^.!?\n]{0,100}\?`): its last item, when that is one literal
 * character other than a letter or digit, outside any alternation. why: such cues can start at
 * every sentence end; a post without the mark is passed over once instead of at each of them.
 */
export function closingMark(source: string): string | null {
  // why \k: a named back-reference ends in ">" but matches what its group did
  if (source.length < 2 || topLevelAlternation(source) || source.includes('\\k<')) return null;
  const last = source[source.length - 1]!;
  let slashes = 0;
  for (let i = source.length - 2; i >= 0 && source[i] === '\\'; i--) slashes++;
  const escaped = slashes % 2 === 1;
  // why: unescaped, these are syntax (a quantifier, the end of a group or class); escaped letters are classes (\d, \s)
  if (!escaped && '^$.*+?()[]{}|\\'.includes(last)) return null;
  return /[\p{L}\p{N}\s]/u.test(last) || last === '\\' ? null : last;
}

/** True when `source` has a `|` outside every group and class. */
function topLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

const LITERAL_CHAR = /[a-z0-9äöüß]/;

/** The literal a hand-written expression starts with, e.g. "save" in `(?<![\p{L}])save\s+…`. */
export function regexTrigger(re: string): Trigger {
  if (topLevelAlternation(re)) return null;
  // why: a leading word-boundary lookbehind means the cue starts a word; any other lookbehind
  // (`(?<!red|re)aktion`) leaves it free to start inside one
  const behind = /^\(\?<[!=]/.test(re) ? groupLength(re, 0) : 0;
  if (behind < 0) return null;
  const rest = re.slice(behind);
  const kind = behind > 0 && /^\(\?<!\[[^\]]*\\p\{L\}/.test(re) ? 'prefix' : 'inside';
  const group = /^\(\?:([a-z0-9äöüß|]+)\)(?![?*{])/u.exec(rest);
  if (group) {
    const literals = group[1]!.split('|');
    return literals.every((l) => l.length > 0) ? { kind, literals } : null;
  }
  let run = '';
  for (const ch of rest) {
    if (!LITERAL_CHAR.test(ch)) break;
    run += ch;
  }
  // why: a quantifier after the run makes its last character optional (`tickets?`)
  if (/^[?*{]/.test(rest.slice(run.length))) run = run.slice(0, -1);
  return run ? { kind, literals: [run] } : null;
}

export interface CueGroup {
  /** All cues, without captures, as one alternation: where the plain scan (`findCue`) finds a cue start. */
  source: string;
  /** `source` built, on first use (see `groupFinder`). */
  finders?: { unicode: RegExp; latin: RegExp | null };
  cues: CompiledCue[];
  onLower: boolean;
}

/**
 * The expression that finds where any of a group's cues starts; for text that is all Latin-1, the
 * form without Unicode mode (faster in V8). why built on first use: only the plain scan needs it,
 * not the cue index, and V8 takes ~0.1 s at start-up to parse all groups' alternations.
 */
export function groupFinder(group: CueGroup, latin1: boolean): RegExp {
  group.finders ??= { unicode: new RegExp(group.source, 'gu'), latin: toLatin1(group.source) };
  return (latin1 && group.finders.latin) || group.finders.unicode;
}

/** A compiled cue list: per language, the cues matched on the lower-cased post, then those matched as written. */
export interface CompiledLexicon<Id extends string = string> {
  id: Id;
  byLang: Record<Lang, CueGroup[]>;
}

export interface CompiledCategory extends CompiledLexicon<CategoryId> {
  tier: CategoryFile['tier'];
  title: CategoryFile['title'];
  findings: string[];
}

// why: `[.!?\n]` stands for a line break, not the letter n
const CONTROL_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };

/** The characters a class like `[$€£]` or `[-−–0-9]` stands for, or null if negated or too broad. */
function classChars(body: string): Set<string> | null {
  if (body.startsWith('^')) return null;
  const chars = new Set<string>();
  for (let i = 0; i < body.length; i++) {
    let ch = body[i]!;
    if (ch === '\\') {
      const next = body[++i];
      if (next === 'd') {
        for (const d of '0123456789') chars.add(d);
        continue;
      }
      if (next === undefined || (/[A-Za-z0-9]/.test(next) && CONTROL_ESCAPES[next] === undefined)) return null;
      ch = CONTROL_ESCAPES[next] ?? next;
    }
    if (body[i + 1] === '-' && body[i + 2] !== undefined && body[i + 2] !== ']') {
      const to = body[i + 2]!;
      if (to === '\\') return null;
      const from = ch.codePointAt(0)!;
      const end = to.codePointAt(0)!;
      if (end - from > 64) return null;
      for (let c = from; c <= end; c++) chars.add(String.fromCodePoint(c));
      i += 2;
      continue;
    }
    chars.add(ch);
  }
  return chars;
}

/** Splits a group's body at its top-level `|`. */
function topLevelAlternatives(body: string): string[] {
  const alts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      alts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  alts.push(body.slice(start));
  return alts;
}

/**
 * The characters any match of an expression can start with (on lower-cased text unless
 * `lowerCase` is false, for cues matched as written), or null when
 * that cannot be told simply. Lets the cue index skip expressions that cannot start at a position.
 */
export function firstChars(source: string, lowerCase = true): Set<string> | null {
  let rest = source;
  // Lookbehinds consume nothing: skip them.
  while (/^\(\?<[!=]/.test(rest)) {
    const len = groupLength(rest, 0);
    if (len < 0) return null;
    rest = rest.slice(len);
  }
  if (rest === '' || topLevelAlternation(rest)) {
    const alts = topLevelAlternatives(rest);
    if (alts.length < 2) return null;
    const all = new Set<string>();
    for (const alt of alts) {
      const f = firstChars(alt, lowerCase);
      if (!f) return null;
      for (const c of f) all.add(c);
    }
    return all;
  }
  let first: Set<string> | null;
  let len: number;
  if (rest.startsWith('(')) {
    len = groupLength(rest, 0);
    if (len < 0 || /^\(\?[=!]/.test(rest)) return null;
    const body = rest.slice(rest.startsWith('(?:') ? 3 : 1, len - 1);
    first = new Set<string>();
    for (const alt of topLevelAlternatives(body)) {
      const f = firstChars(alt, lowerCase);
      if (!f) return null;
      for (const c of f) first.add(c);
    }
  } else if (rest.startsWith('[')) {
    const end = rest.indexOf(']', 1);
    if (end < 0) return null;
    len = end + 1;
    first = classChars(rest.slice(1, end));
  } else if (rest.startsWith('\\')) {
    const next = rest[1];
    len = 2;
    if (next === 'd') first = new Set('0123456789');
    else if (next === undefined || /[pPsSwWbBuxck0-9]/.test(next)) return null;
    else first = new Set([next]);
  } else {
    if (/^[.^$|)*+?{]/.test(rest)) return null;
    len = [...rest][0]!.length;
    const literal = rest.slice(0, len);
    first = new Set([lowerCase ? literal.toLowerCase() : literal]);
  }
  // An optional first part could be skipped: then the set says nothing.
  if (!first || /^[?*]|^\{0,/.test(rest.slice(len))) return null;
  return first;
}

/** What a cue's opening lookbehind rules out right before a match: a letter, a digit (bits). */
export const NOT_AFTER_LETTER = 1;
export const NOT_AFTER_DIGIT = 2;

/**
 * Where a cue without a word trigger can start, for the cue index: where one of `literals` stands
 * in the lower-cased post (a single character or more), or, with `atStart`, at the post's first
 * character. A literal's `notAfter` says what the cue's lookbehind rules out before it (see
 * NOT_AFTER_*), so the index need not try the cue there.
 */
export interface Starts {
  literals: { text: string; notAfter: number }[];
  atStart: boolean;
}

interface Opening {
  /** Each text a match can start with, and its `notAfter` bits. */
  literals: Map<string, number>;
  atStart: boolean;
}

function opening(texts: Iterable<string>, notAfter: number): Opening {
  return { literals: new Map([...texts].map((t) => [t, notAfter])), atStart: false };
}

/** Either opening; a text both have keeps only what both rule out. */
function union(a: Opening | null, b: Opening | null): Opening | null {
  if (!a || !b) return null;
  const literals = new Map(a.literals);
  for (const [text, bits] of b.literals) literals.set(text, (literals.get(text) ?? bits) & bits);
  return { literals, atStart: a.atStart || b.atStart };
}

/** The opening with a lookbehind at the match start added to every text. */
function behindAll(o: Opening | null, notAfter: number): Opening | null {
  if (!o || notAfter === 0) return o;
  return { literals: new Map([...o.literals].map(([t, bits]) => [t, bits | notAfter])), atStart: o.atStart };
}

/** The NOT_AFTER_* bits of a lookbehind group such as `(?<![\p{L}\p{N}])`. */
function lookbehindBits(group: string): number {
  const cls = /^\(\?<!\[([^\]]*)\]\)$/.exec(group)?.[1];
  if (cls === undefined) return 0;
  return (cls.includes('\\p{L}') ? NOT_AFTER_LETTER : 0) | (/\\p\{N\}|\\d|0-9/.test(cls) ? NOT_AFTER_DIGIT : 0);
}

/** Smallest number of repeats the quantifier at `at` allows (1 without one), and where it ends. */
function quantifierAt(source: string, at: number): { min: number; end: number } {
  const q = source[at];
  if (q === '?' || q === '*') return { min: 0, end: at + 1 + (source[at + 1] === '?' ? 1 : 0) };
  if (q === '+') return { min: 1, end: at + 1 + (source[at + 1] === '?' ? 1 : 0) };
  const braces = q === '{' ? /^\{(\d+)(?:,\d*)?\}\??/.exec(source.slice(at)) : null;
  if (braces) return { min: Number(braces[1]), end: at + braces[0].length };
  return { min: 1, end: at };
}

// why: `[Cc]ode` opens with "Code" or "code", both better to look for than every "c"
const MAX_PREFIXES = 16;

/**
 * The texts every match of an expression starts with (see `Starts`), read from its first items:
 * literal characters and small classes (each combination), `\d`, a group (each alternative), an
 * optional item (it, or what follows it) or `^`. Lookarounds match no characters and are passed
 * over; a lookbehind before the first item says what may not precede the match. null when an
 * opening cannot be told this simply.
 */
function openingOf(source: string): Opening | null {
  const alts = topLevelAlternatives(source);
  if (alts.length > 1) return alts.map(openingOf).reduce(union);
  let prefixes: string[] = [''];
  let behind = 0;
  let i = 0;
  while (i < source.length) {
    if (/^\(\?<?[=!]/.test(source.slice(i, i + 4))) {
      const len = groupLength(source, i);
      if (len < 0) return null;
      if (prefixes[0] === '') behind |= lookbehindBits(source.slice(i, i + len));
      i += len;
      continue;
    }
    const ch = source[i]!;
    if (ch === '^') return prefixes[0] === '' ? { literals: new Map(), atStart: true } : opening(prefixes, behind);
    let item: Opening | null = null;
    // the characters this item stands for, when it is one character long
    let chars: Set<string> | null = null;
    let end: number;
    if (ch === '(') {
      const len = groupLength(source, i);
      if (len < 0) return null;
      const open = /^\((?:\?:|\?<[A-Za-z]\w*>)?/.exec(source.slice(i))![0].length;
      item = openingOf(source.slice(i + open, i + len - 1));
      end = i + len;
    } else if (ch === '[') {
      const close = /^\[(?:\\.|[^\]\\])*\]/.exec(source.slice(i));
      if (!close) return null;
      chars = classChars(close[0].slice(1, -1));
      end = i + close[0].length;
    } else if (ch === '\\') {
      const next = source[i + 1];
      end = i + 2;
      if (next === 'd') chars = new Set('0123456789');
      else if (next !== undefined && !(/[A-Za-z0-9]/.test(next) && CONTROL_ESCAPES[next] === undefined)) chars = new Set([CONTROL_ESCAPES[next] ?? next]);
    } else if ('.$|)*+?{'.includes(ch)) {
      end = i + 1;
    } else {
      const literal = String.fromCodePoint(source.codePointAt(i)!);
      chars = new Set([literal]);
      end = i + literal.length;
    }
    if (chars) item = opening(chars, 0);
    const q = quantifierAt(source, end);
    const started = prefixes[0] !== '';
    if (!started && q.min === 0) return behindAll(union(item, openingOf(source.slice(q.end))), behind);
    if (!started && !chars) return behindAll(item, behind);
    // why: only characters that must stand here can lengthen the texts a match starts with
    if (!chars || q.min === 0 || prefixes.length * chars.size > MAX_PREFIXES) break;
    prefixes = prefixes.flatMap((p) => [...chars].map((c) => p + c));
    if (q.end !== end) break;
    i = end;
  }
  return prefixes[0] === '' ? null : opening(prefixes, behind);
}

/**
 * The shortest texts: a match starting with "sammeln" also starts with "sammel", so looking for
 * "sammel" finds both (what a lookbehind rules out then holds only if it holds for both).
 */
function shortest(literals: ReadonlyMap<string, number>): { text: string; notAfter: number }[] {
  const texts = [...literals.keys()];
  const kept = texts.filter((t) => !texts.some((u) => u !== t && t.startsWith(u)));
  return kept.map((k) => ({ text: k, notAfter: texts.filter((t) => t.startsWith(k)).reduce((bits, t) => bits & literals.get(t)!, NOT_AFTER_LETTER | NOT_AFTER_DIGIT) }));
}

/** The `Starts` of a compiled expression, read on the post as written unless `onLower`; null when unknown. */
export function cueStarts(source: string, onLower: boolean): Starts | null {
  const o = openingOf(source);
  if (!o || (o.literals.size === 0 && !o.atStart) || o.literals.has('')) return null;
  let literals = o.literals;
  if (!onLower) {
    // why: the index reads the lower-cased post; an ASCII letter lower-cases to one letter in place
    if ([...literals.keys()].some((l) => !/^[\x00-\x7F]+$/.test(l))) return null;
    literals = new Map();
    for (const [text, bits] of o.literals) literals.set(text.toLowerCase(), (literals.get(text.toLowerCase()) ?? bits) & bits);
  }
  return { literals: shortest(literals), atStart: o.atStart };
}

/** Non-capturing copy of an expression: `(` → `(?:`, leaving lookarounds, classes and escapes alone. */
export function withoutCaptures(source: string): string {
  return source.replace(/\\.|\[(?:\\.|[^\]])*\]|\((?!\?)/g, (t) => (t === '(' ? '(?:' : t));
}

const LATIN1_CLASSES: Record<string, string> = {
  '\\p{L}': 'A-Za-z\\xAA\\xB5\\xBA\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\xFF',
  '\\p{Ll}': 'a-z\\xB5\\xDF-\\xF6\\xF8-\\xFF',
  '\\p{N}': '0-9\\xB2\\xB3\\xB9\\xBC-\\xBE',
};

/**
 * The same expression for Latin-1 text without Unicode mode, which V8 scans faster; null when the
 * expression needs characters or features outside Latin-1.
 */
export function toLatin1(source: string, flags = 'g'): RegExp | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const prop = /^\\p\{(L|Ll|N)\}/.exec(source.slice(i, i + 6));
      if (prop) {
        const range = LATIN1_CLASSES[prop[0]]!;
        out += inClass ? range : `[${range}]`;
        i += prop[0].length - 1;
      } else {
        out += source.slice(i, i + 2);
        i++;
      }
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  // why: characters beyond Latin-1 (’, €) are fine as literals; astral ones and \p{…} need Unicode mode
  if (/\\p\{|\\u\{|[\uD800-\uDFFF]/.test(out)) return null;
  try {
    return new RegExp(out, flags);
  } catch {
    return null;
  }
}

/** `needs`/`unless` entries: cue phrases, or raw expressions written `re:<expression>`. */
function anyOf(cues: readonly string[]): RegExp | null {
  if (cues.length === 0) return null;
  return new RegExp(cues.map((c) => (c.startsWith('re:') ? `(?:${literalFirst(c.slice(3))})` : cueToSource(c))).join('|'), 'u');
}

function compileGroup(cues: readonly Cue[], onLower: boolean): CueGroup | null {
  const compiled: CompiledCue[] = [];
  const parts: string[] = [];
  for (const c of cues) {
    const obj = typeof c === 'string' ? { cue: c, re: undefined, case: 'insensitive' as const, unless: [], needs: [], negatable: true } : c;
    if ((obj.case === 'insensitive') !== onLower) continue;
    const source = obj.re !== undefined ? literalFirst(obj.re) : cueToSource(obj.cue!);
    const trigger = onLower ? (obj.re !== undefined ? regexTrigger(obj.re) : cueTrigger(obj.cue!)) : null;
    compiled.push({
      label: obj.re !== undefined ? `re:${obj.re}` : obj.cue!,
      trigger,
      source,
      sticky: new RegExp(source, 'uy'),
      latinSticky: toLatin1(source, 'y'),
      firsts: firstChars(source, onLower),
      // why: only a cue without a word trigger is looked for by its opening
      starts: trigger ? null : cueStarts(source, onLower),
      widen: obj.re === undefined && obj.cue!.trim().startsWith('*'),
      wholeWord: obj.re === undefined && /^[\p{L}\p{N}]+$/u.test(obj.cue!.trim()) ? obj.cue!.trim().toLowerCase() : null,
      nextWord: onLower && obj.re === undefined ? cueNextWord(obj.cue!) : null,
      closing: onLower && obj.re !== undefined ? closingMark(source) : null,
      negatable: obj.negatable,
      unless: anyOf(obj.unless),
      needs: anyOf(obj.needs),
    });
    parts.push(withoutCaptures(source));
  }
  if (parts.length === 0) return null;
  return { source: parts.join('|'), cues: compiled, onLower };
}

/** Compiles cue lists once, at start-up. */
export function compileLexicon<Id extends string>(id: Id, cues: Record<Lang, readonly Cue[]>): CompiledLexicon<Id> {
  const byLang = {} as Record<Lang, CueGroup[]>;
  for (const lang of ['en', 'de'] as const) {
    byLang[lang] = [compileGroup(cues[lang], true), compileGroup(cues[lang], false)].filter((g): g is CueGroup => g !== null);
  }
  return { id, byLang };
}

export function compileCategory(file: CategoryFile): CompiledCategory {
  return { ...compileLexicon(file.id, file.cues), tier: file.tier, title: file.title, findings: file.findings };
}
