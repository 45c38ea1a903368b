import { z } from 'zod';
import { TraitId, type KindFacts } from '../post-kind.ts';
import type { Vars } from '../template.ts';
import type { Check } from './check.ts';

const params = z.strictObject({ kind: z.literal('trait'), trait: TraitId });

/** Holds when the post shows a service trait (rules/lexicons/kinds.yml): personal, a private channel, a next step. */
export const trait: Check<typeof params> = {
  params,
  vars: ['match'],
  reads: () => ['kind'],
  run(m, p, ctx): Vars | null {
    const found = m.kind?.traits[p.trait];
    if (found === undefined) return null;
    return ctx.wording ? { match: found } : {};
  },
  flip(whatIf, p) {
    const facts = whatIf.kind ?? { kind: 'marketing' as const, detected: true, traits: {} };
    // why: every trait in one order, so the copy's shape is always the same; adding a missing key to a
    // spread copy (`{ ...traits, [trait]: … }`) costs a new hidden class each time on Node 20
    const traits: KindFacts['traits'] = {};
    for (const id of TraitId.options) traits[id] = id === p.trait ? (facts.traits[id] === undefined ? '(suggested)' : undefined) : facts.traits[id];
    whatIf.kind = { ...facts, traits };
  },
};
