// requiredLiterals promises: every match of the expression contains one of the strings, in the
// lower-cased text. Checked on generated texts built from the expression's own pieces in mixed
// case, so many of them match; and on what it must not claim.
import { describe, expect, it } from 'vitest';
import { requiredLiterals } from '../../src/core/required-literals.ts';
import { realRules } from '../support/advisor.ts';

// why at load: reading the rule book is slow on a busy machine, and no test's time
const kinds = realRules().book.kinds!.value;

const SOURCES = [
  'sorry (?:to hear|about)|we(?:\'re| are) (?:so |very )?sorry|entschuldig\\p{L}*',
  '(?<!\\p{L})(?:DM|PM)(?:s|ed)?(?!\\p{L})',
  '(?:^|[.!]\\s+)(?:[Hh]i|[Dd]ear|[Ll]iebe[rs]?)\\s+\\p{Lu}\\p{Ll}+',
  '(?:\\^|(?:^|\\s)[-–—]\\s?)\\p{Lu}[\\p{L}]{0,15}\\s*(?:\\d/\\d)?\\s*$',
  'ab{2,3}c|x+y*z?|\\bq[uv]u{1}\\b',
  '(?:bis (?:ca\\. )?\\d{1,2}(?::\\d{2})? uhr|from \\d{1,2}\\s*(?:am|pm)?\\s*(?:to|-)\\s*\\d)',
  '(?<w>kö|sk)a\\k<w>|(ß|ss)e\\1',
  'straße|STRASSE|fällt aus|über',
  '[^a]bc|a.c|\\x41\\u0042C|\\/path\\/',
  '(?=ab)a|(?!x)yz|(?<=q)r',
];

const PIECES = [' Hi Anna', '. Liebe Mike', '! dear Jo', 'bis 12 Uhr', 'bis ca. 9:30 uhr', 'from 9 am to 5', 'FROM 10-11', ' ', '.', '!', '-', '–', 'ab', 'c', 'bb', 'x', 'y', 'z', 'q', 'u', 'v', 'r', '1', '12', ':30', 'Uhr', 'bis ', 'ca. ', 'from ', 'am', 'pm', 'to', 'Sorry', 'SORRY ', 'to hear', 'about', "we're", 'we are', 'so ', 'very ', 'entschuldigung', 'dm', 'DM', 'PMs', 'ed', 'Hi', 'dear', 'Lieber', 'Anna', 'Mike', '^', 'ABC', '/path/', 'kö', 'KÖ', 'sk', 'a', 'ß', 'SS', 'e', 'Straße', 'FÄLLT AUS', 'Über', 'K', 'Å', 'ẞ'];

function texts(count: number, seed: number): string[] {
  let s = seed >>> 0;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(next() * 8) }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''));
}

function holds(source: string, flags: string, text: string): boolean {
  const needs = requiredLiterals(source);
  if (needs === null || !new RegExp(source, flags).test(text)) return true;
  const lower = text.toLowerCase();
  return needs.some((n) => lower.includes(n));
}

describe('requiredLiterals', () => {
  it.each(SOURCES)('every match of %s contains one of its strings', (source) => {
    const all = texts(4_000, source.length);
    const matching = all.filter((t) => new RegExp(source, 'iu').test(t));
    // the generated texts must exercise the expression, or the check proves nothing
    expect(matching.length).toBeGreaterThan(20);
    for (const flags of ['iu', 'u']) expect(all.filter((t) => !holds(source, flags, t))).toEqual([]);
  });

  it('holds for every cue of the post kinds on their examples', () => {
    const cues = [...kinds.kinds.reply.cues, ...kinds.kinds.service.cues, ...Object.values(kinds.traits).flat()];
    for (const { text } of kinds.examples) for (const c of cues) expect(holds(c.re, c.case_sensitive ? 'u' : 'iu', text)).toBe(true);
  });

  it('finds the strings a simple expression needs', () => {
    expect(requiredLiterals('(?<!\\p{L})(?:DM|PM)(?:s|ed)?(?!\\p{L})')?.sort()).toEqual(['dm', 'pm']);
    expect(requiredLiterals('thanks for your patience|danke für eure geduld')?.sort()).toEqual(['danke für eure geduld', 'thanks for your patience']);
  });

  it('claims nothing for what it cannot read', () => {
    for (const source of ['\\p{L}+', 'a*', '[a-z]{3}', '(?:x|\\d)', 'ſ', '.+', 'µ', '(?:abc)?'])
      expect(requiredLiterals(source), source).toBeNull();
  });
});
