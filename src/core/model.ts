// The learned layer: one logistic regression per label over the post's features, trained by
// `npm run train` (scripts/train.ts) and stored as data in rules/model/weights.json.
import { z } from 'zod';

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
  trained: z.strictObject({ posts: z.number().int(), sources: z.array(z.string()), lambda: z.number(), iterations: z.number().int(), minCount: z.number().int() }),
});
export type ModelFile = z.infer<typeof ModelSchema>;

export interface CompiledModel {
  labels: readonly string[];
  thresholds: Float64Array;
  bias: Float64Array;
  weights: Map<string, Float64Array>;
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
  return {
    labels: file.labels,
    thresholds: Float64Array.from(file.thresholds),
    bias: Float64Array.from(file.bias),
    weights: new Map(Object.entries(file.weights).map(([f, w]) => [f, Float64Array.from(w)])),
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

/** Per label, the model's probability; labels at or above their threshold are detected. */
export function predict(model: CompiledModel, features: readonly string[]): { probabilities: Float64Array; detected: Detection[] } {
  const n = model.labels.length;
  const z = Float64Array.from(model.bias);
  const hits: Float64Array[] = [];
  const names: string[] = [];
  for (const f of features) {
    const w = model.weights.get(f);
    if (!w) continue;
    hits.push(w);
    names.push(f);
    for (let i = 0; i < n; i++) z[i]! += w[i]!;
  }
  const probabilities = new Float64Array(n);
  const detected: Detection[] = [];
  for (let i = 0; i < n; i++) {
    const p = sigmoid(z[i]!);
    probabilities[i] = p;
    if (p >= model.thresholds[i]!) detected.push({ label: model.labels[i]!, probability: p, cues: strongest(hits, names, i) });
  }
  return { probabilities, detected };
}

/** The (at most three) features that pushed label `i` up most, strongest first; no sorting of all hits. */
function strongest(hits: readonly Float64Array[], names: readonly string[], i: number): string[] {
  const top: { f: string; w: number }[] = [];
  for (let k = 0; k < hits.length; k++) {
    const w = hits[k]![i]!;
    if (w <= 0 || (top.length === 3 && w <= top[2]!.w) || BACKGROUND.test(names[k]!)) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.w < w) at--;
    top.splice(at, 0, { f: names[k]!, w });
    if (top.length > 3) top.pop();
  }
  return top.map((x) => x.f);
}
