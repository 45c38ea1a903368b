import type { CategoryId } from '../category.ts';
import type { Advisor } from '../engine.ts';
import type { Lang } from '../post.ts';
import { bootstrapMedianRatio, medianSorted } from './bootstrap.ts';
import { categoryMask, categoryOrder } from './category-bits.ts';
import { fanFigure, shareOf } from './figures.ts';
import { recommend } from './recommend.ts';
import type { AuditedPost, AuditResult, EngagementRow, ExportFormat, Metric, MixRow, PostSummary, SkippedRow, Verdict } from './result.ts';

/** Below this many posts with a category, no claim is made (the figures are still shown). */
export const MIN_POSTS = 8;
export const RESAMPLES = 2000;
export const LEVEL = 0.9;
const SEED = 20_110_912;
const SHOWN_POSTS = 5;
const TEXT_CHARS = 120;

/** Cuts text to `max` characters including the ellipsis, on whole code points. */
export function cutText(text: string, max = TEXT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const points = Array.from(flat);
  return points.length <= max ? flat : `${points.slice(0, max - 1).join('').trimEnd()}…`;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function orNull(x: number, digits: number): number | null {
  return Number.isFinite(x) ? round(x, digits) : null;
}

export function verdictOf(n: number, low: number, high: number): Verdict {
  if (n < MIN_POSTS || !Number.isFinite(low) || !Number.isFinite(high)) return 'not_enough_data';
  if (low > 1) return 'higher';
  if (high < 1) return 'lower';
  return low >= 0.8 && high <= 1.25 ? 'no_difference' : 'not_enough_data';
}

/** Keeps the k best posts by a comparator as they stream past; ties keep file order. */
class TopK {
  readonly items: PostSummary[] = [];
  constructor(
    private readonly k: number,
    private readonly better: (a: number, b: number) => boolean,
  ) {}
  offer(post: Pick<AuditedPost, 'id' | 'score' | 'text'>, rate: number): void {
    const items = this.items;
    if (items.length === this.k && !this.better(rate, items[items.length - 1]!.rate)) return;
    let at = items.length;
    while (at > 0 && this.better(rate, items[at - 1]!.rate)) at--;
    items.splice(at, 0, { id: post.id, score: post.score, rate, text: cutText(post.text) });
    if (items.length > this.k) items.pop();
  }
}

/** Every rated post's engagement rate and category mask, ascending by rate: what the statistics read. */
export interface RatedPosts {
  /** Ascending. */
  rates: Float64Array;
  /** Each post's categories, one bit per category in categoryOrder, in the order of `rates`. */
  masks: Uint32Array;
}

/** One category's engagement figures before rounding (NaN where a figure cannot be had). */
export interface CategoryStats {
  n: number;
  median: number;
  ratio: number;
  low: number;
  high: number;
}

/**
 * The engagement figures of the category at `bit` of the masks: the median rate of the posts with
 * it and the bootstrap ratio against the posts without it; null when no rated post has it. Pure,
 * and seeded by the bit, so whichever thread computes a category gets the same figures.
 */
export function categoryStats(rated: RatedPosts, bit: number): CategoryStats | null {
  const { rates, masks } = rated;
  let n = 0;
  for (let p = 0; p < masks.length; p++) n += (masks[p]! >>> bit) & 1;
  if (n === 0) return null;
  // why no sort: the rates come ascending, so each side comes out sorted as it is split off
  const a = new Float64Array(n);
  const b = new Float64Array(rates.length - n);
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < rates.length; p++) {
    if ((masks[p]! >>> bit) & 1) a[ia++] = rates[p]!;
    else b[ib++] = rates[p]!;
  }
  const r = bootstrapMedianRatio(a, b, { seed: SEED + bit, resamples: RESAMPLES, level: LEVEL });
  return { n, median: medianSorted(a), ratio: r.ratio, low: r.low, high: r.high };
}

/** Every category's figures (categoryStats), in this thread. */
export function allCategoryStats(rated: RatedPosts, categories: number): (CategoryStats | null)[] {
  return Array.from({ length: categories }, (_, bit) => categoryStats(rated, bit));
}

/**
 * Collects posts one at a time (an export may hold 100,000) and keeps only what the statistics
 * need: each post's rate and categories, the period, and the best and worst few.
 */
export class AuditCollector {
  readonly categoryIds: readonly CategoryId[];
  private readonly rates: number[] = [];
  /** One bit per category, per post with a rate (same order as `rates`). */
  private readonly rated: number[] = [];
  private readonly counts: number[];
  private posts = 0;
  private from: string | null = null;
  private to: string | null = null;
  private readonly best = new TopK(SHOWN_POSTS, (a, b) => a > b);
  private readonly worst = new TopK(SHOWN_POSTS, (a, b) => a < b);

  constructor(private readonly advisor: Advisor) {
    this.categoryIds = categoryOrder(advisor);
    this.counts = this.categoryIds.map(() => 0);
  }

  add(post: AuditedPost): void {
    this.addMask({ ...post, categories: categoryMask(this.categoryIds, post.categories) });
  }

  /** add() with the categories as a mask in categoryOrder, as the scoring threads hand them over. */
  addMask(post: Omit<AuditedPost, 'categories'> & { categories: number }): void {
    this.posts++;
    const bits = post.categories;
    for (let i = 0; i < this.counts.length; i++) if ((bits >>> i) & 1) this.counts[i]!++;
    if (post.date !== null) {
      if (this.from === null || post.date < this.from) this.from = post.date;
      if (this.to === null || post.date > this.to) this.to = post.date;
    }
    if (post.rate === null || !Number.isFinite(post.rate)) return;
    this.rates.push(post.rate);
    this.rated.push(bits);
    this.best.offer(post, post.rate);
    this.worst.offer(post, post.rate);
  }

  get count(): number {
    return this.posts;
  }

  /** The rated posts so far, ascending by rate, for categoryStats (here or on other threads). */
  ratedPosts(): RatedPosts {
    const n = this.rates.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // why one sort of all posts: each category's two sides then come out sorted (24 sorts fewer for 12 categories);
    // ties keep file order, and equal rates are the same number whichever post they came from
    order.sort((x, y) => this.rates[x]! - this.rates[y]! || x - y);
    const rates = new Float64Array(n);
    const masks = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      rates[k] = this.rates[order[k]!]!;
      masks[k] = this.rated[order[k]!]!;
    }
    return { rates, masks };
  }

  /**
   * The result. `stats` are the categories' figures in categoryOrder when they were computed
   * elsewhere (e.g. spread over worker threads); computed here otherwise.
   */
  finish(meta: { format: ExportFormat; metric: Metric; skipped: SkippedRow[]; lang: Lang }, stats?: readonly (CategoryStats | null)[]): AuditResult {
    const figures = stats ?? allCategoryStats(this.ratedPosts(), this.categoryIds.length);
    const mix: MixRow[] = this.categoryIds.map((category, i) => {
      const f = fanFigure(this.advisor, category);
      return {
        category,
        posts: this.counts[i]!,
        share: this.posts === 0 ? 0 : round(this.counts[i]! / this.posts, 4),
        consumers: shareOf(f?.consumers?.value),
        companies: shareOf(f?.companies?.value),
        finding: f?.id ?? null,
      };
    });
    const engagement: EngagementRow[] = [];
    this.categoryIds.forEach((category, i) => {
      const r = figures[i];
      if (!r) return;
      engagement.push({
        category,
        n: r.n,
        median: orNull(r.median, 6),
        low: orNull(r.low, 3),
        high: orNull(r.high, 3),
        ratio: orNull(r.ratio, 3),
        verdict: verdictOf(r.n, r.low, r.high),
      });
    });
    const period = this.from !== null && this.to !== null ? { from: this.from, to: this.to } : null;
    const rounded = (items: PostSummary[]) => items.map((p) => ({ ...p, rate: round(p.rate, 6) }));
    const result: Omit<AuditResult, 'recommendations'> = {
      format: meta.format,
      posts: this.posts,
      skipped: meta.skipped,
      period,
      metric: meta.metric,
      mix,
      engagement,
      best: rounded(this.best.items),
      worst: rounded(this.worst.items),
    };
    return { ...result, recommendations: recommend(this.advisor, result, meta.lang) };
  }
}

/** The audit without post texts (best and worst keep id, score and rate): for stores that keep no post text. */
export function withoutTexts(audit: AuditResult): AuditResult {
  const strip = (posts: readonly PostSummary[]) => posts.map((p) => ({ ...p, text: '' }));
  return { ...audit, best: strip(audit.best), worst: strip(audit.worst) };
}
