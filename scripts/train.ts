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
import { detectPost } from '../src/core/engine.ts';
import type { ModelFile } from '../src/core/model.ts';
import { parsePlatform } from '../src/core/post.ts';

const { values } = parseArgs({
  options: {
    lambda: { type: 'string' },
    'lexical-penalty': { type: 'string' },
    bigrams: { type: 'boolean', default: false },
    'min-count': { type: 'string' },
    iterations: { type: 'string', default: '300' },
    'dry-run': { type: 'boolean', default: false },
    /** Print the training posts a label gets wrong out of fold (false positives and misses). */
    'show-errors': { type: 'string' },
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
/** Per row, its scenario group: posts written next to each other in one file share a brand or situation. */
const groups: string[] = [];
const GROUP_SIZE = 8;
const addRows = (name: string, list: Row[]) => {
  list.forEach((r, i) => groups.push(`${name}#${Math.floor(i / GROUP_SIZE)}`));
  rows.push(...list);
};
const dev = join(root, '..', 'shared', 'corpus', 'dev-labelled.jsonl');
if (existsSync(dev)) {
  const train = readJsonl(dev).filter((r) => r.split === 'train');
  addRows('dev', train);
  sources.push(`shared/corpus/dev-labelled.jsonl (split train, ${train.length})`);
}
for (const file of jsonlUnder(join(root, 'training'))) {
  const own = readJsonl(file).filter((r) => r.split !== 'check');
  addRows(relative(root, file), own);
  sources.push(`${relative(root, file)} (${own.length})`);
}

const { book } = loadRules(join(root, 'rules'));
const bigrams = values.bigrams;
const advisor = buildAdvisor({ ...book, model: undefined }, { base: 35, maxSuggestions: 3, disabledRules: [] });
advisor.measureContext.bigrams = bigrams;
const examples: Example[] = rows.map((r) => ({
  features: detectPost({ text: r.text, platform: parsePlatform(r.platform) ?? 'facebook', lang: 'auto' }, advisor.measureContext).features,
  labels: r.categories,
}));

// The rule files' own examples: each speaks only for its own category (flag: it is there; pass: it is not). They
// are the rules' tests too, so each counts as several posts.
const EXAMPLE_WEIGHT = 4;
const partial: Example[] = [];
const exampleText = (e: string | { text: string }) => (typeof e === 'string' ? e : e.text);
for (const { value } of [...book.categories.map((c) => ({ value: { id: c.value.id as string, examples: c.value.examples } })), ...book.risks.filter((r) => r.value.id === 'privacy_ask').map((r) => ({ value: { id: r.value.id as string, examples: r.value.examples } }))]) {
  for (const [kind, list] of [['flag', value.examples.flag], ['pass', value.examples.pass]] as const) {
    for (const e of list) {
      const features = detectPost({ text: exampleText(e), platform: 'facebook', lang: 'auto' }, advisor.measureContext).features;
      partial.push({ features, labels: kind === 'flag' ? [value.id] : [], known: [value.id], weight: EXAMPLE_WEIGHT });
    }
  }
}
sources.push(`rules/lexicons/categories + rules/lexicons/risks/privacy-ask.yml examples (${partial.length}, each for its own label)`);

const iterations = Number(values.iterations);
const FOLDS = 5;
// why: a scenario's posts share words; folds by scenario group (not by post) keep a scenario's
// siblings out of the fold that judges it, so the figures say how well unseen situations are read
const groupIds = [...new Set(groups)];
const foldOf = groups.map((g) => groupIds.indexOf(g) % FOLDS);

// why: stems and bigrams are many and sparse; a rare word that happened to sit in one category's
// posts otherwise carries that category alone (memorising). Structural features, cues, classes
// and frames encode the LABELS.md definitions and are penalised normally.
const LEXICAL = /^(?:not:)?(?:w|b):/;
const penaltyFor = (k: number) => (f: string) => (LEXICAL.test(f) ? k : 1);

interface Setting {
  lambda: number;
  lexicalPenalty: number;
  minCount: number;
}

/** Out-of-fold probabilities: each post scored by a model that never saw its scenario group. */
function outOfFold(s: Setting): number[][] {
  const oof: number[][] = new Array(examples.length);
  for (let k = 0; k < FOLDS; k++) {
    const trainSet = [...examples.filter((_, i) => foldOf[i] !== k), ...partial];
    const held = examples.flatMap((e, i) => (foldOf[i] === k ? [{ e, i }] : []));
    const model = train(trainSet, { labels: LABELS, lambda: s.lambda, iterations, minCount: s.minCount, penalty: penaltyFor(s.lexicalPenalty) });
    const p = probabilities(model, held.map((h) => h.e));
    held.forEach((h, j) => (oof[h.i] = p[j]!));
  }
  return oof;
}

const list = (v: string | undefined, fallback: number[]) => (v ? v.split(',').map(Number) : fallback);
const settings: Setting[] = [];
for (const lambda of list(values.lambda, [0.001, 0.003, 0.01]))
  for (const lexicalPenalty of list(values['lexical-penalty'], [1, 3, 10]))
    for (const minCount of list(values['min-count'], [2, 3])) settings.push({ lambda, lexicalPenalty, minCount });

let best = { setting: settings[0]!, macro: -1, thresholds: [] as number[], perLabel: [] as number[], oof: [] as number[][] };
for (const setting of settings) {
  const oof = outOfFold(setting);
  const fitted = LABELS.map((label, li) => bestThreshold(oof.map((p) => p[li]!), examples.map((e) => (e.labels.includes(label) ? 1 : 0))));
  const macro = fitted.reduce((s, f) => s + f.f1, 0) / fitted.length;
  // why: the shared corpus's own train posts are the nearest to posts we never saw; their
  // out-of-fold figure (same thresholds) is shown beside the one the choice is made on
  const dev = examples.flatMap((_, i) => (groups[i]!.startsWith('dev#') ? [i] : []));
  const devMacro = LABELS.reduce((sum, label, li) => {
    let tp = 0, fp = 0, fn = 0;
    for (const i of dev) {
      const got = oof[i]![li]! >= fitted[li]!.threshold;
      const gold = examples[i]!.labels.includes(label);
      if (got && gold) tp++;
      else if (got) fp++;
      else if (gold) fn++;
    }
    return sum + (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
  }, 0) / LABELS.length;
  console.error(`lambda ${setting.lambda} lexical ×${setting.lexicalPenalty} min-count ${setting.minCount}: cross-validated macro-F1 ${macro.toFixed(3)} (shared train split alone ${devMacro.toFixed(3)})`);
  if (macro > best.macro + 1e-9) best = { setting, macro, thresholds: fitted.map((f) => f.threshold), perLabel: fitted.map((f) => f.f1), oof };
}
const { lambda, lexicalPenalty, minCount } = best.setting;
console.error(`chose lambda ${lambda}, lexical ×${lexicalPenalty}, min-count ${minCount} (${examples.length} posts, ${FOLDS}-fold cross-validation by scenario group on training posts only)`);
LABELS.forEach((l, i) => console.error(`  ${l.padEnd(18)} threshold ${best.thresholds[i]!.toFixed(2)}  cv F1 ${best.perLabel[i]!.toFixed(2)}`));
const shown = values['show-errors'];
if (shown) {
  const li = LABELS.indexOf(shown as (typeof LABELS)[number]);
  examples.forEach((e, i) => {
    const got = best.oof[i]![li]! >= best.thresholds[li]!;
    const gold = e.labels.includes(shown);
    if (got !== gold) console.log(`${got ? 'FP' : 'FN'} ${best.oof[i]![li]!.toFixed(2)} [${rows[i]!.categories.join(',')}] ${rows[i]!.text.replace(/\s+/g, ' ').slice(0, 160)}`);
  });
}
if (values['dry-run']) process.exit(0);

const model = train([...examples, ...partial], { labels: LABELS, lambda, iterations, minCount, penalty: penaltyFor(lexicalPenalty) });
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
  trained: { posts: examples.length + partial.length, sources, lambda, lexicalPenalty, iterations, minCount },
};
const out = join(root, 'rules', 'model', 'weights.json');
writeFileSync(out, `${JSON.stringify(file)}\n`);
console.error(`wrote ${relative(root, out)}: ${Object.keys(weights).length} features × ${LABELS.length} labels`);
