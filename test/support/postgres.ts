import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPool, migratePostgres } from '../../src/adapters/store/postgres.ts';
import type { PostgresForTests } from './postgres-global.ts';

/** Whether this run has a PostgreSQL server, and if not why (for describe.skipIf titles). */
export function postgresForTests(): PostgresForTests {
  return inject('postgres') ?? { ok: false, reason: 'the PostgreSQL globalSetup did not run' };
}

/** " (skipped: why)" when this run has no PostgreSQL, for a describe title. */
export function skipNote(): string {
  const pg = postgresForTests();
  return pg.ok ? '' : ` (skipped: ${pg.reason})`;
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database of its own for this test file on the run's server, dropped after the file.
 * Returns a getter for its URL (known once beforeAll has run).
 */
export function usePostgresDatabase(): () => string {
  let db: { url: string; drop(): Promise<void> } | undefined;
  beforeAll(async () => {
    if (postgresForTests().ok) db = await createDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  return () => {
    if (!db) throw new Error('usePostgresDatabase: no database (is PostgreSQL missing, or is this read before beforeAll?)');
    return db.url;
  };
}

/** Another fresh database on the run's server, for tests that need one per case. Caller drops it. */
export async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = postgresForTests();
  if (!server.ok) throw new Error(server.reason);
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin(server.url, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(server.url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: () => admin(server.url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A fresh, migrated database with two pools on it, as two processes sharing one store see it (the
 * stores' contract tests). `close` ends both pools and drops the database.
 */
export async function twoProcessDatabase(max: number): Promise<{ a: pg.Pool; b: pg.Pool; close(): Promise<void> }> {
  const db = await createDatabase();
  const a = createPool(db.url, { max });
  const b = createPool(db.url, { max });
  await migratePostgres(a);
  return {
    a,
    b,
    async close() {
      await Promise.all([a.end(), b.end()]);
      await db.drop();
    },
  };
}
