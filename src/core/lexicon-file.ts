import { z } from 'zod';
import { CategoryId } from './category.ts';
import { Platform } from './post.ts';

/**
 * A cue is a phrase in a small pattern language (lower case):
 * - words separated by spaces match any run of spaces or hyphens ("fans only" = "fans-only");
 * - `*` stands for any letters, so `*rabatt*` also finds "Sommerrabatt" and "Rabattcode";
 * - without a `*` at an end, the cue must start/end at a word boundary ("aktion" ≠ "Redaktion");
 * - `re:` takes a regular expression instead (matched against the lower-cased post unless
 *   `case: sensitive`, then against the post as written).
 */
const CueText = z.string().min(1);
const CueObject = z
  .strictObject({
    cue: CueText.optional(),
    re: z.string().min(1).optional(),
    case: z.enum(['insensitive', 'sensitive']).default('insensitive'),
    /** The match does not count when one of these cues stands in the same clause. */
    unless: z.array(CueText).default([]),
    /** The match only counts when one of these cues also stands somewhere in the post. */
    needs: z.array(CueText).default([]),
    /** Whether "no", "kein" … before the match cancel it. */
    negatable: z.boolean().default(true),
    /** Why this cue is shaped the way it is; for authors, never shown to users. */
    note: z.string().optional(),
  })
  .refine((c) => (c.cue === undefined) !== (c.re === undefined), { message: 'give exactly one of `cue` or `re`' })
  .refine((c) => c.case === 'insensitive' || c.re !== undefined, { message: '`case: sensitive` needs `re`' });
export const Cue = z.union([CueText, CueObject]);
export type Cue = z.infer<typeof Cue>;

/** An example post of a lexicon: `flag` examples must be found, `pass` examples must not (as a rule's). */
export const LexiconExample = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), lang: z.enum(['en', 'de']).optional(), note: z.string().optional() }),
]);
export type LexiconExample = z.infer<typeof LexiconExample>;

/** Risk lexicons the spam and privacy signals are built from: rules/lexicons/risks/<id>.yml. */
export const RiskId = z.enum(['privacy_ask', 'engagement_bait', 'addressed_to_scorer']);
export type RiskId = z.infer<typeof RiskId>;

export const Tier = z.enum(['want', 'neutral', 'overrated']);
export type Tier = z.infer<typeof Tier>;

/** Lists reused within one file through YAML anchors (`&name` … `*name`); not read otherwise. */
const Shared = z.record(z.string(), z.unknown()).optional();

/**
 * One lexicon file, for content categories (rules/lexicons/categories/<id>.yml) and risk signals
 * (rules/lexicons/risks/<id>.yml) alike: how to recognise it in English and German, with example
 * posts. A category has a `tier`; a risk may be scoped to `platforms`.
 */
export const LexiconFileSchema = z
  .strictObject({
    shared: Shared,
    id: z.union([CategoryId, RiskId]),
    /** Categories only. want: what fans come for; neutral; overrated: what companies overrate (the perception gap). */
    tier: Tier.optional(),
    title: z.strictObject({ en: z.string().min(1), de: z.string().min(1) }),
    findings: z.array(z.string().min(1)).min(1),
    /**
     * Risks only: platforms the risk's evidence is about; elsewhere the signal is set aside, and the reply says
     * so (engagement bait rests on a Facebook ranking note, while asking for retweets works on X).
     */
    platforms: z.array(Platform).min(1).optional(),
    cues: z.strictObject({ en: z.array(Cue).min(1), de: z.array(Cue).min(1) }),
    examples: z.strictObject({ flag: z.array(LexiconExample).min(2), pass: z.array(LexiconExample).min(2) }),
  })
  .superRefine((f, ctx) => {
    const category = CategoryId.safeParse(f.id).success;
    if (category && f.tier === undefined) ctx.addIssue({ code: 'custom', path: ['tier'], message: 'a category needs a tier: want, neutral or overrated' });
    if (!category && f.tier !== undefined) ctx.addIssue({ code: 'custom', path: ['tier'], message: 'only a category has a tier; remove it from a risk lexicon' });
    if (category && f.platforms !== undefined) ctx.addIssue({ code: 'custom', path: ['platforms'], message: 'only a risk lexicon is scoped to platforms; remove it from a category' });
  });
export type LexiconFile = z.infer<typeof LexiconFileSchema>;
export type CategoryFile = LexiconFile & { id: CategoryId; tier: Tier };
export type RiskFile = LexiconFile & { id: RiskId; tier?: undefined };

/** A lexicon file of a content category (the other kind is a risk). */
export function isCategoryFile(f: LexiconFile): f is CategoryFile {
  return CategoryId.safeParse(f.id).success;
}
