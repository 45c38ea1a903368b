// The SQLite store: the store contract on a real file, plus what only SQLite does (its index,
// WAL, migrations, several processes on one file).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteTipStore, DB_FILE, migrate, MIGRATIONS, openDatabase } from '../../../src/adapters/store/sqlite.ts';
import { createDailyTips } from '../../../src/app/tips/daily-tips.ts';
import type { Tip } from '../../../src/core/tip.ts';
import { ROOT_DIR } from '../../support/advisor.ts';
import { describeStoreContract } from './contract.ts';
import { tipStoreContract } from './port-contract.ts';

const dirs: string[] = [];
const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-tips-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string) {
  const db = openDatabase(dir);
  dbs.push(db);
  return {
    db,
    store: createSqliteTipStore(db),
    close: () => {
      db.close();
    },
  };
}

describeStoreContract('SQLite store: the store contract', { location: tempDir, open: async (dir) => open(dir) });

// Two connections to one file stand for two processes sharing it.
tipStoreContract('SQLite', async () => {
  const dir = tempDir();
  const [a, b] = [open(dir), open(dir)];
  return {
    a: a.store,
    b: b.store,
    async close() {
      a.close();
      b.close();
    },
  };
});

const TIPS: Tip[] = ['offer-a-discount', 'make-it-exclusive', 'ask-for-opinions'].map((id) => ({ id, finding: 'some-finding', topics: [], text: { en: id, de: id } }));
const BERLIN = { channelId: 'chan-1', time: '09:00', tz: 'Europe/Berlin' };
const noPublisher = { publish: async () => ({ messageId: 'm' }) };

describe('SQLite store', () => {
  it('reads due schedules from the next_due_utc index, not by scanning', () => {
    const { db } = open(tempDir());
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM tip_schedules WHERE next_due_utc <= ? ORDER BY next_due_utc LIMIT ?')
      .all(0, 10) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX tip_schedules_due/);
  });

  it('keeps only ids and scores in its rows, never other text', async () => {
    const { db, store } = open(tempDir());
    const app = createDailyTips({ store, publisher: noPublisher, tips: TIPS, clock: () => new Date('2026-03-10T00:00:00Z') });
    await app.recordScore('g1', { score: 10, missing: ['discount', 'Buy our new shoes now!', 'rules.offer.discount'] });
    const rows = db.prepare("SELECT score, missing FROM score_history WHERE guild_id = 'g1' ORDER BY id").all();
    expect(rows).toEqual([{ score: 10, missing: '["discount","rules.offer.discount"]' }]);
  });

  it('creates the file with WAL, and migrations are idempotent on reopen', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const first = open(dir);
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(first.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    await createDailyTips({ store: first.store, publisher: noPublisher, tips: TIPS, clock: () => new Date('2026-03-10T00:00:00Z') }).setSchedule('g1', BERLIN);
    first.db.close();

    const again = open(dir);
    expect(migrate(again.db)).toEqual([]);
    expect(again.db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(await again.store.getSchedule('g1')).toMatchObject({ channelId: 'chan-1', tz: 'Europe/Berlin' });
  });

  it('refuses a database from a newer build', () => {
    const dir = tempDir();
    const { db } = open(dir);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openDatabase(dir)).toThrow(new RegExp(`schema version ${MIGRATIONS.length + 1}, but this build knows only up to ${MIGRATIONS.length}`));
  });

  it('rejects an out-of-order migration list', () => {
    const { db } = open(tempDir());
    expect(() => migrate(db, [{ version: 2, name: 'x', sqlite: '', postgres: '' }])).toThrow(/expected 1/);
  });

  it('four processes on the same file ticking at the same instant post once per server', async () => {
    const dir = tempDir();
    const seed = open(dir);
    const app = createDailyTips({ store: seed.store, publisher: noPublisher, tips: TIPS, clock: () => new Date('2026-03-10T07:00:00Z') });
    for (let i = 0; i < 40; i++) await app.setSchedule(`g${i}`, { ...BERLIN, channelId: `c${i}` });
    seed.db.close();

    // why a start signal rather than a wall-clock time: each process says READY once its store is
    // open, and all get GO together, so they tick at the same instant without anyone waiting on the clock
    const script = `
      const { openDatabase, createSqliteTipStore } = await import(${JSON.stringify(path.join(ROOT_DIR, 'src/adapters/store/sqlite.ts'))});
      const { createDailyTips } = await import(${JSON.stringify(path.join(ROOT_DIR, 'src/app/tips/daily-tips.ts'))});
      const { once } = await import('node:events');
      const db = openDatabase(process.env.DIR);
      const now = new Date('2026-03-10T08:00:00Z');
      const app = createDailyTips({
        store: createSqliteTipStore(db), tips: JSON.parse(process.env.TIPS), clock: () => now, owner: 'p' + process.pid, concurrency: 5,
        publisher: { async publish(channelId) { process.stdout.write('POSTED ' + channelId + '\\n'); return { messageId: 'm' }; } },
      });
      process.stdout.write('READY\\n');
      await once(process.stdin, 'data');
      await app.tick(now);
      db.close();
      process.stdin.destroy();
    `;
    const env = { ...process.env, DIR: dir, TIPS: JSON.stringify(TIPS) };
    const children = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT_DIR, env, stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      const ready = new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => ((out += d), out.includes('READY\n') && resolve())));
      const done = new Promise<string>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`)))));
      return { child, ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.write('GO\n');
    const outs = await Promise.all(children.map((c) => c.done));
    const posted = outs.flatMap((o) => o.split('\n').filter((l) => l.startsWith('POSTED ')));
    expect(posted).toHaveLength(40);
    expect(new Set(posted).size).toBe(40);
    const { db } = open(dir);
    expect(db.prepare("SELECT count(*) AS n FROM tip_posts WHERE status = 'posted'").get()).toEqual({ n: 40 });
  }, 30_000);
});
