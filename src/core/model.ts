// The learned layer: one logistic regression per label over the post's features, trained by
// `npm run train` (scripts/train.ts) and stored as data in rules/model/weights.json.
import { z } from 'zod';
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
    space: { ids: new Map(names.map((f, id) => [f, id])), names, open: false },
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

/** `predict` for features already read as rows of the model (features.ts, `extractFeatureIds`): distinct, first-seen order. */
export function predictIds(model: CompiledModel, hits: Int32Array, count: number): Detection[] {
  const n = model.labels.length;
  const table = model.table;
  const bias = model.bias;
  const detected: Detection[] = [];
  for (let i = 0; i < n; i++) {
    // why label by label: the sum stays in a register instead of a store per feature and label;
    // each label's sum adds the same numbers in the same order (bias, then features in read order)
    let z = bias[i]!;
    for (let k = 0; k < count; k++) z += table[hits[k]! * n + i]!;
    const p = sigmoid(z);
    if (p >= model.thresholds[i]!) detected.push({ label: model.labels[i]!, probability: p, cues: strongest(model, hits, count, i) });
  }
  return detected;
}

/** The (at most three) features that pushed label `i` up most, strongest first; no sorting of all hits. */
function strongest(model: CompiledModel, hits: Int32Array, count: number, i: number): string[] {
  const n = model.labels.length;
  const top: { id: number; w: number }[] = [];
  for (let k = 0; k < count; k++) {
    const id = hits[k]!;
    const w = model.table[id * n + i]!;
    if (w <= 0 || (top.length === 3 && w <= top[2]!.w) || model.background[id] === 1) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.w < w) at--;
    top.splice(at, 0, { id, w });
    if (top.length > 3) top.pop();
  }
  return top.map((x) => model.space.names[x.id]!);
}
