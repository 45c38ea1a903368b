// The plan stage re-scores every what-if on one working copy of the measures: each flip writes only
// what its check reads (checks/check.ts), and undoFlip puts exactly that back. These tests hold
// every check kind in the real rule book to that, on posts that make each kind's flip do something.
import { describe, expect, it } from 'vitest';
import { detectPost } from '../../src/core/engine.ts';
import { planFor, undoFlip, whatIfCopy } from '../../src/core/judge.ts';
import { kindOf, withKind } from '../../src/core/post-kind.ts';
import type { Platform } from '../../src/core/post.ts';
import { realAdvisor } from '../support/advisor.ts';

const advisor = realAdvisor();
const posts: [string, Platform][] = [
  ['Use code SPRING20 for 20% off! https://shop.example/sale #sale #deal #spring #shop #new #now', 'facebook'],
  ['Can you send us your email address and phone number? https://bit.ly/x1', 'twitter'],
  ['WIN WIN WIN!!! FOLLOW AND SHARE TO WIN A PRIZE!!! https://example.com/win', 'twitter'],
  ['@beanclub Sorry for the delay! Please DM us your order number and we will sort it out today.', 'twitter'],
  ['Heute feiern wir 25 Jahre Bäckerei Sonnenkorn. ' + 'Danke an alle! '.repeat(30), 'twitter'],
  ['Hello', 'facebook'],
];

const judging = { categories: advisor.categories, findings: advisor.findings, replyLang: 'en', wording: false } as const;
const turned = new Set<string>();

describe('what-ifs on one working copy', () => {
  it('the working copy is the measures as `{ ...m, categories: { ...m.categories } }` builds them', () => {
    const m = withKind(detectPost({ text: posts[0]![0], platform: 'facebook', lang: 'auto' }, advisor.measureContext), kindOf(advisor.kinds, posts[0]![0]));
    const copy = whatIfCopy(m);
    const literal = { ...m, categories: { ...m.categories } };
    expect(Object.getOwnPropertyNames(copy)).toEqual(Object.getOwnPropertyNames(literal));
    expect(Object.getOwnPropertyDescriptors(copy)).toEqual(Object.getOwnPropertyDescriptors(literal));
    expect(copy.categories).not.toBe(m.categories);
    expect(copy.categories).toEqual(m.categories);
  });

  it.each(posts)('each flip writes only what its check reads, and undoFlip puts it back: “%s”', (text, platform) => {
    const read = detectPost({ text, platform, lang: 'auto' }, advisor.measureContext);
    const m = withKind(read, kindOf(advisor.kinds, text));
    const whatIf = whatIfCopy(m);
    for (const planned of planFor(advisor.rules, m.platform, m.lang, m.kind.kind)) {
      const { rule, check, writes } = planned;
      if (!check.flip) continue;
      check.flip(whatIf, rule.check);
      for (const k of Object.keys(m) as (keyof typeof m)[]) if (k !== 'categories' && !writes.fields.includes(k)) expect(whatIf[k], `${rule.id}: ${k}`).toBe(m[k]);
      for (const c of Object.keys(m.categories) as (keyof typeof m.categories)[]) if (!writes.categories.includes(c)) expect(whatIf.categories[c], `${rule.id}: categories.${c}`).toBe(m.categories[c]);
      if ((check.run(whatIf, rule.check, judging) === null) !== (check.run(m, rule.check, judging) === null)) turned.add(rule.check.kind);
      undoFlip(whatIf, m, planned);
      expect(whatIf, rule.id).toStrictEqual(whatIfCopy(m));
    }
  });

  it('turned a rule of every kind with a flip around in those posts', () => {
    expect([...turned].sort()).toEqual(['category', 'count', 'limit', 'signal', 'spam', 'trait']);
  });
});
