import { z } from 'zod';
import type { Lang } from './post.ts';

const Bilingual = z.strictObject({ en: z.string().min(1), de: z.string().min(1) });

/** One side of a survey figure, as printed in ../shared/evidence.md. */
const Figure = z.strictObject({
  /** e.g. "61%" or "about 1 in 4"; shown verbatim. */
  value: z.string().min(1),
  /** Who answered: consumers, businesses, marketers, CMOs … */
  who: Bilingual,
});

/**
 * A research finding from ../shared/evidence.md. Rules, tips, /explain, /study and /ask cite
 * findings by id; every number a user sees comes from one of these entries.
 */
export const FindingSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** Short label for lists and autocomplete. */
  title: Bilingual,
  /** What the study found, in one or two sentences, figures included. */
  claim: Bilingual,
  /** The consumer side of the figure (what fans want), when the finding has one. */
  consumers: Figure.optional(),
  /** The company side (what businesses/marketers think), when the finding has one. */
  companies: Figure.optional(),
  study: z.strictObject({
    title: z.string().min(1),
    publisher: z.string().min(1),
    year: z.number().int().min(1990).max(2100),
    /** Source ids from the Sources section of evidence.md (S1, P3, E7 …). */
    sources: z.array(z.string().regex(/^[A-Z]\d+$/)).min(1),
  }),
  /** yes | partial | no, exactly as evidence.md marks it; "no" findings are never shown as fact. */
  verified: z.enum(['yes', 'partial', 'no']),
  /** Limits of the evidence: age, sample, contradictions, corrections. */
  caveat: Bilingual,
});
export type Finding = z.infer<typeof FindingSchema>;

export const FindingsFileSchema = z.strictObject({ findings: z.array(FindingSchema).min(1) });

/** "61 %" in German, "61%" in English. */
export function localPercent(value: string, lang: Lang): string {
  return lang === 'de' ? value.replace(/(\d)\s?%/g, '$1 %').replace(/(\d)\.(\d)/g, '$1,$2') : value;
}

const figures = new WeakMap<Finding, Record<Lang, string>>();

/** "51% of consumers vs 73% of businesses" from a finding's two sides; the claim when it has none. */
export function figureOf(f: Finding, lang: Lang): string {
  let cached = figures.get(f);
  if (!cached) {
    cached = { en: wordFigure(f, 'en'), de: wordFigure(f, 'de') };
    figures.set(f, cached);
  }
  return cached[lang];
}

function wordFigure(f: Finding, lang: Lang): string {
  const sides = [f.consumers, f.companies].filter((s) => s !== undefined);
  if (sides.length === 0) return f.claim[lang];
  const of = lang === 'de' ? 'der' : 'of';
  return sides.map((s) => `${localPercent(s.value, lang)} ${of} ${s.who[lang]}`).join(lang === 'de' ? ' vs. ' : ' vs ');
}
