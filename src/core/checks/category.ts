import { z } from 'zod';
import { CategoryId } from '../category.ts';
import type { Check } from './check.ts';

const params = z.strictObject({ kind: z.literal('category'), category: CategoryId });

/** Holds when the post offers a content category (a discount, a shop link, exclusive access …). */
export const category: Check<typeof params> = {
  params,
  vars: ['match', 'category'],
  run(m, p, ctx) {
    const match = m.categories[p.category];
    if (!match) return null;
    return { match: match.text, category: ctx.categories.get(p.category)?.title[ctx.replyLang] ?? p.category };
  },
  flip(m, p) {
    const categories = { ...m.categories };
    if (categories[p.category]) delete categories[p.category];
    else categories[p.category] = { lexicon: p.category, text: '', index: -1, cue: '(suggested)' };
    return { ...m, categories };
  },
};
