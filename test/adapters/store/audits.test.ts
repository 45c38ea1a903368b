// What any AuditStore must do, run in memory, on SQLite (a real file, reopened) and on PostgreSQL
// (a real server; two pools stand for two processes).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditStore, StoredAudit } from '../../../src/app/ports.ts';
import { createMemoryAuditStore } from '../../../src/adapters/store/memory.ts';
import { createSqliteAuditStore, openDatabase } from '../../../src/adapters/store/sqlite.ts';
import { createPostgresAuditStore } from '../../../src/adapters/store/postgres.ts';
import { postgresForTests, skipNote, twoProcessDatabase } from '../../support/postgres.ts';
import type { AuditResult } from '../../../src/core/audit/result.ts';

function audit(posts: number): AuditResult {
  return {
    format: 'x-content',
    posts,
    skipped: [{ line: 9, reason: 'Engagements is "lots", not a number' }],
    period: { from: '2026-01-05', to: '2026-07-13' },
    metric: { name: 'Engagements / Impressions', numerator: ['Engagements'], denominator: 'Impressions' },
    mix: [{ category: 'discount', posts: 3, share: 0.3, consumers: 0.83, companies: 0.53, finding: 'pivot-deals' }],
    engagement: [{ category: 'discount', n: 3, median: 0.05, low: 0.9, high: 2.1, ratio: 1.4, verdict: 'not_enough_data' }],
    best: [{ id: '1', score: 70, rate: 0.09, text: 'Weekend deal' }],
    worst: [{ id: '2', score: 20, rate: 0.01, text: 'Our new office' }],
    recommendations: [{ text: 'Offer more deals', evidence: 'your data, 10 posts' }],
  };
}

interface Opened {
  store: AuditStore;
  /** Another process's handle on the same data (the same store for memory). */
  other: AuditStore;
  close(): Promise<void> | void;
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function contract(name: string, open: () => Promise<Opened>, available = true) {
  describe.skipIf(!available)(`${name} audit store`, () => {
    it('has nothing for a server that never ran an audit', async () => {
      const { store, close } = await open();
      expect(await store.lastAudit('1')).toBeUndefined();
      await close();
    });

    it('keeps the last audit per server, replacing the one before', async () => {
      const { store, other, close } = await open();
      const first: StoredAudit = { at: new Date('2026-12-01T10:00:00Z'), lang: 'en', result: audit(10) };
      await store.saveAudit('1', first);
      await store.saveAudit('2', { at: new Date('2026-12-02T10:00:00Z'), lang: 'de', result: audit(20) });
      expect(await other.lastAudit('1')).toEqual(first);
      const second: StoredAudit = { at: new Date('2026-12-03T10:00:00Z'), lang: 'de', result: audit(30) };
      await other.saveAudit('1', second);
      expect(await store.lastAudit('1')).toEqual(second);
      expect((await store.lastAudit('2'))?.result.posts).toBe(20);
      await close();
    });

    it('hands out copies: changing what came back changes nothing stored', async () => {
      const { store, close } = await open();
      await store.saveAudit('1', { at: new Date('2026-12-01T10:00:00Z'), lang: 'en', result: audit(10) });
      (await store.lastAudit('1'))!.result.best[0]!.text = 'changed';
      expect((await store.lastAudit('1'))!.result.best[0]!.text).toBe('Weekend deal');
      await close();
    });
  });
}

contract('in-memory', async () => {
  const store = createMemoryAuditStore();
  return { store, other: store, close: () => {} };
});

contract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fanpage-audits-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  const second = openDatabase(dir);
  return {
    store: createSqliteAuditStore(db),
    other: createSqliteAuditStore(second),
    close: () => {
      db.close();
      second.close();
    },
  };
});

contract(
  `PostgreSQL${skipNote()}`,
  async () => {
    const { a, b, close } = await twoProcessDatabase(2);
    return { store: createPostgresAuditStore(a), other: createPostgresAuditStore(b), close };
  },
  postgresForTests().ok,
);

describe('SQLite audit store on disk', () => {
  it('an audit survives a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fanpage-audits-'));
    dirs.push(dir);
    const saved: StoredAudit = { at: new Date('2026-12-01T10:00:00Z'), lang: 'de', result: audit(41) };
    const db = openDatabase(dir);
    await createSqliteAuditStore(db).saveAudit('9', saved);
    db.close();
    const again = openDatabase(dir);
    expect(await createSqliteAuditStore(again).lastAudit('9')).toEqual(saved);
    again.close();
  });
});
