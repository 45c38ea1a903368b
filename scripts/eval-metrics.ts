// Scoring a detector against labelled posts: per-label precision/recall/F1, macro-F1, band
// agreement and exact-set rate, overall and per group. Pure: labelled rows and predictions in.
export const LABELS = [
  'discount', 'purchase_cta', 'loyalty', 'exclusive', 'reviews', 'company_info', 'product_news',
  'customer_service', 'opinion_request', 'event', 'contest', 'community',
  'privacy_ask', 'spam_signals', 'tracking_link',
] as const;
export type Label = (typeof LABELS)[number];

export interface Labelled {
  id: string;
  split?: string;
  text: string;
  platform: string;
  language: string;
  categories: string[];
  band: string;
  tags?: string[];
}

export interface Predicted {
  labels: string[];
  /** The band by LABELS.md's rule over the detected labels: what `band` in the labels means. */
  band: string;
  /** The band the report shows (kind-aware for replies and service notices, issue 11; length limits); when absent, `band`. */
  shownBand?: string;
  /** Per label, what decided it (cue text or feature names), for --errors. */
  why: Record<string, string>;
}

export interface LabelScore {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Scores {
  posts: number;
  macroF1: number;
  bandAgreement: number;
  /** Agreement of the band the report shows with the labelled band. */
  shownBandAgreement: number;
  exactSet: number;
  perLabel: LabelScore[];
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Scores predictions; labels with no gold and no predicted instance are left out of the macro mean. */
export function score(rows: readonly Labelled[], preds: readonly Predicted[], labels: readonly string[] = LABELS): Scores {
  const perLabel: LabelScore[] = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    rows.forEach((row, i) => {
      const gold = row.categories.includes(label);
      const got = preds[i]!.labels.includes(label);
      if (gold && got) tp++;
      else if (got) fp++;
      else if (gold) fn++;
    });
    // why: a label nobody has and nobody predicts is a perfect (vacuous) agreement, not a zero
    const precision = tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp);
    const recall = tp + fn === 0 ? (fp === 0 ? 1 : 0) : tp / (tp + fn);
    return { label, tp, fp, fn, support: tp + fn, precision, recall, f1: f1(precision, recall) };
  });
  const counted = perLabel.filter((l) => l.support > 0 || l.fp > 0);
  const macroF1 = counted.length === 0 ? 1 : counted.reduce((s, l) => s + l.f1, 0) / counted.length;
  let band = 0;
  let shown = 0;
  let exact = 0;
  rows.forEach((row, i) => {
    const p = preds[i]!;
    if (p.band === row.band) band++;
    if ((p.shownBand ?? p.band) === row.band) shown++;
    const g = [...row.categories].sort().join(',');
    const q = [...p.labels].filter((l) => labels.includes(l)).sort().join(',');
    if (g === q) exact++;
  });
  const n = rows.length || 1;
  return { posts: rows.length, macroF1, bandAgreement: band / n, shownBandAgreement: shown / n, exactSet: exact / n, perLabel };
}

/** For each label: what it was confused with (missed-with / predicted-instead counts). */
export function confusions(rows: readonly Labelled[], preds: readonly Predicted[]): Record<string, { falsePositiveWith: Record<string, number>; missedFor: Record<string, number> }> {
  const out: ReturnType<typeof confusions> = {};
  for (const label of LABELS) out[label] = { falsePositiveWith: {}, missedFor: {} };
  rows.forEach((row, i) => {
    const got = preds[i]!.labels;
    for (const l of got) {
      if (row.categories.includes(l)) continue;
      const key = row.categories.filter((g) => !got.includes(g)).join('+') || '(nothing missing)';
      out[l]!.falsePositiveWith[key] = (out[l]!.falsePositiveWith[key] ?? 0) + 1;
    }
    for (const l of row.categories) {
      if (got.includes(l)) continue;
      const key = got.filter((g) => !row.categories.includes(g)).join('+') || '(nothing instead)';
      out[l]!.missedFor[key] = (out[l]!.missedFor[key] ?? 0) + 1;
    }
  });
  return out;
}
