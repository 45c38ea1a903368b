import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot, type Bot, type BotDeps } from '../../../src/adapters/discord/bot.ts';
import { loadConfig } from '../../../src/adapters/config.ts';
import { createLogger, type Logger } from '../../../src/adapters/log.ts';
import type { Advisor } from '../../../src/core/engine.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type InteractionPayload, type RecordedRequest } from '../../fakes/discord/index.ts';
import { realAdvisor, ROOT_DIR } from '../../support/advisor.ts';

export const EPHEMERAL = 64;
export const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

export interface LogRecord {
  level: number;
  msg: string;
  errorId?: string;
  command?: string;
  err?: { message?: string };
  [key: string]: unknown;
}

/** A pino logger that keeps its JSON lines in memory, so tests can assert on what was logged. */
export function captureLog(level = 'info'): { log: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const log = createLogger(level, { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) });
  return { log, records };
}

export interface BotHarness {
  fake: FakeDiscord;
  bot: Bot;
  records: LogRecord[];
  /** Dispatches an interaction and resolves with the bot's successful callback request. */
  interact(payload: InteractionPayload): Promise<RecordedRequest>;
  /** Stops the bot, and the fake too unless it was passed in. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra environment for loadConfig (e.g. DISCORD_GUILD_ID, FANPAGE_DISCORD_COOLDOWN_SECONDS). */
  env?: Record<string, string>;
  advisor?: Advisor;
  now?: () => number;
  rewriter?: unknown;
  /** Reuse a running fake (for restarts); it is then left running on close. */
  fake?: FakeDiscord;
  fakeOptions?: FakeDiscordOptions;
}

let advisor: Advisor | undefined;

/** Starts the fake Discord and the real bot against it, configured as `npm start` would be. */
export async function startBot(options: HarnessOptions = {}): Promise<BotHarness> {
  const fake = options.fake ?? (await startFakeDiscord({ heartbeatIntervalMs: 500, ...options.fakeOptions }));
  const dataDir = mkdtempSync(join(tmpdir(), 'fanpage-bot-'));
  const config = loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // why: most tests act as one user many times a second; the cooldown has its own test
      FANPAGE_DISCORD_COOLDOWN_SECONDS: '0',
      ...options.env,
    },
    ROOT_DIR,
  );
  const { log, records } = captureLog();
  const deps: BotDeps = { advisor: options.advisor ?? (advisor ??= realAdvisor()), config, log, now: options.now, rewriter: options.rewriter };
  const bot = createBot(deps);
  try {
    await bot.start();
  } catch (err) {
    await bot.stop();
    if (!options.fake) await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    fake,
    bot,
    records,
    async interact(payload) {
      const { id } = fake.sendInteraction(payload);
      return fake.waitForInteractionResponse(id);
    },
    async close() {
      await bot.stop();
      if (!options.fake) await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** All components' custom ids in a message payload, in order. */
export function customIds(data: { components?: Array<{ components?: Array<{ custom_id?: string }> }> }): string[] {
  return (data.components ?? []).flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? ''));
}
