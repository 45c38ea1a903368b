import { describe, expect, it } from 'vitest';
import { parseLang } from '../../src/core/post.ts';

describe('parseLang', () => {
  // How it read a tag before it stopped splitting by expression: the part before the first "-" or "_".
  const before = (input: string) => {
    const key = input.trim().toLowerCase();
    if (key === 'auto') return 'auto';
    const base = key.split(/[-_]/)[0];
    return base === 'en' || base === 'de' ? base : undefined;
  };
  it('reads language tags as it did, region and separators included', () => {
    const tags = ['en', 'de', 'EN', 'De', 'en-US', 'de-AT', 'de_CH', 'en_GB-x', ' en ', '', '-', '_', '-en', '_de', 'en-', 'de_', 'fr', 'fr-CA', 'english', 'deu', 'auto', 'AUTO', 'en–US', 'e', 'd-e'];
    for (const t of tags) expect(parseLang(t), JSON.stringify(t)).toBe(before(t));
    expect(parseLang('de-AT')).toBe('de');
    expect(parseLang('fr')).toBeUndefined();
  });
});
