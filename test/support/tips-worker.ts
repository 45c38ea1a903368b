// One bot process as far as daily tips go, for the exactly-once tests: the real store (SQLite
// file or PostgreSQL), the real publisher on discord.js REST against the fake Discord, the real
// use cases, ticking fast the way the bot's scheduler does (claimDue). Configured by the environment; prints READY once ticking, and one JSON
// line per tick summary. CRASH_AFTER_POST=1 kills the process (SIGKILL) right after its first
// successful post, before the post is recorded.
import { Client } from 'discord.js';
import { openStore } from '../../src/main.ts';
import { createTipPublisher } from '../../src/adapters/discord/tip-publisher.ts';
import type { TipPublisher } from '../../src/app/ports.ts';
import { createDailyTips } from '../../src/app/tips/daily-tips.ts';
import type { Tip } from '../../src/core/tip.ts';

const env = process.env;
const tips: Tip[] = ['a', 'b', 'c', 'd'].map((id) => ({ id: `tip-${id}`, finding: 'some-finding', topics: [], text: { en: `Tip ${id}`, de: `Tipp ${id}` } }));

const opened = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? '' });
const client = new Client({ intents: [], rest: { api: env.API_URL!, timeout: 3_000, retries: 1 } });
client.rest.setToken(env.TOKEN!);
const real = createTipPublisher(client, new Map());
const publisher: TipPublisher = {
  async publish(...args) {
    const posted = await real.publish(...args);
    if (env.CRASH_AFTER_POST === '1') process.kill(process.pid, 'SIGKILL');
    return posted;
  },
};
const app = createDailyTips({
  store: opened.store,
  publisher,
  tips,
  clock: () => new Date(),
  owner: `${env.WORKER_NAME ?? 'w'}:${process.pid}`,
  leaseMs: Number(env.LEASE_MS ?? 1500),
  publishTimeoutMs: Number(env.PUBLISH_TIMEOUT_MS ?? 1000),
  // why so many attempts: the exactly-once test injects a fault into 30% of posts and runs them on
  // a 1 s publish timeout; on a loaded machine a server can fail 40 times in a row and be given up
  // for the day (a full suite under load once ended with 12 servers without a tip, most likely so),
  // which tests the machine, not exactly-once. The test's own 90 s deadline still bounds it.
  retry: { baseMs: 100, maxAttempts: 400, maxMs: 800 },
  concurrency: Number(env.CONCURRENCY ?? 4),
  // why small: a queued tip must start sending while its short lease (LEASE_MS) still holds
  queueSize: Number(env.QUEUE_SIZE ?? 8),
  claimChunk: Number(env.QUEUE_SIZE ?? 8),
  batchSize: 100,
});

process.stdout.write('READY\n');
// As the bot's scheduler does: each tick only claims and queues; sending goes on between ticks.
for (;;) {
  const summary = await app.claimDue();
  if (summary.due > 0) process.stdout.write(`${JSON.stringify(summary)}\n`);
  await new Promise((r) => setTimeout(r, Number(env.TICK_MS ?? 100)));
}
