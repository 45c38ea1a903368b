import { afterAll, describe, expect, it } from 'vitest';
import { inlineScorer, poolScorer } from '../../../../src/adapters/discord/scoring/scorer.ts';
import type { ScoreTask } from '../../../../src/adapters/discord/scoring/task.ts';
import { realAdvisor, realRules } from '../../../support/advisor.ts';

const POST: ScoreTask = { text: 'Fans only: 20% off the new collection until Sunday with code FAN20.', platform: 'facebook', lang: 'auto', replyLang: 'en', ref: 'r1', rewrite: false };

describe('scoring off the gateway thread', () => {
  const pool = poolScorer({ book: realRules().book, settings: realAdvisor().settings, defaultLang: 'en' }, 1);
  afterAll(() => pool.close());

  it('a worker thread scores and renders exactly as the calling thread does', async () => {
    const inline = inlineScorer(realAdvisor());
    const posts = [POST, { ...POST, platform: 'twitter' as const, replyLang: 'de' as const, ref: 'r2' }, { ...POST, text: 'Wir feiern 10 Jahre! Danke an alle Fans 🎉', lang: 'de' as const, ref: 'r3' }];
    const [fromPool, fromHere] = await Promise.all([Promise.all(posts.map((p) => pool.score(p))), Promise.all(posts.map((p) => inline.score(p)))]);
    expect(fromPool).toEqual(fromHere);
    const first = fromPool[0]!;
    if (!first.ok) throw new Error('expected a score');
    expect(first.summary.platform).toBe('facebook');
    expect(first.view.embeds[0]?.title).toMatch(/\d+/);
    // the buttons carry the ref made on the main thread
    expect(JSON.stringify(first.view.components)).toContain('r1');
  });

  it('scores an audit\'s batches on the same threads, with the same results as the calling thread', async () => {
    const texts = ['Fans only: 20% off the new collection until Sunday with code FAN20.', 'Wir feiern 10 Jahre! Danke an alle Fans 🎉', 'What should our next flavour be? Tell us below!'];
    const inline = inlineScorer(realAdvisor());
    const [there, here] = await Promise.all([pool.classify(texts, 'facebook'), inline.classify(texts, 'facebook')]);
    expect(there.scores).toEqual(here.scores);
    expect(there.categories).toEqual(here.categories);
    expect(there.categories.some((mask) => mask !== 0)).toBe(true);
  });

  it('bad input comes back as a code and vars, not as an error that lost its class on the way', async () => {
    await expect(pool.score({ ...POST, text: '   ' })).resolves.toEqual({ ok: false, code: 'empty_post', vars: {} });
  });
});
