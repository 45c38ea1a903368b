// The correction and server-settings stores: the same contract in memory and on a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createMemoryCorrectionStore, createMemoryServerSettingsStore } from '../../../src/adapters/store/memory-corrections.ts';
import { createSqliteCorrectionStore, createSqliteServerSettingsStore } from '../../../src/adapters/store/sqlite-corrections.ts';
import { openDatabase } from '../../../src/adapters/store/sqlite.ts';
import type { CorrectionStore, ServerSettingsStore } from '../../../src/app/ports.ts';
import { describeCorrectionStoreContract } from './corrections-contract.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describeCorrectionStoreContract('SQLite correction and settings stores', {
  location: () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-corrections-'));
    dirs.push(dir);
    return dir;
  },
  open: (dir) => {
    const db = openDatabase(dir);
    return { corrections: createSqliteCorrectionStore(db), settings: createSqliteServerSettingsStore(db), close: () => void db.close() };
  },
});

// why: one in-memory store per location, so a second open of it sees the same data
const memory = new Map<string, { corrections: CorrectionStore; settings: ServerSettingsStore }>();
let next = 0;
describeCorrectionStoreContract('in-memory correction and settings stores', {
  location: () => `memory-${next++}`,
  open: (where) => {
    let stores = memory.get(where);
    if (!stores) memory.set(where, (stores = { corrections: createMemoryCorrectionStore(), settings: createMemoryServerSettingsStore() }));
    return { ...stores, close: () => {} };
  },
});
