import type { CategoryId } from '../category.ts';

/** The export formats an audit reads; part of the `audit --json` contract. */
export type ExportFormat = 'meta-facebook' | 'meta-instagram' | 'x-content' | 'x-activity' | 'generic';

/** The columns that made the engagement rate, as the export names them. */
export interface Metric {
  /** e.g. "engagements / impressions" */
  name: string;
  numerator: string[];
  denominator: string;
}

export interface SkippedRow {
  /** The physical line where the bad record starts; the header is line 1. */
  line: number;
  reason: string;
}

/** One post of the export after the engine has read it. */
export interface AuditedPost {
  id: string;
  /** ISO date exactly as the export states it, or null. */
  date: string | null;
  text: string;
  /** Engagement rate; null when the denominator is 0 or missing (the post still counts in the mix). */
  rate: number | null;
  score: number;
  categories: readonly CategoryId[];
}

export interface MixRow {
  category: CategoryId;
  posts: number;
  share: number;
  consumers: number | null;
  companies: number | null;
  finding: string | null;
}

export type Verdict = 'higher' | 'lower' | 'no_difference' | 'not_enough_data';

export interface EngagementRow {
  category: CategoryId;
  n: number;
  median: number | null;
  low: number | null;
  high: number | null;
  ratio: number | null;
  verdict: Verdict;
}

export interface PostSummary {
  id: string;
  score: number;
  rate: number;
  text: string;
}

export interface Recommendation {
  text: string;
  /** Where the numbers come from: the page's own data and/or a finding (id, study, year). */
  evidence: string;
}

/** The `audit --json` object. Stable: add fields, never rename. */
export interface AuditResult {
  format: ExportFormat;
  posts: number;
  skipped: SkippedRow[];
  period: { from: string; to: string } | null;
  metric: Metric;
  mix: MixRow[];
  engagement: EngagementRow[];
  best: PostSummary[];
  worst: PostSummary[];
  recommendations: Recommendation[];
}

