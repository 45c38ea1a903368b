import { describe, expect, it } from 'vitest';
import { renderRewrite, renderRewriteUnavailable } from '../../../../src/adapters/discord/views/rewrite.ts';
import type { RewriteResult } from '../../../../src/app/rewrite-post.ts';
import { advise, type Report } from '../../../../src/core/engine.ts';
import { realAdvisor } from '../../../support/advisor.ts';
import { expectWithinLimits } from '../../../support/embed-limits.ts';

const advisor = realAdvisor();
const scored = (text: string, platform: 'twitter' | 'facebook' = 'facebook', replyLang: 'en' | 'de' = 'en'): Report => advise(advisor, { text, platform, lang: 'auto' }, { replyLang });

const POST = 'Our new Aero 2 headphones are here. https://shop.example.com/aero2';

function result(improvedTexts: string[], over: Partial<RewriteResult> = {}): RewriteResult {
  const original = scored(POST);
  return {
    original,
    improved: improvedTexts.map((text, i) => ({ text, changes: `change ${i + 1}`, report: { ...scored(text), score: original.score + 10 + i }, gain: 10 + i })),
    rejected: [],
    fallback: [],
    ...over,
  };
}

describe('renderRewrite', () => {
  it('three Facebook-long versions with long notes fit Discord, each block closed and its cut marked', () => {
    const long = `Fans see it first. ${'Built for long days, light on the ears. '.repeat(200)}`;
    const r = result([long, long.replace('Fans', 'Followers'), long.replace('Fans', 'Members')]);
    for (const v of r.improved) v.changes = 'x'.repeat(3_000);
    const embed = renderRewrite(r, 'p'.repeat(5_000));
    expectWithinLimits(embed);
    expect(embed.fields).toHaveLength(3);
    for (const f of embed.fields ?? []) {
      expect(f.value.split('```')).toHaveLength(3);
      expect(f.value).toMatch(/…\n```\n\*Shortened to fit Discord: [\d,]+ of [\d,]+ characters shown\.\*\n\*\*What changed:\*\* x+…$/);
    }
  });

  it('backticks in a version cannot close its code block; Markdown in the model’s note is shown as typed', () => {
    const r = result(['Fans first ``` @everyone ```` done']);
    r.improved[0]!.changes = 'Made it **bold** and [a link](https://evil.example)';
    const value = renderRewrite(r).fields![0]!.value;
    expect(value.split('```')).toHaveLength(3);
    expect(value).toContain('**What changed:** Made it \\*\\*bold\\*\\* and \\[a link\\]\\(https://evil.example\\)');
  });

  it('none better: the suggestions, or one line when there are none; a post at 100 is not called beaten', () => {
    const original = scored(POST);
    const none = renderRewrite({ original, improved: [], rejected: [{ text: 'x', reasons: ['over_limit'] }], fallback: original.suggestions });
    expect(none.title).toBe('No rewrite scored higher');
    expect(none.fields?.map((f) => f.name)).toEqual(original.suggestions.map((s) => `+${s.gain} points · ${s.title}`));
    expect(none.footer?.text).toBe('1 version was not shown: it was over the platform limit.');
    const empty = renderRewrite({ original, improved: [], rejected: [{ text: 'x', reasons: ['not_better'] }], fallback: [] });
    expect(empty.fields).toEqual([{ name: '\u200b', value: 'No single change would raise the score.' }]);
    const perfect = renderRewrite({ original: { ...original, score: 100, band: 'strong', suggestions: [] }, improved: [], rejected: [], fallback: [] });
    expect(perfect.title).toBe('Score 100/100 · strong');
    expect(perfect.description).toContain('Nothing to add');
  });

  it('speaks German to a German reader', () => {
    const original = scored(POST, 'facebook', 'de');
    const embed = renderRewrite({ original, improved: [], rejected: [{ text: 'x', reasons: ['invented_offer', 'url_dropped'] }], fallback: original.suggestions });
    expect(embed.title).toBe('Keine Umschreibung war besser');
    expect(embed.footer?.text).toBe('1 Version wurde nicht gezeigt: sie hat ein Angebot erfunden; ein Link fehlte.');
  });
});

describe('renderRewriteUnavailable', () => {
  it('the sentence, the suggestions and the error id', () => {
    const report = scored(POST);
    const embed = renderRewriteUnavailable(report, 'The model failed.', 'abcd1234', POST);
    expect(embed.description).toBe(`> Our new Aero 2 headphones are here. https://shop.example.com/aero2\n\nThe model failed.`);
    expect(embed.fields?.length).toBe(report.suggestions.length);
    expect(embed.footer?.text).toBe('Error id abcd1234');
    expectWithinLimits(embed);
  });
});
