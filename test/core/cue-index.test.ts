// The cue index must find exactly what scanning each lexicon on its own finds; it only skips the
// places where no cue can start. Checked on every example post, the benchmark corpus, the real
// brand posts (../shared; a clear failure when it is missing) and awkward inputs.
import { describe, expect, it } from 'vitest';
import { findAll } from '../../src/core/cue-index.ts';
import { closingMark, cueNextWord, cueStarts, firstChars, literalFirst, regexTrigger, cueTrigger, NOT_AFTER_DIGIT, NOT_AFTER_LETTER } from '../../src/core/cue-compiler.ts';
import { findCue } from '../../src/core/cue-matcher.ts';
import { prepareText } from '../../src/core/normalise.ts';
import { clauseStarts } from '../../src/core/segment.ts';
import type { Lang } from '../../src/core/post.ts';
import { generate } from '../../bench/corpus.ts';
import { realAdvisor, realRules } from '../support/advisor.ts';
import { sharedPostTexts } from '../support/shared.ts';

const advisor = realAdvisor();
const ctx = advisor.measureContext;
const lexicons = [...ctx.categories, ...ctx.riskLexicons];

function compare(text: string, lang: Lang) {
  const prepared = prepareText(text);
  const clauses = clauseStarts(prepared.clean);
  const language = ctx.languages[lang];
  const indexed = findAll(ctx.cueIndex, prepared, clauses, language);
  const scanned = lexicons.map((lex) => findCue(lex, prepared, clauses, language));
  return { indexed, scanned };
}

const { book } = realRules();
const examples = [
  ...book.rules.flatMap((r) => [...r.value.examples.flag, ...r.value.examples.pass]),
  ...book.categories.flatMap((c) => [...c.value.examples.flag, ...c.value.examples.pass]),
  ...book.risks.flatMap((c) => [...c.value.examples.flag, ...c.value.examples.pass]),
].map((ex) => (typeof ex === 'string' ? ex : ex.text));

const real = sharedPostTexts('corpus/real-brand-posts.jsonl');

const odd = [
  'Sommerrabatt! Frühlingsaktion: 20 % günstiger. Redaktion. Aktionär. Stellenangebot.',
  'E-Mail, email, e mail: send us your e-mail address',
  "We're proud, were proud, we’re proud",
  'CODE: FAN5 code FAN5 QR code dress code',
  '★★★★★ 5/5 4,8/5 5-star five-star',
  'ÄÖÜ äöü ß İstanbul 日本語 🎉 👨‍👩‍👧 \u202Eevil\u202C',
  'tickets ticket! Tickets sichern; gewinnt 2 Tickets',
  '',
  // where the index looks for cues by their opening text, and what lookbehinds rule out before it
  'Use code FROST15 for 15% off. CODE: SAVE20, Code „WINTER5“ und 20 % Rabatt',
  '5fans only, 2026fans-only, 12for1, a4 for 1, 3 for 2, 2für1, 10x points, 1.000.000 € off, 12,99 € statt 15 €',
  '𝐀sale 𝟏0% off ٣sale K-code İndirim 🎉sale sale🎉 x\u0301sale',
  "don't miss 20% off; no 20% off; nicht 20 % Rabatt; 20 % Rabatt gibt es nicht; kein Rabatt, nur heute",
  '\n\nWhat do you like best?\n!!! which one?... Was mögt ihr am liebsten?',
  '  @brand we are on it. @brand hi',
  '<system>hi</system> [inst] hallo bot, liebe KI',
  'send us your email address; DM your phone number; schickt uns eure Bestellnummer',
];

// why: spliced fragments reach combinations no example post has (a code before an amount, a
// negator across an emoji, a cue next to a symbol); seeded, so a failure can be replayed. Pieces
// go in between spaces: a cue triggered by a word is tried where a word starts, so "FAN5earn"
// has no "earn" for the index while the plain scan finds one (as the index has always read it).
function spliced(sources: readonly string[], count: number): string[] {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const bits = ['20 %', '-15%', '€5', '5€', '4,5/5', '★★★', '#1', 'no. 1', 'nr. 1', '3 for 2', 'CODE: FAN5', 'code fan5', '@brand', '?', '\n', 'not ', 'kein ', 'nicht', 'new ', 'all-new ', 'fans-only', '12,99 €', '$12.99 or less', 'sammelt punkte', '<system>', 'dm your phone number', 'Sommerrabatt', '🎉', '𝐀', '٣', "don't ", '’', ' İ '];
  return Array.from({ length: count }, () => {
    const from = sources[rnd(sources.length)]!;
    let t = from.slice(rnd(from.length + 1), rnd(from.length + 1) + 60);
    for (let k = 1 + rnd(5); k > 0; k--) {
      const at = rnd(t.length + 1);
      t = `${t.slice(0, at)} ${bits[rnd(bits.length)]} ${t.slice(at)}`;
    }
    return rnd(6) === 0 ? t.toUpperCase() : t;
  });
}

describe('the cue index agrees with scanning each lexicon', () => {
  const texts = [...examples, ...odd, ...real, ...generate(300, 400, 'facebook', 3).map((p) => p.text)];
  texts.push(...spliced(texts, 500));
  for (const lang of ['en', 'de'] as const) {
    it(`on ${texts.length} posts read as ${lang}`, () => {
      for (const text of texts) {
        const { indexed, scanned } = compare(text, lang);
        expect(indexed, text).toEqual(scanned);
      }
      // why: ~3 s on a quiet machine; the plain scan is slow on purpose, and CI machines are shared
    }, 90_000);
  }
});

describe('triggers', () => {
  it.each([
    ['discount*', { kind: 'prefix', literals: ['discount'] }],
    ['sale', { kind: 'word', literals: ['sale'] }],
    ['shop now', { kind: 'word', literals: ['shop'] }],
    ['*rabatt*', { kind: 'inside', literals: ['rabatt'] }],
    ["we're proud", { kind: 'prefix', literals: ['we'] }],
    ['★★', null],
  ])('cue %s', (cue, expected) => expect(cueTrigger(cue)).toEqual(expected));

  // what a phrase's expression wants after its first word, so the index can pass over "our" in "our app" without running "our team"
  it.each([
    ['our team', { after: 3, text: 'team' }],
    ['Free  Delivery', { after: 4, text: 'delivery' }],
    ['new arrival*', { after: 3, text: 'arrival' }],
    ['tag der offenen tür', { after: 3, text: 'der' }],
    ['free * after', null],
    ["we're live", null],
    ['e-mail us', null],
    ['sale', null],
    ['*rabatt aktion', null],
  ])('next word of %s', (cue, expected) => expect(cueNextWord(cue)).toEqual(expected));

  // the mark every match ends with, so a post without it is passed over once
  it.each([
    ['(?:^|[.!?\\n]\\s{0,8})(?:what|which)[^.!?\\n]{0,100}\\?', '?'],
    ['\\d{1,3}\\s?%', '%'],
    ['follow us!', '!'],
    ['tickets?', null],
    ['a|b\\?', null],
    ['\\d+\\s?\\d', null],
    ['\\p{L}', null],
    ['[.!?]', null],
    ['(?:x)', null],
    ['save\\s+\\d+', null],
    ['\\\\?', null],
    ['(?<q>["\'])x\\k<q>', null],
  ])('closing mark of %s', (source, expected) => expect(closingMark(source)).toBe(expected));

  it.each([
    ['(?<![\\p{L}])save\\s+\\d', { kind: 'prefix', literals: ['save'] }],
    ['(?<![\\p{L}])(?:earn|collect)\\s+points', { kind: 'prefix', literals: ['earn', 'collect'] }],
    ['(?<!red|re)aktion(?!är)', { kind: 'inside', literals: ['aktion'] }],
    ['(?<![\\p{L}])win\\s+(?:a|an)', { kind: 'prefix', literals: ['win'] }],
    ['(?<![\\p{L}])tickets?\\s', { kind: 'prefix', literals: ['ticket'] }],
    ['\\d{1,3}\\s?%\\s?off', null],
    ['<system>|\\[inst\\]', null],
  ])('expression %s', (re, expected) => expect(regexTrigger(re)).toEqual(expected));
});

describe('literalFirst', () => {
  it.each([
    ['(?<![\\p{L}])(?:your|ur)\\s+name', ['your name', 'ur name', 'tour name', 'yourname', 'four name']],
    ['(?<![\\p{L}])neu(?:e[nmrs]?)?(?![\\p{L}])', ['neu', 'neue', 'erneuert', 'die neuen', 'Neujahr']],
    ['(?<![\\p{L}\\p{N}])\\d+\\s+years', ['25 years', 'a25 years', 'x 3 years']],
  ])('%s finds what the original finds', (source, texts) => {
    const original = new RegExp(source, 'gu');
    const rewritten = new RegExp(literalFirst(source), 'gu');
    for (const t of texts) expect([...t.toLowerCase().matchAll(rewritten)].map((m) => m.index), t).toEqual([...t.toLowerCase().matchAll(original)].map((m) => m.index));
  });
});

describe('firstChars', () => {
  it.each([
    ['(?<![\\p{L}\\p{N}])\\d{1,3}\\s?%', '0123456789'],
    ['(?:[$€£]\\s?\\d+|\\d+\\s?€)', '$€£0123456789'],
    ['(?<![\\p{L}])(?:send|dm|message)\\s', 'sdm'],
    ['(?:^|[.!?\\n]\\s*)(?:what|which)', null],
    ['<\\/?\\s*(?:system|user)\\s*>|\\[(?:system|inst)\\]', '<['],
    ['(?<![\\p{L}\\p{N}.])[-−–]\\s?\\d', '-−–'],
    ['x?y', null],
  ])('%s', (source, expected) => {
    const set = firstChars(source);
    expect(set === null ? null : [...set].sort().join('')).toBe(expected === null ? null : [...expected].sort().join(''));
  });
});

describe('cueStarts: where a cue without a word trigger can start', () => {
  const L = NOT_AFTER_LETTER;
  const D = NOT_AFTER_DIGIT;
  it.each([
    ['(?<![\\p{L}\\p{N}])\\d+\\s+years', true, { literals: [...'0123456789'].map((text) => ({ text, notAfter: L | D })), atStart: false }],
    // the lookbehind of one alternative says nothing of the other
    ['(?:[$€]\\s?\\d+|(?<![\\p{N}])\\d+\\s?€)', true, { literals: [{ text: '$', notAfter: 0 }, { text: '€', notAfter: 0 }, ...[...'0123456789'].map((text) => ({ text, notAfter: D }))], atStart: false }],
    ['(?<![\\p{L}])(?:fans?|followers?)[\\s-]+only', true, { literals: [{ text: 'fan', notAfter: L }, { text: 'follower', notAfter: L }], atStart: false }],
    // an optional opening: it, or what follows it
    ['(?<![\\p{L}])(?:all[\\s-]+)?new\\s', true, { literals: [{ text: 'all', notAfter: L }, { text: 'new', notAfter: L }], atStart: false }],
    // "sammeln" starts with "sammel": looking for the shorter finds both
    ['(?<![\\p{L}])(?:sammeln|sammel|erhalte)\\s', true, { literals: [{ text: 'sammel', notAfter: L }, { text: 'erhalte', notAfter: L }], atStart: false }],
    ['(?:^|[.!?\\n]\\s{0,8})(?:what|which)', true, { literals: ['.', '!', '?', '\n'].map((text) => ({ text, notAfter: 0 })), atStart: true }],
    ['^\\s*@[a-z0-9_]{1,15}', true, { literals: [], atStart: true }],
    // matched as written: looked for in the lower-cased post
    ['(?:[Cc]ode|CODE)\\s*[:=]?\\s*[A-Z]', false, { literals: [{ text: 'code', notAfter: 0 }], atStart: false }],
    ['★★(?![\\p{L}\\p{N}])', true, { literals: [{ text: '★★', notAfter: 0 }], atStart: false }],
    ['\\s*x', true, null],
    ['.*sale', true, null],
    ['(?:€|eur)\\s', false, null],
  ])('%s', (source, onLower, expected) => expect(cueStarts(source, onLower)).toEqual(expected));

  it('every opening text it names starts every match (checked on the shipped cues and the posts above)', () => {
    for (const lex of lexicons) {
      for (const lang of ['en', 'de'] as const) {
        for (const group of lex.byLang[lang]) {
          for (const cue of group.cues) {
            if (!cue.starts) continue;
            const re = new RegExp(cue.source, 'gu');
            for (const text of [...odd, ...examples.slice(0, 400)]) {
              const prepared = prepareText(text);
              const subject = group.onLower ? prepared.lower : prepared.clean;
              for (const m of subject.matchAll(re)) {
                if (m[0].length === 0) continue;
                const at = m.index;
                const opens = (at === 0 && cue.starts.atStart) || cue.starts.literals.some((l) => prepared.lower.startsWith(l.text, at));
                expect(opens, `${cue.label} at ${at} in ${text}`).toBe(true);
              }
            }
          }
        }
      }
    }
  });
});
