// Training the learned layer: L2-regularised logistic regression, one per label, by full-batch
// gradient descent with momentum over binary features. Deterministic: no randomness, fixed
// iteration count, features in sorted order, so the same data gives the same weights.

export interface Example {
  features: readonly string[];
  labels: readonly string[];
  /** The labels this example speaks for (a rule file's example knows only its own category); all when absent. */
  known?: readonly string[];
  /** How much this example counts in the loss (default 1). */
  weight?: number;
}

export interface TrainOptions {
  labels: readonly string[];
  lambda: number;
  /** Per label (in `labels` order), a lambda chosen for that label; `lambda` when absent. */
  lambdas?: readonly number[];
  iterations: number;
  /** Features seen in fewer examples than this are dropped (noise that only memorises). */
  minCount: number;
  /**
   * The penalty multiplier of a feature (default 1): sparse lexical features (stems, bigrams) get a
   * stronger pull to zero than structural features, so rare words cannot carry a verdict alone.
   */
  penalty?: (feature: string) => number;
}

export interface Trained {
  vocabulary: string[];
  bias: number[];
  /** weights[f][label] */
  weights: number[][];
}

interface Design {
  vocabulary: string[];
  rows: Int32Array[];
}

function design(examples: readonly Example[], minCount: number): Design {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, n]) => n >= minCount).map(([f]) => f).sort();
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const rows = examples.map((e) => Int32Array.from([...new Set(e.features)].flatMap((f) => (index.has(f) ? [index.get(f)!] : [])).sort((a, b) => a - b)));
  return { vocabulary, rows };
}

/** Fits one label: minimises mean log-loss + lambda/2 · |w|² (the bias is not regularised). */
export function fitBinary(rows: readonly Int32Array[], y: readonly number[], dims: number, lambda: number, iterations: number, sampleWeights?: readonly number[], penalties?: Float64Array): { w: Float64Array; b: number } {
  const n = sampleWeights ? sampleWeights.reduce((a, b) => a + b, 0) : rows.length;
  const w = new Float64Array(dims);
  const vw = new Float64Array(dims);
  const g = new Float64Array(dims);
  let b = 0;
  let vb = 0;
  const rate = 0.5;
  const momentum = 0.9;
  for (let it = 0; it < iterations; it++) {
    g.fill(0);
    let gb = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      let z = b;
      for (let k = 0; k < row.length; k++) z += w[row[k]!]!;
      const err = (1 / (1 + Math.exp(-z)) - y[r]!) * (sampleWeights ? sampleWeights[r]! : 1);
      gb += err;
      for (let k = 0; k < row.length; k++) g[row[k]!]! += err;
    }
    for (let j = 0; j < dims; j++) {
      vw[j] = momentum * vw[j]! - rate * (g[j]! / n + lambda * (penalties ? penalties[j]! : 1) * w[j]!);
      w[j]! += vw[j]!;
    }
    vb = momentum * vb - rate * (gb / n);
    b += vb;
  }
  return { w, b };
}

/** The gradient of the objective `fitBinary` minimises, for tests: near zero at the optimum. */
export function gradientNorm(rows: readonly Int32Array[], y: readonly number[], w: Float64Array, b: number, lambda: number): number {
  const g = new Float64Array(w.length);
  let gb = 0;
  rows.forEach((row, r) => {
    let z = b;
    for (const k of row) z += w[k]!;
    const err = 1 / (1 + Math.exp(-z)) - y[r]!;
    gb += err;
    for (const k of row) g[k]! += err;
  });
  let s = (gb / rows.length) ** 2;
  for (let j = 0; j < w.length; j++) s += (g[j]! / rows.length + lambda * w[j]!) ** 2;
  return Math.sqrt(s);
}

export function train(examples: readonly Example[], options: TrainOptions): Trained {
  const { vocabulary, rows } = design(examples, options.minCount);
  const weights = vocabulary.map(() => new Array<number>(options.labels.length).fill(0));
  const bias: number[] = [];
  const penalty = options.penalty;
  const penalties = penalty ? Float64Array.from(vocabulary, (f) => penalty(f)) : undefined;
  options.labels.forEach((label, li) => {
    const use = examples.flatMap((e, i) => (e.known === undefined || e.known.includes(label) ? [i] : []));
    const y = use.map((i) => (examples[i]!.labels.includes(label) ? 1 : 0));
    const { w, b } = fitBinary(use.map((i) => rows[i]!), y, vocabulary.length, options.lambdas?.[li] ?? options.lambda, options.iterations, use.map((i) => examples[i]!.weight ?? 1), penalties);
    bias.push(b);
    w.forEach((v, j) => (weights[j]![li] = v));
  });
  return { vocabulary, bias, weights };
}

/** Probabilities per example and label from a trained model (the same arithmetic as model.ts). */
export function probabilities(model: Trained, examples: readonly Example[]): number[][] {
  const index = new Map(model.vocabulary.map((f, i) => [f, i]));
  return examples.map((e) => {
    const z = [...model.bias];
    for (const f of new Set(e.features)) {
      const j = index.get(f);
      if (j === undefined) continue;
      model.weights[j]!.forEach((v, li) => (z[li]! += v));
    }
    return z.map((v) => 1 / (1 + Math.exp(-v)));
  });
}

/** The threshold in [0.1, 0.7] that gives the best F1 for one label's out-of-fold probabilities. */
export function bestThreshold(p: readonly number[], y: readonly number[]): { threshold: number; f1: number } {
  let best = { threshold: 0.5, f1: -1 };
  for (let t = 0.1; t <= 0.701; t += 0.05) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    p.forEach((v, i) => {
      const got = v >= t;
      if (got && y[i]) tp++;
      else if (got) fp++;
      else if (y[i]) fn++;
    });
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    // why: ties go to the threshold nearest 0.5, the one that assumes least
    if (f1 > best.f1 + 1e-9 || (Math.abs(f1 - best.f1) <= 1e-9 && Math.abs(t - 0.5) < Math.abs(best.threshold - 0.5))) best = { threshold: Math.round(t * 100) / 100, f1 };
  }
  return best;
}
