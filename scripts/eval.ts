// npm run eval: scores labelled posts through the real engine and prints how well it detects.
//   npm run eval                                  the `check` split of ../shared/corpus/dev-labelled.jsonl
//   npm run eval -- --split train|all             another split
//   npm run eval -- --file F [--split all]        another labelled JSONL (LABELS.md format)
//   npm run eval -- --errors                      every miss with its id and what decided it
//   npm run eval -- --json                        the figures as JSON, for machines
//   npm run eval -- --cv                          the `train` split out of fold: each post scored by an engine
//                                                 whose learned layer was trained (settings and thresholds of
//                                                 rules/model/weights.json) without its scenario group; the
//                                                 figure to set beside `check` (the in-sample `--split train`
//                                                 figure says how well the model fits, not how it generalises)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRules } from '../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../src/core/advisor.ts';
import { advise, type Advisor } from '../src/core/engine.ts';
import { bandOf } from '../src/core/band.ts';
import { parsePlatform } from '../src/core/post.ts';
import { fit, FOLDS, loadTrainingSet, modelFile } from './training-set.ts';
import { confusions, LABELS, score, type Labelled, type Predicted, type Scores } from './eval-metrics.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    split: { type: 'string' },
    errors: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    rules: { type: 'string' },
    cv: { type: 'boolean', default: false },
  },
});
const root = process.cwd();
const file = values.file ?? join(root, '..', 'shared', 'corpus', 'dev-labelled.jsonl');
const split = values.cv ? 'train (out of fold)' : (values.split ?? (values.file ? 'all' : 'check'));
if (values.cv && (values.file || values.split)) {
  console.error('--cv scores the `train` split of the shared corpus out of fold; it takes no --file or --split.');
  process.exit(1);
}

const { book } = loadRules(values.rules ?? join(root, 'rules'));
const settings = { base: 35, maxSuggestions: 3, disabledRules: [] };

/** Per post, the advisor that scores it: the real one, or under --cv one trained without the post's fold. */
let advisorFor: (i: number) => Advisor;
let rows: Labelled[];
if (values.cv) {
  const trained = book.model?.value;
  if (!trained) {
    console.error('--cv needs rules/model/weights.json (run `npm run train` first).');
    process.exit(1);
  }
  const set = loadTrainingSet(root, book, trained.bigrams);
  const setting = { lambda: trained.trained.lambda, ...(trained.trained.lambdas ? { lambdas: trained.trained.lambdas } : {}), lexicalPenalty: trained.trained.lexicalPenalty ?? 1, minCount: trained.trained.minCount, iterations: trained.trained.iterations };
  const index = set.rows.flatMap((_, i) => (set.fromDev[i] ? [i] : []));
  rows = index.map((i) => set.rows[i] as Labelled);
  const advisors = Array.from({ length: FOLDS }, (_, k) => {
    const model = fit(set, (i) => set.foldOf[i] !== k, setting);
    const value = modelFile(model, trained.thresholds, trained.bigrams, setting, 0, []);
    return buildAdvisor({ ...book, model: { value, file: `cv fold ${k + 1}` } }, settings);
  });
  advisorFor = (i) => advisors[set.foldOf[index[i]!]!]!;
} else {
  rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled)
    .filter((r) => split === 'all' || r.split === split);
  const advisor = buildAdvisor(book, settings);
  advisorFor = () => advisor;
}
if (rows.length === 0) {
  console.error(`No posts in ${file} with split "${split}".`);
  process.exit(1);
}

const preds: Predicted[] = rows.map((row, i) => {
  const post = { text: row.text, platform: parsePlatform(row.platform) ?? 'facebook', lang: 'auto' as const };
  const report = advise(advisorFor(i), post);
  // why: LABELS.md's band is a function of what the post offers (tiers, one step down for a privacy
  // ask and for spam); the report's own band is kind-aware for replies and service notices by
  // design (issue 11), so detection is judged by the rule over the detected labels, and the shown
  // band's agreement is printed beside it
  const band = bandOf(report.categories, report.signals.includes('privacy_ask'), report.signals.includes('spam_signals'));
  return { labels: [...report.categories, ...report.signals], band, shownBand: report.band, why: Object.fromEntries(Object.entries(report.why ?? {}).map(([k, v]) => [k, v.join(', ')])) };
});

function groupBy(key: (r: Labelled) => string): [string, Scores][] {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => groups.set(key(r), [...(groups.get(key(r)) ?? []), i]));
  return [...groups].sort().map(([k, idx]) => [k, score(idx.map((i) => rows[i]!), idx.map((i) => preds[i]!))]);
}

const overall = score(rows, preds);
const byLanguage = groupBy((r) => r.language);
const byPlatform = groupBy((r) => r.platform);
const offerLabels = ['discount', 'contest', 'purchase_cta', 'privacy_ask', 'spam_signals', 'tracking_link'];
const other = rows.flatMap((r, i) => (r.language === 'other' ? [i] : []));
const otherOffers = score(other.map((i) => rows[i]!), other.map((i) => preds[i]!), offerLabels);
const conf = confusions(rows, preds);
const misses = rows.flatMap((r, i) => {
  const p = preds[i]!;
  const missed = r.categories.filter((c) => !p.labels.includes(c));
  const extra = p.labels.filter((c) => !r.categories.includes(c));
  if (missed.length === 0 && extra.length === 0 && p.band === r.band) return [];
  return [{ id: r.id, language: r.language, platform: r.platform, missed, extra, band: { gold: r.band, got: p.band, shown: p.shownBand }, why: Object.fromEntries(extra.map((c) => [c, p.why[c] ?? '?'])) }];
});

if (values.json) {
  console.log(JSON.stringify({ file, split, overall, byLanguage: Object.fromEntries(byLanguage), byPlatform: Object.fromEntries(byPlatform), otherLanguageOffersAndSignals: otherOffers, confusions: conf, ...(values.errors ? { errors: misses } : {}) }, null, 2));
  process.exit(0);
}

const pct = (x: number) => x.toFixed(2);
console.log(`${file} · split ${split} · ${rows.length} posts\n`);
console.log('label'.padEnd(18), 'P'.padStart(6), 'R'.padStart(6), 'F1'.padStart(6), 'TP'.padStart(5), 'FP'.padStart(5), 'FN'.padStart(5));
for (const l of overall.perLabel) console.log(l.label.padEnd(18), pct(l.precision).padStart(6), pct(l.recall).padStart(6), pct(l.f1).padStart(6), String(l.tp).padStart(5), String(l.fp).padStart(5), String(l.fn).padStart(5));
console.log(`\nmacro-F1 ${pct(overall.macroF1)} · band agreement ${pct(overall.bandAgreement)} (LABELS.md rule over the detected labels; band as the report shows it, kind-aware: ${pct(overall.shownBandAgreement)}) · exact set ${pct(overall.exactSet)}\n`);
console.log('group'.padEnd(18), 'posts'.padStart(6), 'macroF1'.padStart(8), 'band'.padStart(6), 'exact'.padStart(6));
for (const [name, s] of [...byLanguage.map(([k, s]) => [`lang ${k}`, s] as const), ...byPlatform.map(([k, s]) => [`platform ${k}`, s] as const)]) {
  console.log(name.padEnd(18), String(s.posts).padStart(6), pct(s.macroF1).padStart(8), pct(s.bandAgreement).padStart(6), pct(s.exactSet).padStart(6));
}
if (other.length > 0) console.log(`\nother languages, offers + signals (${offerLabels.join(', ')}): macro-F1 ${pct(otherOffers.macroF1)}`);
console.log('\nconfusions (label: false positives where gold had … | misses where engine said …)');
for (const label of LABELS) {
  const c = conf[label]!;
  const fmt = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${k}×${n}`).join(', ');
  if (Object.keys(c.falsePositiveWith).length + Object.keys(c.missedFor).length === 0) continue;
  console.log(`  ${label}: FP ${fmt(c.falsePositiveWith) || '-'} | FN ${fmt(c.missedFor) || '-'}`);
}
if (values.errors) {
  console.log(`\nerrors (${misses.length} posts):`);
  for (const m of misses) {
    const parts = [m.missed.length ? `missed ${m.missed.join(',')}` : '', m.extra.length ? `extra ${m.extra.map((c) => `${c} (${m.why[c]})`).join(', ')}` : '', m.band.gold !== m.band.got ? `band ${m.band.got}≠${m.band.gold}` : '', m.band.shown !== m.band.got ? `shown band ${m.band.shown}` : ''].filter(Boolean);
    console.log(`  ${m.id} [${m.language}/${m.platform}] ${parts.join(' · ')}`);
  }
}
