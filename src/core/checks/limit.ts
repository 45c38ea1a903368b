import { z } from 'zod';
import type { Check } from './check.ts';

const params = z.strictObject({ kind: z.literal('limit') });

/** Holds when the post is longer than its platform allows (X: weighted length; Facebook: characters). */
export const limit: Check<typeof params> = {
  params,
  vars: ['length', 'limit', 'over'],
  reads: () => ['weighted', 'limit'],
  run(m) {
    return m.weighted > m.limit ? { length: m.weighted, limit: m.limit, over: m.weighted - m.limit } : null;
  },
  flip(whatIf) {
    whatIf.weighted = Math.min(whatIf.weighted, whatIf.limit);
  },
};
