// The category ids and the band rule of ../shared/corpus/LABELS.md, in one place for build.mjs and validate.mjs.
export const CATEGORIES = [
  'discount', 'purchase_cta', 'loyalty', 'exclusive', 'reviews', 'company_info', 'product_news',
  'customer_service', 'opinion_request', 'event', 'contest', 'community', 'privacy_ask', 'spam_signals', 'tracking_link',
];
const TIER_A = ['discount', 'exclusive', 'loyalty'];
const TIER_B = ['purchase_cta', 'reviews', 'opinion_request', 'contest', 'event'];
const BANDS = ['weak', 'ok', 'strong'];

/** Highest tier present, one step down for privacy_ask and one for spam_signals, never below weak. */
export function bandOf(categories) {
  let level = categories.some((c) => TIER_A.includes(c)) ? 2 : categories.some((c) => TIER_B.includes(c)) ? 1 : 0;
  if (categories.includes('privacy_ask')) level -= 1;
  if (categories.includes('spam_signals')) level -= 1;
  return BANDS[Math.max(0, level)];
}

// Tracking parameters named in LABELS.md (tracking_link), matched in a URL's query.
export const TRACKING_PARAM = /[?&](utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|_hsenc|_hsmi|cmpid|msclkid|igshid)=/i;
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl'];
