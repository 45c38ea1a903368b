// The learned layer: one logistic regression per label over the post's features, trained by
// `npm run train` (scripts/train.ts) and stored as data in rules/model/weights.json.
import { z } from 'zod';
import { bigramData } from './bigram-table.ts';
import type { FeatureSpace } from './features.ts';

export const ModelSchema = z.strictObject({
  version: z.literal(1),
  /** Whether features include stem bigrams within a clause. */
  bigrams: z.boolean(),
  labels: z.array(z.string().min(1)).min(1),
  /** Per label: the probability from which the label is reported (chosen by cross-validation on training data). */
  thresholds: z.array(z.number().min(0).max(1)),
  bias: z.array(z.number()),
  /** Feature name → one weight per label, in `labels` order. */
  weights: z.record(z.string(), z.array(z.number())),
  /** How it was trained, for the README and for anyone retraining. */
  trained: z.strictObject({ posts: z.number().int(), sources: z.array(z.string()), lambda: z.number(), lambdas: z.array(z.number()).optional(), lexicalPenalty: z.number().optional(), iterations: z.number().int(), minCount: z.number().int() }),
});
export type ModelFile = z.infer<typeof ModelSchema>;

export interface CompiledModel {
  labels: readonly string[];
  thresholds: Float64Array;
  bias: Float64Array;
  /** Feature name → row in `table`, and back: the space features are read into, so a post's features are row ids. */
  space: FeatureSpace;
  /** Row-major weights: feature id × label. */
  table: Float64Array;
  /** Per feature id: 1 when the feature never explains a verdict (language, platform, size buckets). */
  background: Uint8Array;
  bigrams: boolean;
}

/** Problems beyond the schema: every array has one entry per label, labels are known. */
export function checkModel(file: ModelFile, knownLabels: readonly string[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const n = file.labels.length;
  file.labels.forEach((l, i) => {
    if (!knownLabels.includes(l)) problems.push({ field: `labels.${i}`, message: `"${l}" is not a category or signal` });
  });
  if (file.thresholds.length !== n) problems.push({ field: 'thresholds', message: `has ${file.thresholds.length} entries for ${n} labels` });
  if (file.bias.length !== n) problems.push({ field: 'bias', message: `has ${file.bias.length} entries for ${n} labels` });
  for (const [f, w] of Object.entries(file.weights)) {
    if (w.length !== n) {
      problems.push({ field: `weights.${f}`, message: `has ${w.length} weights for ${n} labels` });
      break;
    }
  }
  return problems;
}

export function compileModel(file: ModelFile): CompiledModel {
  const n = file.labels.length;
  const names = Object.keys(file.weights);
  const table = new Float64Array(names.length * n);
  names.forEach((f, id) => table.set(file.weights[f]!, id * n));
  return {
    labels: file.labels,
    thresholds: Float64Array.from(file.thresholds),
    bias: Float64Array.from(file.bias),
    space: { ids: new Map(names.map((f, id) => [f, id])), names, open: false, ...(file.bigrams ? { bigrams: bigramData(names) } : {}) },
    table,
    background: Uint8Array.from(names, (f) => (BACKGROUND.test(f) ? 1 : 0)),
    bigrams: file.bigrams,
  };
}

export interface Detection {
  label: string;
  probability: number;
  /** The features that pushed this label up most, strongest first. */
  cues: string[];
}

// why: language, platform and size buckets shift every label a little; they never explain a verdict
const BACKGROUND = /^(?:lang|platform|words|emojis|hashtags|upper):/;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** The labels at or above their threshold, each with its probability and strongest features. */
export function predict(model: CompiledModel, features: readonly string[]): Detection[] {
  const ids = new Int32Array(features.length);
  let count = 0;
  for (const f of features) {
    const id = model.space.ids.get(f);
    if (id !== undefined) ids[count++] = id;
  }
  return predictIds(model, ids, count);
}

// why: one scratch row of sums, reused by every prediction (the thread's only one at a time)
let sums = new Float64Array(0);

/** `predict` for features already read as rows of the model (features.ts, `extractFeatureIds`): distinct, first-seen order. */
export function predictIds(model: CompiledModel, hits: Int32Array, count: number): Detection[] {
  const n = model.labels.length;
  const table = model.table;
  if (sums.length < n) sums = new Float64Array(n);
  const z = sums;
  z.set(model.bias);
  // why four labels at a time, each sum in a local: the sums stay in registers while the post's rows
  // are read (twice as fast as adding into the array row by row); each label's sum still adds the
  // same numbers in the same order (bias, then features in read order), so it is the same to the bit
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let a = z[i]!;
    let b = z[i + 1]!;
    let c = z[i + 2]!;
    let d = z[i + 3]!;
    for (let k = 0; k < count; k++) {
      const row = hits[k]! * n + i;
      a += table[row]!;
      b += table[row + 1]!;
      c += table[row + 2]!;
      d += table[row + 3]!;
    }
    z[i] = a;
    z[i + 1] = b;
    z[i + 2] = c;
    z[i + 3] = d;
  }
  for (; i < n; i++) {
    let a = z[i]!;
    for (let k = 0; k < count; k++) a += table[hits[k]! * n + i]!;
    z[i] = a;
  }
  const detected: Detection[] = [];
  for (let i = 0; i < n; i++) {
    const p = sigmoid(z[i]!);
    if (p >= model.thresholds[i]!) detected.push({ label: model.labels[i]!, probability: p, cues: strongest(model, hits, count, i) });
  }
  return detected;
}

/**
 * The (at most three) features that pushed label `i` up most, strongest first (of equal weights,
 * the one read first); kept in three slots, without sorting or allocating per feature.
 */
function strongest(model: CompiledModel, hits: Int32Array, count: number, i: number): string[] {
  const n = model.labels.length;
  let id0 = -1;
  let id1 = -1;
  let id2 = -1;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  for (let k = 0; k < count; k++) {
    const id = hits[k]!;
    const w = model.table[id * n + i]!;
    if (w <= 0 || (id2 >= 0 && w <= w2) || model.background[id] === 1) continue;
    if (id0 < 0 || w > w0) {
      id2 = id1;
      w2 = w1;
      id1 = id0;
      w1 = w0;
      id0 = id;
      w0 = w;
    } else if (id1 < 0 || w > w1) {
      id2 = id1;
      w2 = w1;
      id1 = id;
      w1 = w;
    } else {
      id2 = id;
      w2 = w;
    }
  }
  const names = model.space.names;
  return id0 < 0 ? [] : id1 < 0 ? [names[id0]!] : id2 < 0 ? [names[id0]!, names[id1]!] : [names[id0]!, names[id1]!, names[id2]!];
}
