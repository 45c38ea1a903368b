#!/usr/bin/env node
// npm run bench:startup: what a user waits for before the first answer, side by side with a bare
// `node -e ""` (the floor no Node program can beat). Targets (issue 15): a one-shot `score` ≤ 3×
// bare Node; `npm start` to the chat banner ≤ 1.5 s when nothing changed. Wall-clock medians
// over RUNS runs each, interleaved so that load from other processes hits every command alike;
// CPU time (user + system) is printed too, as it varies less on a busy machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.RUNS ?? 15);
const root = process.cwd();
const post = 'New spring collection out now! Fans only: 20% off with code FAN20 until Sunday';
const env = { ...process.env, DISCORD_TOKEN: '', LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'fa-bench-')) };

const commands = [
  { name: 'node -e ""', argv: [process.execPath, '-e', ''] },
  { name: 'fanpage-advisor --version', argv: [process.execPath, 'bin/fanpage-advisor.js', '--version'] },
  { name: 'fanpage-advisor score "…"', argv: [process.execPath, 'bin/fanpage-advisor.js', 'score', post] },
  { name: 'fanpage-advisor score --json "…"', argv: [process.execPath, 'bin/fanpage-advisor.js', 'score', '--json', post] },
  { name: 'npx fanpage-advisor score "…"', argv: ['npx', '--no-install', 'fanpage-advisor', 'score', post] },
  { name: 'npm start → banner → /quit', argv: ['npm', 'start', '--silent'], stdin: '/quit\n' },
];

// one build check first, so no run below pays for a build
spawnSync(process.execPath, ['scripts/build.mjs', '--if-changed'], { cwd: root, stdio: 'inherit' });

const samples = new Map(commands.map((c) => [c.name, { wall: [], cpu: [] }]));
for (let i = 0; i < RUNS + 1; i++) {
  for (const c of commands) {
    const before = childCpu();
    const start = process.hrtime.bigint();
    const r = spawnSync(c.argv[0], c.argv.slice(1), { cwd: root, env, input: c.stdin ?? '', encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${c.name} failed (${r.status}): ${r.stderr}`);
    if (i === 0) continue; // warm-up: file cache, npm's own caches
    const s = samples.get(c.name);
    s.wall.push(wall);
    s.cpu.push(childCpu() - before);
  }
}

/** CPU milliseconds of the finished children (and theirs): cutime + cstime in /proc/self/stat, in 10 ms ticks. */
function childCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = median(samples.get('node -e ""').wall);
const bareCpu = median(samples.get('node -e ""').cpu);
console.log(`start-up, ${RUNS} runs each, median wall-clock time (${new Date().toISOString().slice(0, 16)}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')})`);
console.log('');
console.log('| command | wall | × bare node | CPU (user+sys) | × bare node |');
console.log('|---|---|---|---|---|');
for (const c of commands) {
  const m = median(samples.get(c.name).wall);
  const cpu = median(samples.get(c.name).cpu);
  console.log(`| \`${c.name}\` | ${m.toFixed(0)} ms | ${(m / bare).toFixed(1)}× | ${cpu.toFixed(0)} ms | ${(cpu / bareCpu).toFixed(1)}× |`);
}
