// The band, from the studies (LABELS.md, "Band"): the highest tier a post offers, then one step
// lower for a privacy ask and one for spam. The score's range follows from the band, so a higher
// score never has a lower band.
import type { CategoryId } from './category.ts';

export type Band = 'strong' | 'ok' | 'weak';

/** Tier A: what fans come for. Tier B: what they welcome. Everything else is tier C. */
const TIER_A_IDS: readonly CategoryId[] = ['discount', 'exclusive', 'loyalty'];
const TIER_B_IDS: readonly CategoryId[] = ['purchase_cta', 'reviews', 'opinion_request', 'contest', 'event'];
const TIER_A: ReadonlySet<string> = new Set(TIER_A_IDS);
const TIER_B: ReadonlySet<string> = new Set(TIER_B_IDS);
const ORDER: readonly Band[] = ['weak', 'ok', 'strong'];

/** Scores each band may show: weak 0–39, ok 40–69, strong 70–100. */
export const BAND_RANGES: Record<Band, readonly [number, number]> = { weak: [0, 39], ok: [40, 69], strong: [70, 100] };

export function bandOf(categories: readonly string[], privacyAsk: boolean, spam: boolean): Band {
  let tier = 0;
  for (const c of categories) {
    if (TIER_A.has(c)) tier = 2;
    else if (TIER_B.has(c) && tier < 1) tier = 1;
  }
  return lowered(tier, privacyAsk, spam);
}

/** `bandOf` for the categories a post's measures hold (an id mapped to undefined is absent), without listing them. */
export function bandOfFound(found: Partial<Record<CategoryId, unknown>>, privacyAsk: boolean, spam: boolean): Band {
  let tier = 0;
  for (const c of TIER_A_IDS) if (found[c] !== undefined) tier = 2;
  if (tier === 0) for (const c of TIER_B_IDS) if (found[c] !== undefined) tier = 1;
  return lowered(tier, privacyAsk, spam);
}

function lowered(tier: number, privacyAsk: boolean, spam: boolean): Band {
  if (privacyAsk) tier--;
  if (spam) tier--;
  return ORDER[Math.max(0, tier)]!;
}

/** The score shown with a band: the rules' sum, kept inside the band's range. */
export function fitScore(sum: number, band: Band): number {
  const [lo, hi] = BAND_RANGES[band];
  return Math.max(lo, Math.min(hi, Math.round(sum)));
}
