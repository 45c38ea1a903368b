import { z } from 'zod';
import { CategoryId } from '../category.ts';
import type { Check } from './check.ts';

const HOLDS = Object.freeze({});

const params = z.strictObject({ kind: z.literal('category'), category: CategoryId });

/** Holds when the post offers a content category (a discount, a shop link, exclusive access …). */
export const category: Check<typeof params> = {
  params,
  vars: ['match', 'category'],
  reads: (p) => [`categories:${p.category}`],
  run(m, p, ctx) {
    const match = m.categories[p.category];
    if (!match) return null;
    if (!ctx.wording) return HOLDS;
    return { match: match.text, category: ctx.categories.get(p.category)?.title[ctx.replyLang] ?? p.category };
  },
  flip(whatIf, p) {
    // why: switching off by `undefined` keeps the object's shape; `delete` would slow every later read
    whatIf.categories[p.category] = whatIf.categories[p.category] ? undefined : { lexicon: p.category, text: '', index: -1, cue: '(suggested)' };
  },
};
