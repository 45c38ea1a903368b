import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DailyTips } from '../../../src/app/tips/daily-tips.ts';
import type { Bot } from '../../../src/adapters/discord/bot.ts';
import { createSqliteTipStore, openDatabase } from '../../../src/adapters/store/sqlite.ts';
import { createSqliteCorrectionStore, createSqliteServerSettingsStore } from '../../../src/adapters/store/sqlite-corrections.ts';
import type { CorrectionStore, ServerSettingsStore } from '../../../src/app/ports.ts';
import { loadConfig } from '../../../src/adapters/config.ts';
import { createLogger, type Logger } from '../../../src/adapters/log.ts';
import type { Advisor } from '../../../src/core/engine.ts';
import { llmFromConfig, startDiscord, type RunningBot, type World } from '../../../src/main.ts';
import type { AuditStore } from '../../../src/app/ports.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type InteractionPayload, type RecordedRequest, type UserData } from '../../fakes/discord/index.ts';
import { realAdvisor, realRules, ROOT_DIR } from '../../support/advisor.ts';

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
  /**
   * For deferred answers: dispatches an interaction and resolves with the callback (type 5) and
   * the PATCH that then filled in the `@original` message.
   */
  interactDeferred(payload: InteractionPayload, timeoutMs?: number): Promise<{ callback: RecordedRequest; edit: RecordedRequest }>;
  /** The SQLite stores of corrections and ignored rules, when started with `sqlite: true`. */
  corrections?: CorrectionStore;
  serverSettings?: ServerSettingsStore;
  /** Stops the bot, and the fake too unless it was passed in. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  /**
   * Extra environment for loadConfig (e.g. DISCORD_GUILD_ID, FANPAGE_DISCORD_COOLDOWN_SECONDS).
   * OPENAI_BASE_URL turns the language model on, built as `npm start` builds it (src/main.ts).
   */
  env?: Record<string, string>;
  advisor?: Advisor;
  now?: () => number;
  /** Reuse a running fake (for restarts); it is then left running on close. */
  fake?: FakeDiscord;
  fakeOptions?: FakeDiscordOptions;
  /** Where /audit keeps each server's last audit (none: audits are answered but not kept). */
  audits?: AuditStore;
  /** Keep corrections and ignored rules in a real SQLite file in the test's data dir, as `npm start` does. */
  sqlite?: boolean;
}

let advisor: Advisor | undefined;

/** The world `npm start` would build (src/main.ts), on the real rules, with the test's advisor if it has one. */
function testWorld(config: World['config'], override?: Advisor): World {
  return { config, rules: realRules(), advisor: override ?? (advisor ??= realAdvisor()) };
}

/** The configuration `npm start` would build for a bot pointed at the fake. */
function testConfig(fake: FakeDiscord, dataDir: string, env: NodeJS.ProcessEnv = {}) {
  return loadConfig(
    {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      // why: most tests act as one user many times a second; the cooldown has its own test
      FANPAGE_DISCORD_COOLDOWN_SECONDS: '0',
      ...env,
    },
    ROOT_DIR,
  );
}

/** Starts the fake Discord and the real bot against it, configured as `npm start` would be. */
export async function startBot(options: HarnessOptions = {}): Promise<BotHarness> {
  const fake = options.fake ?? (await startFakeDiscord({ heartbeatIntervalMs: 500, ...options.fakeOptions }));
  const dataDir = mkdtempSync(join(tmpdir(), 'fanpage-bot-'));
  const config = testConfig(fake, dataDir, options.env);
  const { log, records } = captureLog();
  const clock = () => new Date((options.now ?? Date.now)());
  const llm = await llmFromConfig(config, log, clock);
  const db = options.sqlite ? openDatabase(config.dataDir) : undefined;
  const stores = db && { corrections: createSqliteCorrectionStore(db), serverSettings: createSqliteServerSettingsStore(db) };
  let running: RunningBot;
  try {
    // why no tip store: these tests are about replies; the daily tips have their own harness below
    running = await startDiscord(testWorld(config, options.advisor), { log, llm, clock, cron: false, ...stores, audits: options.audits });
  } catch (err) {
    db?.close();
    if (!options.fake) await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const bot = running.bot;
  return {
    fake,
    bot,
    records,
    ...stores,
    async interact(payload) {
      const { id } = fake.sendInteraction(payload);
      return fake.waitForInteractionResponse(id);
    },
    async interactDeferred(payload, timeoutMs = 5_000) {
      const { id, token } = fake.sendInteraction(payload);
      const callback = await fake.waitForInteractionResponse(id, timeoutMs);
      const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${token}/messages/@original` && r.status < 300, timeoutMs);
      return { callback, edit };
    },
    async close() {
      await running.stop();
      db?.close();
      if (!options.fake) await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** All components' custom ids in a message payload, in order. */
export function customIds(data: { components?: Array<{ components?: Array<{ custom_id?: string }> }> }): string[] {
  return (data.components ?? []).flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? ''));
}

// ---- Daily tips: the bot as `npm start` runs it (src/main.ts), on real SQLite and a clock the test moves ----

/** A clock the test sets and moves; nothing waits for real time. */
export interface TestClock {
  now(): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(startIso: string): TestClock {
  let at = new Date(startIso).getTime();
  return {
    now: () => new Date(at),
    set: (iso) => void (at = new Date(iso).getTime()),
    advance: (ms) => void (at += ms),
  };
}

export interface TipsHarness {
  fake: FakeDiscord;
  running: RunningBot;
  dailyTips: DailyTips;
  db: Database.Database;
  dataDir: string;
  clock: TestClock;
  records: LogRecord[];
  /** Dispatches an interaction and resolves with the bot's successful callback request. */
  interact(payload: InteractionPayload): Promise<RecordedRequest>;
  /** For deferred answers: resolves with the PATCH that filled in the `@original` message. */
  interactDeferred(payload: InteractionPayload): Promise<RecordedRequest>;
  /** Successful tip posts (`POST /channels/:id/messages`) to a channel so far. */
  posts(channelId: string): RecordedRequest[];
  /** Stops the bot; the fake and the data dir stay for a restart when `keep` is set. */
  close(keep?: { fake?: boolean; data?: boolean }): Promise<void>;
}

export interface TipsHarnessOptions {
  clock: TestClock;
  fake?: FakeDiscord;
  fakeOptions?: FakeDiscordOptions;
  /** Reuse a data dir (a restart); a new temp dir otherwise. */
  dataDir?: string;
  /** Run the per-minute cron with its start-up tick (default false: tests call `dailyTips.tick`). */
  cron?: boolean;
  env?: Record<string, string>;
}

/** Starts the fake Discord and the bot through src/main.ts's startDiscord, with daily tips on a SQLite file in a temp dir. */
export async function startTipsBot(options: TipsHarnessOptions): Promise<TipsHarness> {
  const fake = options.fake ?? (await startFakeDiscord({ heartbeatIntervalMs: 500, ...options.fakeOptions }));
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fanpage-tips-'));
  const config = testConfig(fake, dataDir, options.env);
  const { log, records } = captureLog();
  const db = openDatabase(config.dataDir);
  const cleanUp = async (keep: { fake?: boolean; data?: boolean } = {}): Promise<void> => {
    db.close();
    if (!options.fake && !keep.fake) await fake.close();
    if (!keep.data) rmSync(dataDir, { recursive: true, force: true });
  };
  let running: RunningBot;
  try {
    running = await startDiscord(testWorld(config), {
      log,
      store: createSqliteTipStore(db),
      llm: await llmFromConfig(config, log, options.clock.now),
      clock: options.clock.now,
      cron: options.cron ?? false,
    });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  return {
    fake,
    running,
    dailyTips: running.dailyTips!,
    db,
    dataDir,
    clock: options.clock,
    records,
    async interact(payload) {
      const { id } = fake.sendInteraction(payload);
      return fake.waitForInteractionResponse(id);
    },
    async interactDeferred(payload) {
      const { token } = fake.sendInteraction(payload);
      return fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.applicationId}/${token}/messages/@original` && r.status < 300);
    },
    posts(channelId) {
      return fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.status < 300);
    },
    async close(keep) {
      await running.stop();
      await cleanUp(keep);
    },
  };
}

export interface TipsSetInit {
  channel: string;
  time: string;
  timezone: string;
  days?: string;
  language?: string;
  guildId?: string;
  user?: UserData;
  locale?: string;
}

/** `/tips set …` as Discord sends it: the channel option as a channel id, resolved alongside. */
export function tipsSet(fake: FakeDiscord, init: TipsSetInit): InteractionPayload {
  const options: Array<{ name: string; type: number; value: string }> = [
    { name: 'channel', type: 7, value: init.channel },
    { name: 'time', type: 3, value: init.time },
    { name: 'timezone', type: 3, value: init.timezone },
  ];
  if (init.days !== undefined) options.push({ name: 'days', type: 3, value: init.days });
  if (init.language !== undefined) options.push({ name: 'language', type: 3, value: init.language });
  const payload = fake.fixtures.slash({ name: 'tips', subcommand: 'set', options, guildId: init.guildId, user: init.user, locale: init.locale });
  const channel = fake.world.channel(init.channel);
  if (channel) {
    const data = payload.data as { resolved?: unknown };
    data.resolved = { channels: { [channel.id]: { id: channel.id, name: channel.name, type: channel.type, permissions: '0', parent_id: null } } };
  }
  return payload;
}

/** Any other `/tips` subcommand. */
export function tipsCommand(fake: FakeDiscord, subcommand: 'status' | 'off' | 'now' | 'preview', target: { guildId?: string; user?: UserData; locale?: string } = {}): InteractionPayload {
  return fake.fixtures.slash({ name: 'tips', subcommand, ...target });
}
