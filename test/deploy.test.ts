// What the README's "Deploy" section ships: the Dockerfile (no Docker engine on the test machines,
// so its promises are checked on the file), the systemd unit (checked by systemd-analyze when
// present) and the heartbeat both of them can watch.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkHeartbeat, HEARTBEAT_FILE, startHeartbeat } from '../src/adapters/heartbeat.ts';
import { ROOT_DIR } from './support/advisor.ts';

const dockerfile = readFileSync(join(ROOT_DIR, 'Dockerfile'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, as a user other than root, with DATA_DIR as a volume and a health check', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const run = stages.at(-1)!;
    expect(run).not.toMatch(/\bnpm (ci|install|run build)\b|\btsc\b/);
    const user = run.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)$/);
    const dataDir = run.match(/DATA_DIR=(\S+)/)?.[1];
    expect(dataDir).toBe('/data');
    expect(run).toMatch(new RegExp(`^VOLUME \\["${dataDir}"\\]`, 'm'));
    const health = run.match(/^HEALTHCHECK [\s\S]*?CMD \["node", "([^"]+)"\]/m)?.[1];
    expect(health && existsSync(join(ROOT_DIR, health))).toBe(true);
  });

  it('copies only files that exist, and keeps secrets and local data out of the build context', () => {
    for (const m of stages[0]!.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of m[1]!.split(' ')) expect(existsSync(join(ROOT_DIR, source)), source).toBe(true);
    }
    const ignored = readFileSync(join(ROOT_DIR, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'data', 'dist']));
  });
});

const haveSystemd = spawnSync('systemd-analyze', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!haveSystemd)('docs/fanpage-advisor.service (systemd-analyze is not installed here)', () => {
  it('passes systemd-analyze verify without a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fa-unit-'));
    // why a copy: verify also checks that ExecStart's program exists, which is /usr/bin/node only where Node was installed from a package
    const unit = readFileSync(join(ROOT_DIR, 'docs/fanpage-advisor.service'), 'utf8').replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`);
    writeFileSync(join(dir, 'fanpage-advisor.service'), unit);
    const r = await promisify(execFile)('systemd-analyze', ['verify', join(dir, 'fanpage-advisor.service')]).catch((e: { stdout: string; stderr: string }) => e);
    expect(r.stderr.split('\n').filter((l) => l.includes('fanpage-advisor.service'))).toEqual([]);
  });
});

describe('the heartbeat the health check reads', () => {
  it('is healthy while the bot is connected and beating, and says why not otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fa-beat-'));
    expect(checkHeartbeat(dir)).toMatchObject({ healthy: false, reason: expect.stringContaining('no heartbeat') });
    let ready = false;
    const beat = startHeartbeat(dir, () => ready, 1_000);
    expect(checkHeartbeat(dir, Date.now(), 1_000)).toMatchObject({ healthy: false, reason: expect.stringContaining('not connected') });
    beat.stop();
    ready = true;
    startHeartbeat(dir, () => ready, 1_000).stop();
    expect(checkHeartbeat(dir, Date.now(), 1_000).healthy).toBe(true);
    expect(checkHeartbeat(dir, Date.now() + 10_000, 1_000)).toMatchObject({ healthy: false, reason: expect.stringMatching(/last heartbeat \d+ s ago/) });
  });

  it('scripts/healthcheck.mjs exits 0 for a fresh heartbeat and 1 for none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fa-beat-'));
    const check = () => spawnSync(process.execPath, [join(ROOT_DIR, 'scripts/healthcheck.mjs')], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    expect(check().status).toBe(1);
    writeFileSync(join(dir, HEARTBEAT_FILE), JSON.stringify({ at: new Date().toISOString(), pid: 1, ready: true }));
    const ok = check();
    expect(ok.stdout).toMatch(/^healthy/);
    expect(ok.status).toBe(0);
  });
});
