import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../../../../src/adapters/discord/views/ask.ts';
import type { AskResult } from '../../../../src/app/ask.ts';
import type { Finding } from '../../../../src/core/finding.ts';
import { realAdvisor } from '../../../support/advisor.ts';
import { expectWithinLimits } from '../../../support/embed-limits.ts';

const advisor = realAdvisor();

describe('renderAnswer', () => {
  const findings = ['pivot-deals', 'pivot-exclusive'].map((id) => advisor.findings.get(id)!) as Finding[];
  const base: AskResult = { answer: 'Deals [pivot-deals].', findings: ['pivot-deals', 'pivot-exclusive'], usedLlm: true, lang: 'en' };

  it('one field per finding with its figure, study and year, marking partly verified ones', () => {
    const embed = renderAnswer(base, 'What do fans want?', findings);
    expect(embed.fields?.map((f) => f.name)).toEqual(['Deals and promotions · pivot-deals', 'Exclusive content (partly verified) · pivot-exclusive']);
    expect(embed.fields?.[0]?.value).toBe('83% of social consumers vs 53% of social marketers\nPivot Conference, “Social Consumers and Social Marketers: The Perception Gap”, 2012');
    expectWithinLimits(embed);
  });

  it('a model’s answer is shown as typed; the footer says where the answer came from', () => {
    const embed = renderAnswer({ ...base, answer: '# Big **claim** [here](https://evil.example) [pivot-deals]' }, 'q?', findings);
    expect(embed.description).toBe('> q?\n\n\\# Big \\*\\*claim\\*\\* \\[here\\]\\(https://evil.example\\) \\[pivot-deals\\]');
    expect(embed.footer?.text).toMatch(/^Written by a language model/);
    const skipped = (llmSkipped: AskResult['llmSkipped']) => renderAnswer({ ...base, usedLlm: false, llmSkipped }, 'q?', findings).footer?.text;
    expect(skipped('timeout')).toMatch(/did not answer/);
    expect(skipped('llm_budget')).toMatch(/limit/);
    expect(skipped('unknown_number')).toMatch(/did not match the findings/);
    expect(skipped(undefined)).toBe('Taken straight from the findings.');
  });
});
