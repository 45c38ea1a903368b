import { describe, expect, it } from 'vitest';
import { advise } from '../../src/core/engine.ts';
import { realAdvisor } from '../support/advisor.ts';

const advisor = realAdvisor();
const post = { text: 'Our spring collection has arrived.', platform: 'facebook' as const, lang: 'en' as const };

describe('scoring with the user’s corrections and ignored rules', () => {
  it('a category marked missing counts, one marked wrong does not, and the score follows', () => {
    const before = advise(advisor, post);
    expect(before.categories).toContain('product_news');
    const after = advise(advisor, post, { corrections: { wrong: ['product_news'], missing: ['discount'] } });
    expect(after.categories).toContain('discount');
    expect(after.categories).not.toContain('product_news');
    expect(after.band).toBe('strong');
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.findings.map((f) => f.id)).toContain('offer.discount');
  });

  it('an ignored rule neither scores nor is suggested', () => {
    const before = advise(advisor, post);
    expect(before.suggestions.map((s) => s.rule)).toContain('offer.discount');
    const after = advise(advisor, post, { ignoredRules: ['offer.discount', 'gap.only-overrated'] });
    expect(after.suggestions.map((s) => s.rule)).not.toContain('offer.discount');
    expect(after.findings.map((f) => f.id)).not.toContain('gap.only-overrated');
  });
});
