import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadRules, RuleBookError } from '../../src/adapters/rules-fs.ts';
import { checkCatalog, percentFigures, TIP_MAX_CHARS, type CatalogSources } from '../../src/core/catalog.ts';
import { CategoryId, SignalId } from '../../src/core/category.ts';
import type { Finding } from '../../src/core/finding.ts';
import type { LoadProblem } from '../../src/core/load-problem.ts';
import type { Tip } from '../../src/core/tip.ts';
import { emittableTopics } from '../../src/core/topic.ts';

const rulesDir = fileURLToPath(new URL('../../rules', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/catalog', import.meta.url));

const realSources = (): CatalogSources => ({
  findings: { file: 'rules/findings/findings.yml', text: readFileSync(join(rulesDir, 'findings', 'findings.yml'), 'utf8') },
  tips: { file: 'rules/findings/tips.yml', text: readFileSync(join(rulesDir, 'findings', 'tips.yml'), 'utf8') },
});

/** Runs `fn`, expects a RuleBookError, and returns its problems. */
function problemsOf(fn: () => unknown): LoadProblem[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RuleBookError);
    return (err as RuleBookError).problems;
  }
  throw new Error('expected a RuleBookError, but nothing was thrown');
}

/** 1-based line of the first line in `file` that contains `needle` (after line `after`). */
function lineOf(file: string, needle: string, after = 0): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l, n) => n >= after && l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in ${file}`);
  return i + 1;
}

// Every finding id in sections (a) and (c) of evidence.md, plus the two platform facts.
const evidenceIds = [
  'ibm-r-discount', 'ibm-r-purchase', 'ibm-r-reviews', 'ibm-r-general', 'ibm-r-exclusive', 'ibm-r-newprod',
  'ibm-r-opinion', 'ibm-r-service', 'ibm-r-events', 'ibm-r-connected', 'ibm-r-ideas', 'ibm-r-community',
  'ibm-active-5', 'ibm-accounts', 'ibm-why-friends-70', 'ibm-why-news', 'ibm-why-brands-23', 'ibm-no-engage-55',
  'ibm-honesty', 'ibm-affinity', 'ibm-advocacy-38', 'ibm-exec-pressure',
  'pivot-know-asked', 'pivot-clear-picture', 'pivot-deals', 'pivot-rewards', 'pivot-exclusive', 'pivot-service',
  'pivot-feedback', 'pivot-twitter',
  've-prove-25', 've-mpm-1in4', 've-ceo-grade', 've-ceo-vs-mktg', 've-itsma-partner', 'cmo-social-roi',
  'cmoc-exclusive', 'cmoc-contests', 'cmoc-peers', 'cmoc-service', 'cmoc-ideas', 'cmoc-response',
  'eng-fb-80', 'eng-fb-40', 'eng-fb-50', 'eng-fb-question', 'eng-fb-qmark', 'eng-fb-share', 'eng-fb-hashtags',
  'eng-fb-shortener', 'eng-fb-timing', 'eng-fb-promo-words', 'eng-fb-dollar-off', 'eng-fb-coupon-holiday',
  'eng-fb-frequency', 'eng-fb-images', 'eng-tw-100', 'eng-tw-hashtags', 'eng-tw-links', 'eng-tw-rt-word',
  'eng-tw-media', 'eng-tw-buffer', 'eng-tw-length-71-100', 'eng-tw-mit', 'eng-tw-zarrella', 'eng-emoji',
  'eng-sprout-2019', 'eng-cmb', 'eng-fb-bait',
  'platform-x-limit', 'platform-fb-limit',
];

describe('the real catalogue', () => {
  const { findings, tips } = loadCatalog(rulesDir);
  const byId = new Map(findings.map((f) => [f.id, f]));

  it('is what the one loader of rules/ reads too', () => {
    const { book, tips: loadedTips } = loadRules(rulesDir);
    expect(book.findings.map((f) => f.id)).toEqual(findings.map((f) => f.id));
    expect(loadedTips.map((t) => t.id)).toEqual(tips.map((t) => t.id));
  });

  it('has every finding id from evidence.md and no others', () => {
    expect(findings.map((f) => f.id).sort()).toEqual([...evidenceIds].sort());
  });

  it('keeps the corrected and cautious figures from evidence.md', () => {
    const f = (id: string): Finding => byId.get(id)!;
    expect(f('ibm-r-discount').consumers?.value).toBe('61%');
    expect(f('ibm-r-discount').companies?.value).toBe('60%');
    expect(f('ibm-r-discount').caveat.en).toContain('1,056');
    expect(f('ibm-r-discount').caveat.en).toContain('351');
    expect(f('pivot-know-asked').claim.en).toMatch(/76%.*34%/);
    expect(f('pivot-know-asked').claim.en).not.toMatch(/77%|35%/);
    expect(f('pivot-rewards').claim.en).toContain('think rewards programmes are important');
    expect(f('pivot-exclusive').verified).toBe('partial');
    expect(percentFigures(f('pivot-exclusive').claim.en + f('pivot-exclusive').claim.de)).not.toContain('43');
    expect(f('pivot-exclusive').companies).toBeUndefined();
    expect(f('pivot-service').verified).toBe('partial');
    expect(f('pivot-service').caveat.en).toContain('seed article');
    expect(f('ve-prove-25').verified).toBe('no');
    expect(f('platform-x-limit').claim.en).toMatch(/280 weighted characters.*23 characters/s);
    expect(f('platform-fb-limit').claim.en).toContain('63,206');
    expect(f('platform-fb-limit').claim.de).toContain('63.206');
  });

  it('marks verified exactly as evidence.md does for the partial and unverified findings', () => {
    const notYes = findings.filter((f) => f.verified !== 'yes').map((f) => `${f.id}:${f.verified}`);
    expect(notYes.sort()).toEqual(
      [
        'ibm-affinity:partial', 'ibm-advocacy-38:partial', 'pivot-exclusive:partial', 'pivot-service:partial',
        've-prove-25:no', 'eng-tw-rt-word:partial', 'eng-emoji:partial',
      ].sort(),
    );
  });

  it('writes percentages the German way in German and the English way in English', () => {
    for (const f of findings) {
      for (const de of [f.claim.de, f.caveat.de, ...tips.filter((t) => t.finding === f.id).map((t) => t.text.de)]) {
        expect(de, f.id).not.toMatch(/\d%/); // "61 %", not "61%"
        expect(de, f.id).not.toMatch(/\d\.\d+\s?%/); // "82,5 %", not "82.5 %"
      }
      expect(f.claim.en, f.id).not.toMatch(/\d %/);
    }
  });

  it('keeps finding titles short', () => {
    for (const f of findings) for (const t of [f.title.en, f.title.de]) expect(t.length, f.id).toBeLessThanOrEqual(80);
  });

  it('has at least the 41 tips of evidence.md', () => {
    expect(tips.length).toBeGreaterThanOrEqual(41);
  });

  it('cites an existing, not-unverified finding in every tip', () => {
    for (const tip of tips) {
      expect(byId.has(tip.finding), `${tip.id} cites ${tip.finding}`).toBe(true);
      expect(byId.get(tip.finding)?.verified, tip.id).not.toBe('no');
    }
  });

  it('writes every tip in both languages, within the length limit', () => {
    for (const tip of tips) {
      for (const text of [tip.text.en, tip.text.de]) {
        expect(text.trim().length, tip.id).toBeGreaterThan(0);
        expect([...text].length, tip.id).toBeLessThanOrEqual(TIP_MAX_CHARS);
      }
      expect(tip.text.en, tip.id).not.toBe(tip.text.de);
    }
  });

  it('tags tips only with known topic ids', () => {
    const known = new Set<string>([
      ...CategoryId.options, ...SignalId.options, 'hashtags', 'length', 'question', 'image', 'link_shortener',
    ]);
    for (const tip of tips) for (const topic of tip.topics) expect(known.has(topic), `${tip.id}: ${topic}`).toBe(true);
    expect(tips.find((t) => t.id === 'newprod-launch-offer')?.topics).toEqual(['product_news', 'discount']);
  });

  it('passes the figure cross-check', () => {
    expect(checkCatalog(findings, tips, realSources())).toEqual([]);
  });

  it('names a tip topic the engine never reports, at that topic', () => {
    const i = tips.findIndex((t) => t.id === 'discount-give-one');
    const planted: Tip[] = tips.map((t, n) => (n === i ? { ...t, topics: ['discount', 'image'] } : t));
    const problems = checkCatalog(findings, planted, realSources(), emittableTopics(loadRules(rulesDir).book.rules.map((r) => r.value)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'rules/findings/tips.yml', field: `tips.${i}.topics.1` });
    expect(problems[0]?.message).toContain('Unknown topic "image"');
  });

  it('catches a wrong figure planted in a real tip, at that tip’s line', () => {
    const i = tips.findIndex((t) => t.id === 'discount-give-one');
    const planted: Tip[] = tips.map((t, n) => (n === i ? { ...t, text: { ...t.text, de: '62 % der Konsumenten wollen Rabatte.' } } : t));
    const problems = checkCatalog(findings, planted, realSources(), emittableTopics(loadRules(rulesDir).book.rules.map((r) => r.value)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'rules/findings/tips.yml', field: `tips.${i}.text.de` });
    expect(problems[0]?.message).toContain('"62%" does not appear in finding ibm-r-discount');
    const tipLine = lineOf(join(rulesDir, 'findings', 'tips.yml'), 'id: discount-give-one');
    expect(problems[0]?.line).toBe(lineOf(join(rulesDir, 'findings', 'tips.yml'), 'de: >-', tipLine));
  });
});

describe('percentFigures', () => {
  it('normalises spacing and decimal commas and reads both ends of a range', () => {
    expect(percentFigures('61 % vs 61%, 82,5 % and 82.5%; 12.20%')).toEqual(['61', '61', '82.5', '82.5', '12.2']);
    expect(percentFigures('59–63 % of brands, +21 %; −17 %')).toEqual(['59', '63', '21', '17']);
    expect(percentFigures('1–2 hashtags, 3× the engagement, 1 in 4')).toEqual([]);
  });
});

describe('checkCatalog', () => {
  const finding = (id: string, over: Partial<Finding> = {}): Finding => ({
    id,
    title: { en: 'Discounts', de: 'Rabatte' },
    claim: { en: '61% want discounts; businesses think 60%.', de: '61 % wollen Rabatte; Unternehmen glauben 60 %.' },
    study: { title: 'T', publisher: 'P', year: 2011, sources: ['S1'] },
    verified: 'yes',
    caveat: { en: 'c', de: 'c' },
    ...over,
  });
  const tip = (id: string, findingId: string, en: string, de = en): Tip => ({ id, finding: findingId, topics: [], text: { en, de } });

  it('accepts figures from the claim or the consumers/companies values, in either language', () => {
    const f = finding('f', {
      claim: { en: 'Most fans want deals.', de: 'Die meisten Fans wollen Deals.' },
      consumers: { value: '82.5%', who: { en: 'fans', de: 'Fans' } },
      companies: { value: '≈5%', who: { en: 'brands', de: 'Marken' } },
    });
    expect(checkCatalog([f], [tip('t', 'f', '82.5% of fans; about 5% of brands.', '82,5 % der Fans; rund 5 % der Marken.')])).toEqual([]);
  });

  it('reports a tip that cites a missing finding or an unverified one', () => {
    const problems = checkCatalog([finding('a'), finding('b', { verified: 'no' })], [tip('t1', 'nope', 'x'), tip('t2', 'b', 'y')]);
    expect(problems.map((p) => [p.field, p.message.split('.')[0]])).toEqual([
      ['tips.0.finding', 'Unknown finding "nope"'],
      ['tips.1.finding', 'Finding "b" is marked verified: no, so no tip may cite it'],
    ]);
  });

  it('reports duplicate finding and tip ids, and over-long or blank tips', () => {
    const problems = checkCatalog(
      [finding('a'), finding('a')],
      [tip('t', 'a', 'ok'), tip('t', 'a', 'x'.repeat(TIP_MAX_CHARS + 1), ' ')],
    );
    expect(problems.map((p) => p.field)).toEqual(['findings.1.id', 'tips.1.id', 'tips.1.text.en', 'tips.1.text.de']);
    expect(problems[0]?.message).toContain('Duplicate finding id "a"');
    expect(problems[2]?.message).toContain(`${TIP_MAX_CHARS + 1} characters`);
    expect(problems[3]?.message).toContain('blank');
  });
});

describe('loading broken catalogue files', () => {
  it('reports an unknown key with file, line and field', () => {
    const dir = join(fixtures, 'unknown-key');
    const problems = problemsOf(() => loadCatalog(dir));
    const file = join(dir, 'findings', 'tips.yml');
    const unknown = problems.find((p) => p.message.includes('txt'));
    expect(unknown).toMatchObject({ field: 'tips.3.txt', line: lineOf(file, 'txt:'), col: 5 });
    expect(unknown?.message).toMatch(/Unrecognized key.*"txt"/);
    expect(unknown?.file.endsWith(join('unknown-key', 'findings', 'tips.yml'))).toBe(true);
    // the misspelt key also leaves `text` missing, reported where tip 3 starts
    expect(problems.find((p) => p.field === 'tips.3.text')?.line).toBe(lineOf(file, 'id: twitter-two'));
  });

  it('reports duplicate ids in both files at the second occurrence', () => {
    const dir = join(fixtures, 'duplicate-ids');
    const problems = problemsOf(() => loadCatalog(dir));
    expect(problems.map((p) => [p.field, p.line])).toEqual([
      ['findings.2.id', lineOf(join(dir, 'findings', 'findings.yml'), 'id: pivot-twitter', lineOf(join(dir, 'findings', 'findings.yml'), 'id: pivot-twitter'))],
      ['tips.2.id', lineOf(join(dir, 'findings', 'tips.yml'), 'id: discount-one', lineOf(join(dir, 'findings', 'tips.yml'), 'id: discount-one'))],
    ]);
    expect(problems[0]?.message).toContain(`first used at line ${lineOf(join(dir, 'findings', 'findings.yml'), 'id: pivot-twitter')}`);
  });

  it('reports a planted wrong figure at the line of the tip text', () => {
    const dir = join(fixtures, 'wrong-figure');
    const error = (() => {
      try {
        loadCatalog(dir);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RuleBookError);
    const problems = (error as RuleBookError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'tips.1.text.en', line: lineOf(join(dir, 'findings', 'tips.yml'), 'en: 62%') });
    // the message lists every problem in file:line:col form, then a count
    expect((error as RuleBookError).message).toMatch(/tips\.yml:\d+:\d+ {2}tips\.1\.text\.en {2}"62%" does not appear/);
    expect((error as RuleBookError).message).toMatch(/1 problem in rules\/\.$/);
  });

  it('reports a missing directory as a located problem, not a raw fs error', () => {
    const problems = problemsOf(() => loadCatalog(join(fixtures, 'does-not-exist')));
    expect(problems).toHaveLength(2);
    expect(problems.every((p) => p.message.startsWith('Cannot read the file'))).toBe(true);
  });
});
