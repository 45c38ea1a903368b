// npm run bench:audit: a generated Meta Business Suite export of 100,000 posts, audited end to
// end (streamed CSV parsing, every post scored by the engine, statistics, JSON) in a child
// process that reports its own peak RSS; then the charts, timed one by one.
// Targets (issue 12): ≥ 10,000 posts/s, peak RSS ≤ 300 MB, ≤ 200 ms a chart.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { auditPage } from '../src/app/audit-page.ts';
import { poolSize } from '../src/adapters/audit/classify-pool.ts';
import { openExport } from '../src/adapters/audit/read-export.ts';
import { engagementChart, mixChart, studyChart } from '../src/adapters/charts/audit-charts.ts';
import { loadRules } from '../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../src/core/advisor.ts';
import type { ClassifyBatch } from '../src/app/classify.ts';
import type { AuditResult } from '../src/core/audit/result.ts';
import { cliWorld } from '../src/main.ts';
import { generate } from './corpus.ts';

const POSTS = Number(process.env.AUDIT_BENCH_POSTS ?? 100_000);
const root = process.cwd();

const SETTINGS = { base: 35, maxSuggestions: 3, disabledRules: [] };

function advisorFromRules() {
  return buildAdvisor(loadRules(join(root, 'rules')).book, SETTINGS);
}

const HEADER = 'Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,Is crosspost,Is share,Post type,Languages,Custom labels,Funded content status,Data comment,Date,Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,Total clicks,Link Clicks,Other Clicks,Matched Audience Targeting Consumption (Photo Click),Seconds viewed,Average Seconds viewed,Estimated earnings (USD),Ad impressions,Ad CPM (USD)';

async function writeExport(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(`\uFEFF${HEADER}\r\n`);
  const lengths = [90, 160, 250, 400];
  let i = 0;
  for (const chars of lengths) {
    for (const p of generate(POSTS / lengths.length, chars, 'facebook', chars)) {
      const reach = 1000 + ((i * 7919) % 40_000);
      const reactions = (i * 31) % 900;
      const comments = (i * 17) % 120;
      const shares = (i * 13) % 60;
      const clicks = (i * 11) % 400;
      const day = new Date(Date.UTC(2024, 0, 1) + (i % 900) * 86_400_000);
      const when = `${String(day.getUTCMonth() + 1).padStart(2, '0')}/${String(day.getUTCDate()).padStart(2, '0')}/${day.getUTCFullYear()} 18:12`;
      const text = `"${p.text.replace(/"/g, '""')}"`;
      const row = `${1226000000 + i},100088123456789,Bench Page,,${text},,${when},,https://www.facebook.com/100088123456789/posts/${1226000000 + i},No,No,Photos,${p.lang},,,,Lifetime,"${(reach * 2).toLocaleString('en-US')}","${reach.toLocaleString('en-US')}",${reactions + comments + shares},${reactions},${comments},${shares},${clicks},${clicks >> 1},${clicks - (clicks >> 1)},0,,,,,\r\n`;
      if (!out.write(row)) await once(out, 'drain');
      i++;
    }
  }
  out.end();
  await once(out, 'finish');
}

interface ChildRun {
  cpuMs: number;
  posts: number;
  skipped: number;
  rulesMs: number;
  auditMs: number;
  totalMs: number;
  maxRssMb: number;
  /** The 1-minute load average when the run ended: other processes competing for the cores. */
  load: number;
}

/**
 * Stands in for the engine to measure everything else: a score and categories from a cheap hash
 * of the text (about as many categories per post as the engine finds), so the statistics have
 * work of the same size.
 */
function withoutEngine(categories: number): ClassifyBatch {
  return (texts) => {
    const scores = new Float64Array(texts.length);
    const masks = new Uint32Array(texts.length);
    texts.forEach((t, i) => {
      const h = (t.length * 2_654_435_761 + t.charCodeAt(t.length >> 1) * 40_503 + t.charCodeAt(3)) >>> 0;
      scores[i] = h % 101;
      masks[i] = h & (h >>> 7) & (h >>> 13) & ((1 << categories) - 1);
    });
    return { scores, categories: masks };
  };
}

/** Child: audits the file as `audit --json` would and reports time and its own peak RSS. */
async function child(file: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const threads = Number(process.argv[4] ?? 0);
  const stub = process.argv[5] === 'no-engine';
  // as `fanpage-advisor audit` starts: the rule book from the build's snapshot, the pool from it too
  const world = cliWorld({ env: process.env, cwd: root, stderr: process.stderr });
  const pool = threads > 1 ? await world.classifyPool(threads) : undefined;
  const advisor = world.advisor;
  const loaded = performance.now();
  const classify = stub ? withoutEngine(advisor.categories.size) : pool?.classify;
  const result: AuditResult = await auditPage(advisor, await openExport(createReadStream(file)), { lang: 'en', classify, concurrency: pool?.concurrency, figures: pool?.figures });
  await pool?.close();
  const json = JSON.stringify(result);
  const done = performance.now();
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, posts: result.posts, skipped: result.skipped.length, rulesMs: loaded - t0, auditMs: done - loaded, totalMs: done - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, jsonBytes: json.length }));
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
  const file = join(dir, 'export.csv');
  try {
    await writeExport(file);
    console.log(`generated ${POSTS.toLocaleString('en-US')} posts, ${(statSync(file).size / 1e6).toFixed(1)} MB (Meta Facebook export shape, posts of 90–400 characters, en/de)`);
    const self = fileURLToPath(import.meta.url);
    const runs: ChildRun[] = [];
    const threads = poolSize();
    for (let r = 0; r < 4; r++) {
      // alternate: spread over worker threads as `audit` does for big files by default (audit.threads: auto), and all in the main thread (--threads 1)
      // why no V8 flags: `fanpage-advisor audit` runs with Node's defaults
      const out = execFileSync(process.execPath, [self, '--child', file, String(r % 2 === 0 ? threads : 1)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      runs.push({ ...(JSON.parse(out) as ChildRun), load: loadavg()[0]! });
    }
    // everything but the engine: the same audit with the engine replaced by a hash (one thread, the same run)
    const bare = JSON.parse(execFileSync(process.execPath, [self, '--child', file, '1', 'no-engine'], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ChildRun;
    const label = (i: number) => (i % 2 === 0 ? `${threads} worker threads (the default here)` : 'one thread (--threads 1)');
    for (const [i, r] of runs.entries()) console.log(`  run ${i + 1} (${label(i)}): ${r.posts} posts, ${r.skipped} skipped, ${Math.round(r.posts / (r.totalMs / 1000)).toLocaleString('en-US')} posts/s end to end (${Math.round(r.totalMs)} ms incl. ${Math.round(r.rulesMs)} ms loading rules), peak RSS ${r.maxRssMb.toFixed(0)} MB, load average ${r.load.toFixed(1)} on ${availableParallelism()} cores; CPU time ${Math.round(r.cpuMs)} ms = ${Math.round(r.posts / (r.cpuMs / 1000)).toLocaleString('en-US')} posts per CPU-second, ${((r.cpuMs * 1000) / r.posts).toFixed(0)} µs a post (less sensitive to other load on the machine)`);
    console.log(`  without the engine (a hash in its place, one thread): ${((bare.cpuMs * 1000) / bare.posts).toFixed(1)} µs CPU a post for reading, parsing, statistics and JSON (incl. ${Math.round(bare.rulesMs)} ms start-up), peak RSS ${bare.maxRssMb.toFixed(0)} MB`);
    const pooled = runs.filter((_, i) => i % 2 === 0);
    const single = runs.filter((_, i) => i % 2 === 1);
    const rate = (r: ChildRun) => r.posts / (r.totalMs / 1000);
    const postsPerSecond = Math.max(...single.map(rate));
    const pooledPerSecond = Math.max(...pooled.map(rate));
    const peak = Math.max(...single.map((r) => r.maxRssMb));
    const pooledPeak = Math.max(...pooled.map((r) => r.maxRssMb));

    const advisor = advisorFromRules();
    const audit = await auditPage(advisor, await openExport(createReadStream(file)), { lang: 'en' });
    const findings = [...advisor.findings.values()];
    const charts = { mix: () => mixChart(advisor, audit, { theme: 'dark', lang: 'en' }), engagement: () => engagementChart(advisor, audit, { theme: 'dark', lang: 'en' }), study: () => studyChart(findings, { theme: 'dark', lang: 'en' }) };
    const chartMs: Record<string, number> = {};
    for (const [name, draw] of Object.entries(charts)) {
      draw(); // first draw registers the font and warms up
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const s = performance.now();
        draw();
        times.push(performance.now() - s);
      }
      chartMs[name] = times.sort((a, b) => a - b)[5]!;
    }
    const worstChart = Math.max(...Object.values(chartMs));
    console.log(`  charts (median of 10): ${Object.entries(chartMs).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ')}`);
    const ok = (cond: boolean) => (cond ? 'ok' : 'MISSED');
    console.log(`${threads} worker threads (the default here): ${Math.round(pooledPerSecond).toLocaleString('en-US')} posts/s (target ≥ 10,000: ${ok(pooledPerSecond >= 10_000)}), peak RSS ${pooledPeak.toFixed(0)} MB (target ≤ 300: ${ok(pooledPeak <= 300)})`);
    console.log(`one thread (--threads 1): ${Math.round(postsPerSecond).toLocaleString('en-US')} posts/s (target ≥ 10,000: ${ok(postsPerSecond >= 10_000)}), peak RSS ${peak.toFixed(0)} MB (target ≤ 300: ${ok(peak <= 300)})`);
    console.log(`slowest chart ${worstChart.toFixed(0)} ms (target ≤ 200: ${ok(worstChart <= 200)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!);
// why: a file to profile by hand (node --cpu-prof dist/bench/audit.bench.js --child FILE 1)
else if (process.argv[2] === '--write') await writeExport(process.argv[3]!);
else await parent();
