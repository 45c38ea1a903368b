// /score through the real discord.js client against the fake Discord on loopback: latency from
// dispatching INTERACTION_CREATE to the bot's callback request arriving at the fake, and the bot
// process's RSS after READY, during the run and after it.
//
// Run: npm run bench:bot   (compiled, as npm start runs the bot; BENCH_N=10000 BENCH_RATE=200 BENCH_USERS=2000)
// Targets (issue 3): p99 ≤ 25 ms for rules-only replies; RSS ≤ 120 MB after 10,000 with no growth trend.
//
// why two processes: the fake keeps its own state and burns its own CPU; in a separate process
// neither shows up in the bot's RSS, and the latency includes a real loopback hop both ways.
// This file is both: the parent runs the bot, and forks itself with BENCH_ROLE=fake.

import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const N = Number(process.env.BENCH_N ?? 2_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const USERS = Number(process.env.BENCH_USERS ?? 2_000);
const WARMUP = 200;
// `--shards N`: the fake recommends N shards and spreads its servers over them; the bot runs all N
// in this one process (SHARDS=N), as one machine of a sharded bot does.
const shardArg = process.argv.indexOf('--shards');
const SHARDS = Math.max(1, Number(process.env.BENCH_SHARDS ?? (shardArg >= 0 ? process.argv[shardArg + 1] : 1)) || 1);
const SAMPLES = 10;

type ToFake = { type: 'run'; count: number; offset: number; sample: boolean } | { type: 'stop' };
type FromFake =
  | { type: 'listening'; apiUrl: string; token: string }
  | { type: 'sample'; done: number }
  | { type: 'done'; latencies: number[]; deferred: number; cooled: number; apologised: number; unanswered: number };

const POSTS: Array<{ platform: 'twitter' | 'facebook'; post: string }> = [
  { platform: 'twitter', post: 'Big news! Our new product launches Friday. Check it out at https://example.com' },
  { platform: 'facebook', post: 'Fans only: 20% off the new collection until Sunday with code FAN20. Shop now: https://shop.example.com/?utm_source=facebook' },
  { platform: 'twitter', post: 'Nur für Fans: 20 % Rabatt auf die neue Kollektion bis Sonntag. Jetzt im Shop!' },
  { platform: 'facebook', post: 'We are proud to announce our new office in Berlin. Our team has grown to 50 people. #company #news #growth #berlin #team' },
  { platform: 'twitter', post: 'Win tickets! Tell us your favourite song below and share this post. #giveaway' },
  { platform: 'facebook', post: `${'Our story began in a small garage with two friends and one idea. '.repeat(30)}What would you like to see next?` },
];

/** The child: the fake Discord, driving /score at a steady pace and timing each callback. */
async function fakeProcess(): Promise<void> {
  const { guildIdOnShard, makeUser, startFakeDiscord } = await import('../test/fakes/discord/index.ts');
  const guilds = Array.from({ length: SHARDS }, (_, k) => ({ id: guildIdOnShard(k, SHARDS, 1000 + k), name: `Bench ${k}` }));
  const fake = await startFakeDiscord(SHARDS > 1 ? { shards: SHARDS, maxConcurrency: SHARDS, guilds } : {});
  const send = (message: FromFake) => process.send!(message);
  const users = Array.from({ length: USERS }, (_, i) => makeUser(String(1_300_000_000_000_000_000n + BigInt(i)), `bench_user_${i}`));

  process.on('message', async (message: ToFake) => {
    if (message.type === 'stop') {
      await fake.close();
      process.exit(0);
    }
    let deferred = 0;
    let cooled = 0;
    let apologised = 0;
    let unanswered = 0;
    const one = async (i: number): Promise<number> => {
      const { platform, post } = POSTS[i % POSTS.length]!;
      const payload = fake.fixtures.slash({
        name: 'score',
        options: { platform, post },
        user: users[i % USERS],
        locale: i % 3 === 0 ? 'de' : 'en-US',
        ...(SHARDS > 1 && { guildId: guilds[i % SHARDS]!.id }),
      });
      const started = performance.now();
      const { id } = fake.sendInteraction(payload);
      try {
        const request = await fake.waitForInteractionResponse(id, 30_000);
        const latency = performance.now() - started;
        const content = String(request.body?.data?.content ?? '');
        // the bot acknowledges first ("thinking…", type 5) and edits the score in afterwards
        if (request.body?.type === 5) deferred += 1;
        else if (/Try again in|Versuch es in/.test(content)) cooled += 1;
        else if (!request.body?.data?.embeds) apologised += 1;
        return latency;
      } catch {
        unanswered += 1;
        return Number.NaN;
      } finally {
        // why: the fake keeps every interaction for assertions; a benchmark has none to make. The
        // score follows the deferral as an edit, so the interaction must outlive the first answer
        // or the edit meets "Unknown Webhook".
        setTimeout(() => fake.world.forgetInteraction(id), 20_000).unref();
      }
    };
    const pending: Promise<number>[] = [];
    const t0 = performance.now();
    const every = Math.max(1, Math.floor(message.count / SAMPLES));
    for (let i = 0; i < message.count; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 1) await sleep(wait);
      pending.push(one(message.offset + i));
      // why: waitForRequest scans the whole log first; keep it short
      if (i % 250 === 249) fake.clearRequests();
      if (message.sample && (i + 1) % every === 0) send({ type: 'sample', done: i + 1 });
    }
    const latencies = await Promise.all(pending);
    fake.clearRequests();
    send({ type: 'done', latencies, deferred, cooled, apologised, unanswered });
  });

  send({ type: 'listening', apiUrl: fake.apiUrl, token: fake.token });
}

/** The parent: the bot as the composition root (src/main.ts) builds it for `npm start`, without a language model or daily tips. */
async function botProcess(): Promise<void> {
  const { assemble, startDiscord } = await import('../src/main.ts');
  const { createLogger } = await import('../src/adapters/log.ts');
  // why: run from the repository root (npm run bench:bot); the compiled copy lives in dist/
  const ROOT_DIR = process.cwd();

  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const memory = () => {
    const m = process.memoryUsage();
    return `rss ${mb(m.rss).padStart(6)} MB  heap used ${mb(m.heapUsed).padStart(5)} MB  external ${mb(m.external).padStart(5)} MB`;
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  const settle = async () => {
    if (!gc) return;
    gc();
    await sleep(100);
    gc();
  };

  // why: `npm run bench:bot` runs the compiled bench (as `npm start` runs the compiled bot); the
  // TypeScript source still runs through tsx
  const self = fileURLToPath(import.meta.url);
  const child: ChildProcess = self.endsWith('.ts')
    ? fork(fileURLToPath(new URL('../bin/run-ts.js', import.meta.url)), [self], { env: { ...process.env, BENCH_ROLE: 'fake', BENCH_SHARDS: String(SHARDS) }, execArgv: [] })
    : fork(self, [], { env: { ...process.env, BENCH_ROLE: 'fake', BENCH_SHARDS: String(SHARDS) }, execArgv: [] });
  const next = <T extends FromFake['type']>(type: T, onSample?: (done: number) => void): Promise<Extract<FromFake, { type: T }>> =>
    new Promise((resolve) => {
      const listener = (message: FromFake) => {
        if (message.type === 'sample') onSample?.(message.done);
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message as Extract<FromFake, { type: T }>);
      };
      child.on('message', listener);
    });

  const { apiUrl, token } = await next('listening');
  const dataDir = mkdtempSync(join(tmpdir(), 'fanpage-bot-bench-'));
  const world = assemble({
    env: { DISCORD_TOKEN: token, DISCORD_API_URL: apiUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(SHARDS > 1 && { SHARDS: String(SHARDS) }) },
    cwd: ROOT_DIR,
  });
  const { config } = world;
  // why no store: the benchmark measures replying to /score; daily tips have their own (bench:tips)
  const running = await startDiscord(world, { log: createLogger('warn'), llm: {}, cron: false });
  await settle();
  console.log(`bot.bench: ${N} /score interactions at ${RATE}/s from ${USERS} users (cooldown ${config.settings.discord.cooldown_seconds} s), fake Discord in a child process`);
  if (SHARDS > 1) console.log(`${SHARDS} shards in this process (SHARDS=${SHARDS}); interactions alternate between servers on each shard; gateway sessions: ${running.bot.client.ws.shards.size}`);
  if (!gc) console.log('(run with node --expose-gc for settled RSS figures)');
  console.log(`after READY                ${memory()}`);

  const run = async (count: number, offset: number, sample: boolean) => {
    const done = next('done', (n) => console.log(`  ${String(n).padStart(6)} sent            ${memory()}`));
    child.send({ type: 'run', count, offset, sample } satisfies ToFake);
    return done;
  };

  await run(WARMUP, 0, false);
  await settle();
  console.log(`after ${WARMUP} warm-up          ${memory()}`);
  // the bot's own garbage-collection pauses during the run: each one delays every callback waiting behind it
  const pauses: PerformanceEntry[] = [];
  const gcObserver = new PerformanceObserver((list) => void pauses.push(...list.getEntries()));
  gcObserver.observe({ entryTypes: ['gc'] });
  const t = performance.now();
  const cpu = process.cpuUsage();
  const result = await run(N, WARMUP, true);
  const seconds = (performance.now() - t) / 1000;
  const cpuUsed = process.cpuUsage(cpu);
  gcObserver.disconnect();
  await settle();
  console.log(`after ${N} interactions  ${memory()}`);

  const sorted = result.latencies.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN).toFixed(2);
  console.log(`latency dispatch → callback: p50 ${at(0.5)} ms  p90 ${at(0.9)} ms  p99 ${at(0.99)} ms  max ${at(1)} ms`);
  const kinds = new Map<string, number[]>();
  for (const p of pauses) {
    const kind = ({ 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak callbacks' } as Record<number, string>)[(p as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
    kinds.set(kind, [...(kinds.get(kind) ?? []), p.duration]);
  }
  console.log(
    `bot process (all threads): CPU ${((cpuUsed.user + cpuUsed.system) / 1000 / N).toFixed(2)} ms per interaction; full collections at the heap ceiling ${running.bot.answers.settler?.counts.ceiling ?? 0}; main-thread GC pauses ${[...kinds].map(([k, d]) => `${k} ${d.length} (max ${Math.max(...d).toFixed(1)} ms, total ${d.reduce((a, b) => a + b, 0).toFixed(0)} ms)`).join(', ') || 'none'}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`,
  );
  console.log(
    `${(N / seconds).toFixed(0)}/s over ${seconds.toFixed(1)} s; answered ${sorted.length}/${N} (${result.deferred} deferred for the score to follow, ${result.cooled} with the cooldown notice, ${result.apologised} with an apology), unanswered ${result.unanswered}`,
  );

  await running.stop();
  child.send({ type: 'stop' } satisfies ToFake);
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}

if (process.env.BENCH_ROLE === 'fake') await fakeProcess();
else await botProcess();
