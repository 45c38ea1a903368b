// The audit reads each post's score and categories with studyScore, a lighter pass than advise;
// the two must never disagree, or an audit would report other scores than `score` does.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/corpus.ts';
import { advise, studyScore } from '../../src/core/engine.ts';
import type { Platform } from '../../src/core/post.ts';
import { realAdvisor, ROOT_DIR } from '../support/advisor.ts';
import { sharedPostTexts } from '../support/shared.ts';

const advisor = realAdvisor();

describe('studyScore', () => {
  it('gives the score and categories advise gives, on real, authored, generated and edge-case posts on both platforms', () => {
    const real = sharedPostTexts('corpus/real-brand-posts.jsonl');
    // a third of the posts written for training (every language, replies and notices among them), on the platform each names
    const authoredDir = join(ROOT_DIR, 'training/authored');
    const authored = readdirSync(authoredDir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(join(authoredDir, f), 'utf8').trim().split('\n'))
      .filter((_, i) => i % 3 === 0)
      .map((l) => JSON.parse(l) as { text: string; platform: Platform });
    const generated = [90, 250, 400].flatMap((chars) => generate(150, chars, 'facebook', chars).map((p) => p.text));
    // a reply and a service notice (other rules judge them), spam, a privacy ask, another language, no words
    const edges = [
      'Sorry to hear that! Please send us a DM with your order number and we will sort it out.',
      'Our app is down for maintenance tonight from 10 pm to 2 am. Thanks for your patience!',
      'LIKE and SHARE to WIN!!! 🎉🎉🎉 Tag 3 friends!!! #win #free #giveaway #contest #prize #lucky',
      'Tell us your phone number and date of birth in the comments for a free gift!',
      'Nouvelle collection disponible en magasin dès aujourd’hui.',
      '🎉🎉🔥',
      '',
    ];
    const texts = [...real, ...generated, ...edges];
    expect(texts.length).toBeGreaterThan(500);
    expect(authored.length).toBeGreaterThan(1000);
    let compared = 0;
    const same = (text: string, platform: Platform) => {
      const post = { text, platform, lang: 'auto' as const };
      const report = advise(advisor, post, { maxSuggestions: 0 });
      expect(studyScore(advisor, post), `${platform}: ${text}`).toEqual({ score: report.score, categories: report.categories });
      compared++;
    };
    for (const platform of ['facebook', 'twitter'] as Platform[]) for (const text of texts) same(text, platform);
    for (const post of authored) same(post.text, post.platform);
    expect(compared).toBe(texts.length * 2 + authored.length);
  }, 120_000);
});
