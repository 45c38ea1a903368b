// `fanpage-advisor db migrate` on both stores: what it applied, that a second run has nothing to
// do, and a clear answer when the database can't be reached.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/adapters/store/migrations.ts';
import { main } from '../../../src/cli.ts';
import { captureIo } from '../../support/io.ts';
import { createDatabase, postgresForTests, skipNote } from '../../support/postgres.ts';

const LATEST = MIGRATIONS.length;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function migrate(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const t = captureIo('', env);
  const code = await main(['db', 'migrate'], t.io);
  return { code, out: t.out(), err: t.err() };
}

describe('fanpage-advisor db migrate', () => {
  it('creates the SQLite file under DATA_DIR at the newest schema, then has nothing to do', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-db-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const first = await migrate({ DATA_DIR: dir });
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toBe(`${dir}/fanpage-advisor.sqlite: applied schema versions ${MIGRATIONS.map((m) => m.version).join(', ')}; now at version ${LATEST}.\n`);
    expect((await migrate({ DATA_DIR: dir })).out).toBe(`${dir}/fanpage-advisor.sqlite: already at schema version ${LATEST}; nothing to do.\n`);
  });

  it.skipIf(!postgresForTests().ok)(`migrates the PostgreSQL database in DATABASE_URL, naming it without the password${skipNote()}`, async () => {
    const db = await createDatabase();
    cleanups.push(() => db.drop());
    const url = new URL(db.url);
    url.password = 'secret';
    const first = await migrate({ DATABASE_URL: url.toString() });
    expect(first.code).toBe(0);
    expect(first.out).toBe(`postgres://${url.host}${url.pathname}: applied schema versions ${MIGRATIONS.map((m) => m.version).join(', ')}; now at version ${LATEST}.\n`);
    expect((await migrate({ DATABASE_URL: url.toString() })).out).toContain('nothing to do');
  });

  it('says what to check when the database is not reachable, without a stack trace or the password', async () => {
    // a port nothing listens on
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await migrate({ DATABASE_URL: `postgres://bot:hunter2@127.0.0.1:${port}/fanpage` });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^Could not open the PostgreSQL database postgres://127\\.0\\.0\\.1:${port}/fanpage: .*ECONNREFUSED.*Check DATABASE_URL`));
    expect(r.err).not.toContain('hunter2');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
