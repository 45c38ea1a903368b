/**
 * `npm start` with a Discord token when Discord can't be reached or rejects the token: one clear
 * sentence on stderr, the detail in the log, a non-zero exit; network failures are retried first.
 * Runs the real entry point in a child process against a closed port and the fake Discord.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { ROOT_DIR } from '../../support/advisor.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; sentences: string[]; logs: Record<string, unknown>[]; stderr: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI_|DISCORD_|FANPAGE_|LOG_LEVEL|DATA_DIR)/.test(k)));
  const child = spawn(process.execPath, [join(ROOT_DIR, 'bin/fanpage-advisor.js'), 'start'], {
    cwd: ROOT_DIR,
    env: { ...inherited, DATA_DIR: mkdtempSync(join(tmpdir(), 'fa-start-')), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  const lines = stderr.trim().split('\n');
  return {
    code,
    stderr,
    sentences: lines.filter((l) => !l.startsWith('{')),
    logs: lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('npm start when Discord fails', { timeout: 30_000 }, () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('unreachable API: retries with back-off, then one sentence naming what failed and what to check, exit 1', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}/api`;
    const r = await start({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: apiUrl, FANPAGE_DISCORD_CONNECT_ATTEMPTS: '3', FANPAGE_DISCORD_CONNECT_RETRY_SECONDS: '0.05' });
    expect(r.code).toBe(1);
    expect(r.sentences).toEqual([`Could not reach the Discord API at ${apiUrl} (DISCORD_API_URL) after 3 attempts (ECONNREFUSED): check the internet connection, proxy or firewall and DISCORD_API_URL, then start again.`]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const retries = r.logs.filter((l) => l.msg === 'could not reach Discord; retrying');
    expect(retries.map((l) => l.retryInMs)).toEqual([50, 100]);
    const failure = r.logs.find((l) => l.msg === 'the Discord bot could not start');
    expect(failure).toMatchObject({ level: 50, errorId: expect.any(String), err: expect.objectContaining({ type: 'DiscordConnectError' }) });
  });

  it('a token Discord rejects: no retry, one sentence about DISCORD_TOKEN, exit 1, the token never logged', async () => {
    const before = fake.requests.length;
    const wrong = `${fake.token.slice(0, -6)}wrong1`;
    const r = await start({ DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl, FANPAGE_DISCORD_CONNECT_RETRY_SECONDS: '0.05' });
    expect(r.code).toBe(1);
    expect(r.sentences).toEqual(['Discord rejected the bot token: check DISCORD_TOKEN is the token from the Developer Portal (your application → Bot → Reset Token), without quotes or spaces.']);
    expect(r.stderr).not.toContain(wrong);
    expect(r.logs.some((l) => l.msg === 'could not reach Discord; retrying')).toBe(false);
    expect(fake.requests.slice(before).filter((q) => q.status === 401)).toHaveLength(1);
  });
});
