import type { Report } from './engine.ts';

/** The stable machine-readable shape of a report (`--json`, `--jsonl`). Add fields; never rename. */
export interface ReportJson {
  score: number;
  band: Report['band'];
  language: Report['language'];
  platform: Report['platform'];
  categories: Report['categories'];
  signals: Report['signals'];
  length: Report['length'];
  findings: { id: string; points: number; message: string }[];
  suggestions: { rule: string; text: string; gain: number; evidence: { finding: string; figure: string; source: string; year: number; verified: 'yes' | 'partial' | 'no' } }[];
  base: number;
  notes: Report['notes'];
  /** What kind of post it was judged as, and whether that was recognised (true) or chosen by the user (false). */
  kind: { name: Report['kind']['kind']; detected: boolean };
}

export function toJson(r: Report): ReportJson {
  return {
    score: r.score,
    band: r.band,
    language: r.language,
    platform: r.platform,
    categories: r.categories,
    signals: r.signals,
    length: r.length,
    findings: r.findings.map((f) => ({ id: f.id, points: f.points, message: f.message })),
    suggestions: r.suggestions.map((s) => ({
      rule: s.rule,
      text: s.text,
      gain: s.gain,
      evidence: { finding: s.evidence.finding, figure: s.evidence.figure, source: s.evidence.source, year: s.evidence.year, verified: s.evidence.verified },
    })),
    base: r.base,
    notes: r.notes,
    kind: { name: r.kind.kind, detected: r.kind.detected },
  };
}
