import { describe, expect, it } from 'vitest';
import { ask, composeAnswer, MAX_QUESTION_CHARS } from '../../src/app/ask.ts';
import { createLlmLimits } from '../../src/app/llm-limits.ts';
import { createMemoryLlmUsageStore } from '../../src/adapters/store/memory.ts';
import { LlmError, type ChatMessage, type Rewriter } from '../../src/app/ports.ts';
import { FINDINGS_CLOSE, FINDINGS_OPEN } from '../../src/core/ask.ts';
import { realAdvisor } from '../support/advisor.ts';

const advisor = realAdvisor();

/** A model that answers questions with fixed text and records what it was shown. */
function fakeModel(answer: string | (() => Promise<string>)) {
  const calls: (readonly ChatMessage[])[] = [];
  const rewriter: Rewriter = {
    async rewrite() {
      throw new Error('not used');
    },
    async complete(messages) {
      calls.push(messages);
      return typeof answer === 'function' ? answer() : answer;
    },
  };
  return { rewriter, calls };
}

describe('ask without a language model', () => {
  it('answers from the three best-matching findings, citing ids, figures, study and year', async () => {
    const r = await ask({ advisor, question: 'Do fans care about discounts?' });
    expect(r.usedLlm).toBe(false);
    expect(r.lang).toBe('en');
    expect(r.findings).toHaveLength(3);
    expect(r.findings).toContain('pivot-deals');
    expect(r.answer.split('\n')[0]).toBe('What the research says:');
    expect(r.answer).toContain('83% of social consumers expect deals or promotions');
    expect(r.answer).toContain('Pivot Conference, “Social Consumers and Social Marketers: The Perception Gap” (2012) [pivot-deals]');
    expect(r.llmSkipped).toBeUndefined();
  });

  it('answers a German question in German', async () => {
    const r = await ask({ advisor, question: 'Was wollen Fans am meisten von einer Marke?' });
    expect(r.lang).toBe('de');
    expect(r.answer.split('\n')[0]).toBe('Das sagt die Forschung:');
    expect(r.answer).toContain('83 % der Social Consumers');
  });

  it('recognises a short German question that has no function words', async () => {
    const r = await ask({ advisor, question: 'Wollen Fans Rabatte?' });
    expect(r.lang).toBe('de');
    expect(r.findings).toContain('pivot-deals');
  });

  it('answers in the language the caller asks for', async () => {
    expect((await ask({ advisor, question: 'Do fans care about discounts?', lang: 'de' })).answer).toMatch(/^Das sagt die Forschung:/);
  });

  it('marks partly verified findings', async () => {
    const r = await ask({ advisor, question: 'Do people want exclusive content?', lang: 'en' });
    expect(r.findings).toContain('pivot-exclusive');
    expect(r.answer).toMatch(/58% of social consumers expect exclusive content\. \(partly verified\)/);
  });

  it('says so when nothing matches, and gives what fans want most', async () => {
    const r = await ask({ advisor, question: 'What is the weather in Paris?' });
    expect(r.answer.split('\n')[0]).toMatch(/^No finding matches that question closely/);
    expect(r.findings).toEqual(['pivot-deals', 'pivot-rewards', 'cmoc-exclusive']);
  });

  it('refuses an empty or overlong question', async () => {
    await expect(ask({ advisor, question: '  ' })).rejects.toMatchObject({ code: 'empty_question' });
    await expect(ask({ advisor, question: 'x'.repeat(MAX_QUESTION_CHARS + 1) })).rejects.toMatchObject({ code: 'question_too_long' });
  });
});

describe('ask with a language model', () => {
  const good = 'Deals come first: 83% of social consumers expect them, but only 53% of marketers think so (Pivot Conference, 2012) [pivot-deals]. Discounts are consumers’ top reason in IBM’s 2011 study [ibm-r-discount].';

  it('returns the model’s answer when it cites its findings and invents no number', async () => {
    const { rewriter, calls } = fakeModel(good);
    const r = await ask({ advisor, question: 'Do fans care about discounts?', rewriter });
    expect(r).toEqual({ answer: good, findings: ['pivot-deals', 'ibm-r-discount'], usedLlm: true, lang: 'en' });
    const user = calls[0]![1]!.content;
    const context = user.slice(user.indexOf(FINDINGS_OPEN), user.indexOf(FINDINGS_CLOSE));
    expect(context).toContain('[pivot-deals]');
    expect(context).not.toContain('[cmoc-contests]');
  });

  it.each([
    ['a number that is not in the findings', 'Fans love deals: 91% expect them [pivot-deals].', 'unknown_number'],
    ['no citation', 'Fans love deals.', 'no_citation'],
    ['a finding it was not given', 'Contests work [cmoc-contests].', 'unknown_citation'],
  ])('falls back to the findings when the answer has %s', async (_, answer, problem) => {
    const { rewriter } = fakeModel(answer);
    const r = await ask({ advisor, question: 'Do fans care about discounts?', rewriter });
    expect(r.usedLlm).toBe(false);
    expect(r.llmSkipped).toBe(problem);
    expect(r.answer).toBe((await ask({ advisor, question: 'Do fans care about discounts?' })).answer);
  });

  it('falls back to the findings when the model fails', async () => {
    const { rewriter } = fakeModel(async () => {
      throw new LlmError('rate_limited', '429');
    });
    const r = await ask({ advisor, question: 'Do fans care about discounts?', rewriter });
    expect(r).toMatchObject({ usedLlm: false, llmSkipped: 'rate_limited' });
    expect(r.answer).toContain('[pivot-deals]');
  });

  it('falls back without asking when the budget or cooldown says no', async () => {
    const limits = createLlmLimits({ dailyBudgetPerServer: 1, cooldownSeconds: 0 }, () => new Date('2025-03-01T10:00:00Z'), createMemoryLlmUsageStore());
    const { rewriter, calls } = fakeModel(good);
    const who = { serverId: 'g', userId: 'u' };
    expect((await ask({ advisor, question: 'Do fans care about discounts?', rewriter, limits, who })).usedLlm).toBe(true);
    const second = await ask({ advisor, question: 'Do fans care about discounts?', rewriter, limits, who });
    expect(second).toMatchObject({ usedLlm: false, llmSkipped: 'llm_budget' });
    expect(calls).toHaveLength(1);
  });

  it('lets programming errors through', async () => {
    const { rewriter } = fakeModel(async () => {
      throw new TypeError('bug');
    });
    await expect(ask({ advisor, question: 'Do fans care about discounts?', rewriter })).rejects.toThrow(TypeError);
  });
});

describe('composeAnswer', () => {
  it('lists each finding with its claim, study, year and id', () => {
    const f = advisor.findings.get('pivot-rewards')!;
    expect(composeAnswer([f], 'en', true)).toBe(
      `What the research says:\n• ${f.claim.en} — Pivot Conference, “Social Consumers and Social Marketers: The Perception Gap” (2012) [pivot-rewards]`,
    );
  });
});
