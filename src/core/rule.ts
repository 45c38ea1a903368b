import { z } from 'zod';
import { CheckParams } from './checks/index.ts';
import { Lang, Platform } from './post.ts';
import { PostKind } from './post-kind.ts';

const Bilingual = z.strictObject({ en: z.string().min(1), de: z.string().min(1) });

export const RuleExample = z.union([
  z.string().min(1),
  z.strictObject({
    text: z.string().min(1),
    lang: Lang.optional(),
    platform: Platform.optional(),
    /** Judge the example as this kind of post instead of the recognised one. */
    kind: PostKind.optional(),
    /** Repeat `text` this many times (for length rules), instead of pasting a huge post. */
    repeat: z.number().int().min(1).max(100_000).optional(),
    note: z.string().optional(),
  }),
]);
export type RuleExample = z.infer<typeof RuleExample>;

/**
 * One rule: rules/<folder>/<file>.yml, id `<folder>.<file>`. When its check holds, the rule adds
 * `points` (negative for penalties) to the score. A rule with positive points that does not hold,
 * or one with negative points that does, becomes a suggestion worth what re-scoring says.
 */
export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/, 'must be <folder>.<file> in kebab case'),
  title: Bilingual,
  /** Finding ids from rules/findings/findings.yml; the first is the evidence shown with the suggestion. */
  findings: z.array(z.string().min(1)).min(1),
  platforms: z.union([z.literal('all'), z.array(Platform).min(1)]),
  /** Post languages the rule can judge; `all` also covers posts in other languages. */
  languages: z.union([z.literal('all'), z.array(Lang).min(1)]),
  /** Kinds of post the rule judges (rules/lexicons/kinds.yml): offers judge marketing posts, not replies to customers. */
  kinds: z.union([z.literal('all'), z.array(PostKind).min(1)]).default('all'),
  check: CheckParams,
  points: z
    .number()
    .int()
    .min(-60)
    .max(60)
    .refine((n) => n !== 0, 'must not be 0: a rule that does not move the score belongs in a tip'),
  /** `weak`: when this rule holds, the post's band is weak whatever its score. */
  band: z.literal('weak').optional(),
  /** `false`: never offered as a suggestion (content companies overrate still counts a little). */
  advice: z.boolean().default(true),
  /** What was observed. Shown under "does well" for positive rules, as a finding for penalties. */
  message: Bilingual,
  /** One concrete action, shown when following it would raise the score. */
  suggestion: Bilingual,
  examples: z.strictObject({ flag: z.array(RuleExample).min(1), pass: z.array(RuleExample).min(1) }),
});
export type Rule = z.infer<typeof RuleSchema>;
