// The cue index must find exactly what scanning each lexicon on its own finds; it only skips the
// places where no cue can start. Checked on every example post, the benchmark corpus, the real
// brand posts (../shared; a clear failure when it is missing) and awkward inputs.
import { describe, expect, it } from 'vitest';
import { findAll } from '../../src/core/cue-index.ts';
import { firstChars, literalFirst, regexTrigger, cueTrigger } from '../../src/core/cue-compiler.ts';
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
];

describe('the cue index agrees with scanning each lexicon', () => {
  const texts = [...examples, ...odd, ...real, ...generate(300, 400, 'facebook', 3).map((p) => p.text)];
  for (const lang of ['en', 'de'] as const) {
    it(`on ${texts.length} posts read as ${lang}`, () => {
      for (const text of texts) {
        const { indexed, scanned } = compare(text, lang);
        expect(indexed, text).toEqual(scanned);
      }
    });
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
