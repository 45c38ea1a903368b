import { z } from 'zod';
import { category } from './category.ts';
import type { Check } from './check.ts';
import { count } from './count.ts';
import { limit } from './limit.ts';
import { offerMix } from './offer-mix.ts';
import { signal } from './signal.ts';
import { spam } from './spam.ts';
import { trait } from './trait.ts';

/** The only list of check kinds. A new kind is one file plus one line here. */
export const checks = {
  category,
  signal,
  spam,
  limit,
  count,
  'offer-mix': offerMix,
  trait,
} as const;

export type CheckKind = keyof typeof checks;

export const CheckParams = z.discriminatedUnion('kind', [
  category.params,
  signal.params,
  spam.params,
  limit.params,
  count.params,
  offerMix.params,
  trait.params,
]);
export type CheckParams = z.infer<typeof CheckParams>;

/** Looks up the kind of a rule's check block; typed loosely because the union is checked by zod. */
export function checkFor(params: CheckParams): Check<z.ZodType> {
  return checks[params.kind] as unknown as Check<z.ZodType>;
}
