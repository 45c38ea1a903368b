import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteAsyncTipStore, migrateSqlite } from '../../../src/adapters/store/sqlite-tips.ts';
import { tipStoreContract } from './async-tip-store.contract.ts';

// Two connections to one file stand for two processes sharing it.
tipStoreContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-store-'));
  const open = (): Database.Database => {
    const db = new Database(path.join(dir, 'bot.sqlite'));
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrateSqlite(db);
    return db;
  };
  const dbA = open();
  const dbB = open();
  return {
    a: createSqliteAsyncTipStore(dbA),
    b: createSqliteAsyncTipStore(dbB),
    async close() {
      dbA.close();
      dbB.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
