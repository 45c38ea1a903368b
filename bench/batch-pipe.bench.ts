// npm run bench:pipe: `score --jsonl` of 100,000 posts into a pipe whose reader stalls, then reads
// slowly. Peak RSS of the CLI process must stay flat (target ≤ 200 MB) whatever the reader does.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from './corpus.ts';

const count = Number(process.env.BENCH_POSTS ?? 100_000);
const stallMs = Number(process.env.BENCH_STALL_MS ?? 5_000);
const posts = generate(count, 180, 'twitter');

const child = spawn(process.execPath, ['bin/fanpage-advisor.js', 'score', '--jsonl'], { stdio: ['pipe', 'pipe', 'inherit'] });
const peak = () => {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
};

const started = performance.now();
// why: the writer runs on its own while this process does not read stdout (the stall)
void (async () => {
  for (const p of posts) {
    if (!child.stdin.write(`${JSON.stringify(p)}\n`)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
})();

child.stdout.pause();
await sleep(stallMs);
const peakAfterStall = peak();
let lines = 0;
let lastPeak = peakAfterStall;
child.stdout.on('data', (chunk: Buffer) => {
  for (const b of chunk) if (b === 10) lines++;
  // a slow reader: take a chunk, then wait a little before the next one
  child.stdout.pause();
  lastPeak = Math.max(lastPeak, peak());
  setTimeout(() => child.stdout.resume(), 1);
});
child.stdout.resume();
const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
const seconds = (performance.now() - started) / 1000;
console.log(`score --jsonl, ${count.toLocaleString('en')} posts into a pipe stalled ${stallMs} ms, then read slowly`);
console.log(`  exit ${code}, ${lines.toLocaleString('en')} lines out in ${seconds.toFixed(1)} s`);
console.log(`  peak RSS of the CLI: ${peakAfterStall.toFixed(0)} MB during the stall, ${lastPeak.toFixed(0)} MB overall (target ≤ 200 MB)`);
