// Daily-tip ticks at scale, on SQLite or PostgreSQL, with several bot processes sharing the store.
//
//   npm run bench:tips                                   SQLite, 100,000 schedules, 1 process
//   npm run bench:tips -- --store postgres               PostgreSQL, 1,000,000 schedules, 4 processes
//   npm run bench:tips -- --store sqlite --workers 4 --schedules 1000000 --burst 10000 --minutes 10
//   npm run bench:tips -- --schedules 200000 --minutes 5 --cpu-prof /tmp/tips-prof   a V8 CPU profile per process
//
// PostgreSQL: DATABASE_URL if set (its tables are emptied first!), otherwise a throwaway server
// started here (initdb + pg_ctl, durable settings: fsync on, as in production, with the WAL
// settings README recommends: SERVER_SETTINGS; --pg-settings name=value,… to try others).
// Every process ticks at the same instants, as every process's cron does; each process's clock
// then runs on in real time, so leases run out as they would. A tick only claims and queues
// (TipDelivery.claimDue); the tips are then posted by the real publisher on discord.js REST to the
// fake Discord (test/fakes/discord), with no gateway cache, so each tip is one POST.
// Discord's global limit is per bot token, over all its processes (--global-rps, 50): the fake
// enforces it (a global 429 beyond it in any second) and each process paces its tips at its share
// (--process-rps, default 90% of the limit / processes), as machines started with SHARD_IDS do. So a
// burst of 10,000 tips takes at least 200 s at 50 a second however the bot is built; with a limit
// Discord raised for a large bot (--global-rps 250, the workers' discord.global_requests_per_second)
// the least is 40 s. The bench reports the rate achieved against the ceiling, seconds it fell short, and 429s. Schedules share the fake's --channels channels.
// Figures: per-process tick time (the scheduler's own work: leasing, choosing, claiming,
// queueing; CPU and wall) in a steady minute (about schedules/1440 due), an idle tick, the CPU
// the sending costs per tip, and the burst (--burst servers due in the same minute). On
// PostgreSQL on this machine (Linux), also the CPU the server's processes used during each tick,
// all processes' ticks together: with every process ticking at once on a machine of few cores,
// the tick's wall time is mostly the clients' and the server's CPU queued behind each other, and
// CPU is what can be compared between runs while other work shares the machine.

// This file is both the parent (seeds, starts processes, reports) and, with BENCH_ROLE=worker,
// one bot process.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
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
/**
 * The throwaway server's WAL settings: those README's "Running at scale" recommends to operators
 * (and docker-compose.yml sets), not a bench-only shortcut; fsync and full_page_writes stay on.
 * After a checkpoint begins, the first change to each page writes the whole 8 kB page to the WAL;
 * a tick changes a few hundred pages scattered over the tables, so the ticks after a checkpoint
 * write 2.8–4.7 MB of WAL each (1M schedules), most of it such images. lz4 halves that (measured:
 * 1.2–2.1 MB a tick, the server's CPU per tick no higher); fewer checkpoints (15 min,
 * and max_wal_size so that the WAL's size doesn't force them sooner) make such ticks rarer. The
 * bench checkpoints right after seeding, so its steady minutes are always the ticks after one:
 * the worst case, not the average.
 */
const SERVER_SETTINGS = { wal_compression: 'lz4', checkpoint_timeout: '15min', max_wal_size: '4GB' };

type Cmd = { tick: string } | { drain: true } | { exit: true };
/** gcMs: the garbage collector's pauses in the tick (main thread), a part of ms. */
type Reply = { ms: number; cpuMs: number; gcMs?: number; summary: TickSummary; rss: number };

if (process.env.BENCH_ROLE === 'worker') await worker();
else await parent();

async function worker(): Promise<void> {
  const { Client } = await import('discord.js');
  const { openStore } = await import('../src/main.ts');
  const { createDailyTips } = await import('../src/app/tips/daily-tips.ts');
  const { createTipPublisher } = await import('../src/adapters/discord/tip-publisher.ts');
  const opened = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? '' });
  // The tick's instant, running on in real time from when the tick came.
  let base = MIDNIGHT;
  let baseAt = performance.now();
  const clock = (): Date => new Date(base + Math.round(performance.now() - baseAt));
  // discord.js keeps the bot's global limit (discord.global_requests_per_second, in one-second
  // windows); the tips are paced at this process's share of it, as a machine started with
  // SHARD_IDS does (tipShare)
  const client = new Client({ intents: [], rest: { api: process.env.API_URL!, globalRequestsPerSecond: Number(process.env.GLOBAL_RPS) } });
  client.rest.setToken(process.env.TOKEN!);
  const app = createDailyTips({
    store: opened.store,
    tips: TIPS,
    clock,
    owner: `bench-${process.pid}`,
    ...(process.env.POSTS_PER_SECOND && { postsPerSecond: Number(process.env.POSTS_PER_SECOND) }),
    publisher: createTipPublisher(client, new Map()),
  });
  const out = (r: Reply) => process.stdout.write(`${JSON.stringify(r)}\n`);
  // The collector's pauses, to tell a tick's own work from a collection that fell into it
  const pauses: Array<{ at: number; ms: number }> = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ at: e.startTime, ms: e.duration });
  }).observe({ entryTypes: ['gc'] });
  const gcWithin = (from: number, to: number): number => {
    let ms = 0;
    for (const p of pauses) if (p.at >= from && p.at < to) ms += p.ms;
    pauses.length = 0;
    return ms;
  };
  process.stdout.write('READY\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const cmd = JSON.parse(line) as Cmd;
    if ('exit' in cmd) break;
    const start = performance.now();
    const cpu = process.cpuUsage();
    if ('drain' in cmd) {
      await app.drained();
    } else {
      base = Date.parse(cmd.tick);
      baseAt = performance.now();
      const summary = await app.claimDue(new Date(base));
      const used = process.cpuUsage(cpu);
      const ms = performance.now() - start;
      // why after a turn of the event loop: the observer hears of a pause a little after it
      await new Promise((r) => setImmediate(r));
      out({ ms, cpuMs: (used.user + used.system) / 1000, gcMs: gcWithin(start, start + ms), summary, rss: process.memoryUsage().rss });
      continue;
    }
    const used = process.cpuUsage(cpu);
    out({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, summary: { due: 0, posted: 0, skipped: 0, failed: 0, retrying: 0 }, rss: process.memoryUsage().rss });
  }
  await app.stop();
  await client.destroy();
  await opened.close();
  // why: discord.js's REST agent keeps idle sockets (and their timers) open for a while
  process.exit(0);
}

async function parent(): Promise<void> {
  const { values } = parseArgs({
    options: {
      store: { type: 'string', default: 'sqlite' },
      schedules: { type: 'string' },
      workers: { type: 'string' },
      burst: { type: 'string', default: '10000' },
      minutes: { type: 'string', default: '30' },
      channels: { type: 'string', default: '10000' },
      'global-rps': { type: 'string', default: '50' },
      'process-rps': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'pg-settings': { type: 'string' },
    },
  });
  const store = values.store === 'postgres' ? 'postgres' : 'sqlite';
  const schedules = Number(values.schedules ?? (store === 'postgres' ? 1_000_000 : 100_000));
  const workers = Number(values.workers ?? (store === 'postgres' ? 4 : 1));
  const burst = Math.min(Number(values.burst), schedules);
  const minutes = Number(values.minutes);
  const ceiling = Number(values['global-rps']);
  // why a share each: Discord limits the bot, over all of its processes (see tipShare in src/main.ts)
  const processRps = Number(values['process-rps'] ?? Math.max(1, Math.floor((ceiling * 0.9) / workers)));

  const { startFakeDiscord, Permission } = await import('../test/fakes/discord/index.ts');
  const fake = await startFakeDiscord({
    retainRequests: false,
    globalRequestsPerSecond: ceiling,
    guilds: Array.from({ length: Number(values.channels) }, () => ({
      botPermissions: Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.ReadMessageHistory,
    })),
  });
  const channels = fake.guilds.map((g) => g.channels[0]!.id);
  let created = 0;
  let requests = 0;
  let refused = 0;
  /** Requests answered in each wall-clock second, and when `created` first reached `target`. */
  const perSecond = new Map<number, number>();
  let target = Infinity;
  let targetReachedAt = 0;
  fake.onRequest((r) => {
    requests++;
    const second = Math.floor(r.at / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    if (r.status >= 400) refused++;
    else if (r.method === 'POST' && r.route === '/channels/:channel/messages' && ++created === target) targetReachedAt = r.at;
  });

  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let serverCpu: (() => Map<number, number>) | undefined;
  let wal: WalMeter | undefined;
  const t0 = performance.now();
  if (store === 'postgres') {
    let url = process.env.DATABASE_URL;
    let stopServer = async () => {};
    if (!url) {
      const { startCluster } = await import('../test/support/pg-cluster.ts');
      // --pg-settings name=value,…: other server settings for the throwaway server (A/B of settings)
      const extra = Object.fromEntries((values['pg-settings'] ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
      const cluster = await startCluster({ fast: false, settings: { shared_buffers: '256MB', ...SERVER_SETTINGS, ...extra } });
      url = cluster.url();
      stopServer = () => cluster.stop();
    }
    try {
      await seedPostgres(url, schedules, burst, BURST_MINUTE - minutes - 1, channels); // from the warm-up minute
    } catch (err) {
      await stopServer();
      throw err;
    }
    env = { DATABASE_URL: url };
    serverCpu = await serverCpuMeter(url);
    wal = await walMeter(url);
    cleanup = async () => {
      await wal?.close();
      await stopServer();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-tips-bench-'));
    await seedSqlite(dir, schedules, burst, BURST_MINUTE - minutes - 1, channels); // from the warm-up minute
    env = { DATA_DIR: dir };
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const seedMs = performance.now() - t0;
  console.log(`${store}: ${schedules.toLocaleString('en')} schedules (${burst.toLocaleString('en')} at 08:00 UTC, the rest spread over the day), seeded in ${(seedMs / 1000).toFixed(1)} s`);
  console.log(
    `${workers} bot process(es), posting through discord.js REST to the fake Discord: Discord's global limit ${ceiling} requests/s for the bot (enforced by the fake), tips paced at ${processRps}/s in each process, ` +
      `${channels.length.toLocaleString('en')} channels; node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
  );

  const procs = await Promise.all(
    Array.from({ length: workers }, () =>
      startWorker({ ...env, API_URL: fake.apiUrl, TOKEN: fake.token, GLOBAL_RPS: String(ceiling), POSTS_PER_SECOND: String(processRps) }, values['cpu-prof']),
    ),
  );
  try {
    const tickAll = async (at: Date): Promise<Reply[]> => Promise.all(procs.map((p) => p.send({ tick: at.toISOString() })));
    const drainAll = async (): Promise<Reply[]> => Promise.all(procs.map((p) => p.send({ drain: true })));
    const minute = (m: number, sec = 0) => new Date(MIDNIGHT + m * 60_000 + sec * 1000);
    const from = BURST_MINUTE - minutes;
    // Warm up with the minute before the measured ones, tips and all: statement caches,
    // connections, the first Intl zone formatter (~30 ms once per process), discord.js's agent.
    await tickAll(minute(from - 1));
    await drainAll();

    const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    const report = async (label: string, instants: Date[]): Promise<void> => {
      const times: number[] = [];
      const cpu: number[] = [];
      const gc: number[] = [];
      const server: number[] = [];
      const walKb: number[] = [];
      const walBefore = await wal?.read();
      let due = 0;
      let sendCpu = 0;
      const before = created;
      for (const at of instants) {
        // the WAL position is read outside the CPU reading: its own query is no part of the tick
        const lsnBefore = wal && (await wal.read()).lsn;
        const serverBefore = serverCpu?.();
        const replies = await tickAll(at);
        if (serverBefore) server.push(cpuSince(serverBefore, serverCpu!()));
        if (wal && lsnBefore !== undefined) walKb.push(((await wal.read()).lsn - lsnBefore) / 1024);
        for (const r of replies) {
          times.push(r.ms);
          cpu.push(r.cpuMs);
          gc.push(r.gcMs ?? 0);
          due += r.summary.due;
        }
        // The posts go out after the tick; let them finish before the next minute's tick.
        for (const r of await drainAll()) sendCpu += r.cpuMs;
      }
      times.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const walAfter = await wal?.read();
      const checkpoints = walBefore && walAfter ? walAfter.checkpoints - walBefore.checkpoints : 0;
      const walPerTick = walKb.length > 0 ? `WAL per tick (all processes') ${walKb.map((k) => k.toFixed(0)).join(', ')} kB${checkpoints > 0 ? ` (${checkpoints} checkpoint(s) began meanwhile)` : ''}; ` : '';
      server.sort((a, b) => a - b);
      gc.sort((a, b) => a - b);
      const posted = created - before;
      console.log(
        `${label.padEnd(44)} tick per process: CPU p50 ${pct(cpu, 50).toFixed(1)} ms, p99 ${pct(cpu, 99).toFixed(1)} ms; ` +
          `wall p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, max ${pct(times, 100).toFixed(1)} ms; ` +
          `GC pauses in a tick p50 ${pct(gc, 50).toFixed(1)} ms, max ${pct(gc, 100).toFixed(1)} ms (${gc.filter((g) => g > 0).length} of ${gc.length} ticks had one); ` +
          (server.length > 0 ? `server CPU per tick (all processes') p50 ${pct(server, 50).toFixed(1)} ms, max ${pct(server, 100).toFixed(1)} ms; ` : '') +
          walPerTick +
          `claimed by the tick ≈${(due / instants.length).toFixed(0)}/min (the rest as the outboxes empty), posted ${posted.toLocaleString('en')}` +
          (posted > 0 ? `; sending ${(sendCpu / posted).toFixed(2)} ms CPU per tip` : ''),
      );
    };
    const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
    // A steady stretch up to the burst: every process ticks each minute, about schedules/1440 due.
    await report(`steady: the ${minutes} minutes before 08:00`, Array.from({ length: minutes }, (_, i) => minute(from + i)));
    await report('idle: the same minutes at :30 (nothing due)', Array.from({ length: minutes }, (_, i) => minute(from + i, 30)));
    console.log(`load after the steady minutes: ${load()}`);

    // The burst: every process ticks at 08:00 (claims and queues); the outboxes send and claim
    // more as they empty, until nothing is due. Timed until every post is in the fake and recorded.
    // Processes' clocks run on meanwhile, so schedules of 08:01, 08:02 … are claimed as they fall due.
    const before = created;
    const requestsBefore = requests;
    const limitedBefore = fake.globalLimited;
    let dueAt8 = burst;
    for (let i = burst; i < schedules; i++) if (minuteOf(i) === BURST_MINUTE) dueAt8++; // as the seeding spreads them
    target = before + dueAt8;
    const startedAt = Date.now();
    const start = performance.now();
    const ticks = await tickAll(minute(BURST_MINUTE));
    const tickWall = performance.now() - start;
    await drainAll();
    const wall = performance.now() - start;
    const endedAt = Date.now();
    const posted = created - before;
    const sent = requests - requestsBefore;
    const tickMs = ticks.map((r) => r.ms).sort((a, b) => a - b);
    const tickCpu = ticks.map((r) => r.cpuMs).sort((a, b) => a - b);
    // Whole seconds inside the drain: how many fell short of the ceiling, how many sent nothing.
    let short = 0;
    let silent = 0;
    let whole = 0;
    let peak = 0;
    for (let sec = Math.floor(startedAt / 1000) + 1; sec < Math.floor(endedAt / 1000); sec++) {
      const n = perSecond.get(sec) ?? 0;
      whole++;
      peak = Math.max(peak, n);
      if (n < ceiling * 0.9) short++;
      if (n === 0) silent++;
    }
    const toTarget = targetReachedAt > 0 ? (targetReachedAt - startedAt) / 1000 : NaN;
    console.log(
      `burst: ${dueAt8.toLocaleString('en')} due at 08:00; Discord's ${ceiling} requests/s for the bot make ${(dueAt8 / ceiling).toFixed(0)} s the least it can take (one request per tip). ` +
        `All ${dueAt8.toLocaleString('en')} posted after ${toTarget.toFixed(1)} s (${(toTarget / (dueAt8 / ceiling)).toFixed(2)}× the least); ` +
        `drained in ${(wall / 1000).toFixed(1)} s with ${posted.toLocaleString('en')} posts in all (the 08:01… schedules too).`,
    );
    console.log(
      `  rate: ${(sent / (wall / 1000)).toFixed(1)} requests/s on average (${((100 * sent) / (wall / 1000) / ceiling).toFixed(0)}% of the ceiling), peak ${peak} in a second; ` +
        `${short} of ${whole} whole seconds below 90% of the ceiling, ${silent} with no request; ${fake.globalLimited - limitedBefore} global 429s. ` +
        `The 08:00 tick itself: CPU max ${pct(tickCpu, 100).toFixed(1)} ms, wall max ${pct(tickMs, 100).toFixed(1)} ms per process (all ticks done after ${tickWall.toFixed(0)} ms)`,
    );
    // The next tick, at the minute after the drain ended: it catches up what fell due meanwhile.
    const next = BURST_MINUTE + Math.ceil(wall / 60_000);
    const rest = await tickAll(minute(next));
    console.log(
      `next tick (${String(Math.floor(next / 60)).padStart(2, '0')}:${String(next % 60).padStart(2, '0')}): ${rest.reduce((a, r) => a + r.summary.due, 0)} due (not sent here); ` +
        `in all ${created.toLocaleString('en')} posts, ${fake.nonceHits} repeated keys answered with the earlier message, ${refused} refused requests (${fake.globalLimited} global 429s)`,
    );
    console.log(`RSS per process after the burst: ${rest.map((r) => `${(r.rss / 1e6).toFixed(0)} MB`).join(', ')}; load ${load()}`);
  } finally {
    await Promise.all(procs.map((p) => p.exit()));
    await cleanup();
    await fake.close();
  }
}

function startWorker(env: Record<string, string>, profileDir?: string): Promise<{ send(cmd: Cmd): Promise<Reply>; exit(): Promise<void> }> {
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...prof, '--import', 'tsx', fileURLToPath(import.meta.url)], {
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
          send: (cmd) =>
            new Promise<Reply>((r) => {
              waiting.push(r);
              child.stdin!.write(`${JSON.stringify(cmd)}\n`);
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
 * The CPU time each process of the PostgreSQL server at `url` has used so far (pid → ms), or
 * undefined where that can't be read (not Linux, or the server on another machine): the
 * postmaster and its children, found from the parent of one backend.
 */
async function serverCpuMeter(url: string): Promise<(() => Map<number, number>) | undefined> {
  const { createPool } = await import('../src/adapters/store/postgres.ts');
  const pool = createPool(url, { max: 1 });
  let backend: number;
  try {
    backend = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  } finally {
    await pool.end();
  }
  // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses
  const parentOf = (pid: number): number => Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  let postmaster: number;
  try {
    postmaster = parentOf(backend);
  } catch {
    return undefined;
  }
  return () => {
    const used = new Map<number, number>();
    for (const name of fs.readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      try {
        if (pid !== postmaster && parentOf(pid) !== postmaster) continue;
        // schedstat's first field: nanoseconds on a CPU
        used.set(pid, Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
      } catch {
        // the process ended meanwhile
      }
    }
    return used;
  };
}

interface WalMeter {
  /** The server's WAL position (bytes) and the checkpoints it has begun so far. */
  read(): Promise<{ lsn: number; checkpoints: number }>;
  close(): Promise<void>;
}

/**
 * How much WAL the ticks write, in order (a tick's minute, each tick): after a checkpoint begins,
 * the first change to each page writes the whole page (full_page_writes), so the ticks right after
 * one write several times the WAL of later ones; the figure shows how far a run is from it.
 */
async function walMeter(url: string): Promise<WalMeter> {
  const { createPool } = await import('../src/adapters/store/postgres.ts');
  const pool = createPool(url, { max: 1 });
  return {
    async read() {
      const { rows } = await pool.query<{ lsn: string; checkpoints: number }>(
        `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn,
                (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)::int AS checkpoints`,
      );
      return { lsn: Number(rows[0]!.lsn), checkpoints: rows[0]!.checkpoints };
    },
    close: () => pool.end(),
  };
}

/** CPU ms used between two readings of serverCpuMeter, by the processes alive at the second. */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

/**
 * Schedule i's minute of the day (apart from the burst's): scattered as a live bot's are, where a
 * server's time has nothing to do with when its row was written or its id. Both stores compute it
 * in SQL (MINUTE_OF_SQL) and the parent in JS: a quadratic residue of a Lehmer step, exact in
 * 64-bit integers (x² < 2⁶²). why not (i × 7919) mod 1440, as before: it put minute m + 2's rows on
 * the same table and index pages as minute m's (i and i − 2), so ten minutes touched 1,600 pages
 * instead of 6,000, and after a checkpoint only the first steady tick paid for full-page images
 * (5.6 MB of WAL; the next four 0.3–0.5 MB), where a live bot's ticks all do until most pages
 * have been written since the checkpoint (scattered: 2.8–4.7 MB every tick).
 */
function minuteOf(i: number): number {
  const x = BigInt((i * 48271 + 12345) % 2147483647);
  return Number((x * x) % 2147483647n) % 1440;
}
// why functions, not consts: the module's top-level await runs the bench before later consts exist
function MINUTE_OF_SQL(i: string): string {
  return `((((${i} * 48271 + 12345) % 2147483647) * ((${i} * 48271 + 12345) % 2147483647)) % 2147483647) % 1440`;
}

/**
 * Schedule i's minute of the day: the first `burst` at 08:00, the rest scattered over the day (minuteOf). Slots before
 * `from` (the warm-up minute, just before the measured stretch) are tomorrow's, as if today's had gone out already.
 */
async function seedSqlite(dir: string, n: number, burst: number, from: number, channels: readonly string[]): Promise<void> {
  const { openDatabase } = await import('../src/adapters/store/sqlite.ts');
  const db = openDatabase(dir);
  try {
    db.exec('CREATE TEMP TABLE bench_channels (k INTEGER PRIMARY KEY, id TEXT NOT NULL)');
    const addChannel = db.prepare('INSERT INTO bench_channels (k, id) VALUES (?, ?)');
    db.transaction(() => channels.forEach((id, k) => addChannel.run(k, id)))();
    // One statement: SQLite generates the rows. Each schedule's next slot is its minute today.
    db.prepare(
      `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < @n - 1)
       INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, enabled, next_due_utc, next_due_date, updated_at)
       SELECT 'g' || i, (SELECT id FROM bench_channels WHERE k = i % @channels), printf('%02d:%02d', m / 60, m % 60), 'UTC', 127,
              CASE WHEN i % 2 = 0 THEN 'en' ELSE 'de' END, 1,
              @midnight + m * 60000 + CASE WHEN m < @from THEN 86400000 ELSE 0 END, CASE WHEN m < @from THEN @tomorrow ELSE @day END, 0
       FROM (SELECT i, CASE WHEN i < @burst THEN @burstMinute ELSE ${MINUTE_OF_SQL('i')} END AS m FROM s)`,
    ).run({ n, midnight: MIDNIGHT, day: DAY, tomorrow: TOMORROW, burst, burstMinute: BURST_MINUTE, from, channels: channels.length });
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

async function seedPostgres(url: string, n: number, burst: number, from: number, channels: readonly string[]): Promise<void> {
  const { createPool, migratePostgres } = await import('../src/adapters/store/postgres.ts');
  const pool = createPool(url, { max: 2 });
  try {
    await migratePostgres(pool);
    await pool.query('TRUNCATE tip_schedules, tip_posts, tip_extra_posts, score_history');
    // One statement: the server generates the rows. Each schedule's next slot is its minute today.
    await pool.query(
      `INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, enabled, next_due_utc, next_due_date, updated_at)
       SELECT 'g' || i, ($8::text[])[(i % $9) + 1], lpad((m / 60)::text, 2, '0') || ':' || lpad((m % 60)::text, 2, '0'), 'UTC', 127,
              CASE WHEN i % 2 = 0 THEN 'en' ELSE 'de' END, 1,
              $1::bigint + m * 60000 + CASE WHEN m < $6 THEN 86400000 ELSE 0 END, CASE WHEN m < $6 THEN $7 ELSE $2 END, 0
       FROM (SELECT i, CASE WHEN i < $3 THEN $4 ELSE (${MINUTE_OF_SQL('i::bigint')})::int END AS m FROM generate_series(0, $5 - 1) AS i) s`,
      [MIDNIGHT, DAY, burst, BURST_MINUTE, n, from, TOMORROW, channels, channels.length],
    );
    // why VACUUM and CHECKPOINT: a table bulk-loaded a moment ago has no visibility map and no
    // hint bits, so the first ticks over it would pay for maintenance (autovacuum, hint-bit writes)
    // that a live bot's table, vacuumed as it goes, never sees in one tick
    await pool.query('VACUUM ANALYZE tip_schedules');
    await pool.query('CHECKPOINT');
  } finally {
    await pool.end();
  }
}
