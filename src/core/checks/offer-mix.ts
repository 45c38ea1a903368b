import { z } from 'zod';
import type { CategoryId } from '../category.ts';
import type { Finding } from '../finding.ts';
import { presentCategories } from '../measure.ts';
import type { Lang } from '../post.ts';
import type { Check, CheckContext } from './check.ts';

const params = z.strictObject({
  kind: z.literal('offer-mix'),
  /** only-overrated: every category found is one companies overrate; nothing: no category at all. */
  when: z.enum(['only-overrated', 'nothing']),
});

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

function describe(ids: CategoryId[], ctx: CheckContext): string {
  return ids
    .map((id) => {
      const cat = ctx.categories.get(id);
      const finding = cat ? ctx.findings.get(cat.findings[0] ?? '') : undefined;
      const name = cat?.title[ctx.replyLang] ?? id;
      return finding ? `${name} (${figureOf(finding, ctx.replyLang)})` : name;
    })
    .join('; ');
}

/** Holds when a post offers only what companies overrate, or nothing recognisable at all. */
export const offerMix: Check<typeof params> = {
  params,
  vars: ['overrated'],
  reads: () => ['categories'],
  run(m, p, ctx) {
    const found = presentCategories(m);
    if (p.when === 'nothing') return found.length === 0 ? { overrated: '' } : null;
    if (found.length === 0) return null;
    const overrated = found.every((id) => ctx.categories.get(id)?.tier === 'overrated');
    return overrated ? { overrated: ctx.wording ? describe(found, ctx) : '' } : null;
  },
};
