import { z } from 'zod';
import { CategoryId } from '../category.ts';
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
const NOTHING = Object.freeze({ overrated: '' });

export const offerMix: Check<typeof params> = {
  params,
  vars: ['overrated'],
  reads: () => CategoryId.options.map((id) => `categories:${id}`),
  run(m, p, ctx) {
    // why: runs in every what-if; count first, and build the list only when the rule holds
    let found = 0;
    let overratedOnly = true;
    for (const id of CategoryId.options) {
      if (m.categories[id] === undefined) continue;
      found++;
      if (ctx.categories.get(id)?.tier !== 'overrated') overratedOnly = false;
    }
    if (p.when === 'nothing') return found === 0 ? NOTHING : null;
    if (found === 0 || !overratedOnly) return null;
    return { overrated: ctx.wording ? describe(presentCategories(m), ctx) : '' };
  },
};
