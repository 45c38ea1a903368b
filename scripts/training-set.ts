// The learned layer's training posts and how they are split for cross-validation, shared by
// `npm run train` (fits rules/model/weights.json) and `npm run eval -- --cv` (scores the whole
// engine on training posts it was not trained on). Sources:
//   - the `train` split of ../shared/corpus/dev-labelled.jsonl (read here, never copied into the
//     repo; the `check` split is never read),
//   - every training/**/*.jsonl in this repository (posts written for this project, LABELS.md format),
//   - the rule files' own examples, each speaking only for its own category.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RuleBook } from '../src/core/advisor.ts';
import { buildAdvisor } from '../src/core/advisor.ts';
import { CategoryId } from '../src/core/category.ts';
import { train, type Example, type Trained } from '../src/core/learn.ts';
import { detectPost } from '../src/core/engine.ts';
import type { ModelFile } from '../src/core/model.ts';
import { parsePlatform } from '../src/core/post.ts';

export const LABELS = [...CategoryId.options, 'privacy_ask'] as const;
export const FOLDS = 5;

export interface Row {
  id?: string;
  split?: string;
  text: string;
  platform: string;
  language?: string;
  categories: string[];
  band?: string;
}

export interface TrainingSet {
  rows: Row[];
  /** Per row, its scenario group: posts written next to each other in one file share a brand or situation. */
  groups: string[];
  /** Per row, its cross-validation fold. */
  foldOf: number[];
  /** Per row, whether it is from the shared corpus's `train` split (the posts nearest to unseen ones). */
  fromDev: boolean[];
  examples: Example[];
  /** The rule files' examples: each speaks only for its own label; always trained on, never judged. */
  partial: Example[];
  sources: string[];
}

export interface Setting {
  lambda: number;
  /** Per label, the lambda cross-validation chose for it (overrides `lambda`). */
  lambdas?: number[];
  lexicalPenalty: number;
  minCount: number;
  iterations: number;
}

export function readJsonl(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

function jsonlUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const path = join(dir, f);
      return statSync(path).isDirectory() ? jsonlUnder(path) : f.endsWith('.jsonl') ? [path] : [];
    });
}

const GROUP_SIZE = 8;
// why: the rule files' examples are the rules' tests too, so each counts as several posts
const EXAMPLE_WEIGHT = 4;

export function loadTrainingSet(root: string, book: RuleBook, bigrams: boolean, devWeight = 1): TrainingSet {
  const sources: string[] = [];
  const rows: Row[] = [];
  const groups: string[] = [];
  const fromDev: boolean[] = [];
  const addRows = (name: string, list: Row[], dev: boolean) => {
    list.forEach((_, i) => {
      groups.push(`${name}#${Math.floor(i / GROUP_SIZE)}`);
      fromDev.push(dev);
    });
    rows.push(...list);
  };
  const dev = join(root, '..', 'shared', 'corpus', 'dev-labelled.jsonl');
  if (existsSync(dev)) {
    const trainSplit = readJsonl(dev).filter((r) => r.split === 'train');
    addRows('dev', trainSplit, true);
    sources.push(`shared/corpus/dev-labelled.jsonl (split train, ${trainSplit.length})`);
  }
  for (const file of jsonlUnder(join(root, 'training'))) {
    const own = readJsonl(file).filter((r) => r.split !== 'check');
    addRows(relative(root, file), own, false);
    sources.push(`${relative(root, file)} (${own.length})`);
  }

  const advisor = buildAdvisor({ ...book, model: undefined }, { base: 35, maxSuggestions: 3, disabledRules: [] });
  advisor.measureContext.bigrams = bigrams;
  const featuresOf = (text: string, platform: string) => detectPost({ text, platform: parsePlatform(platform) ?? 'facebook', lang: 'auto' }, advisor.measureContext).features;
  const examples: Example[] = rows.map((r, i) => ({ features: featuresOf(r.text, r.platform), labels: r.categories, ...(fromDev[i] && devWeight !== 1 ? { weight: devWeight } : {}) }));

  const partial: Example[] = [];
  const exampleText = (e: string | { text: string }) => (typeof e === 'string' ? e : e.text);
  const owned = [
    ...book.categories.map((c) => ({ id: c.value.id as string, examples: c.value.examples })),
    ...book.risks.filter((r) => r.value.id === 'privacy_ask').map((r) => ({ id: r.value.id as string, examples: r.value.examples })),
  ];
  for (const { id, examples: ex } of owned) {
    for (const [kind, list] of [['flag', ex.flag], ['pass', ex.pass]] as const) {
      for (const e of list) partial.push({ features: featuresOf(exampleText(e), 'facebook'), labels: kind === 'flag' ? [id] : [], known: [id], weight: EXAMPLE_WEIGHT });
    }
  }
  sources.push(`rules/lexicons/categories + rules/lexicons/risks/privacy-ask.yml examples (${partial.length}, each for its own label)`);

  // why: a scenario's posts share words; folds by scenario group (not by post) keep a scenario's
  // siblings out of the fold that judges it, so the figures say how well unseen situations are read
  const groupIds = new Map<string, number>();
  for (const g of groups) if (!groupIds.has(g)) groupIds.set(g, groupIds.size);
  const foldOf = groups.map((g) => groupIds.get(g)! % FOLDS);
  return { rows, groups, foldOf, fromDev, examples, partial, sources };
}

// why: stems and bigrams are many and sparse; a rare word that happened to sit in one category's
// posts otherwise carries that category alone (memorising). Structural features, cues, classes
// and frames encode the LABELS.md definitions and are penalised normally.
const LEXICAL = /^(?:not:)?(?:w|b):/;
export const penaltyFor = (k: number) => (f: string) => (LEXICAL.test(f) ? k : 1);

/** Fits the learned layer on some examples (plus the rule files' examples). */
export function fit(set: TrainingSet, use: (i: number) => boolean, s: Setting): Trained {
  const trainSet = [...set.examples.filter((_, i) => use(i)), ...set.partial];
  return train(trainSet, { labels: LABELS, lambda: s.lambda, ...(s.lambdas ? { lambdas: s.lambdas } : {}), iterations: s.iterations, minCount: s.minCount, penalty: penaltyFor(s.lexicalPenalty) });
}

// why: a stem or bigram whose every weight is below this moves no label much, yet each row the model
// keeps is memory a post's features are looked up in (with bigrams, 23k rows against 9k): at 0.1 the
// model keeps 13k, and out of fold (where the same pruning is applied) 0.869 → 0.868
export const LEXICAL_FLOOR = 0.1;
// why: four decimals are more than a verdict needs and keep the file small
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const WEIGHT_FLOOR = 0.01;

/** The weights the model file keeps: lexical features below LEXICAL_FLOOR and others below 0.01 count as zero. */
export function pruned(model: Trained): Trained {
  const weights = model.weights.map((w, j) => {
    const floor = LEXICAL.test(model.vocabulary[j]!) ? LEXICAL_FLOOR : WEIGHT_FLOOR;
    return w.some((v) => Math.abs(round(v)) >= floor) ? w : w.map(() => 0);
  });
  return { ...model, weights };
}

/** A trained model as the data file the engine reads (what `pruned` zeroes is left out). */
export function modelFile(model: Trained, thresholds: number[], bigrams: boolean, s: Setting, posts: number, sources: string[]): ModelFile {
  const weights: Record<string, number[]> = {};
  const kept = pruned(model);
  kept.vocabulary.forEach((f, j) => {
    const w = kept.weights[j]!.map(round);
    if (w.some((v) => v !== 0)) weights[f] = w;
  });
  return {
    version: 1,
    bigrams,
    labels: [...LABELS],
    thresholds,
    bias: model.bias.map(round),
    weights,
    trained: { posts, sources, lambda: s.lambda, ...(s.lambdas ? { lambdas: s.lambdas } : {}), lexicalPenalty: s.lexicalPenalty, iterations: s.iterations, minCount: s.minCount },
  };
}
