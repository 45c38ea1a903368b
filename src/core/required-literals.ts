// What a regular expression cannot match without: a few lower-case strings, one of which every
// match contains. A text that contains none of them is known not to match without running the
// expression, so a cheap search over the text can spare many scans (post-kind.ts). The analysis is
// conservative: what it does not understand (classes with ranges, \p{…}, backreferences) it
// treats as "any text", and zero-width parts (^, $, \b, lookarounds) as "nothing".
//
// Sound for the Unicode flag with or without case-insensitivity, provided the text is compared
// lower-cased (String.prototype.toLowerCase) and holds no "ſ" (U+017F), the one character
// whose case folding (to "s") lower-casing does not reproduce for the characters kept here.

/** The strings a part can match, when few, and the best found set of strings every match contains. */
interface Info {
  /** Every string the part can match (lower-cased), or null when unknown or too many. */
  exact: ReadonlySet<string> | null;
  /** Strings one of which every match contains (the fewest, longest found), or null when nothing is known. */
  req: ReadonlySet<string> | null;
}

const ANY: Info = { exact: null, req: null };
const EMPTY: Info = { exact: new Set(['']), req: null };
// why a bound: the product of a few alternations grows fast; past it, only a required part is kept
const MAX_EXACT = 16;
// why: a string of eight characters is rare enough in a post; beyond that, fewer strings search faster
const ENOUGH_LENGTH = 8;

/** Characters whose lower-case form is also what case-insensitive Unicode matching compares (ſ aside). */
const PLAIN_LETTER = /^[a-z0-9\u00df-\u00f6\u00f8-\u00fe]$/;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/** The character as the lower-cased text holds it, or null when lower-casing could miss a match of it. */
function literal(ch: string): string | null {
  const lower = ch.toLowerCase();
  if (PLAIN_LETTER.test(lower)) return lower;
  // why: characters without case (spaces, punctuation, symbols) match only themselves
  return !LETTER_OR_MARK.test(ch) && lower === ch && ch.toUpperCase() === ch && ch.length === 1 ? ch : null;
}

/** Strings one of which every match of the part contains: its exact strings or its requirement, whichever is better. */
function required(info: Info): ReadonlySet<string> | null {
  return better(info.exact && !info.exact.has('') ? info.exact : null, info.req);
}

/** The better of two requirements: the longer shortest string (up to ENOUGH_LENGTH), then fewer strings. */
function better(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): ReadonlySet<string> | null {
  if (!a) return b;
  if (!b) return a;
  const reach = (s: ReadonlySet<string>) => Math.min(ENOUGH_LENGTH, ...[...s].map((x) => x.length));
  return reach(b) > reach(a) || (reach(b) === reach(a) && b.size < a.size) ? b : a;
}

function concat(a: Info, b: Info): Info {
  const req = better(required(a), required(b));
  if (a.exact && b.exact && a.exact.size * b.exact.size <= MAX_EXACT) {
    const exact = new Set<string>();
    for (const x of a.exact) for (const y of b.exact) exact.add(x + y);
    return { exact, req };
  }
  return { exact: null, req };
}

function union(alternatives: readonly Info[]): Info {
  const reqs = alternatives.map(required);
  const req = reqs.some((r) => r === null) ? null : new Set(reqs.flatMap((r) => [...r!]));
  if (alternatives.every((a) => a.exact)) {
    const exact = new Set(alternatives.flatMap((a) => [...a.exact!]));
    if (exact.size <= MAX_EXACT) return { exact, req };
  }
  return { exact: null, req };
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected "${this.src[this.i]}" at ${this.i}`);
    return info;
  }

  private alternation(): Info {
    const alternatives = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alternatives.push(this.sequence());
    }
    return alternatives.length === 1 ? alternatives[0]! : union(alternatives);
  }

  private sequence(): Info {
    let info = EMPTY;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') info = concat(info, this.quantified(this.atom()));
    return info;
  }

  private quantified(atom: Info): Info {
    const q = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(this.src.slice(this.i));
    if (!q) return atom;
    this.i += q[0].length;
    const min = q[1] === '+' ? 1 : q[1] ? 0 : Number(q[2]);
    const max = q[1] === '?' ? 1 : q[1] ? Infinity : q[3] ? (q[4] ? Number(q[4]) : Infinity) : Number(q[2]);
    if (min === 1 && max === 1) return atom;
    if (min === 0) return max === 1 && atom.exact ? { exact: new Set([...atom.exact, '']), req: null } : ANY;
    return { exact: null, req: required(atom) };
  }

  private atom(): Info {
    const c = this.src[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.i++;
    if (c === '^' || c === '$') return EMPTY;
    if (c === '.') return ANY;
    const cp = String.fromCodePoint(this.src.codePointAt(this.i - 1)!);
    this.i += cp.length - 1;
    return single(cp);
  }

  private group(): Info {
    const head = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>))?/.exec(this.src.slice(this.i))![0];
    this.i += head.length;
    const inner = this.alternation();
    if (this.src[this.i] !== ')') throw new Error(`unclosed group at ${this.i}`);
    this.i++;
    // why: a lookaround matches no characters; what it looks at is not part of the match
    return head === '(?=' || head === '(?!' || head === '(?<=' || head === '(?<!' ? EMPTY : inner;
  }

  private charClass(): Info {
    const m = /^\[(\^?)((?:\\.|[^\]\\])*)\]/u.exec(this.src.slice(this.i));
    if (!m) throw new Error(`unclosed class at ${this.i}`);
    this.i += m[0].length;
    // why: a negated class, a range or an escape could be many characters; only a short list is used
    if (m[1] || /[\\-]/.test(m[2]!.slice(1, -1)) || m[2]!.startsWith('\\') || m[2]!.endsWith('\\')) return ANY;
    const chars = [...m[2]!].map(literal);
    if (chars.length === 0 || chars.length > 16 || chars.some((ch) => ch === null)) return ANY;
    return { exact: new Set(chars as string[]), req: null };
  }

  private escape(): Info {
    const rest = this.src.slice(this.i);
    const m = /^\\(?:[pP]\{[^}]*\}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|k<[^>]*>|\d+|[\s\S])/.exec(rest)!;
    this.i += m[0].length;
    const e = m[0].slice(1);
    if (e === 'b' || e === 'B') return EMPTY;
    // why: an escaped syntax character stands for itself; every other escape is a class or a code
    return e.length === 1 && /[\^$\\.*+?()[\]{}|/-]/.test(e) ? single(e) : ANY;
  }
}

function single(ch: string): Info {
  const lower = literal(ch);
  return lower === null ? ANY : { exact: new Set([lower]), req: null };
}

/**
 * Lower-case strings one of which every match of `source` contains, or null when none are known
 * (then the expression must simply be run).
 */
export function requiredLiterals(source: string): string[] | null {
  let info: Info;
  try {
    info = new Parser(source).parse();
  } catch {
    return null;
  }
  const req = required(info);
  return req && req.size > 0 && ![...req].includes('') ? [...req] : null;
}
