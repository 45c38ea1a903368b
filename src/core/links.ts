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

const SCHEME = /(?<![\p{L}\p{N}+.-])[a-z][a-z0-9+.-]{0,15}:\/\/[^\s<>"'`]+/giu;
const BARE = /(?<![\p{L}\p{N}@./:_-])(?:[a-z0-9][a-z0-9-]{0,62}\.){1,8}[a-z]{2,24}(?![\p{L}\p{N}-])(?:[/?#][^\s<>"'`]*)?/giu;
const COMMON_ENDINGS = new Set(['com', 'de', 'net', 'org', 'io', 'co', 'uk', 'fr', 'es', 'it', 'nl', 'at', 'ch', 'eu', 'be', 'shop', 'store', 'app', 'ly', 'me', 'gl', 'to', 'gd', 'in', 'at', 'us', 'info', 'biz', 'online', 'page', 'link']);
const HOST_DOT = /[a-z0-9]\.[a-z]/i;
const TRAILING = /[.,;:!?)\]}»”’'"…]+$/u;

function tidy(url: string): string {
  // why: sentence punctuation after a link is not part of it; a ')' is kept when the link opened one
  let out = url.replace(TRAILING, '');
  if (url.endsWith(')') && out.includes('(') && !out.endsWith(')')) out += ')';
  return out;
}

function describe(url: string, index: number, facts: LinkFacts): LinkInfo {
  const lower = url.toLowerCase();
  const scheme = lower.indexOf('://');
  const rest = scheme >= 0 ? lower.slice(scheme + 3) : lower;
  const hostEnd = rest.search(/[/?#]/);
  const host = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  const q = lower.indexOf('?');
  const params = q < 0 ? [] : lower.slice(q + 1).split(/[&#;]/).map((kv) => kv.split('=')[0] ?? '');
  const segments = rest.split(/[/.?=&#_+-]+/).filter(Boolean);
  return {
    url,
    index,
    tracked: params.some((p) => facts.trackingParams.some((t) => (t.endsWith('*') ? p.startsWith(t.slice(0, -1)) : p === t))),
    shortener: facts.shorteners.some((s) => host === s || host.endsWith(`.${s}`)),
    // why: by segment start, so "/workshop" is no shop and "/shop-now" is
    shop: segments.some((s) => facts.shopWords.some((w) => s.startsWith(w))),
  };
}

/** Every link in the text, in order of appearance. */
export function findLinks(text: string, facts: LinkFacts): LinkInfo[] {
  // why: every link has a dot or "://"; most posts have neither
  if (!text.includes('.') && !text.includes('://')) return [];
  const out: LinkInfo[] = [];
  const taken: [number, number][] = [];
  SCHEME.lastIndex = 0;
  let m: RegExpExecArray | null;
  // why: both patterns open with a lookbehind, which V8 cannot scan for quickly; cheap tests spare the scans
  while (text.includes('://') && (m = SCHEME.exec(text)) !== null) {
    const url = tidy(m[0]);
    taken.push([m.index, m.index + m[0].length]);
    out.push(describe(url, m.index, facts));
  }
  BARE.lastIndex = 0;
  let t = 0;
  const maybeBare = HOST_DOT.test(text);
  while (maybeBare && (m = BARE.exec(text)) !== null) {
    const start = m.index;
    while (t < taken.length && taken[t]![1] <= start) t++;
    if (t < taken.length && taken[t]![0] <= start) continue;
    const url = tidy(m[0]);
    const host = url.split(/[/?#]/)[0]!;
    const ending = host.slice(host.lastIndexOf('.') + 1).toLowerCase();
    const hasPath = url.length > host.length;
    if (!hasPath && !host.toLowerCase().startsWith('www.') && !COMMON_ENDINGS.has(ending)) continue;
    // why: "z.B." or "e.g" are abbreviations, not hosts: a host label of one letter with no path is skipped
    if (!hasPath && /^[a-z]\./i.test(host) && host.length <= 4) continue;
    out.push(describe(url, start, facts));
  }
  return out.sort((a, b) => a.index - b.index);
}
