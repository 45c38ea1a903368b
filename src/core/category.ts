import { z } from 'zod';

/** Content a post offers, as a reader sees it. These ids are part of the public JSON contract. */
export const CategoryId = z.enum([
  'discount',
  'purchase_cta',
  'loyalty',
  'exclusive',
  'reviews',
  'company_info',
  'product_news',
  'customer_service',
  'opinion_request',
  'event',
  'contest',
  'community',
]);
export type CategoryId = z.infer<typeof CategoryId>;

/** Risk and format signals. Also part of the JSON contract. */
export const SignalId = z.enum(['privacy_ask', 'spam_signals', 'tracking_link']);
export type SignalId = z.infer<typeof SignalId>;
