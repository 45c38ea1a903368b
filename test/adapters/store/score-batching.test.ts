import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteTipStore, openDatabase } from '../../../src/adapters/store/sqlite.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fanpage-batch-'));
  dirs.push(dir);
  return dir;
}
const open = (dir = newDir()) => openDatabase(dir);

const rows = (db: ReturnType<typeof open>) => (db.prepare('SELECT COUNT(*) AS n FROM score_history').get() as { n: number }).n;

describe('score history written in batches (the bot)', () => {
  it('scores recorded together share one commit a moment later; reads see them at once; nothing is lost at close', async () => {
    const dir = newDir();
    const db = open(dir);
    const store = createSqliteTipStore(db, { batchScoresMs: 30 });
    for (let i = 0; i < 120; i++) store.recordScore('g1', { at: new Date(1_800_000_000_000 + i), score: i % 101, missing: ['discount'] }, 50);
    expect(rows(db)).toBe(0);
    await expect.poll(() => rows(db)).toBe(50); // one commit, pruned to the newest 50
    store.recordScore('g1', { at: new Date(1_800_000_001_000), score: 7, missing: [] }, 50);
    expect(await store.recentScores('g1', 1)).toEqual([{ at: new Date(1_800_000_001_000), score: 7, missing: [] }]);
    store.recordScore('g2', { at: new Date(1_800_000_002_000), score: 9, missing: [] }, 50);
    store.flushScores();
    db.close();
    const reopened = open(dir);
    expect(await createSqliteTipStore(reopened).recentScores('g2', 5)).toEqual([{ at: new Date(1_800_000_002_000), score: 9, missing: [] }]);
    reopened.close();
  });

  it('a batch that fails to write is reported, and later batches still go through', async () => {
    const db = open();
    const errors: unknown[] = [];
    const store = createSqliteTipStore(db, { batchScoresMs: 10, onWriteError: (err) => errors.push(err) });
    db.exec('CREATE TRIGGER no_scores BEFORE INSERT ON score_history BEGIN SELECT RAISE(ABORT, \'disk full\'); END');
    store.recordScore('g1', { at: new Date(), score: 1, missing: [] }, 50);
    await expect.poll(() => errors.length).toBe(1);
    expect(String(errors[0])).toMatch(/disk full/);
    db.exec('DROP TRIGGER no_scores');
    store.recordScore('g1', { at: new Date(), score: 2, missing: [] }, 50);
    await expect.poll(() => rows(db)).toBe(1);
  });
});
