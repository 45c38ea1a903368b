import { AuditCollector } from '../core/audit/audit.ts';
import type { AuditResult, ExportFormat, Metric, SkippedRow } from '../core/audit/result.ts';
import { advise, type Advisor } from '../core/engine.ts';
import type { Lang, Platform } from '../core/post.ts';

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

export interface AuditOptions {
  /** Language of the recommendations. */
  lang: Lang;
  /** Only posts published on or after this ISO date; posts without a date are kept. */
  since?: string;
  /** Called every few hundred posts with the number read so far. */
  onProgress?: (posts: number) => void;
}

const PROGRESS_EVERY = 500;

/**
 * Audits a page's past posts: each is scored by the engine (the study score, categories), its
 * engagement rate taken from the export, and the page's mix and engagement compared per category.
 */
export async function auditPage(advisor: Advisor, source: AuditSource, options: AuditOptions): Promise<AuditResult> {
  const collector = new AuditCollector(advisor);
  const skipped: SkippedRow[] = [];
  let seen = 0;
  for await (const record of source.records) {
    if (++seen % PROGRESS_EVERY === 0) options.onProgress?.(seen);
    if (record.kind === 'bad') {
      skipped.push({ line: record.line, reason: record.reason });
      continue;
    }
    if (options.since !== undefined && record.date !== null && record.date < options.since) continue;
    const report = advise(advisor, { text: record.text, platform: source.platform, lang: 'auto' }, { maxSuggestions: 0 });
    collector.add({
      id: record.id,
      date: record.date,
      text: record.text,
      rate: record.base !== null && record.base > 0 ? record.engagement / record.base : null,
      score: report.score,
      categories: report.categories,
    });
  }
  options.onProgress?.(seen);
  return collector.finish({ format: source.format, metric: source.metric, skipped, lang: options.lang });
}
