// The bot sharded as an operator runs it on two machines: SHARDS=2 and SHARD_IDS=0 on one,
// SHARD_IDS=1 on the other, against a fake Discord that recommends 2 shards and routes each
// server to shard (guild_id >> 22) % 2. Each process gets only its servers; all are answered;
// the commands are registered once, by the process that runs shard 0.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/adapters/config.ts';
import { guildIdOnShard, shardOf, startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { ROOT_DIR } from '../../support/advisor.ts';
import { startBot, type BotHarness } from './harness.ts';

const GUILDS = [0, 1, 2, 3, 4, 5].map((n) => ({ id: guildIdOnShard(n % 2, 2, n + 10), name: `Shop ${n}` }));

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const h of open.splice(0).reverse()) await h.close();
});

async function fakeWithShards(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord({ shards: 2, maxConcurrency: 2, guilds: GUILDS, heartbeatIntervalMs: 500 });
  open.push(fake);
  return fake;
}

async function bot(fake: FakeDiscord, env: Record<string, string>): Promise<BotHarness> {
  const h = await startBot({ fake, env });
  open.push(h);
  return h;
}

const commandPuts = (fake: FakeDiscord) => fake.requests.filter((r) => r.method === 'PUT' && r.route?.endsWith('/commands')).length;

describe('sharding', () => {
  it('two processes with disjoint shard ids: each gets only its servers, every interaction is answered, commands are registered once', async () => {
    const fake = await fakeWithShards();
    const [zero, one] = [await bot(fake, { SHARDS: '2', SHARD_IDS: '0' }), await bot(fake, { SHARDS: '2', SHARD_LIST: '1' })];
    expect([...zero.bot.client.guilds.cache.keys()].sort()).toEqual(GUILDS.filter((g) => shardOf(g.id, 2) === 0).map((g) => g.id).sort());
    expect([...one.bot.client.guilds.cache.keys()].sort()).toEqual(GUILDS.filter((g) => shardOf(g.id, 2) === 1).map((g) => g.id).sort());
    expect(commandPuts(fake)).toBe(1);

    const received = new Map<string, string[]>([['zero', []], ['one', []]]);
    zero.bot.client.on('interactionCreate', (i) => received.get('zero')!.push(i.guildId!));
    one.bot.client.on('interactionCreate', (i) => received.get('one')!.push(i.guildId!));
    const sent = GUILDS.map((g) => fake.sendInteraction(fake.fixtures.slash({ name: 'help', guildId: g.id })));
    const answers = await Promise.all(sent.map((s) => fake.waitForInteractionResponse(s.id)));
    expect(answers.every((a) => a.status === 204 || a.status === 200)).toBe(true);
    expect(received.get('zero')!.sort()).toEqual(GUILDS.filter((g) => shardOf(g.id, 2) === 0).map((g) => g.id).sort());
    expect(received.get('one')!.sort()).toEqual(GUILDS.filter((g) => shardOf(g.id, 2) === 1).map((g) => g.id).sort());
  });

  it("SHARDS=auto: one process runs Discord's recommended count and gets every server", async () => {
    const fake = await fakeWithShards();
    const h = await bot(fake, { SHARDS: 'auto' });
    expect(h.bot.client.options.shardCount).toBe(2);
    expect(h.bot.client.guilds.cache.size).toBe(GUILDS.length);
    expect([...fake.sessionShards].sort()).toEqual([[0, 2], [1, 2]]);
    const s = fake.sendInteraction(fake.fixtures.slash({ name: 'help', guildId: GUILDS[1]!.id }));
    expect((await fake.waitForInteractionResponse(s.id)).status).toBeLessThan(300);
    expect(commandPuts(fake)).toBe(1);
  });

  it('explains bad shard settings before connecting', () => {
    const problems = (env: Record<string, string>): string[] => {
      try {
        loadConfig({ LOG_LEVEL: 'silent', ...env }, ROOT_DIR);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ SHARDS: 'two' })).toEqual(['SHARDS: must be auto or the total number of shards, such as 4']);
    expect(problems({ SHARD_IDS: '0,1' })).toEqual(['SHARD_IDS: needs SHARDS, the total number of shards (such as SHARDS=4 SHARD_IDS=0,1)']);
    expect(problems({ SHARDS: '2', SHARD_IDS: '1,2,3' })).toEqual(['SHARD_IDS: 2, 3 not below SHARDS=2 (shard ids run 0 to 1)']);
    expect(problems({ SHARDS: 'auto', SHARD_LIST: '0' })).toEqual(['SHARD_LIST: needs a number of shards, not SHARDS=auto, so that every machine splits the same total']);
    expect(problems({ SHARDS: '4', SHARD_IDS: '0', SHARD_LIST: '1' })).toEqual(['SHARD_IDS and SHARD_LIST: set one of them (they mean the same)']);
    expect(problems({ DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL: must be a PostgreSQL URL such as postgres://user:password@host:5432/fanpage']);
    expect(loadConfig({ SHARDS: '4', SHARD_IDS: '2, 0', DATABASE_URL: 'postgres://u:p@db/fanpage' }, ROOT_DIR)).toMatchObject({
      discord: { shards: { count: 4, ids: [0, 2] } },
      databaseUrl: 'postgres://u:p@db/fanpage',
    });
  });
});
