import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { STUDY_ROWS } from '../../../../src/adapters/discord/commands/study.ts';
import { COLOURS, fitEmbed, LIMITS, notice, truncate } from '../../../../src/adapters/discord/views/format.ts';
import { renderHelp } from '../../../../src/adapters/discord/views/help.ts';
import { renderScore } from '../../../../src/adapters/discord/views/score.ts';
import { renderFinding, renderStudy, renderWhy } from '../../../../src/adapters/discord/views/study.ts';
import { scorePost } from '../../../../src/app/score-post.ts';
import type { Report } from '../../../../src/core/engine.ts';
import type { Finding } from '../../../../src/core/finding.ts';
import { realAdvisor } from '../../../support/advisor.ts';
import { embedSize, expectWithinLimits } from '../../../support/embed-limits.ts';

const advisor = realAdvisor();



function report(overrides: Partial<Report> = {}): Report {
  return {
    score: 72,
    band: 'strong',
    base: 35,
    language: 'en',
    languageDetected: true,
    replyLang: 'en',
    platform: 'twitter',
    categories: [],
    signals: [],
    length: { chars: 80, weighted: 83, limit: 280 },
    findings: [],
    suggestions: [],
    notes: [],
    matches: {},
    ...overrides,
  };
}

const suggestion = (over: Partial<Report['suggestions'][number]['evidence']> = {}, text = 'Add a deal.'): Report['suggestions'][number] => ({
  rule: 'offer.discount',
  title: 'A deal for fans',
  text,
  gain: 40,
  evidence: { finding: 'pivot-deals', figure: '83% of social consumers vs 53% of social marketers', source: 'Pivot Conference: The Perception Gap', year: 2012, verified: 'yes', ...over },
});

describe('truncate', () => {
  it('keeps short text and marks cut text with …', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('hello world', 6)).toHaveLength(6);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab😀😀😀', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });
});

describe('fitEmbed', () => {
  it('enforces every part and the 6,000 total, with a visible marker', () => {
    const fitted = fitEmbed({
      title: 'T'.repeat(300),
      description: 'd'.repeat(5_000),
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`.repeat(200), value: 'v'.repeat(2_000) })),
      footer: { text: 'f'.repeat(3_000) },
    });
    expectWithinLimits(fitted);
    expect(fitted.title?.endsWith('…')).toBe(true);
    expect(fitted.description?.endsWith('…')).toBe(true);
    expect(fitted.fields?.at(-1)?.value.endsWith('…')).toBe(true);
  });

  it('leaves an embed that fits untouched', () => {
    const embed = { title: 'Score', description: 'ok', fields: [{ name: 'a', value: 'b' }] };
    expect(fitEmbed(embed)).toEqual(embed);
  });

  it('fills empty field names and values, which Discord rejects', () => {
    const fitted = fitEmbed({ fields: [{ name: '', value: '' }] });
    expect(fitted.fields?.[0]?.name).not.toBe('');
    expect(fitted.fields?.[0]?.value).not.toBe('');
  });
});
