// A throwaway PostgreSQL server for tests and benchmarks: initdb + pg_ctl in a temp directory,
// listening on 127.0.0.1 and a free port, removed when stopped. Uses the Debian `postgresql`
// package's binaries (or any on PATH); never a container or a download.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type PgBinaries = { ok: true; binDir: string } | { ok: false; reason: string };

/** Where initdb and pg_ctl are: PATH first, then Debian's /usr/lib/postgresql/<major>/bin (newest). */
export function findPgBinaries(): PgBinaries {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(dir);
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const majors = fs
      .readdirSync(debian)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const m of majors) candidates.push(path.join(debian, m, 'bin'));
  }
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')) && fs.existsSync(path.join(dir, 'postgres'))) {
      return { ok: true, binDir: fs.realpathSync(path.dirname(fs.realpathSync(path.join(dir, 'initdb')))) };
    }
  }
  return {
    ok: false,
    reason: 'PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; install them with `apt-get install -y postgresql`',
  };
}

export interface PgCluster {
  /** postgres://…@127.0.0.1:port/<database> (default database: postgres). */
  url(database?: string): string;
  port: number;
  /** The temp directory holding the data directory, socket and log. */
  dir: string;
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  /**
   * Tests don't need durability: no fsync, no synchronous commit. Benchmarks pass false to
   * measure what a real server does.
   */
  fast?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

const SUPERUSER = 'fanpage';

/**
 * initdb refuses to run as root, so as root every server command runs as the `postgres` system
 * user the Debian package creates (or `nobody` when that is missing), and the directory is theirs.
 */
function serverUser(): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const passwd = fs.readFileSync('/etc/passwd', 'utf8');
      if (passwd.split('\n').some((l) => l.startsWith(`${name}:`))) return name;
    } catch {
      break;
    }
  }
  throw new Error('running as root, but there is no `postgres` or `nobody` user to run PostgreSQL as');
}

async function asServerUser(user: string | undefined, file: string, args: string[], timeoutMs: number): Promise<void> {
  const [cmd, cmdArgs] = user ? ['runuser', ['-u', user, '--', file, ...args]] : [file, args];
  try {
    await run(cmd, cmdArgs, { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${path.basename(file)} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** initdb + start. Throws with the server's own words when something fails. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<PgCluster> {
  const bins = findPgBinaries();
  if (!bins.ok) throw new Error(bins.reason);
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanpage-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (user) {
    const { stdout } = await run('id', ['-u', user]);
    const { stdout: gid } = await run('id', ['-g', user]);
    fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const bin = (name: string): string => path.join(bins.binDir, name);
  const stopped = { done: false };
  try {
    // why: --no-sync and trust auth on 127.0.0.1 only: a scratch server nobody else can reach
    await asServerUser(
      user,
      bin('initdb'),
      ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      120_000,
    );
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      max_connections: 200,
      ...(opts.fast !== false ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
      ...opts.settings,
    };
    // A port another process grabs between freePort() and the server's bind: try again.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const serverArgs = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
      try {
        await asServerUser(user, bin('pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', serverArgs, 'start'], 90_000);
      } catch (err) {
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
        if (attempt < 3 && /could not bind|address already in use/i.test(log)) continue;
        throw new Error(`${(err as Error).message}\n${log.slice(-2000)}`);
      }
      return {
        port,
        dir,
        url: (database = 'postgres') => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`,
        async stop() {
          if (stopped.done) return;
          stopped.done = true;
          try {
            await asServerUser(user, bin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], 60_000);
          } finally {
            fs.rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
