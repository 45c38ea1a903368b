import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditPage } from '../../src/app/audit-page.ts';
import { openExport } from '../../src/adapters/audit/read-export.ts';
import { advise } from '../../src/core/engine.ts';
import { medianSorted } from '../../src/core/audit/bootstrap.ts';
import { realAdvisor } from '../support/advisor.ts';

const advisor = realAdvisor();
const fixture = (name: string) => new URL(`../fixtures/audit/${name}`, import.meta.url);

async function audit(name: string, options: { since?: string; lang?: 'en' | 'de' } = {}) {
  return auditPage(advisor, await openExport(createReadStream(fixture(name))), { lang: options.lang ?? 'en', since: options.since });
}

describe('auditing a page export', () => {
  it('gives the same JSON byte for byte on every run', async () => {
    const one = JSON.stringify(await audit('meta-facebook.csv'));
    const two = JSON.stringify(await audit('meta-facebook.csv'));
    expect(two).toBe(one);
  });

  it('counts the content mix from the engine and sets the study figures beside it', async () => {
    const result = await audit('meta-facebook.csv');
    expect(result.format).toBe('meta-facebook');
    expect(result.posts).toBe(63);
    expect(result.skipped).toEqual([{ line: 24, reason: 'Reach is "n. a.", not a number' }]);
    expect(result.period).toEqual({ from: '2026-01-05', to: '2026-07-13' });
    const discount = result.mix.find((m) => m.category === 'discount')!;
    expect(discount).toMatchObject({ consumers: 0.83, companies: 0.53, finding: 'pivot-deals' });
    expect(discount.posts).toBeGreaterThan(8);
    expect(discount.share).toBeCloseTo(discount.posts / 63, 4);
    expect(result.mix.map((m) => m.category)).toEqual([...advisor.categories.keys()]);
  });

  it('compares engagement per category and gives verdicts the data supports', async () => {
    const result = await audit('meta-facebook.csv');
    const discount = result.engagement.find((e) => e.category === 'discount')!;
    // the fixture's deal posts were given about twice the page's usual rate
    expect(discount.verdict).toBe('higher');
    expect(discount.low!).toBeGreaterThan(1);
    expect(discount.ratio!).toBeGreaterThan(discount.low!);
    expect(discount.high!).toBeGreaterThan(discount.ratio!);
    const companyNews = result.engagement.find((e) => e.category === 'company_info');
    if (companyNews && companyNews.n >= 8) expect(companyNews.verdict).toBe('lower');
    for (const row of result.engagement) if (row.n < 8) expect(row.verdict).toBe('not_enough_data');
  });

  it('checks its median against the posts themselves', async () => {
    const opened = await openExport(createReadStream(fixture('x-content.csv')));
    const rates: number[] = [];
    for await (const r of opened.records) {
      if (r.kind !== 'post') continue;
      const categories = advise(advisor, { text: r.text, platform: 'twitter', lang: 'auto' }).categories;
      if (categories.includes('opinion_request') && r.base) rates.push(r.engagement / r.base);
    }
    const result = await audit('x-content.csv');
    const row = result.engagement.find((e) => e.category === 'opinion_request')!;
    expect(row.n).toBe(rates.length);
    expect(row.median).toBeCloseTo(medianSorted(rates.sort((a, b) => a - b)), 6);
  });

  it('lists the best and worst five posts with scores, texts cut to 120 characters', async () => {
    const result = await audit('meta-facebook.csv');
    expect(result.best).toHaveLength(5);
    expect(result.worst).toHaveLength(5);
    const rates = result.best.map((p) => p.rate);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(result.best[0]!.rate).toBeGreaterThan(result.worst[0]!.rate);
    for (const p of [...result.best, ...result.worst]) {
      expect(Array.from(p.text).length).toBeLessThanOrEqual(120);
      expect(p.score).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives three recommendations, each with its evidence, in English and German', async () => {
    const en = await audit('meta-facebook.csv');
    expect(en.recommendations).toHaveLength(3);
    for (const r of en.recommendations) expect(r.evidence).toMatch(/^your data, 63 posts, 2026-01-05 to 2026-07-13/);
    expect(en.recommendations.some((r) => /pivot-deals|ibm-r-/.test(r.evidence))).toBe(true);
    const de = await audit('meta-facebook-de.csv', { lang: 'de' });
    expect(de.recommendations[0]!.evidence).toMatch(/^deine Daten, 24 Posts/);
  });

  it('--since leaves out older posts', async () => {
    const all = await audit('x-content.csv');
    const recent = await audit('x-content.csv', { since: '2026-06-01' });
    expect(recent.posts).toBeLessThan(all.posts);
    expect(recent.period!.from >= '2026-06-01').toBe(true);
  });

  it('reads every format', async () => {
    for (const [file, format] of [['meta-instagram.csv', 'meta-instagram'], ['x-activity.csv', 'x-activity'], ['generic.csv', 'generic']] as const) {
      const result = await audit(file);
      expect(result.format).toBe(format);
      expect(result.posts).toBeGreaterThan(10);
      expect(result.best.length).toBe(5);
    }
  });
});
