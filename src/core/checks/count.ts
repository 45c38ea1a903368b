import { z } from 'zod';
import type { Check } from './check.ts';
import type { Vars } from '../template.ts';

const params = z
  .strictObject({
    kind: z.literal('count'),
    of: z.enum(['hashtags', 'mentions', 'emojis', 'words']),
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
  })
  .refine((p) => p.min !== undefined || p.max !== undefined, { message: 'give `min`, `max` or both' });

/** Holds when something countable is outside `min`..`max`. */
export const count: Check<typeof params> = {
  params,
  vars: ['actual', 'min', 'max'],
  reads: (p) => [p.of],
  run(m, { of, min, max }): Vars | null {
    const actual = m[of];
    if (max !== undefined && actual > max) return { actual, max };
    if (min !== undefined && actual < min) return { actual, min };
    return null;
  },
  flip(whatIf, { of, min, max }) {
    const actual = whatIf[of];
    whatIf[of] = max !== undefined && actual > max ? max : min !== undefined && actual < min ? min : actual;
  },
};
