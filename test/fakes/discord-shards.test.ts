/**
 * The fake Discord's sharding (GET /gateway/bot's shard count, guilds routed to shard
 * (guild_id >> 22) % count) and message nonces (enforce_nonce de-duplication), driven with the
 * real discord.js client.
 */
import { Client, Events, GatewayIntentBits, type ClientOptions, type Interaction, type TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { guildIdOnShard, shardOf, startFakeDiscord, type FakeDiscord } from './discord/index.ts';

let fake: FakeDiscord | undefined;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await fake?.close();
  fake = undefined;
});

async function start(opts: Partial<ClientOptions>): Promise<Client> {
  const c = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake!.apiUrl, timeout: 5_000 },
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    ...opts,
  });
  clients.push(c);
  c.on(Events.InteractionCreate, (i: Interaction) => {
    if (i.isChatInputCommand()) void i.reply({ content: `shard ${i.guild?.shardId ?? '?'} of ${c.options.shardCount}` });
  });
  const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
  await c.login(fake!.token);
  await ready;
  return c;
}

describe('fake Discord: sharding', () => {
  const guilds = [0, 1, 2, 3].map((n) => ({ id: guildIdOnShard(n % 2, 2, n + 1), name: `guild ${n}` }));

  it('routes guilds by (guild_id >> 22) % shards', () => {
    expect(guilds.map((g) => shardOf(g.id, 2))).toEqual([0, 1, 0, 1]);
    expect(shardOf('41771983423143937', 2)).toBe(Number((41771983423143937n >> 22n) % 2n));
    expect(shardOf(undefined, 4)).toBe(0);
  });

  it("recommends its shard count; discord.js with shards: 'auto' opens that many and gets every guild", async () => {
    fake = await startFakeDiscord({ shards: 2, guilds, heartbeatIntervalMs: 300 });
    const c = await start({ shards: 'auto' });
    expect(c.options.shardCount).toBe(2);
    expect([...fake.sessionShards].sort()).toEqual([[0, 2], [1, 2]]);
    expect([...c.guilds.cache.keys()].sort()).toEqual(guilds.map((g) => g.id).sort());
    expect(guilds.map((g) => c.guilds.cache.get(g.id)?.shardId)).toEqual([0, 1, 0, 1]);
  });

  it('two processes with disjoint shard ids each receive only their own guilds and interactions, and all are answered', async () => {
    fake = await startFakeDiscord({ shards: 2, guilds, heartbeatIntervalMs: 300 });
    const [a, b] = await Promise.all([start({ shards: [0], shardCount: 2 }), start({ shards: [1], shardCount: 2 })]);
    expect([...a.guilds.cache.keys()].sort()).toEqual([guilds[0]!.id, guilds[2]!.id].sort());
    expect([...b.guilds.cache.keys()].sort()).toEqual([guilds[1]!.id, guilds[3]!.id].sort());
    const seen = new Map<Client, string[]>([[a, []], [b, []]]);
    for (const c of [a, b]) c.on(Events.InteractionCreate, (i) => seen.get(c)!.push(i.guildId ?? 'dm'));
    const sent = guilds.flatMap((g) => [1, 2].map(() => fake!.sendInteraction(fake!.fixtures.slash({ name: 'ping', guildId: g.id }))));
    const answers = await Promise.all(sent.map((s) => fake!.waitForInteractionResponse(s.id)));
    expect(answers.map((r) => r.body.data.content)).toEqual(guilds.flatMap((_, n) => [1, 2].map(() => `shard ${n % 2} of 2`)));
    expect(seen.get(a)!.every((id) => shardOf(id, 2) === 0)).toBe(true);
    expect(seen.get(b)!.every((id) => shardOf(id, 2) === 1)).toBe(true);
    expect(seen.get(a)!.length + seen.get(b)!.length).toBe(8);
  });

  it('refuses a shard id outside the count', async () => {
    fake = await startFakeDiscord({ shards: 2, guilds, heartbeatIntervalMs: 300 });
    const c = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, shards: [2], shardCount: 2 });
    clients.push(c);
    await expect(c.login(fake.token)).rejects.toThrow(/Invalid shard/);
    expect(fake.sessionShards).toEqual([]);
  });
});

describe('fake Discord: message nonces', () => {
  async function channel(): Promise<TextChannel> {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 300, nonceWindowMs: 400 });
    const c = await start({});
    return (await c.channels.fetch(fake.guilds[0]!.channels[0]!.id)) as TextChannel;
  }

  it('with enforce_nonce, the same nonce within the window returns the first message instead of a second', async () => {
    const ch = await channel();
    const first = await ch.send({ content: 'tip', nonce: 'd-guild-2026-03-02', enforceNonce: true });
    const again = await ch.send({ content: 'tip (retry)', nonce: 'd-guild-2026-03-02', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(fake!.nonceHits).toBe(1);
    expect(fake!.world.messages.get(ch.id)?.size).toBe(1);
    // Without enforce_nonce, or once the window has passed, a nonce doesn't de-duplicate.
    await ch.send({ content: 'x', nonce: 'd-guild-2026-03-02', enforceNonce: false });
    await new Promise((r) => setTimeout(r, 450));
    await ch.send({ content: 'y', nonce: 'd-guild-2026-03-02', enforceNonce: true });
    expect(fake!.world.messages.get(ch.id)?.size).toBe(3);
  });

  it('refuses a nonce longer than 25 characters, and reading messages back shows no nonce (as on Discord)', async () => {
    const ch = await channel();
    await expect(ch.send({ content: 'tip', nonce: 'x'.repeat(26), enforceNonce: true })).rejects.toThrow(/25 or fewer/);
    const sent = await ch.send({ content: 'tip', nonce: 'x'.repeat(25), enforceNonce: true });
    expect(sent.nonce).toBe('x'.repeat(25));
    const read = fake!.requests.length;
    const listed = await ch.messages.fetch({ limit: 10, cache: false });
    expect(fake!.requests.length).toBe(read + 1);
    expect(fake!.requests.at(-1)!.response[0]).not.toHaveProperty('nonce');
    expect(listed.size).toBe(1);
  });

  it('can lose the answer to a message it did create (fault after the effect)', async () => {
    const ch = await channel();
    fake!.setFaultRate({ method: 'POST', pathPattern: /\/messages$/, rate: 1, statuses: [500], after: true });
    await expect(ch.send({ content: 'tip', nonce: 'n1', enforceNonce: true })).rejects.toThrow();
    fake!.clearFaults();
    const retry = await ch.send({ content: 'tip', nonce: 'n1', enforceNonce: true });
    expect(fake!.world.messages.get(ch.id)?.size).toBe(1);
    expect(retry.id).toBe([...fake!.world.messages.get(ch.id)!.keys()][0]);
  });
});
