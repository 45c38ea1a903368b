// The quality floor (issue 9): the engine's macro-F1 on the `check` split of the shared labelled
// corpus, the same figure `npm run eval` prints. The check split is read only to measure, never to
// train (scripts/train.ts does not read it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advise } from '../../src/core/engine.ts';
import { parsePlatform } from '../../src/core/post.ts';
import { score, type Labelled } from '../../scripts/eval-metrics.ts';
import { realAdvisor, ROOT_DIR } from '../support/advisor.ts';

const corpus = join(ROOT_DIR, '..', 'shared', 'corpus', 'dev-labelled.jsonl');
// why: the floor. The engine measures 0.852 today (README, "How detection works"), so the
// margin is thin: one post moves a small category's F1, and retraining moves the whole by ±0.01. A
// retrain that lands below it is a regression to look into (`npm run eval`), not a reason to lower it.
const FLOOR = 0.85;

describe.skipIf(!existsSync(corpus))('detection quality on posts it was never trained on', () => {
  it(`check split macro-F1 ≥ ${FLOOR}`, () => {
    const advisor = realAdvisor();
    const rows = readFileSync(corpus, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Labelled).filter((r) => r.split === 'check');
    const preds = rows.map((r) => {
      const rep = advise(advisor, { text: r.text, platform: parsePlatform(r.platform) ?? 'facebook', lang: 'auto' });
      return { labels: [...rep.categories, ...rep.signals], band: rep.band, why: {} };
    });
    const s = score(rows, preds);
    expect(rows.length).toBeGreaterThan(50);
    expect(s.macroF1).toBeGreaterThanOrEqual(FLOOR);
  });
});
