import { AuditCollector, type CategoryStats, type RatedPosts } from '../core/audit/audit.ts';
import type { AuditResult, ExportFormat, Metric, SkippedRow } from '../core/audit/result.ts';
import type { Advisor } from '../core/engine.ts';
import type { Lang, Platform } from '../core/post.ts';
import { classifyHere, type ClassifiedBatch, type ClassifyBatch } from './classify.ts';

/** One row of a page export as a reader hands it over: a post with its numbers, or a bad row. */
export type ExportRecord =
  | { kind: 'post'; line: number; id: string; text: string; date: string | null; engagement: number; base: number | null }
  | { kind: 'bad'; line: number; reason: string };

/** An export opened by a reader (CSV, JSONL …): what it is and its rows, streamed. */
export interface AuditSource {
  format: ExportFormat;
  platform: Platform;
  metric: Metric;
  records: AsyncIterable<ExportRecord>;
}

/**
 * Computes every category's engagement figures (categoryStats for bits 0 … categories − 1, in
 * order); an adapter may spread them over worker threads (the figures must be the same).
 */
export type CategoryFigures = (rated: RatedPosts, categories: number) => Promise<readonly (CategoryStats | null)[]>;

export interface AuditOptions {
  /** Language of the recommendations. */
  lang: Lang;
  /** Only posts published on or after this ISO date; posts without a date are kept. */
  since?: string;
  /** Called every few hundred rows with the number read so far. */
  onProgress?: (rows: number) => void;
  /** How posts are scored (default: here, one at a time). */
  classify?: ClassifyBatch;
  /** Batches scored at once when `classify` runs elsewhere (default 1). */
  concurrency?: number;
  /** Where the categories' figures are computed (default: here, at the end). */
  figures?: CategoryFigures;
}

const BATCH = 250;

type Post = Extract<ExportRecord, { kind: 'post' }>;

/**
 * Audits a page's past posts: each is scored by the engine (the study score, categories), its
 * engagement rate taken from the export, and the page's mix and engagement compared per category.
 */
export async function auditPage(advisor: Advisor, source: AuditSource, options: AuditOptions): Promise<AuditResult> {
  const classify = options.classify ?? classifyHere(advisor);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const collector = new AuditCollector(advisor);
  const skipped: SkippedRow[] = [];
  // batches in flight, oldest first, so posts reach the collector in file order
  const pending: { posts: Post[]; result: Promise<ClassifiedBatch> }[] = [];
  const collect = async () => {
    const { posts, result } = pending.shift()!;
    const { scores, categories } = await result;
    posts.forEach((post, i) => {
      collector.addMask({ id: post.id, date: post.date, text: post.text, rate: post.base !== null && post.base > 0 ? post.engagement / post.base : null, score: scores[i]!, categories: categories[i]! });
    });
  };
  let batch: Post[] = [];
  const dispatch = async () => {
    if (batch.length === 0) return;
    const posts = batch;
    batch = [];
    pending.push({ posts, result: Promise.resolve(classify(posts.map((p) => p.text), source.platform)) });
    while (pending.length >= concurrency) await collect();
  };
  let rows = 0;
  for await (const record of source.records) {
    if (++rows % BATCH === 0) options.onProgress?.(rows);
    if (record.kind === 'bad') {
      skipped.push({ line: record.line, reason: record.reason });
      continue;
    }
    if (options.since !== undefined && record.date !== null && record.date < options.since) continue;
    batch.push(record);
    if (batch.length === BATCH) await dispatch();
  }
  await dispatch();
  while (pending.length > 0) await collect();
  options.onProgress?.(rows);
  const meta = { format: source.format, metric: source.metric, skipped, lang: options.lang };
  if (!options.figures) return collector.finish(meta);
  return collector.finish(meta, await options.figures(collector.ratedPosts(), collector.categoryIds.length));
}
