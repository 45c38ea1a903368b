// findLinks tries its two patterns only where a link can start. This checks it against the plain
// form it replaced (each pattern as one global scan over the whole text) on generated inputs built
// from the characters that matter to links, including the two non-ASCII letters that fold to
// ASCII under the patterns' flags (ſ → s, K → k).
import { describe, expect, it } from 'vitest';
import { findLinks, type LinkFacts } from '../../src/core/links.ts';
import { realAdvisor } from '../support/advisor.ts';

const SCHEME = /(?<![\p{L}\p{N}+.-])[a-z][a-z0-9+.-]{0,15}:\/\/[^\s<>"'`]+/giu;
const BARE = /(?<![\p{L}\p{N}@./:_-])(?:[a-z0-9][a-z0-9-]{0,62}\.){1,8}[a-z]{2,24}(?![\p{L}\p{N}-])(?:[/?#][^\s<>"'`]*)?/giu;
const COMMON_ENDINGS = new Set(['com', 'de', 'net', 'org', 'io', 'co', 'uk', 'fr', 'es', 'it', 'nl', 'at', 'ch', 'eu', 'be', 'shop', 'store', 'app', 'ly', 'me', 'gl', 'to', 'gd', 'in', 'us', 'info', 'biz', 'online', 'page', 'link']);

function tidy(url: string): string {
  let out = url.replace(/[.,;:!?)\]}»”’'"…]+$/u, '');
  if (url.endsWith(')') && out.includes('(') && !out.endsWith(')')) out += ')';
  return out;
}

function describeLink(url: string, index: number, facts: LinkFacts) {
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
    shop: segments.some((s) => facts.shopWords.some((w) => s.startsWith(w))),
  };
}

function reference(text: string, facts: LinkFacts) {
  const out = [];
  const taken: [number, number][] = [];
  for (const m of text.matchAll(SCHEME)) {
    taken.push([m.index, m.index + m[0].length]);
    out.push(describeLink(tidy(m[0]), m.index, facts));
  }
  // the bare pattern runs only when some dot stands between an ASCII letter or digit and a letter
  if (/[a-z0-9]\.[a-z]/i.test(text)) {
    for (const m of text.matchAll(BARE)) {
      if (taken.some(([from, to]) => from <= m.index && m.index < to)) continue;
      const url = tidy(m[0]);
      const host = url.split(/[/?#]/)[0]!;
      const hasPath = url.length > host.length;
      if (!hasPath && !host.toLowerCase().startsWith('www.') && !COMMON_ENDINGS.has(host.slice(host.lastIndexOf('.') + 1).toLowerCase())) continue;
      if (!hasPath && /^[a-z]\./i.test(host) && host.length <= 4) continue;
      out.push(describeLink(url, m.index, facts));
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

// why at load: reading the rule book is slow on a busy machine, and no test's time
const real = realAdvisor().measureContext.links;

const ATOMS = ['a', 'b', 'Z', '1', '.', '.', ':', '/', '//', '://', '-', '+', '@', '_', ' ', ' ', '?', '=', '&', '#', ';', 'ſ', 'K', 'é', '(', ')', 'www', 'utm_x', 'shop', 'http', 'HTTPS', 'bit.ly', "'", '<', 'com', 'de', 'example', '…', '!', '\n', 'ä', '😀', 'x'.repeat(20), 'z.B.', 'fbclid', 'buy', 'ref', 'a-b'];

function generated(count: number, seed: number, atoms: number): string[] {
  let s = seed >>> 0;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * atoms) }, () => ATOMS[Math.floor(next() * ATOMS.length)]).join(''));
}

describe('findLinks finds what one global scan per pattern finds', () => {
  const facts: LinkFacts = { trackingParams: ['utm_*', 'fbclid', 'ref'], shorteners: ['bit.ly', 't.co'], shopWords: ['shop', 'buy', 'a-b'] };
  it.each([
    ['short texts', 3, 12],
    ['longer texts', 11, 60],
  ])('on generated %s', (_, seed, atoms) => {
    const texts = generated(3_000, seed, atoms);
    const differ = texts.filter((t) => JSON.stringify(findLinks(t, facts)) !== JSON.stringify(reference(t, facts)));
    expect(differ).toEqual([]);
  });

  it('with the link facts of the rules', () => {
    for (const t of ['Shop now: https://shop.example.com/spring?utm_source=twitter&x=1.', 'bestellen: www.example.de/warenkorb#top, bit.ly/abc', 'see (https://en.wikipedia.org/wiki/Foo_(bar)).'])
      expect(findLinks(t, real)).toEqual(reference(t, real));
  });
});
