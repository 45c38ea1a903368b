// A one-shot command loads only what it uses: `score` never pays for discord.js, the openai
// client, the SQLite driver or the logger (they load on demand in the commands that use them).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from './support/advisor.ts';

const HEAVY = ['discord.js', 'openai', 'better-sqlite3', 'pino', 'pino-pretty', 'node-cron'];

async function importsOf(args: string[], stdin = ''): Promise<Set<string>> {
  const log = join(mkdtempSync(join(tmpdir(), 'fa-imports-')), 'imports.log');
  const child = execFile(process.execPath, ['--import', join(ROOT_DIR, 'test/support/import-log.mjs'), join(ROOT_DIR, 'bin/fanpage-advisor.js'), ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, IMPORT_LOG: log, LOG_LEVEL: 'silent', DISCORD_TOKEN: '', DATA_DIR: join(tmpdir(), 'fa-imports-data') },
  });
  child.stdin!.end(stdin);
  await new Promise((resolve) => child.on('close', resolve));
  return new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean));
}

const heavyIn = (imports: Set<string>) => HEAVY.filter((name) => [...imports].some((s) => s === name || s.startsWith(`${name}/`)));

describe('start-up imports', () => {
  it.each([
    ['score', ['score', 'New spring collection out now! 20% off for fans']],
    ['score --json', ['score', '--json', 'Fans only: 20% off']],
    ['explain', ['explain', 'discount']],
    ['--version', ['--version']],
  ])('%s loads none of discord.js, openai, better-sqlite3, pino, node-cron', async (_, args) => {
    expect(heavyIn(await importsOf(args))).toEqual([]);
  });

  it('the local chat does load the SQLite driver (so the check above sees imports)', async () => {
    expect(heavyIn(await importsOf(['start'], '/quit\n'))).toContain('better-sqlite3');
  });
});
