import { z } from 'zod';
import { SpamReason, SpamThresholds } from '../spam.ts';
import type { Check } from './check.ts';

const Label = z.strictObject({ en: z.string().min(1), de: z.string().min(1) });

const params = z.strictObject({
  kind: z.literal('spam'),
  ...SpamThresholds.shape,
  /** How to name each spam reason in the message (`{{reasons}}`). */
  labels: z.record(SpamReason, Label),
});

/**
 * Holds when the post looks like spam. Its parameters are the thresholds (spam.ts): the detect
 * stage applies them to every post, so the spam signal, the band and this rule agree; the rule
 * names the reasons found.
 */
export const spam: Check<typeof params> = {
  params,
  vars: ['reasons'],
  reads: () => ['spam'],
  run(m, p, ctx) {
    return m.spam.length === 0 ? null : { reasons: m.spam.map((r) => p.labels[r]?.[ctx.replyLang] ?? r).join(', ') };
  },
  flip(whatIf) {
    whatIf.spam = [];
  },
};

/** The thresholds in a spam rule's parameters. */
export function thresholdsOf(p: z.infer<typeof params>): SpamThresholds {
  return { upper_case: p.upper_case, exclamations: p.exclamations, hashtags: p.hashtags, short_post: p.short_post };
}
