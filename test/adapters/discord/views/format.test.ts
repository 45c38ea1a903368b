import { describe, expect, it } from 'vitest';
import { fitEmbed, truncate } from '../../../../src/adapters/discord/views/format.ts';
import { expectWithinLimits } from '../../../support/embed-limits.ts';

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
