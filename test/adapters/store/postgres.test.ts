import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/adapters/store/migrations.ts';
import {
  createPool,
  createPostgresCorrectionStore,
  createPostgresServerSettingsStore,
  createPostgresTipStore,
  migratePostgres,
  postgresSchemaVersion,
} from '../../../src/adapters/store/postgres.ts';
import { createDatabase, postgresForTests, skipNote, twoProcessDatabase, usePostgresDatabase } from '../../support/postgres.ts';
import { describeStoreContract } from './contract.ts';
import { describeCorrectionStoreContract } from './corrections-contract.ts';
import { tipStoreContract } from './port-contract.ts';

const server = postgresForTests();

describe.skipIf(!server.ok)(`PostgreSQL store${skipNote()}`, () => {
  // One database per scenario; every open of it is another process's pool.
  const databases: Array<{ drop(): Promise<void> }> = [];
  const pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((p) => (p.ended ? undefined : p.end())));
    await Promise.all(databases.splice(0).map((d) => d.drop()));
  });
  let nextLocation = 0;
  const urls = new Map<string, Promise<string>>();
  describeStoreContract('PostgreSQL store: the store contract', {
    concurrent: true,
    location: () => `db-${nextLocation++}`,
    async open(location) {
      let url = urls.get(location);
      if (!url) {
        url = createDatabase().then(async (db) => {
          databases.push(db);
          const pool = createPool(db.url, { max: 2 });
          await migratePostgres(pool);
          await pool.end();
          return db.url;
        });
        urls.set(location, url);
      }
      const pool = createPool(await url, { max: 4 });
      pools.push(pool);
      return { store: createPostgresTipStore(pool), close: () => (pool.ended ? undefined : pool.end()) };
    },
  });

  tipStoreContract('PostgreSQL', async () => {
    const { a, b, close } = await twoProcessDatabase(4);
    return { a: createPostgresTipStore(a), b: createPostgresTipStore(b), close };
  });

  // The correction and settings contract opens synchronously: each location is a schema of its
  // own in one database, created and migrated before the first call reaches it.
  const correctionsDb = usePostgresDatabase();
  let nextSchema = 0;
  describeCorrectionStoreContract('PostgreSQL correction and settings stores', {
    location: () => `corrections_${nextSchema++}`,
    open: (schema) => {
      const url = new URL(correctionsDb());
      url.searchParams.set('options', `-c search_path=${schema}`);
      const pool = createPool(url.toString(), { max: 2 });
      pools.push(pool);
      const ready = pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).then(() => migratePostgres(pool));
      const after =
        <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
          await ready;
          return fn(...args);
        };
      const c = createPostgresCorrectionStore(pool);
      const s = createPostgresServerSettingsStore(pool);
      return {
        corrections: { addCorrection: after(c.addCorrection), listCorrections: after(c.listCorrections) },
        settings: { ignoredRules: after(s.ignoredRules), ignoreRule: after(s.ignoreRule), unignoreRule: after(s.unignoreRule) },
        close: async () => {
          await ready.catch(() => {});
          if (!pool.ended) await pool.end();
        },
      };
    },
  });

  describe('migrations', () => {
    it('bring a new database to the newest version once, even with several processes starting together', async () => {
      const db = await createDatabase();
      const pools = Array.from({ length: 4 }, () => createPool(db.url, { max: 2 }));
      try {
        expect(await postgresSchemaVersion(pools[0]!)).toBe(0);
        const applied = await Promise.all(pools.map((p) => migratePostgres(p)));
        expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await postgresSchemaVersion(pools[1]!)).toBe(MIGRATIONS.length);
        expect(await migratePostgres(pools[2]!)).toEqual([]);
        const { rows } = await pools[0]!.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
        expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      } finally {
        await Promise.all(pools.map((p) => p.end()));
        await db.drop();
      }
    });

    it('upgrade a version-1 database, taking over tips that were in flight', async () => {
      const db = await createDatabase();
      const pool = createPool(db.url);
      try {
        expect(await migratePostgres(pool, MIGRATIONS.slice(0, 1))).toEqual([1]);
        await pool.query(`INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, updated_at) VALUES ('g1', 'c1', '09:00', 'UTC', 127, 'en', 0)`);
        await pool.query(`INSERT INTO tip_posts (guild_id, local_date, tip_id, cycle, trigger, status, claimed_at, attempt_started_at)
          VALUES ('g1', '2026-03-02', 't', 1, 'schedule', 'posting', 1000, 1000)`);
        expect(await migratePostgres(pool)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
        const store = createPostgresTipStore(pool);
        const { posts: taken } = await store.takeDue(new Date(2000), 10, { owner: 'p2', until: new Date(62_000) }, 0);
        expect(taken.map((t) => [t.post.guildId, t.post.attempts, t.post.leaseOwner])).toEqual([['g1', 2, 'p2']]);
      } finally {
        await pool.end();
        await db.drop();
      }
    });

    it('refuse a database written by a newer build', async () => {
      const db = await createDatabase();
      const pool = createPool(db.url);
      try {
        await migratePostgres(pool);
        await pool.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')`);
        await expect(migratePostgres(pool)).rejects.toThrow(new RegExp(`schema version 99, but this build knows only up to ${MIGRATIONS.length}`));
      } finally {
        await pool.end();
        await db.drop();
      }
    });
  });

  it('a statement that runs too long is cancelled, not left to hang the ticks after it; migrations have no limit', async () => {
    const db = await createDatabase();
    const pool = createPool(db.url, { statementTimeoutMs: 200 });
    try {
      await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      const slow = [{ version: 1, name: 'slow', sqlite: '', postgres: 'SELECT pg_sleep(0.4)' }];
      expect(await migratePostgres(pool, slow)).toEqual([1]);
    } finally {
      await pool.end();
      await db.drop();
    }
  });

  it('a pool survives the server dropping its idle connections', async () => {
    const db = await createDatabase();
    const errors: Error[] = [];
    const pool = createPool(db.url, { onIdleError: (e) => errors.push(e) });
    try {
      await pool.query('SELECT 1');
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fanpage-advisor' AND datname = current_database()");
      await admin.end();
      await new Promise((r) => setTimeout(r, 100));
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await pool.end();
      await db.drop();
    }
  });
});
