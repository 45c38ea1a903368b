import { describe, expect, it } from 'vitest';
import { AuditCollector, categoryStats, cutText, RESAMPLES, verdictOf } from '../../../src/core/audit/audit.ts';
import { bootstrapMedianRatio, medianSorted } from '../../../src/core/audit/bootstrap.ts';
import { calibrate, calibrationData } from '../../../src/core/audit/calibration.ts';
import { shareOf } from '../../../src/core/audit/figures.ts';
import type { CategoryId } from '../../../src/core/category.ts';
import { realAdvisor } from '../../support/advisor.ts';

const advisor = realAdvisor();

describe('verdicts, as the output contract says', () => {
  it('claims a difference only when the 90% interval lies above or below 1', () => {
    expect(verdictOf(8, 1.1, 2)).toBe('higher');
    expect(verdictOf(8, 0.4, 0.9)).toBe('lower');
    expect(verdictOf(30, 0.85, 1.2)).toBe('no_difference');
    expect(verdictOf(30, 0.6, 1.2)).toBe('not_enough_data');
    expect(verdictOf(30, 0.9, 1.4)).toBe('not_enough_data');
  });

  it('never below 8 posts, however clear the interval', () => {
    expect(verdictOf(7, 2, 3)).toBe('not_enough_data');
    expect(verdictOf(8, Number.NaN, Number.NaN)).toBe('not_enough_data');
  });
});

describe('texts and figures', () => {
  it('cuts post text to 120 characters including the ellipsis, on whole characters', () => {
    const long = `${'🎉'.repeat(100)} ${'a'.repeat(100)}`;
    const cut = cutText(long);
    expect(Array.from(cut)).toHaveLength(120);
    expect(cut.endsWith('…')).toBe(true);
    expect(cutText('short\n\ntext')).toBe('short text');
  });

  it('reads a finding figure as a share, or null when it is not one', () => {
    expect(shareOf('83%')).toBe(0.83);
    expect(shareOf('82.5%')).toBeCloseTo(0.825);
    expect(shareOf('≈5%')).toBe(0.05);
    expect(shareOf('about 1 in 4')).toBeNull();
    expect(shareOf(undefined)).toBeNull();
  });
});

describe('the figures per category', () => {
  it('come from the rated posts sorted once: each side of a category split off in order, then bootstrapped', () => {
    const c = new AuditCollector(advisor);
    const rates = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 1000) / 10_000);
    rates.forEach((rate, i) => c.add({ id: String(i), date: null, text: `post ${i}`, rate, score: 50, categories: i % 3 === 0 ? ['discount', 'contest'] : i % 3 === 1 ? ['discount'] : [] }));
    const rated = c.ratedPosts();
    expect([...rated.rates]).toEqual([...rates].sort((a, b) => a - b));
    const bit = c.categoryIds.indexOf('discount');
    const withIt = Float64Array.from(rates.filter((_, i) => i % 3 !== 2)).sort();
    const without = Float64Array.from(rates.filter((_, i) => i % 3 === 2)).sort();
    const direct = bootstrapMedianRatio(withIt, without, { seed: 20_110_912 + bit, resamples: RESAMPLES, level: 0.9 });
    expect(categoryStats(rated, bit)).toEqual({ n: 200, median: medianSorted(withIt), ratio: direct.ratio, low: direct.low, high: direct.high });
    expect(categoryStats(rated, c.categoryIds.indexOf('loyalty'))).toBeNull();
  });
});

function pageWith(deal: number[], rest: number[]) {
  const c = new AuditCollector(advisor);
  let i = 0;
  const add = (rate: number, categories: CategoryId[]) => c.add({ id: String(i), date: `2026-01-${String((i++ % 28) + 1).padStart(2, '0')}`, text: `post ${i}`, rate, score: 50, categories });
  deal.forEach((r) => add(r, ['discount']));
  rest.forEach((r) => add(r, ['company_info']));
  return c.finish({ format: 'generic', metric: { name: 'x', numerator: ['x'], denominator: 'y' }, skipped: [], lang: 'en' });
}

describe('calibrated lines beside a study score', () => {
  const spread = (base: number, n: number) => Array.from({ length: n }, (_, k) => base * (0.7 + (0.6 * k) / n));

  it('says how the page’s own posts with a category did, with n', () => {
    const audit = pageWith(spread(0.1, 20), spread(0.04, 40));
    const cal = calibrate(advisor, calibrationData(audit), ['discount'], 'en');
    expect(cal.lines).toHaveLength(1);
    expect(cal.lines[0]!.verdict).toBe('higher');
    expect(cal.lines[0]!.text).toMatch(/^On your page, posts with "Discount or deal" got 2\.\d× the median engagement \(n = 20\)\.$/);
    expect(cal.lines[0]!.contradicts).toBe(false);
    expect(cal.source).toBe('your data, 60 posts, 2026-01-01 to 2026-01-28');
  });

  it('says so when the page contradicts the studies, and admits thin evidence', () => {
    const audit = pageWith(spread(0.02, 12), spread(0.05, 5));
    const de = calibrate(advisor, calibrationData(audit), ['discount', 'company_info', 'event'], 'de');
    expect(de.lines.map((l) => l.category)).toEqual(['discount', 'company_info']);
    expect(de.lines[0]!.contradicts).toBe(true);
    expect(de.lines[0]!.text).toMatch(/widerspricht den Studien/);
    expect(de.lines[1]!.verdict).toBe('not_enough_data');
    expect(de.lines[1]!.text).toMatch(/noch nicht genug Belege \(n = 5\)/);
  });
});
