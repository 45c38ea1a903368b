// Daily-tip ticks at scale, on SQLite or PostgreSQL, with several bot processes sharing the store.
//
//   npm run bench:tips                                   SQLite, 100,000 schedules, 1 process
//   npm run bench:tips -- --store postgres               PostgreSQL, 1,000,000 schedules, 4 processes
//   npm run bench:tips -- --store sqlite --workers 4 --schedules 200000 --burst 10000
//
// PostgreSQL: DATABASE_URL if set (its tables are emptied first!), otherwise a throwaway server
// started here (initdb + pg_ctl, durable settings: fsync on, as in production).
// Every process ticks at the same instants, as every process's cron does. Publishing is a stub
// that answers after --latency ms (default 0), so the figures are the scheduler's and the store's
// own cost: leasing due schedules, choosing tips, claiming, recording.
// Figures: per-process tick time in a steady minute (about schedules/1440 due), an idle tick, and
// a burst (--burst servers due in the same minute): how long until every one is posted.
//
// This file is both the parent (seeds, starts processes, reports) and, with BENCH_ROLE=worker,
// one bot process.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TickSummary } from '../src/app/tips/daily-tips.ts';
import type { Tip } from '../src/core/tip.ts';

const TIPS: Tip[] = Array.from({ length: 41 }, (_, i) => ({ id: `tip-${i}`, finding: 'bench', topics: [], text: { en: `Tip ${i}`, de: `Tipp ${i}` } }));
const DAY = '2026-03-10';
const MIDNIGHT = Date.parse(`${DAY}T00:00:00Z`);
const TOMORROW = '2026-03-11';
const BURST_MINUTE = 8 * 60; // 08:00 UTC

type Cmd = { tick: string } | { exit: true };
type Reply = { ms: number; summary: TickSummary; rss: number };

if (process.env.BENCH_ROLE === 'worker') await worker();
else await parent();

async function worker(): Promise<void> {
  const { openStore } = await import('../src/main.ts');
  const { createDailyTips } = await import('../src/app/tips/daily-tips.ts');
  const opened = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? '' });
  let now = new Date(MIDNIGHT);
  const latency = Number(process.env.LATENCY_MS ?? 0);
  let n = 0;
  const app = createDailyTips({
    store: opened.store,
    tips: TIPS,
    clock: () => now,
    owner: `bench-${process.pid}`,
    publisher: { publish: async () => (latency > 0 && (await new Promise((r) => setTimeout(r, latency))), { messageId: `${process.pid}-${++n}` }) },
  });
  const out = (r: Reply) => process.stdout.write(`${JSON.stringify(r)}\n`);
  process.stdout.write('READY\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const cmd = JSON.parse(line) as Cmd;
    if ('exit' in cmd) break;
    now = new Date(cmd.tick);
    const start = performance.now();
    const summary = await app.tick(now);
    out({ ms: performance.now() - start, summary, rss: process.memoryUsage().rss });
  }
  await opened.close();
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string', default: 'sqlite' },
      schedules: { type: 'string' },
      workers: { type: 'string' },
      burst: { type: 'string', default: '10000' },
      latency: { type: 'string', default: '0' },
      minutes: { type: 'string', default: '30' },
    },
  });
  const store = values.store === 'postgres' ? 'postgres' : 'sqlite';
  const schedules = Number(values.schedules ?? (store === 'postgres' ? 1_000_000 : 100_000));
  const workers = Number(values.workers ?? (store === 'postgres' ? 4 : 1));
  const burst = Math.min(Number(values.burst), schedules);
  const minutes = Number(values.minutes);

  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  const t0 = performance.now();
  if (store === 'postgres') {
    let url = process.env.DATABASE_URL;
    let stopServer = async () => {};
    if (!url) {
      const { startCluster } = await import('../test/support/pg-cluster.ts');
      const cluster = await startCluster({ fast: false, settings: { shared_buffers: '256MB' } });
      url = cluster.url();
      stopServer = () => cluster.stop();
    }
    try {
      await seedPostgres(url, schedules, burst, BURST_MINUTE - minutes);
    } catch (err) {
      await stopServer();
      throw err;
    }
    env = { DATABASE_URL: url };
    cleanup = stopServer;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-tips-bench-'));
    await seedSqlite(dir, schedules, burst, BURST_MINUTE - minutes);
    env = { DATA_DIR: dir };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const seedMs = performance.now() - t0;
  console.log(`${store}: ${schedules.toLocaleString('en')} schedules (${burst.toLocaleString('en')} at 08:00 UTC, the rest spread over the day), seeded in ${(seedMs / 1000).toFixed(1)} s`);
  console.log(`${workers} bot process(es), publish latency ${values.latency} ms; node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}\n`);

  const procs = await Promise.all(Array.from({ length: workers }, () => startWorker({ ...env, LATENCY_MS: values.latency! })));
  try {
    const tickAll = async (at: Date): Promise<Reply[]> => Promise.all(procs.map((p) => p.tick(at)));
    const minute = (m: number, sec = 0) => new Date(MIDNIGHT + m * 60_000 + sec * 1000);
    const from = BURST_MINUTE - minutes;
    // Warm up statement caches and connections; nothing is due yet.
    await tickAll(minute(from - 1, 30));

    const report = async (label: string, instants: Date[]): Promise<void> => {
      const times: number[] = [];
      let due = 0;
      let posted = 0;
      for (const at of instants) {
        for (const r of await tickAll(at)) {
          times.push(r.ms);
          due += r.summary.due;
          posted += r.summary.posted;
        }
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
      console.log(
        `${label.padEnd(44)} per process: p50 ${pct(50).toFixed(1)} ms  p99 ${pct(99).toFixed(1)} ms  max ${pct(100).toFixed(1)} ms  ` +
          `(due≈${(due / instants.length).toFixed(0)}/min, posted ${posted})`,
      );
    };
    // A steady stretch up to the burst: every process ticks each minute, about schedules/1440 due.
    await report(`steady: the ${minutes} minutes before 08:00`, Array.from({ length: minutes }, (_, i) => minute(from + i)));
    await report('idle: the same minutes at :30 (nothing due)', Array.from({ length: minutes }, (_, i) => minute(from + i, 30)));

    // The burst: every process ticks at 08:00 and keeps taking chunks until nothing is due.
    const start = performance.now();
    const replies = await tickAll(minute(BURST_MINUTE));
    const wall = performance.now() - start;
    const posted = replies.reduce((a, r) => a + r.summary.posted, 0);
    const skipped = replies.reduce((a, r) => a + r.summary.skipped, 0);
    console.log(
      `burst: ${(burst + Math.round(schedules / 1440)).toLocaleString('en')} due at 08:00 → posted ${posted.toLocaleString('en')} in ${(wall / 1000).toFixed(2)} s ` +
        `(${replies.map((r) => r.summary.posted).join(' + ')} per process; ${skipped} lost a claim race); ${wall <= 60_000 ? 'within' : 'NOT within'} the minute`,
    );
    const rest = await tickAll(minute(BURST_MINUTE + 1));
    console.log(`next minute: ${rest.reduce((a, r) => a + r.summary.due, 0)} due (left over from the burst: ${rest.reduce((a, r) => a + r.summary.posted, 0)})`);
    console.log(`RSS per process after the burst: ${replies.map((r) => `${(r.rss / 1e6).toFixed(0)} MB`).join(', ')}`);
  } finally {
    await Promise.all(procs.map((p) => p.exit()));
    await cleanup();
  }
}

function startWorker(env: Record<string, string>): Promise<{ tick(at: Date): Promise<Reply>; exit(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, ...env, BENCH_ROLE: 'worker' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: Array<(r: Reply) => void> = [];
  let exiting = false;
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (exiting) return;
      const err = new Error(`bench worker ${child.pid} exited (${code ?? signal})`);
      reject(err);
      // why: a worker that dies mid-run would leave the parent waiting for its reply forever
      console.error(err.message);
      process.exit(1);
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'READY') {
        resolve({
          tick: (at) =>
            new Promise<Reply>((r) => {
              waiting.push(r);
              child.stdin!.write(`${JSON.stringify({ tick: at.toISOString() })}\n`);
            }),
          exit: () =>
            new Promise<void>((r) => {
              exiting = true;
              child.once('exit', () => r());
              child.stdin!.write(`${JSON.stringify({ exit: true })}\n`);
            }),
        });
      } else waiting.shift()?.(JSON.parse(line) as Reply);
    });
  });
}

/**
 * Schedule i's minute of the day: the first `burst` at 08:00, the rest spread evenly. Slots before
 * `from` (the start of the measured stretch) are tomorrow's, as if today's had gone out already.
 */
async function seedSqlite(dir: string, n: number, burst: number, from: number): Promise<void> {
  const { openDatabase } = await import('../src/adapters/store/sqlite.ts');
  const db = openDatabase(dir);
  try {
    // One statement: SQLite generates the rows. Each schedule's next slot is its minute today.
    db.prepare(
      `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < @n - 1)
       INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, enabled, next_due_utc, next_due_date, updated_at)
       SELECT 'g' || i, 'c' || i, printf('%02d:%02d', m / 60, m % 60), 'UTC', 127,
              CASE WHEN i % 2 = 0 THEN 'en' ELSE 'de' END, 1,
              @midnight + m * 60000 + CASE WHEN m < @from THEN 86400000 ELSE 0 END, CASE WHEN m < @from THEN @tomorrow ELSE @day END, 0
       FROM (SELECT i, CASE WHEN i < @burst THEN @burstMinute ELSE (i * 7919) % 1440 END AS m FROM s)`,
    ).run({ n, midnight: MIDNIGHT, day: DAY, tomorrow: TOMORROW, burst, burstMinute: BURST_MINUTE, from });
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

async function seedPostgres(url: string, n: number, burst: number, from: number): Promise<void> {
  const { createPool, migratePostgres } = await import('../src/adapters/store/postgres.ts');
  const pool = createPool(url, { max: 2 });
  try {
    await migratePostgres(pool);
    await pool.query('TRUNCATE tip_schedules, tip_posts, tip_extra_posts, score_history');
    // One statement: the server generates the rows. Each schedule's next slot is its minute today.
    await pool.query(
      `INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, enabled, next_due_utc, next_due_date, updated_at)
       SELECT 'g' || i, 'c' || i, lpad((m / 60)::text, 2, '0') || ':' || lpad((m % 60)::text, 2, '0'), 'UTC', 127,
              CASE WHEN i % 2 = 0 THEN 'en' ELSE 'de' END, 1,
              $1::bigint + m * 60000 + CASE WHEN m < $6 THEN 86400000 ELSE 0 END, CASE WHEN m < $6 THEN $7 ELSE $2 END, 0
       FROM (SELECT i, CASE WHEN i < $3 THEN $4 ELSE ((i::bigint * 7919) % 1440)::int END AS m FROM generate_series(0, $5 - 1) AS i) s`,
      [MIDNIGHT, DAY, burst, BURST_MINUTE, n, from, TOMORROW],
    );
    await pool.query('ANALYZE tip_schedules');
  } finally {
    await pool.end();
  }
}
