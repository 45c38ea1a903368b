import { describe, expect, it } from 'vitest';
import { COLOURS } from '../../../../src/adapters/discord/views/format.ts';
import { renderScore } from '../../../../src/adapters/discord/views/score.ts';
import { scorePost } from '../../../../src/app/score-post.ts';
import type { Report } from '../../../../src/core/engine.ts';
import { realAdvisor } from '../../../support/advisor.ts';
import { expectWithinLimits } from '../../../support/embed-limits.ts';

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
    kind: { kind: 'marketing', detected: true, traits: {} },
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

describe('renderScore', () => {
  it('title, colour, length line, fields and buttons for a real report', () => {
    const r = scorePost(advisor, { text: 'Big news! Our new product launches Friday. https://example.com', platform: 'twitter', lang: 'auto' });
    const { embeds, components } = renderScore(r, { ref: 'abc123', post: 'Big news!', rewrite: false });
    const embed = embeds[0]!;
    expect(embed.title).toBe(`Score ${r.score}/100 · ${r.band}`);
    expect(embed.color).toBe(COLOURS[r.band]);
    expect(embed.description).toContain(`X weighted length ${r.length.weighted}/280`);
    expect(embed.fields?.map((f) => f.name)).toEqual(expect.arrayContaining(['Does well', 'Watch out']));
    for (const s of r.suggestions) {
      const field = embed.fields?.find((f) => f.name === `+${s.gain} points · ${s.title}`);
      expect(field?.value).toContain(s.evidence.figure);
      expect(field?.value).toContain(String(s.evidence.year));
    }
    const buttons = components[0]!.components.map((b) => ('custom_id' in b ? b.custom_id : ''));
    expect(buttons).toEqual(['why:abc123', 'platform:abc123:facebook', 'fix:abc123', 'kind:abc123:reply']);
    expectWithinLimits(embed);
  });

  it('quotes the post on one line with Markdown and mentions shown as typed', () => {
    const { embeds } = renderScore(report(), { ref: 'r', post: '# Big *news* for <@123>\n\n[shop](https://x.example) a_b', rewrite: false });
    expect(embeds[0]!.description?.split('\n')[0]).toBe('> \\# Big \\*news\\* for \\<@123\\> \\[shop\\]\\(https://x.example\\) a\\_b');
  });

  it('shows Rewrite only when a rewriter is configured', () => {
    const withIt = renderScore(report(), { ref: 'r', rewrite: true }).components[0]!.components;
    expect(withIt.map((b) => ('custom_id' in b ? b.custom_id : ''))).toContain('rewrite:r');
  });

  it('colours by band', () => {
    expect(renderScore(report({ band: 'strong' }), { ref: 'r', rewrite: false }).embeds[0]!.color).toBe(0x57f287);
    expect(renderScore(report({ band: 'ok' }), { ref: 'r', rewrite: false }).embeds[0]!.color).toBe(0xfee75c);
    expect(renderScore(report({ band: 'weak' }), { ref: 'r', rewrite: false }).embeds[0]!.color).toBe(0xed4245);
  });

  it('Facebook length line with thousands separators, and an over-the-limit marker', () => {
    const fb = renderScore(report({ platform: 'facebook', length: { chars: 450, weighted: 450, limit: 63_206 } }), { ref: 'r', rewrite: false });
    expect(fb.embeds[0]!.description).toContain('Facebook 450/63,206 characters');
    const over = renderScore(report({ length: { chars: 300, weighted: 300, limit: 280 } }), { ref: 'r', rewrite: false });
    expect(over.embeds[0]!.description).toContain('over the limit');
  });

  it('German labels when the reply language is German', () => {
    const r = scorePost(advisor, { text: 'Unser neues Produkt kommt am Freitag.', platform: 'facebook', lang: 'auto', replyLang: 'de' });
    const { embeds, components } = renderScore(r, { ref: 'r', rewrite: true });
    expect(embeds[0]!.title).toMatch(/^Bewertung \d+\/100 · (stark|okay|schwach)$/);
    expect(embeds[0]!.description).toMatch(/Facebook \d+\/63\.206 Zeichen/);
    expect(embeds[0]!.fields?.some((f) => /Punkte/.test(f.name))).toBe(true);
    expect(components[0]!.components.map((b) => ('label' in b ? b.label : ''))).toEqual(['Warum?', 'Für X/Twitter bewerten', 'Umschreiben', 'Stimmt nicht?', 'Als Antwort bewerten']);
  });

  it('marks partly verified evidence, and never shows an unverified figure', () => {
    const partial = renderScore(report({ suggestions: [suggestion({ verified: 'partial' })] }), { ref: 'r', rewrite: false });
    expect(partial.embeds[0]!.fields?.[0]?.value).toContain('(partly verified)');
    const de = renderScore(report({ replyLang: 'de', suggestions: [suggestion({ verified: 'partial' })] }), { ref: 'r', rewrite: false });
    expect(de.embeds[0]!.fields?.[0]?.value).toContain('(teilweise belegt)');
    const no = renderScore(report({ suggestions: [suggestion({ verified: 'no' })] }), { ref: 'r', rewrite: false });
    expect(no.embeds[0]!.fields?.[0]?.value).not.toContain('83%');
    expect(no.embeds[0]!.fields?.[0]?.value).toContain('unverified');
  });

  it('stays within Discord limits for a 60,000-character post', () => {
    const text = 'Fans only: 20% off everything until Sunday with code FAN20! https://shop.example.com/sale #sale '.repeat(700).slice(0, 60_000);
    const r = scorePost(advisor, { text, platform: 'facebook', lang: 'auto' });
    const { embeds } = renderScore(r, { ref: 'r', post: text, rewrite: true });
    expectWithinLimits(embeds[0]!);
    expect(embeds[0]!.description).toContain('…');
  });

  it('stays within Discord limits with many long findings and suggestions', () => {
    const findings = Array.from({ length: 40 }, (_, i) => ({ id: `r.${i}`, title: `Rule ${i}`, points: i % 2 ? 5 : -5, message: 'm'.repeat(900) }));
    const suggestions = Array.from({ length: 30 }, () => suggestion({}, 's'.repeat(1_500)));
    const embed = renderScore(report({ findings, suggestions, notes: ['other_language', 'no_words', 'hidden_characters'] }), { ref: 'r', post: 'x'.repeat(10_000), rewrite: false }).embeds[0]!;
    expectWithinLimits(embed);
    expect(embed.fields?.[0]?.value.endsWith('…')).toBe(true);
  });
});
