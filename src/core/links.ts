// Links as a reader sees them, on any host: every `scheme://…` token, and bare `host.tld/path`
// (or `www.host.tld`, or a host with a common ending). Unlike twitter-text's extractor this does
// not need a known domain ending (reserved `.example`, internal hosts), and it is linear: each
// pattern's repetition is bounded or anchored at a token start.

/** Facts about links that are data, not code: rules/lexicons/links.yml. */
export interface LinkFacts {
  trackingParams: readonly string[];
  shorteners: readonly string[];
  /** Words in a link's host or path that make it a place to buy (a shop, booking or ticket link). */
  shopWords: readonly string[];
}

export interface LinkInfo {
  url: string;
  index: number;
  tracked: boolean;
  shortener: boolean;
  shop: boolean;
}

// why sticky: both patterns open with a lookbehind, which V8 tries at every position of a global
// scan. Each is tried only where a link can start (see schemeStart, hostStart), and matches there
// exactly as a global scan would.
const SCHEME = /(?<![\p{L}\p{N}+.-])[a-z][a-z0-9+.-]{0,15}:\/\/[^\s<>"'`]+/iuy;
const BARE = /(?<![\p{L}\p{N}@./:_-])(?:[a-z0-9][a-z0-9-]{0,62}\.){1,8}[a-z]{2,24}(?![\p{L}\p{N}-])(?:[/?#][^\s<>"'`]*)?/iuy;
const COMMON_ENDINGS = new Set(['com', 'de', 'net', 'org', 'io', 'co', 'uk', 'fr', 'es', 'it', 'nl', 'at', 'ch', 'eu', 'be', 'shop', 'store', 'app', 'ly', 'me', 'gl', 'to', 'gd', 'in', 'at', 'us', 'info', 'biz', 'online', 'page', 'link']);
// sentence punctuation after a link: . , ; : ! ? ) ] } » ” ’ ' " …
const TRAILING = new Set('.,;:!?)]}»”’\'"…');
// why kept as it was: bare hosts are looked for only when some dot stands between an ASCII letter or
// digit and a letter (a host whose label ends in "-" is not looked for otherwise; output stays as it was)
const HOST_DOT = /[a-z0-9]\.[a-z]/i;

/** [a-z0-9] under the patterns' case-insensitive Unicode flags: ASCII, and ſ and K (U+212A), which fold to s and k. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 0x17f || c === 0x212a;
}
/** A character of a scheme after its first letter: [a-z0-9+.-]. */
function isSchemeChar(c: number): boolean {
  return isAlnum(c) || c === 43 || c === 46 || c === 45;
}
/** A character of a host label: [a-z0-9-]. */
function isLabelChar(c: number): boolean {
  return isAlnum(c) || c === 45;
}

/**
 * Where a `scheme://` link ending its scheme at `colon` must start: the start of the run of scheme
 * characters before it (SCHEME's lookbehind rejects any later start, since every scheme character
 * is a letter, digit, "+", "." or "-"), or -1 when that run is empty or too long.
 */
function schemeStart(text: string, colon: number): number {
  let r = colon;
  while (r > 0 && colon - r < 17 && isSchemeChar(text.charCodeAt(r - 1))) r--;
  return r === colon || colon - r > 16 ? -1 : r;
}

/** Where a bare host whose first dot is `dot` must start: the start of its first label (as schemeStart), or -1. */
function hostStart(text: string, dot: number): number {
  if (!isLabelChar(text.charCodeAt(dot - 1)) || !isAlnum(text.charCodeAt(dot + 1))) return -1;
  let r = dot - 1;
  while (r > 0 && dot - r < 64 && isLabelChar(text.charCodeAt(r - 1))) r--;
  return dot - r > 63 ? -1 : r;
}

function tidy(url: string): string {
  // why: sentence punctuation after a link is not part of it; a ')' is kept when the link opened one
  let end = url.length;
  while (end > 0 && TRAILING.has(url[end - 1]!)) end--;
  let out = end === url.length ? url : url.slice(0, end);
  if (url.endsWith(')') && out.includes('(') && !out.endsWith(')')) out += ')';
  return out;
}

/** The link facts in the form one link is checked against. */
interface FactTables {
  trackingExact: ReadonlySet<string>;
  trackingPrefixes: readonly string[];
  shorteners: readonly string[];
  shopWords: readonly string[];
  /** What links already seen are, by their text. */
  described: Map<string, Pick<LinkInfo, 'tracked' | 'shortener' | 'shop'>>;
}

const tablesOf = new WeakMap<LinkFacts, FactTables>();
function tables(facts: LinkFacts): FactTables {
  let t = tablesOf.get(facts);
  if (!t) {
    const wild = facts.trackingParams.filter((p) => p.endsWith('*'));
    t = {
      trackingExact: new Set(facts.trackingParams.filter((p) => !p.endsWith('*'))),
      trackingPrefixes: wild.map((p) => p.slice(0, -1)),
      shorteners: facts.shorteners,
      // why: a word with a separator in it can never start a segment (segments hold none)
      shopWords: facts.shopWords.filter((w) => ![...w].some((ch) => isSeparator(ch.charCodeAt(0)))),
      described: new Map(),
    };
    tablesOf.set(facts, t);
  }
  return t;
}

// / . ? = & # _ + -
function isSeparator(c: number): boolean {
  return c === 47 || c === 46 || c === 63 || c === 61 || c === 38 || c === 35 || c === 95 || c === 43 || c === 45;
}
// & # ;
function isParamEnd(c: number): boolean {
  return c === 38 || c === 35 || c === 59;
}

/** A query parameter name (the part before "=" of each `&`, `#` or `;` separated pair after the first "?") is a tracking one. */
function hasTrackingParam(lower: string, t: FactTables): boolean {
  const q = lower.indexOf('?');
  if (q < 0) return false;
  for (let start = q + 1; start <= lower.length; ) {
    let end = start;
    while (end < lower.length && !isParamEnd(lower.charCodeAt(end))) end++;
    const eq = lower.indexOf('=', start);
    const name = lower.slice(start, eq >= 0 && eq < end ? eq : end);
    if (t.trackingExact.has(name) || t.trackingPrefixes.some((p) => name.startsWith(p))) return true;
    start = end + 1;
  }
  return false;
}

// why: posts repeat their links (a brand's shop, its campaign URL); what a link is depends on its text alone (bounded: past this many, start again)
const DESCRIBED_LIMIT = 2_000;

function describe(url: string, index: number, facts: LinkFacts): LinkInfo {
  const t = tables(facts);
  let d = t.described.get(url);
  if (d === undefined) {
    if (t.described.size >= DESCRIBED_LIMIT) t.described.clear();
    t.described.set(url, (d = traits(url, t)));
  }
  return { url, index, tracked: d.tracked, shortener: d.shortener, shop: d.shop };
}

function traits(url: string, t: FactTables): Pick<LinkInfo, 'tracked' | 'shortener' | 'shop'> {
  const lower = url.toLowerCase();
  const scheme = lower.indexOf('://');
  const from = scheme >= 0 ? scheme + 3 : 0;
  let hostEnd = from;
  while (hostEnd < lower.length && !isHostEnd(lower.charCodeAt(hostEnd))) hostEnd++;
  const host = lower.slice(from, hostEnd);
  let shop = false;
  // why: by segment start, so "/workshop" is no shop and "/shop-now" is
  for (let i = from; i < lower.length && !shop; i++) {
    if (isSeparator(lower.charCodeAt(i)) || (i > from && !isSeparator(lower.charCodeAt(i - 1)))) continue;
    shop = t.shopWords.some((w) => lower.startsWith(w, i));
  }
  return {
    tracked: hasTrackingParam(lower, t),
    shortener: t.shorteners.some((s) => host === s || (host.endsWith(s) && host.charCodeAt(host.length - s.length - 1) === 46)),
    shop,
  };
}

// / ? #
function isHostEnd(c: number): boolean {
  return c === 47 || c === 63 || c === 35;
}

/** Every link in the text, in order of appearance. */
export function findLinks(text: string, facts: LinkFacts): LinkInfo[] {
  // why: every link has a dot or "://"; most posts have neither
  if (!text.includes('.') && !text.includes('://')) return [];
  const out: LinkInfo[] = [];
  const taken: [number, number][] = [];
  let m: RegExpExecArray | null;
  for (let from = 0, colon = text.indexOf('://'); colon >= 0; colon = text.indexOf('://', Math.max(from, colon + 1))) {
    const start = schemeStart(text, colon);
    if (start < from) continue;
    SCHEME.lastIndex = start;
    if ((m = SCHEME.exec(text)) === null) continue;
    taken.push([start, start + m[0].length]);
    out.push(describe(tidy(m[0]), start, facts));
    from = start + m[0].length;
  }
  let t = 0;
  const maybeBare = HOST_DOT.test(text);
  for (let from = 0, dot = maybeBare ? text.indexOf('.', 1) : -1; dot >= 0; dot = text.indexOf('.', Math.max(from, dot + 1))) {
    const start = hostStart(text, dot);
    if (start < from) continue;
    BARE.lastIndex = start;
    if ((m = BARE.exec(text)) === null) continue;
    from = start + m[0].length;
    while (t < taken.length && taken[t]![1] <= start) t++;
    if (t < taken.length && taken[t]![0] <= start) continue;
    const url = tidy(m[0]);
    let hostEnd = 0;
    while (hostEnd < url.length && !isHostEnd(url.charCodeAt(hostEnd))) hostEnd++;
    const host = url.slice(0, hostEnd);
    const ending = host.slice(host.lastIndexOf('.') + 1).toLowerCase();
    const hasPath = url.length > host.length;
    if (!hasPath && !host.toLowerCase().startsWith('www.') && !COMMON_ENDINGS.has(ending)) continue;
    // why: "z.B." or "e.g" are abbreviations, not hosts: a host label of one letter with no path is skipped
    if (!hasPath && host.length <= 4 && isOneLetterLabel(host)) continue;
    out.push(describe(url, start, facts));
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The host opens with a one-letter label ("z.B"): /^[a-z]\./i. */
function isOneLetterLabel(host: string): boolean {
  const c = host.charCodeAt(0) | 32;
  return c >= 97 && c <= 122 && host.charCodeAt(1) === 46;
}
