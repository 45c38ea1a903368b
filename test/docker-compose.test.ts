// What the README's "Running at scale" section promises of docker-compose.yml. No Docker engine
// (or `docker compose config`) on the test machines, so the file is read with the yaml package
// as Compose reads it (merge keys, ${VAR:-default} interpolation) and its settings are put
// through the bot's own configuration parser.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/adapters/config.ts';
import { ROOT_DIR } from './support/advisor.ts';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
  volumes?: string[];
}

const text = readFileSync(join(ROOT_DIR, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const readme = readFileSync(join(ROOT_DIR, 'README.md'), 'utf8');
const atScale = readme.slice(readme.indexOf('## Running at scale'), readme.indexOf('\n## ', readme.indexOf('## Running at scale') + 1));

/** Compose's interpolation of the forms the file uses: ${VAR}, ${VAR:-default}, ${VAR:?message}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

const operator = { DISCORD_TOKEN: 'token-from-the-operator', POSTGRES_PASSWORD: 's3cret' };
const envOf = (service: Service, env: Record<string, string> = operator): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]));
const bots = Object.entries(compose.services).filter(([, s]) => s.command === undefined && s.build !== undefined);

describe('docker-compose.yml', () => {
  it('is PostgreSQL, a one-off migration, and two bot replicas, as the README says', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot-0', 'bot-1', 'db', 'migrate']);
    expect(compose.services.db!.image).toMatch(/^postgres:\d+/);
    expect(bots.map(([name]) => name).sort()).toEqual(['bot-0', 'bot-1']);
    expect(atScale).toContain('docker-compose.yml');
    expect(atScale).toMatch(/two bot replicas with `SHARDS=2` and `SHARD_IDS=0` \/ `1`/);
    expect(atScale).toMatch(/one-off `db migrate`/);
    // the build context is this repository's Dockerfile (its HEALTHCHECK is tested in deploy.test.ts)
    for (const s of Object.values(compose.services).filter((x) => x.build !== undefined)) expect(existsSync(join(ROOT_DIR, s.build!, 'Dockerfile'))).toBe(true);
  });

  it('starts the bots only after PostgreSQL is healthy and the migration succeeded', () => {
    const db = compose.services.db!;
    const dbEnv = envOf(db);
    expect(db.healthcheck?.test.join(' ')).toContain(`pg_isready -U ${dbEnv.POSTGRES_USER} -d ${dbEnv.POSTGRES_DB}`);
    expect(db.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    const migrate = compose.services.migrate!;
    expect(migrate.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(migrate.command).toEqual(['node', 'bin/fanpage-advisor.js', 'db', 'migrate']);
    expect(existsSync(join(ROOT_DIR, migrate.command![1]!))).toBe(true);
    for (const [name, bot] of bots) {
      expect(bot.depends_on, name).toEqual({ migrate: { condition: 'service_completed_successfully' } });
      expect(bot.restart, name).toBe('unless-stopped');
    }
  });

  it('gives every process the same database and shard count, and each bot its own shard', () => {
    const db = envOf(compose.services.db!);
    const ids: number[][] = [];
    for (const [name, bot] of [...bots, ['migrate', compose.services.migrate!] as const]) {
      const env = envOf(bot);
      // the bot's own parser accepts it: no configuration problem at start
      const config = loadConfig({ ...env, DATA_DIR: '/tmp/fanpage-compose-test' }, ROOT_DIR);
      const url = new URL(config.databaseUrl!);
      expect(url.hostname, name).toBe('db');
      expect(decodeURIComponent(url.username), name).toBe(db.POSTGRES_USER);
      expect(decodeURIComponent(url.password), name).toBe(operator.POSTGRES_PASSWORD);
      expect(url.pathname, name).toBe(`/${db.POSTGRES_DB}`);
      expect(config.discord.token, name).toBe(operator.DISCORD_TOKEN);
      expect(config.discord.shards?.count, name).toBe(2);
      if (name !== 'migrate') ids.push(config.discord.shards!.ids!);
    }
    // disjoint, and together every shard
    expect(ids.flat().sort()).toEqual([0, 1]);
    // the database password defaults the same way in both places
    expect(envOf(compose.services.migrate!, { DISCORD_TOKEN: 't' }).DATABASE_URL).toContain(`:${envOf(compose.services.db!, {}).POSTGRES_PASSWORD}@`);
  });

  it('refuses to start without DISCORD_TOKEN, with a message saying so', () => {
    expect(() => envOf(bots[0]![1], { POSTGRES_PASSWORD: 'x' })).toThrow(/DISCORD_TOKEN: set DISCORD_TOKEN/);
  });

  it('uses only variables the bot knows, and the README names the ones it documents', () => {
    const known = /^(DISCORD_TOKEN|DISCORD_GUILD_ID|DISCORD_API_URL|LOG_LEVEL|DATA_DIR|DATABASE_URL|SHARDS|SHARD_IDS|SHARD_LIST|OPENAI_API_KEY|OPENAI_BASE_URL|OPENAI_MODEL|FANPAGE_\w+)$/;
    for (const [name, bot] of [...bots, ['migrate', compose.services.migrate!] as const]) {
      for (const key of Object.keys(bot.environment ?? {})) expect(key, `${name}: ${key}`).toMatch(known);
    }
    for (const variable of ['DATABASE_URL', 'SHARDS', 'SHARD_IDS', 'DATA_DIR']) expect(atScale).toContain(`\`${variable}`);
    // every variable the section writes as `NAME=…` is one the bot reads
    for (const m of atScale.matchAll(/`([A-Z][A-Z_]+)=/g)) expect(m[1]).toMatch(known);
  });
});

describe('tipShare: each machine sends tips at its shards’ share of Discord’s global limit', () => {
  it('splits 90% of the 50 requests a second by shards, so the compose replicas together keep under it', async () => {
    const { tipShare } = await import('../src/main.ts');
    const shares = bots.map(([, bot]) => {
      const config = loadConfig({ ...envOf(bot), DATA_DIR: '/tmp/fanpage-compose-test' }, ROOT_DIR);
      return tipShare(config.discord.shards, config.settings.discord.global_requests_per_second);
    });
    expect(shares).toEqual([22, 22]);
    expect(tipShare({ count: 4, ids: [0, 1, 2] }, 50)).toBe(33);
    expect(tipShare({ count: 100, ids: [7] }, 50)).toBe(1);
    expect(tipShare({ count: 'auto' }, 50)).toBeUndefined();
    expect(tipShare({ count: 2 }, 50)).toBeUndefined(); // one process runs every shard: discord.js's own limit
    expect(tipShare(undefined, 50)).toBeUndefined();
  });

  it('follows a limit Discord raised for the bot (discord.global_requests_per_second)', async () => {
    const { tipShare } = await import('../src/main.ts');
    const config = loadConfig({ ...envOf(bots[0]![1]), DATA_DIR: '/tmp/fanpage-compose-test', FANPAGE_DISCORD_GLOBAL_REQUESTS_PER_SECOND: '500' }, ROOT_DIR);
    expect(config.settings.discord.global_requests_per_second).toBe(500);
    expect(tipShare(config.discord.shards, config.settings.discord.global_requests_per_second)).toBe(225);
    expect(() => loadConfig({ DATA_DIR: '/tmp/fanpage-compose-test', FANPAGE_DISCORD_GLOBAL_REQUESTS_PER_SECOND: '0' }, ROOT_DIR)).toThrow(/FANPAGE_DISCORD_GLOBAL_REQUESTS_PER_SECOND/);
  });
});