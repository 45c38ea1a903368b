// Every rule and every lexicon carries its own example posts; this runs them through the real
// engine, as ESLint's RuleTester runs valid/invalid cases.
import { describe, expect, it } from 'vitest';
import { presentCategories } from '../../src/core/detect.ts';
import { advise, detectPost } from '../../src/core/engine.ts';
import type { Platform } from '../../src/core/post.ts';
import { examplePost, runExamples } from '../../src/core/examples.ts';
import type { RuleExample } from '../../src/core/rule.ts';
import type { LexiconExample } from '../../src/core/lexicon-file.ts';
import { realAdvisor, realRules } from '../support/advisor.ts';

const { book } = realRules();
const advisor = realAdvisor();

const post = (ex: RuleExample | LexiconExample, platform: Platform = 'facebook') => examplePost(ex, platform);

const label = (ex: RuleExample | LexiconExample) => (typeof ex === 'string' ? ex : ex.text).slice(0, 70);

describe.each(book.rules.map((r) => r.value))('rule $id', (rule) => {
  const platform: Platform = rule.platforms === 'all' ? 'facebook' : rule.platforms[0]!;
  it.each(rule.examples.flag.map((ex) => [label(ex), ex] as const))('flags %s', (_, ex) => {
    const report = advise(advisor, post(ex, platform));
    expect(report.findings.map((f) => f.id)).toContain(rule.id);
  });
  it.each(rule.examples.pass.map((ex) => [label(ex), ex] as const))('passes %s', (_, ex) => {
    const report = advise(advisor, post(ex, platform));
    expect(report.findings.map((f) => f.id)).not.toContain(rule.id);
  });
});

describe.each(book.categories.map((c) => c.value))('category $id', (cat) => {
  it.each(cat.examples.flag.map((ex) => [label(ex), ex] as const))('finds it in %s', (_, ex) => {
    expect(presentCategories(detectPost(post(ex), advisor.measureContext))).toContain(cat.id);
  });
  it.each(cat.examples.pass.map((ex) => [label(ex), ex] as const))('does not find it in %s', (_, ex) => {
    expect(presentCategories(detectPost(post(ex), advisor.measureContext))).not.toContain(cat.id);
  });
});

describe.each(book.risks.map((r) => r.value))('risk lexicon $id', (risk) => {
  const found = (ex: RuleExample | LexiconExample) => {
    const m = detectPost(post(ex), advisor.measureContext);
    return risk.id === 'privacy_ask' ? m.privacyAsk !== null : (m.spam as string[]).includes(risk.id);
  };
  it.each(risk.examples.flag.map((ex) => [label(ex), ex] as const))('finds it in %s', (_, ex) => {
    expect(found(ex)).toBe(true);
  });
  it.each(risk.examples.pass.map((ex) => [label(ex), ex] as const))('does not find it in %s', (_, ex) => {
    expect(found(ex)).toBe(false);
  });
});

describe('runExamples (what `rules check` prints)', () => {
  it('agrees with the tests above: no example fails on the real rule book', () => {
    expect(runExamples(book, advisor)).toEqual([]);
  });
});
