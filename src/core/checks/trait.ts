import { z } from 'zod';
import { TraitId } from '../post-kind.ts';
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
    whatIf.kind = { ...facts, traits: { ...facts.traits, [p.trait]: facts.traits[p.trait] === undefined ? '(suggested)' : undefined } };
  },
};
