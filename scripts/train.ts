// npm run train: fits the learned layer (rules/model/weights.json) from the training posts:
//   - the `train` split of ../shared/corpus/dev-labelled.jsonl (read here, never copied into the repo;
//     the `check` split is never read),
//   - every training/**/*.jsonl in this repository (posts written for this project, LABELS.md format).
// Deterministic: the same posts give the same weights. Options: --lambda L, --bigrams, --min-count N,
// --iterations N, --dry-run (cross-validation figures only).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRules } from '../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../src/core/advisor.ts';
import { CategoryId } from '../src/core/category.ts';
import { bestThreshold, probabilities, train, type Example } from '../src/core/learn.ts';
import { measure } from '../src/core/measure.ts';
import type { ModelFile } from '../src/core/model.ts';
import { parsePlatform } from '../src/core/post.ts';

const { values } = parseArgs({
  options: {
    lambda: { type: 'string' },
    bigrams: { type: 'boolean', default: false },
    'min-count': { type: 'string', default: '2' },
    iterations: { type: 'string', default: '300' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const root = process.cwd();
const LABELS = [...CategoryId.options, 'privacy_ask'] as const;

interface Row {
  id?: string;
  split?: string;
  text: string;
  platform: string;
  categories: string[];
}

function readJsonl(file: string): Row[] {
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

const sources: string[] = [];
const rows: Row[] = [];
const dev = join(root, '..', 'shared', 'corpus', 'dev-labelled.jsonl');
if (existsSync(dev)) {
  const train = readJsonl(dev).filter((r) => r.split === 'train');
  rows.push(...train);
  sources.push(`shared/corpus/dev-labelled.jsonl (split train, ${train.length})`);
}
for (const file of jsonlUnder(join(root, 'training'))) {
  const own = readJsonl(file).filter((r) => r.split !== 'check');
  rows.push(...own);
  sources.push(`${relative(root, file)} (${own.length})`);
}

const { book } = loadRules(join(root, 'rules'));
const bigrams = values.bigrams;
const advisor = buildAdvisor({ ...book, model: undefined }, { base: 35, maxSuggestions: 3, disabledRules: [] });
advisor.measureContext.bigrams = bigrams;
const examples: Example[] = rows.map((r) => ({
  features: measure({ text: r.text, platform: parsePlatform(r.platform) ?? 'facebook', lang: 'auto' }, advisor.measureContext).features,
  labels: r.categories,
}));

// The rule files' own examples: each speaks only for its own category (present or absent). They
// are the rules' tests too, so each counts as several posts.
const EXAMPLE_WEIGHT = 4;
const partial: Example[] = [];
const exampleText = (e: string | { text: string }) => (typeof e === 'string' ? e : e.text);
for (const { value } of [...book.categories.map((c) => ({ value: { id: c.value.category as string, examples: c.value.examples } })), ...book.risks.filter((r) => r.value.risk === 'privacy_ask').map((r) => ({ value: { id: r.value.risk as string, examples: r.value.examples } }))]) {
  for (const [kind, list] of [['present', value.examples.present], ['absent', value.examples.absent]] as const) {
    for (const e of list) {
      const features = measure({ text: exampleText(e), platform: 'facebook', lang: 'auto' }, advisor.measureContext).features;
      partial.push({ features, labels: kind === 'present' ? [value.id] : [], known: [value.id], weight: EXAMPLE_WEIGHT });
    }
  }
}
sources.push(`rules/categories + rules/risks/privacy_ask.yml examples (${partial.length}, each for its own label)`);

const minCount = Number(values['min-count']);
const iterations = Number(values.iterations);
const FOLDS = 5;

/** Out-of-fold probabilities: each post scored by a model that never saw it. */
function outOfFold(lambda: number): number[][] {
  const oof: number[][] = new Array(examples.length);
  for (let k = 0; k < FOLDS; k++) {
    const trainSet = [...examples.filter((_, i) => i % FOLDS !== k), ...partial];
    const held = examples.flatMap((e, i) => (i % FOLDS === k ? [{ e, i }] : []));
    const model = train(trainSet, { labels: LABELS, lambda, iterations, minCount });
    const p = probabilities(model, held.map((h) => h.e));
    held.forEach((h, j) => (oof[h.i] = p[j]!));
  }
  return oof;
}

const lambdas = values.lambda ? [Number(values.lambda)] : [0.001, 0.003, 0.01];
let best = { lambda: lambdas[0]!, macro: -1, thresholds: [] as number[], perLabel: [] as number[] };
for (const lambda of lambdas) {
  const oof = outOfFold(lambda);
  const fitted = LABELS.map((label, li) => bestThreshold(oof.map((p) => p[li]!), examples.map((e) => (e.labels.includes(label) ? 1 : 0))));
  const macro = fitted.reduce((s, f) => s + f.f1, 0) / fitted.length;
  console.error(`lambda ${lambda}: cross-validated macro-F1 ${macro.toFixed(3)}`);
  if (macro > best.macro) best = { lambda, macro, thresholds: fitted.map((f) => f.threshold), perLabel: fitted.map((f) => f.f1) };
}
console.error(`chose lambda ${best.lambda} (${examples.length} posts, ${FOLDS}-fold cross-validation on training posts only)`);
LABELS.forEach((l, i) => console.error(`  ${l.padEnd(18)} threshold ${best.thresholds[i]!.toFixed(2)}  cv F1 ${best.perLabel[i]!.toFixed(2)}`));
if (values['dry-run']) process.exit(0);

const model = train([...examples, ...partial], { labels: LABELS, lambda: best.lambda, iterations, minCount });
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const weights: Record<string, number[]> = {};
model.vocabulary.forEach((f, j) => {
  const w = model.weights[j]!.map(round);
  // why: weights this small change no verdict; leaving them out keeps the file small
  if (w.some((v) => Math.abs(v) >= 0.01)) weights[f] = w;
});
const file: ModelFile = {
  version: 1,
  bigrams,
  labels: [...LABELS],
  thresholds: best.thresholds,
  bias: model.bias.map(round),
  weights,
  trained: { posts: examples.length + partial.length, sources, lambda: best.lambda, iterations, minCount },
};
const out = join(root, 'rules', 'model', 'weights.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
console.error(`wrote ${relative(root, out)}: ${Object.keys(weights).length} features × ${LABELS.length} labels`);
