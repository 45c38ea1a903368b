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

/**
 * Collects posts one at a time (an export may hold 100,000) and keeps only what the statistics
 * need: each post's rate and categories, the period, and the best and worst few.
 */
export class AuditCollector {
  private readonly categoryIds: readonly CategoryId[];
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

  finish(meta: { format: ExportFormat; metric: Metric; skipped: SkippedRow[]; lang: Lang }): AuditResult {
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
      const withIt: number[] = [];
      const without: number[] = [];
      for (let p = 0; p < this.rates.length; p++) ((this.rated[p]! >> i) & 1 ? withIt : without).push(this.rates[p]!);
      if (withIt.length === 0) return;
      const a = Float64Array.from(withIt).sort();
      const b = Float64Array.from(without).sort();
      const r = bootstrapMedianRatio(a, b, { seed: SEED + i, resamples: RESAMPLES, level: LEVEL });
      engagement.push({
        category,
        n: a.length,
        median: orNull(medianSorted(a), 6),
        low: orNull(r.low, 3),
        high: orNull(r.high, 3),
        ratio: orNull(r.ratio, 3),
        verdict: verdictOf(a.length, r.low, r.high),
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
