import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { z } from 'zod';
import { Lang, Platform } from '../core/post.ts';
import { packageRoot } from './build-stamp.ts';

const Settings = z.strictObject({
  engine: z.strictObject({
    base: z.number().int().min(0).max(100),
    suggestions: z.number().int().min(0).max(10),
    default_platform: Platform,
    default_language: z.union([Lang, z.literal('auto')]),
  }),
  rules: z.strictObject({ disabled: z.array(z.string()) }),
  discord: z.strictObject({
    cooldown_seconds: z.number().min(0).max(3600),
    store_post_text: z.boolean(),
    message_cache_size: z.number().int().min(0).max(1000),
    workers: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(64)]),
    queue_size: z.number().int().min(1).max(100_000),
    connect_attempts: z.number().int().min(1).max(20),
    connect_retry_seconds: z.number().min(0.01).max(300),
    global_requests_per_second: z.number().int().min(1).max(100_000),
  }),
  tips: z.strictObject({
    catch_up_minutes: z.number().int().min(0).max(1440),
    retry_base_seconds: z.number().min(1).max(3600),
    retry_max_attempts: z.number().int().min(1).max(20),
  }),
  audit: z.strictObject({
    role: z.string(),
    max_file_mb: z.number().min(0.1).max(100),
    // why coerce: FANPAGE_AUDIT_THREADS=2 arrives as text when the default is `auto`
    threads: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(16)]),
  }),
  llm: z.strictObject({
    model: z.string().min(1),
    timeout_seconds: z.number().min(1).max(600),
    max_retries: z.number().int().min(0).max(10),
    variants: z.number().int().min(1).max(5),
    daily_budget_per_server: z.number().int().min(0),
    cooldown_seconds: z.number().min(0).max(3600),
  }),
});
export type Settings = z.infer<typeof Settings>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const Env = z.object({
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_GUILD_ID: z.string().regex(/^\d{15,25}$/, 'must be a server id (a number like 123456789012345678)').optional(),
  DISCORD_API_URL: z.url({ message: 'must be a URL such as http://127.0.0.1:3000/api' }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/fanpage')
    .optional(),
  SHARDS: z
    .string()
    .regex(/^(auto|[1-9]\d{0,4})$/, 'must be auto or the total number of shards, such as 4')
    .optional(),
  SHARD_IDS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be shard ids separated by commas, such as 0,2')
    .optional(),
  SHARD_LIST: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be shard ids separated by commas, such as 0,2')
    .optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ message: 'must be a URL such as http://127.0.0.1:11434/v1' }).optional(),
  OPENAI_MODEL: z.string().min(1).optional(),
});

/**
 * How this process connects to the gateway. `count`: shards in all ('auto': Discord's
 * recommendation); `ids`: the ones this process runs (all when absent), so several machines can
 * split one bot's shards between them.
 */
export interface ShardConfig {
  count: number | 'auto';
  ids?: number[];
}

export interface AppConfig {
  settings: Settings;
  discord: { token?: string; guildId?: string; apiUrl?: string; shards?: ShardConfig };
  /** PostgreSQL instead of the SQLite file under dataDir, for processes on several machines. */
  databaseUrl?: string;
  llm: { apiKey?: string; baseUrl?: string; model: string } | null;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  rulesDir: string;
}

/** Every configuration problem at once, each naming the variable or key and what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix them and start again (see README, "Configuration").`);
  }
}

/**
 * Applies FANPAGE_<SECTION>_<KEY> overrides, coerced to the type of the default they replace.
 * Returns which variable set which key (`engine.default_platform` → its name and value), so a
 * problem with an override names the variable the operator set, not the YAML line they did not touch.
 */
function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: string[]): Map<string, string> {
  const from = new Map<string, string>();
  for (const [section, values] of Object.entries(raw)) {
    if (typeof values !== 'object' || values === null) continue;
    for (const [key, current] of Object.entries(values as Record<string, unknown>)) {
      const name = `FANPAGE_${section}_${key}`.toUpperCase();
      const value = env[name];
      if (value === undefined) continue;
      const target = values as Record<string, unknown>;
      from.set(`${section}.${key}`, `${name}=${value}`);
      if (typeof current === 'number') {
        const n = Number(value);
        if (value.trim() === '' || Number.isNaN(n)) problems.push(`${name}: must be a number, got "${value}"`);
        else target[key] = n;
      } else if (typeof current === 'boolean') {
        if (!/^(true|false|1|0|yes|no)$/i.test(value)) problems.push(`${name}: must be true or false, got "${value}"`);
        else target[key] = /^(true|1|yes)$/i.test(value);
      } else if (Array.isArray(current)) {
        target[key] = value.split(',').map((s) => s.trim()).filter(Boolean);
      } else {
        target[key] = value;
      }
    }
  }
  return from;
}

/**
 * config/default.yaml as parsed at build time, with the text it was parsed from. why: the YAML
 * parser is a tenth of a one-shot command's start-up; a configuration file that still reads
 * exactly as it did then needs no parsing. Any other text is parsed as usual.
 */
export const PARSED_CONFIG_FILE = 'dist/config.parsed.json';

function parseConfig(text: string, home: string): unknown {
  try {
    const cached = JSON.parse(readFileSync(join(home, PARSED_CONFIG_FILE), 'utf8')) as { text?: unknown; value?: unknown };
    if (cached.text === text) return cached.value;
  } catch {
    // no cache (not built, or built without it): parse the text
  }
  return parse(text);
}

/** Writes PARSED_CONFIG_FILE for the shipped configuration (npm run build); false when its values would not survive JSON. */
export function writeParsedConfig(home = packageRoot()): boolean {
  const text = readFileSync(resolve(home, 'config/default.yaml'), 'utf8');
  const value: unknown = parse(text);
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(value ?? null)), value ?? null)) return false;
  writeFileSync(join(home, PARSED_CONFIG_FILE), `${JSON.stringify({ text, value })}\n`);
  return true;
}

/**
 * Reads config/default.yaml (or FANPAGE_CONFIG) and the environment, validates both with zod and
 * reports every problem at once before anything connects. Secrets stay in the returned object only.
 * The shipped config/ and rules/ are found next to the package, wherever it is run from; paths the
 * operator gives (FANPAGE_CONFIG, FANPAGE_RULES_DIR, DATA_DIR) are relative to the working directory.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), home = packageRoot()): AppConfig {
  const problems: string[] = [];
  const file = env.FANPAGE_CONFIG ? resolve(cwd, env.FANPAGE_CONFIG) : resolve(home, 'config/default.yaml');
  let raw: Record<string, unknown> = {};
  let unreadable = false;
  try {
    raw = (parseConfig(readFileSync(file, 'utf8'), home) ?? {}) as Record<string, unknown>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.message.split('\n')[0];
    problems.push(env.FANPAGE_CONFIG ? `FANPAGE_CONFIG=${env.FANPAGE_CONFIG}: ${reason} (${file})` : `${file}: ${reason}`);
    unreadable = true;
  }
  const overridden = applyEnvOverrides(raw, env, problems);
  // why jitless: zod compiles a fast path for a schema on its first parse; this runs once per process
  const settings = Settings.safeParse(raw, { jitless: true });
  if (!settings.success && !unreadable) {
    for (const issue of settings.error.issues) {
      const key = issue.path.slice(0, 2).join('.');
      const variable = overridden.get(key);
      problems.push(variable ? `${variable}: ${issue.message}` : `${file} ${issue.path.join('.') || '(file)'}: ${issue.message}`);
    }
  }
  const rulesDir = env.FANPAGE_RULES_DIR ? resolve(cwd, env.FANPAGE_RULES_DIR) : resolve(home, 'rules');
  if (!statSync(rulesDir, { throwIfNoEntry: false })?.isDirectory()) {
    problems.push(env.FANPAGE_RULES_DIR ? `FANPAGE_RULES_DIR=${env.FANPAGE_RULES_DIR}: no such folder (${rulesDir})` : `${rulesDir}: the rules folder is missing; reinstall, or point FANPAGE_RULES_DIR at one`);
  }
  const parsedEnv = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')), { jitless: true });
  if (!parsedEnv.success) {
    for (const issue of parsedEnv.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const shards = parsedEnv.success ? shardConfig(parsedEnv.data, problems) : undefined;
  if (problems.length > 0 || !settings.success || !parsedEnv.success) throw new ConfigError(problems);
  const e = parsedEnv.data;
  const s = settings.data;
  return {
    settings: s,
    discord: { token: e.DISCORD_TOKEN, guildId: e.DISCORD_GUILD_ID, apiUrl: e.DISCORD_API_URL, ...(shards && { shards }) },
    ...(e.DATABASE_URL && { databaseUrl: e.DATABASE_URL }),
    llm: e.OPENAI_API_KEY || e.OPENAI_BASE_URL ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL ?? s.llm.model } : null,
    logLevel: e.LOG_LEVEL,
    dataDir: resolve(cwd, e.DATA_DIR),
    rulesDir,
  };
}

/** SHARDS with SHARD_IDS (or its other name SHARD_LIST), checked against each other. */
function shardConfig(e: { SHARDS?: string; SHARD_IDS?: string; SHARD_LIST?: string }, problems: string[]): ShardConfig | undefined {
  if (e.SHARD_IDS !== undefined && e.SHARD_LIST !== undefined) {
    problems.push('SHARD_IDS and SHARD_LIST: set one of them (they mean the same)');
    return undefined;
  }
  const idsText = e.SHARD_IDS ?? e.SHARD_LIST;
  const name = e.SHARD_IDS !== undefined ? 'SHARD_IDS' : 'SHARD_LIST';
  if (e.SHARDS === undefined) {
    if (idsText !== undefined) problems.push(`${name}: needs SHARDS, the total number of shards (such as SHARDS=4 ${name}=${idsText.trim()})`);
    return undefined;
  }
  const count = e.SHARDS === 'auto' ? 'auto' : Number(e.SHARDS);
  if (idsText === undefined) return { count };
  if (count === 'auto') {
    problems.push(`${name}: needs a number of shards, not SHARDS=auto, so that every machine splits the same total`);
    return undefined;
  }
  const ids = [...new Set(idsText.split(',').map((x) => Number(x.trim())))].sort((a, b) => a - b);
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) problems.push(`${name}: ${outside.join(', ')} not below SHARDS=${count} (shard ids run 0 to ${count - 1})`);
  return { count, ids };
}
