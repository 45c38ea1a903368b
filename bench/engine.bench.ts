// npm run bench: engine throughput and latency against a baseline that reads the text once with
// one combined regular expression. Speed targets live here, never in timed tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../src/core/advisor.ts';
import { advise } from '../src/core/engine.ts';
import { generate, type BenchPost } from './corpus.ts';

// why: npm runs benchmarks from the repository root; the compiled copy lives in dist/bench
const root = process.cwd();
const { book } = loadRules(join(root, 'rules'));
const t0 = performance.now();
const advisor = buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
const compileMs = performance.now() - t0;

// The baseline: every plain cue word of every category in both languages, as one regex, one scan.
const words = book.categories.flatMap(({ value }) => [...value.cues.en, ...value.cues.de].flatMap((c) => (typeof c === 'string' ? [c.replace(/\*/g, '')] : c.cue ? [c.cue.replace(/\*/g, '')] : [])));
const baseline = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');

// Issue 15's floor: what any engine must do at least (NFKC, lower case, one regex over the text),
// and a naive engine: the same plus one regex per category (12) and per risk (3), each a separate scan.
const FLOOR = /\b(?:sale|rabatt|gewinn|win|shop|code)\w*/giu;
const floor = (p: BenchPost) => p.text.normalize('NFKC').toLowerCase().match(FLOOR);
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cueWords = (cues: readonly unknown[]) => cues.flatMap((c) => (typeof c === 'string' ? [c.replace(/\*/g, '')] : (c as { cue?: string }).cue ? [(c as { cue: string }).cue.replace(/\*/g, '')] : []));
const naive = [
  ...book.categories.map(({ value }) => cueWords([...value.cues.en, ...value.cues.de])),
  ...book.risks.map(({ value }) => cueWords([...(value.cues.en ?? []), ...(value.cues.de ?? [])])),
]
  .filter((ws) => ws.length > 0)
  .slice(0, 15)
  .map((ws) => new RegExp(ws.map(escape).join('|'), 'iu'));
const naivePass = (p: BenchPost) => {
  const t = p.text.normalize('NFKC').toLowerCase();
  let hits = 0;
  for (const re of naive) if (re.test(t)) hits++;
  return hits;
};

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function measureRun(name: string, posts: BenchPost[], fn: (p: BenchPost) => unknown, rounds = 3) {
  for (const p of posts.slice(0, 2000)) fn(p); // warm-up
  const times: number[] = [];
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const p of posts) fn(p);
    best = Math.min(best, performance.now() - start);
  }
  for (const p of posts) {
    const s = performance.now();
    fn(p);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const perSec = Math.round((posts.length / best) * 1000);
  return { name, posts: posts.length, perSec, p50: quantile(times, 0.5) * 1000, p99: quantile(times, 0.99) * 1000 };
}

const tweets = generate(20_000, 180, 'twitter');
const long = generate(2_000, 2_000, 'facebook', 7);
const rows = [
  measureRun('engine, tweets (~180 chars)', tweets, (p) => advise(advisor, p)),
  measureRun('baseline regex, tweets', tweets, (p) => p.text.match(baseline)),
  measureRun('engine, Facebook posts (2,000 chars)', long, (p) => advise(advisor, p)),
  measureRun('baseline regex, Facebook posts', long, (p) => p.text.match(baseline)),
];

rows.push(
  measureRun('floor: NFKC + lower case + 1 regex, tweets', tweets, floor),
  measureRun(`naive: NFKC + lower + ${naive.length} regexes, tweets`, tweets, naivePass),
  measureRun('floor, Facebook posts', long, floor),
  measureRun(`naive ${naive.length} regexes, Facebook posts`, long, naivePass),
);

const realFile = join(root, '..', 'shared', 'corpus', 'real-brand-posts.jsonl');
if (existsSync(realFile)) {
  const real = readFileSync(realFile, 'utf8').trim().split('\n').map((l, i) => {
    const j = JSON.parse(l) as { text: string; platform: string };
    return { id: `real-${i}`, text: j.text, platform: j.platform === 'facebook' ? 'facebook' : 'twitter', lang: 'auto' } as unknown as BenchPost;
  });
  const many = Array.from({ length: Math.ceil(20_000 / real.length) }, () => real).flat().slice(0, 20_000);
  rows.push(measureRun('engine, real brand posts (shared/corpus)', many, (p) => advise(advisor, p)));
}

console.log(`rules compiled once in ${compileMs.toFixed(1)} ms (${book.rules.length} rules, ${book.categories.length} categories); Node ${process.version}, one core\n`);
console.log('case'.padEnd(44), 'posts/s'.padStart(10), 'p50 µs'.padStart(9), 'p99 µs'.padStart(9));
for (const r of rows) console.log(r.name.padEnd(44), String(r.perSec).padStart(10), r.p50.toFixed(1).padStart(9), r.p99.toFixed(1).padStart(9));
const ratio = (a: number, b: number) => (rows[a]!.perSec / rows[b]!.perSec).toFixed(2);
console.log(`\nengine/baseline throughput: tweets ${ratio(0, 1)}, long posts ${ratio(2, 3)}`);
const cost = (a: number, b: number) => (rows[b]!.perSec / rows[a]!.perSec).toFixed(2);
console.log(`engine time per post ÷ floor (issue 15 asks ≤ 4 on short posts): tweets ${cost(0, 4)}×, long posts ${cost(2, 6)}×; ÷ naive ${naive.length}-regex pass: tweets ${cost(0, 5)}×, long posts ${cost(2, 7)}×`);

// Batch mode end to end: the real CLI, JSON lines in and out, in a child process.
const dir = mkdtempSync(join(tmpdir(), 'fa-bench-'));
const input = join(dir, 'posts.jsonl');
writeFileSync(input, tweets.map((p) => JSON.stringify(p)).join('\n'));
const start = performance.now();
const out = execFileSync(process.execPath, [join(root, 'bin/fanpage-advisor.js'), 'score', '--jsonl'], { input: readFileSync(input), maxBuffer: 1 << 30, env: { ...process.env, LOG_LEVEL: 'silent' } });
const secs = (performance.now() - start) / 1000;
const lines = out.toString().trim().split('\n').length;
console.log(`\nCLI batch (--jsonl, ${lines} tweets, incl. process start-up and JSON): ${Math.round(lines / secs)} posts/s (${secs.toFixed(2)} s)`);

// Issue 15's whole-process comparison: the same JSON lines through a naive program in its own
// process (start Node, parse each line, NFKC + lower case, the naive regexes, one JSON line out).
// CPU time of each child (user + system from /proc, 10 ms ticks), steadier than wall time under load.
const NAIVE_PROGRAM = `
const res = JSON.parse(process.env.NAIVE_RES).map((s) => new RegExp(s, 'iu'));
let buf = '';
process.stdin.on('data', (d) => (buf += d));
process.stdin.on('end', () => {
  const out = [];
  for (const line of buf.split('\\n')) {
    if (!line) continue;
    const p = JSON.parse(line);
    const t = p.text.normalize('NFKC').toLowerCase();
    let hits = 0;
    for (const re of res) if (re.test(t)) hits++;
    out.push(JSON.stringify({ id: p.id, hits }));
  }
  process.stdout.write(out.join('\\n') + '\\n');
});`;
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}
if (existsSync('/proc/self/stat')) {
  const env = { ...process.env, LOG_LEVEL: 'silent', NAIVE_RES: JSON.stringify(naive.map((r) => r.source)) };
  const cpu = { cli: Infinity, naive: Infinity };
  for (let round = 0; round < 3; round++) {
    let c0 = childCpuMs();
    execFileSync(process.execPath, [join(root, 'bin/fanpage-advisor.js'), 'score', '--jsonl'], { input: readFileSync(input), maxBuffer: 1 << 30, env });
    cpu.cli = Math.min(cpu.cli, childCpuMs() - c0);
    c0 = childCpuMs();
    execFileSync(process.execPath, ['-e', NAIVE_PROGRAM], { input: readFileSync(input), maxBuffer: 1 << 30, env });
    cpu.naive = Math.min(cpu.naive, childCpuMs() - c0);
  }
  console.log(`whole process, ${tweets.length} tweets (CPU, best of 3): CLI batch ${cpu.cli} ms, naive ${naive.length}-regex program ${cpu.naive} ms: ${(cpu.cli / cpu.naive).toFixed(2)}× (issue 15 asks ≤ 1.5×)`);
}
const tweetRow = rows[0]!;
const longRow = rows[2]!;
console.log(`\ntargets: ≥ 20,000 tweets/s in batch → ${tweetRow.perSec >= 20_000 ? 'met' : 'NOT met'} (${tweetRow.perSec}); p99 ≤ 1 ms for 2,000 chars → ${longRow.p99 <= 1000 ? 'met' : 'NOT met'} (${longRow.p99.toFixed(0)} µs)`);
