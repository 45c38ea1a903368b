import { z } from 'zod';
import { CategoryId } from '../category.ts';
import { figureOf } from '../finding.ts';
import { presentCategories } from '../detect.ts';
import type { Check, CheckContext } from './check.ts';

const params = z.strictObject({
  kind: z.literal('offer-mix'),
  /** only-overrated: every category found is one companies overrate; nothing: no category at all. */
  when: z.enum(['only-overrated', 'nothing']),
});

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
    // why: runs in every what-if; stop at the first category that decides, and build the list only when the rule holds
    let found = false;
    for (const id of CategoryId.options) {
      if (m.categories[id] === undefined) continue;
      if (p.when === 'nothing') return null;
      if (ctx.categories.get(id)?.tier !== 'overrated') return null;
      found = true;
    }
    if (p.when === 'nothing') return NOTHING;
    if (!found) return null;
    return { overrated: ctx.wording ? describe(presentCategories(m), ctx) : '' };
  },
};
