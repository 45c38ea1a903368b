// Daily-tip tick cost at scale: 100,000 schedules in a real SQLite file, ticked minute by minute.
// Run: npm run bench:tips  (or: node --import tsx bench/tips.bench.ts [dataDir])
// Publishing is a stub that resolves at once, so the figures are the scheduler's own cost:
// the due query, and per due server the rotation read, the claim transaction and the result.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteTipStore, openDatabase } from '../src/adapters/store/sqlite.ts';
import { createDailyTips, type TickSummary } from '../src/app/tips/daily-tips.ts';
import type { TipPublisher } from '../src/app/ports.ts';
import type { Tip } from '../src/core/tip.ts';

const SCHEDULES = 100_000;
const TARGET_MS = 20;
const BURST = 5_000;
const ZONES = [
  'Europe/Berlin', 'Europe/London', 'Europe/Paris', 'Europe/Vienna', 'Europe/Zurich', 'Europe/Madrid',
  'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Sao_Paulo', 'America/Santiago',
  'Asia/Kolkata', 'Asia/Tokyo', 'Asia/Singapore', 'Asia/Kathmandu', 'Australia/Sydney', 'Australia/Lord_Howe',
  'Pacific/Auckland', 'Pacific/Chatham', 'Africa/Lagos', 'UTC',
];
const DAYS = ['daily', 'daily', 'daily', 'mon-fri', 'weekends', 'mon,wed,fri'];
const TOPICS = ['discount', 'exclusive', 'reviews', 'event', 'contest', 'community', 'product_news', 'loyalty'];

const tips: Tip[] = Array.from({ length: 41 }, (_, i) => ({
  id: `tip-${i}`,
  finding: 'bench',
  topics: [TOPICS[i % TOPICS.length]!],
  text: { en: `Tip ${i}`, de: `Tipp ${i}` },
}));

const dir = process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-tips-bench-'));
const db = openDatabase(dir);
const store = createSqliteTipStore(db);
let now = new Date('2026-03-10T06:59:30Z');
let published = 0;
const publisher: TipPublisher = {
  publish: async () => ({ messageId: String(++published) }),
};
const app = createDailyTips({ store, publisher, tips, clock: () => now });

// A cheap deterministic spread (no Math.random, so runs compare).
let seed = 42;
const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);

const t0 = performance.now();
// why: seeding is not what is measured; one disk sync per schedule would take minutes
db.pragma('synchronous = OFF');
{
  for (let i = 0; i < SCHEDULES; i++) {
    // 5% share one popular slot, 09:00 Berlin (08:00 UTC in March), for the burst figures.
    const minutes = i < BURST ? 9 * 60 : next() % 1440;
    const r = await app.setSchedule(`guild-${i}`, {
      channelId: `channel-${i}`,
      time: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
      tz: i < BURST ? 'Europe/Berlin' : ZONES[next() % ZONES.length]!,
      days: DAYS[next() % DAYS.length]!,
      lang: next() % 2 === 0 ? 'en' : 'de',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    // A third of the servers have used /score, so tip choice weighs their misses.
    if (i % 3 === 0) {
      for (let k = 0; k < 5; k++) await app.recordScore(`guild-${i}`, { score: 50, missing: [TOPICS[next() % TOPICS.length]!] });
    }
  }
}
db.pragma('synchronous = FULL');
const setupMs = performance.now() - t0;
const dbBytes = fs.statSync(path.join(dir, 'fanpage-advisor.sqlite')).size + fs.statSync(path.join(dir, 'fanpage-advisor.sqlite-wal')).size;

async function measure(label: string, instants: Date[]): Promise<void> {
  const times: number[] = [];
  const totals: TickSummary = { due: 0, posted: 0, skipped: 0, failed: 0, retrying: 0 };
  for (const at of instants) {
    now = at;
    const start = performance.now();
    const s = await app.tick(at);
    times.push(performance.now() - start);
    for (const k of Object.keys(totals) as Array<keyof TickSummary>) totals[k] += s[k];
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
  const perTick = (n: number) => (n / instants.length).toFixed(1);
  console.log(
    `${label.padEnd(34)} ticks=${String(instants.length).padStart(3)}  due/tick≈${perTick(totals.due).padStart(6)}  ` +
      `p50=${pct(50).toFixed(2)} ms  p99=${pct(99).toFixed(2)} ms  max=${pct(100).toFixed(2)} ms  ` +
      `${pct(99) <= TARGET_MS ? 'OK' : 'OVER'} (target ≤ ${TARGET_MS} ms)  posted=${totals.posted} skipped=${totals.skipped}`,
  );
}

const minutesFrom = (iso: string, count: number, offsetSec = 0) =>
  Array.from({ length: count }, (_, i) => new Date(Date.parse(iso) + i * 60_000 + offsetSec * 1000));

console.log(`SQLite file in ${dir}: ${SCHEDULES.toLocaleString('en')} schedules, ${(dbBytes / 1e6).toFixed(1)} MB, set up in ${(setupMs / 1000).toFixed(1)} s`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}\n`);

// Warm the statement caches once, outside the figures (nothing is due yet).
await app.tick(new Date('2026-03-10T06:59:45Z'));

// 1. Steady state: uniform times, so each minute some 60–70 schedules fall due.
await measure('steady, 60 consecutive minutes', minutesFrom('2026-03-10T07:00:00Z', 60));
// 2. The same minutes, 30 s later: nothing is due, so this is the index lookup alone.
await measure('idle (nothing due), 60 ticks', minutesFrom('2026-03-10T07:00:00Z', 60, 30));
// 3. A burst: 5,000 servers at 09:00 Berlin. A tick takes at most batchSize (500) of them and
//    the rest follow on the next ticks, well within the catch-up cut-off.
await measure(`burst: ${BURST.toLocaleString('en')} due at 08:00Z, 500/tick`, minutesFrom('2026-03-10T08:00:00Z', 12));

console.log(`\npublished ${published.toLocaleString('en')} tips in all`);
db.close();
if (process.argv[2] === undefined) fs.rmSync(dir, { recursive: true, force: true });
