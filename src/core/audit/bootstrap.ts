import binomialFactory from '@stdlib/random-base-binomial';

/** The median of values already sorted ascending (the mean of the middle two for an even count). */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Draws Binomial(n, p); seeded, so a run repeats exactly. */
export type BinomialDraw = (n: number, p: number) => number;

export function seededBinomial(seed: number): BinomialDraw {
  const draw = binomialFactory.factory({ seed: seed >>> 0 || 1 });
  return (n, p) => (n === 0 || p <= 0 ? 0 : p >= 1 ? n : draw(n, p));
}

/**
 * The k-th smallest (0-based) of `count` draws with replacement from sorted[lo, hi), without
 * making the draws: how many of them land in the left half is Binomial(count, left share), and
 * only the half holding rank k matters. Same distribution as resampling and sorting, in
 * O(log n) binomial draws instead of O(n log n).
 */
function orderStatistic(sorted: ArrayLike<number>, lo: number, hi: number, count: number, k: number, draw: BinomialDraw): number {
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const left = draw(count, (mid - lo) / (hi - lo));
    if (k < left) {
      hi = mid;
      count = left;
    } else {
      lo = mid;
      count -= left;
      k -= left;
    }
  }
  return sorted[lo]!;
}

/** Ranks k and k+1 of one resample: they share the walk down until they fall into different halves. */
function orderPair(sorted: ArrayLike<number>, lo: number, hi: number, count: number, k: number, draw: BinomialDraw): [number, number] {
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const left = draw(count, (mid - lo) / (hi - lo));
    if (k + 1 < left) {
      hi = mid;
      count = left;
    } else if (k >= left) {
      lo = mid;
      count -= left;
      k -= left;
    } else {
      // k is the last draw on the left, k+1 the first on the right; the halves are independent given the counts
      return [orderStatistic(sorted, lo, mid, left, left - 1, draw), orderStatistic(sorted, mid, hi, count - left, 0, draw)];
    }
  }
  return [sorted[lo]!, sorted[lo]!];
}

/** The median of one bootstrap resample (same size as the sample, drawn with replacement). */
export function resampledMedian(sorted: ArrayLike<number>, draw: BinomialDraw): number {
  const n = sorted.length;
  if (n % 2 === 1) return orderStatistic(sorted, 0, n, n, n >> 1, draw);
  const [a, b] = orderPair(sorted, 0, n, n, (n >> 1) - 1, draw);
  return (a + b) / 2;
}

/** The q-quantile of sorted values, linear between neighbours (type 7, as R and numpy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const at = (n - 1) * q;
  const i = Math.floor(at);
  const next = sorted[Math.min(i + 1, n - 1)]!;
  return sorted[i]! + (next - sorted[i]!) * (at - i);
}

export interface RatioInterval {
  ratio: number;
  low: number;
  high: number;
}

/**
 * median(a) / median(b) with a percentile bootstrap interval: both groups are resampled
 * independently `resamples` times. `level` 0.9 gives the 5th and 95th percentiles.
 * Ratios with a zero median below are left out (they are infinite); NaN when none remain.
 */
export function bootstrapMedianRatio(a: ArrayLike<number>, b: ArrayLike<number>, options: { seed: number; resamples: number; level: number }): RatioInterval {
  const ratio = medianSorted(a) / medianSorted(b);
  if (a.length === 0 || b.length === 0) return { ratio: Number.NaN, low: Number.NaN, high: Number.NaN };
  const draw = seededBinomial(options.seed);
  const ratios = new Float64Array(options.resamples);
  let kept = 0;
  for (let i = 0; i < options.resamples; i++) {
    const top = resampledMedian(a, draw);
    const bottom = resampledMedian(b, draw);
    if (bottom > 0) ratios[kept++] = top / bottom;
  }
  const finite = ratios.subarray(0, kept).sort();
  const tail = (1 - options.level) / 2;
  return { ratio: Number.isFinite(ratio) ? ratio : Number.NaN, low: quantileSorted(finite, tail), high: quantileSorted(finite, 1 - tail) };
}
