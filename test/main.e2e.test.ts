/**
 * The composition root as `npx fanpage-advisor start` runs it, in a child process: config from the
 * environment, the openai client against the fake OpenAI-compatible server, the bot against the
 * fake Discord. Proves src/main.ts wires the model and its limits into the bot, and stops cleanly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST_CLOSE, POST_OPEN } from '../src/core/rewrite-prompt.ts';
import { startFakeDiscord, type FakeDiscord } from './fakes/discord/index.ts';
import { reply, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { checkHeartbeat } from '../src/adapters/heartbeat.ts';
import { ROOT_DIR } from './support/advisor.ts';
import { answerOf, customIds } from './adapters/discord/harness.ts';

const URL = 'https://shop.example.com/aero2';
const POST = `Our new Aero 2 headphones are here. ${URL}`;
const EXCLUSIVE = `Fans see it first: the new Aero 2 headphones, with [your fan-only offer] for followers. Which colour do you want? ${URL}`;
const API_KEY = 'sk-test-not-a-real-key-123';

let fake: FakeDiscord;
let openai: FakeOpenAi;
let child: ChildProcess;
let dataDir: string;
let stderr = '';

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
  openai = await startFakeOpenAi();
  dataDir = mkdtempSync(join(tmpdir(), 'fanpage-main-'));
  // why: nothing from the developer's own environment (a real key, another config) may leak in
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI_|DISCORD_|FANPAGE_|LOG_LEVEL|DATA_DIR)/.test(k)));
  child = spawn(process.execPath, [join(ROOT_DIR, 'bin/fanpage-advisor.js'), 'start'], {
    cwd: ROOT_DIR,
    env: {
      ...inherited,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: API_KEY,
      OPENAI_MODEL: 'fake-model-7b',
      FANPAGE_LLM_MAX_RETRIES: '0',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  await fake.waitForRequest((r) => r.method === 'PUT' && r.route === '/applications/:app/commands', 15_000);
}, 20_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await openai?.close();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npx fanpage-advisor start with OPENAI_BASE_URL set', { timeout: 15_000 }, () => {
  it('logs that the model is on, naming the model and the server host, never the key', async () => {
    await expect.poll(() => stderr).toContain('"msg":"ready"');
    const line = stderr.split('\n').find((l) => l.includes('language model configured'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ model: 'fake-model-7b', server: new globalThis.URL(openai.url).host, dailyBudgetPerServer: 50, cooldownSeconds: 20 });
    expect(stderr).not.toContain(API_KEY);
  });

  it('a score carries the Rewrite button, and clicking it rewrites through the configured model', async () => {
    openai.enqueue(reply.variants(EXCLUSIVE));
    const sent = fake.sendInteraction(fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: POST } }));
    const { id } = sent;
    // scored in the worker pool (`discord.workers: auto`) after the acknowledgement
    const scored = await answerOf(fake, sent, 10_000);
    expect(scored.callback.body.type).toBe(5);
    const rewriteId = customIds(scored.data).find((c) => c.startsWith('rewrite:'));
    expect(rewriteId).toBeDefined();

    const click = fake.sendInteraction(fake.fixtures.button({ customId: rewriteId!, message: fake.getInteraction(id)!.original! }));
    const deferred = await fake.waitForInteractionResponse(click.id, 10_000);
    expect(deferred.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${click.token}/messages/@original`, 10_000);
    expect(edit.body.embeds[0].title).toBe('Rewrites that score higher');
    expect(edit.body.embeds[0].fields[0].value).toContain(EXCLUSIVE);

    const request = openai.requests[0]!;
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body.model).toBe('fake-model-7b');
    expect(request.body.messages![1]!.content).toContain(`${POST_OPEN}\n${POST}\n${POST_CLOSE}`);
  });

  it('the per-user model cooldown from config applies (20 s by default)', async () => {
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'rewrite', options: { platform: 'twitter', post: POST } }));
    await fake.waitForInteractionResponse(id, 10_000);
    const token = fake.getInteraction(id)!.payload.token;
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${token}/messages/@original`, 10_000);
    expect(edit.body.content).toMatch(/^You’re going fast\. Try again in (19|20) s\.$/);
    expect(openai.requests).toHaveLength(1);
  });

  it('keeps a heartbeat under DATA_DIR that the container health check reports healthy', async () => {
    await expect.poll(() => checkHeartbeat(dataDir).healthy).toBe(true);
    const check = spawnSync(process.execPath, [join(ROOT_DIR, 'scripts/healthcheck.mjs')], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(check.stdout).toMatch(/^healthy: connected/);
    expect(check.status).toBe(0);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('"msg":"shutting down"');
  });
});
