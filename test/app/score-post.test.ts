// The one "score a post and remember what it missed" use case Discord, the local chat and the CLI call.
import { describe, expect, it } from 'vitest';
import { createMemoryTipStore } from '../../src/adapters/store/memory.ts';
import type { ScoreStore } from '../../src/app/ports.ts';
import { scoreAndRemember, scorePost, visibleLength } from '../../src/app/score-post.ts';
import { userMessage } from '../../src/app/messages.ts';
import { createScoreHistory } from '../../src/app/tips/score-history.ts';
import { UserError } from '../../src/errors.ts';
import { realAdvisor } from '../support/advisor.ts';

const advisor = realAdvisor();
const at = new Date('2026-03-10T09:00:00Z');
const POST = 'Secret launch: new spring collection out now!';
// The score is answered at once; remembering it finishes in the background, within a turn of the event loop here.
const settled = () => new Promise((r) => setImmediate(r));

describe('scoreAndRemember', () => {
  it('in a server, remembers the score and the missed topic ids, never the text', async () => {
    const store = createMemoryTipStore();
    const history = createScoreHistory({ store, clock: () => at });
    const report = scoreAndRemember({ advisor, history }, { text: POST, platform: 'facebook', lang: 'auto' }, 'g1');
    await settled();
    const [kept] = await store.recentScores('g1', 10);
    expect(kept).toMatchObject({ at, score: report.score });
    expect(kept!.missing).toContain('discount');
    expect(JSON.stringify(await store.recentScores('g1', 10))).not.toContain('Secret');
    expect((await history.recentMisses('g1')).discount).toBe(1);
  });

  it('remembers nothing without a server or without a history', async () => {
    const store = createMemoryTipStore();
    const history = createScoreHistory({ store, clock: () => at });
    scoreAndRemember({ advisor, history }, { text: POST, platform: 'facebook', lang: 'auto' });
    scoreAndRemember({ advisor }, { text: POST, platform: 'facebook', lang: 'auto' }, 'g1');
    await settled();
    expect(await store.recentScores('g1', 10)).toEqual([]);
  });

  it('a store that fails costs the user nothing: the report comes back and the failure is logged', async () => {
    const broken: ScoreStore = {
      recordScore() {
        throw new Error('disk full');
      },
      recentScores: async () => [],
      recentScoresOf: async () => new Map(),
    };
    const warnings: object[] = [];
    const report = scoreAndRemember(
      { advisor, history: createScoreHistory({ store: broken, clock: () => at }), log: { warn: (obj) => void warnings.push(obj) } },
      { text: POST, platform: 'facebook', lang: 'auto' },
      'g1',
    );
    expect(report.score).toBeGreaterThanOrEqual(0);
    await settled();
    expect(warnings).toEqual([expect.objectContaining({ serverId: 'g1' })]);
  });

  it('bad input is a UserError and nothing is remembered', async () => {
    const store = createMemoryTipStore();
    const history = createScoreHistory({ store, clock: () => at });
    expect(() => scoreAndRemember({ advisor, history }, { text: '  ', platform: 'facebook', lang: 'auto' }, 'g1')).toThrow(UserError);
    expect(await store.recentScores('g1', 10)).toEqual([]);
  });
});

describe('input checks (scorePost)', () => {
  it('a few control or escape characters among ordinary text are scored, with the hidden-characters note', () => {
    const text = 'ctrl\u0001\u0002\u001b[31mred\u001b[0m 5% off until Sunday';
    const report = scorePost(advisor, { text, platform: 'twitter', lang: 'auto' });
    expect(report.score).toBeGreaterThanOrEqual(0);
    expect(report.notes).toContain('hidden_characters');
  });

  it('input that is mostly control characters is still refused as not text', () => {
    expect(() => scorePost(advisor, { text: '\u0000\u0001\u0002\u0003PNG\u0004\u0005\u0006'.repeat(20), platform: 'twitter', lang: 'auto' })).toThrow(
      expect.objectContaining({ code: 'not_text' }),
    );
  });

  it('length in a message is counted as a reader sees it: 60,000 emoji are "60,000 characters", not 120,000', () => {
    expect(visibleLength('👍🏽é👨‍👩‍👧')).toBe(3);
    const refused = (text: string): UserError => {
      try {
        scorePost(advisor, { text, platform: 'facebook', lang: 'auto' });
      } catch (err) {
        if (err instanceof UserError) return err;
        throw err;
      }
      throw new Error('expected a UserError');
    };
    const wide = refused('🎉'.repeat(60_000));
    expect(wide).toMatchObject({ code: 'too_long_wide', vars: { chars: 60_000, max: 100_000 } });
    expect(userMessage(wide, 'en')).toMatch(/^That text has 60000 characters, but emoji/);
    const long = refused('🎉'.repeat(100_001));
    expect(long).toMatchObject({ code: 'too_long', vars: { chars: 100_001, max: 100_000 } });
    expect(userMessage(long, 'de')).toMatch(/^Der Text hat 100001 Zeichen; ich bewerte Posts bis 100000 Zeichen/);
  });
});
