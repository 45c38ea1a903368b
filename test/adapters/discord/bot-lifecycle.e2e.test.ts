/**
 * Start/stop, command registration, failures and the cooldown: each test runs its own bot against
 * the fake Discord, because each needs different settings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Advisor } from '../../../src/core/engine.ts';
import { DEFAULT_IDS, startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { realAdvisor } from '../../support/advisor.ts';
import { EPHEMERAL, startBot, type BotHarness } from './harness.ts';
import { messageCommands, slashCommands } from '../../../src/adapters/discord/commands/index.ts';

const POST = 'Fans only: 20% off until Sunday. Shop now!';
const open: Array<BotHarness | FakeDiscord> = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function bot(options: Parameters<typeof startBot>[0] = {}): Promise<BotHarness> {
  const h = await startBot(options);
  open.push(h);
  return h;
}

/** An advisor whose next `failures` scorings throw a plain Error, as a bug in a handler would. */
function flakyAdvisor(failures: number): Advisor {
  const base = realAdvisor();
  let left = failures;
  return Object.create(base, {
    measureContext: {
      get() {
        if (left > 0) {
          left -= 1;
          throw new Error('injected failure with internal detail /srv/secret');
        }
        return base.measureContext;
      },
    },
  }) as Advisor;
}

describe('bot lifecycle', { timeout: 15_000 }, () => {
  it('registers commands only when they changed: a restart with the same commands does not PUT', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
    open.push(fake);
    const first = await bot({ fake });
    await first.close();
    open.splice(open.indexOf(first), 1);
    const second = await bot({ fake });

    const commandRequests = fake.requests.filter((r) => r.route === '/applications/:app/commands');
    expect(commandRequests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
    expect(second.records.find((r) => r.msg === 'ready')).toMatchObject({ commands: { changed: false } });
    // and the second bot still answers
    const reply = await second.interact(fake.fixtures.slash({ name: 'help' }));
    expect(reply.body.type).toBe(4);
  });

  it('with DISCORD_GUILD_ID the commands go to that server only', async () => {
    const h = await bot({ env: { DISCORD_GUILD_ID: DEFAULT_IDS.guild } });
    const put = h.fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${h.fake.applicationId}/guilds/${DEFAULT_IDS.guild}/commands`);
    expect(h.fake.world.commandScope(DEFAULT_IDS.guild)).toHaveLength(slashCommands.length + messageCommands.length);
    expect(h.fake.world.commandScope()).toHaveLength(0);
  });

  it('keeps its REST calls to the global limit in the settings: 50 a second unless Discord raised it', async () => {
    const usual = await bot();
    expect(usual.bot.client.rest.options.globalRequestsPerSecond).toBe(50);
    const raised = await bot({ env: { FANPAGE_DISCORD_GLOBAL_REQUESTS_PER_SECOND: '250' } });
    expect(raised.bot.client.rest.options.globalRequestsPerSecond).toBe(250);
  });

  it('stop() disconnects from the gateway', async () => {
    const h = await bot();
    expect(h.fake.activeConnections).toBe(1);
    await h.bot.stop();
    await expect.poll(() => h.fake.activeConnections).toBe(0);
  });

  it('a handler that throws answers with an apology and an error id that is in the log; the next interaction works', async () => {
    const h = await bot({ advisor: flakyAdvisor(1) });
    const failed = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: POST }, locale: 'de' }));
    // acknowledged privately first; the apology replaces the "thinking…" message
    expect(failed.callback.body.type).toBe(5);
    expect(failed.callback.body.data.flags).toBe(EPHEMERAL);
    expect(failed.data.allowed_mentions.parse).toEqual([]);
    const content = failed.data.content as string;
    expect(content).toMatch(/^Da ist bei uns etwas schiefgelaufen – Fehler-ID [0-9a-f]{8}\./);
    expect(content).not.toContain('/srv/secret');
    const errorId = /Fehler-ID ([0-9a-f]{8})/.exec(content)![1];
    const logged = h.records.find((r) => r.errorId === errorId);
    expect(logged).toMatchObject({ level: 50, command: 'score', guildId: DEFAULT_IDS.guild, err: { message: expect.stringContaining('injected failure') } });

    const next = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: POST } }));
    expect(next.data.embeds[0].title).toMatch(/^Score \d+\/100/);
  });

  it('a failing mention is answered with an apology in the thread, and the bot keeps going', async () => {
    const h = await bot({ advisor: flakyAdvisor(1) });
    const message = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: POST }));
    const sent = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === message.id);
    const errorId = /error id ([0-9a-f]{8})/.exec(sent.body.content as string)?.[1];
    expect(errorId).toBeDefined();
    expect(h.records.find((r) => r.errorId === errorId)).toMatchObject({ level: 50, command: 'mention' });

    const again = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: POST }));
    const ok = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === again.id);
    expect(ok.body.embeds[0].title).toMatch(/^Score \d+\/100/);
  });

  it('a user who scores too fast is told when to try again; other users and other commands are not held up', async () => {
    let now = 1_000_000;
    const h = await bot({ env: { FANPAGE_DISCORD_COOLDOWN_SECONDS: '5' }, now: () => now });
    const slash = () => h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: POST } });

    expect((await h.answer(slash())).data.embeds).toHaveLength(1);
    now += 2_000;
    const held = await h.interact(slash());
    expect(held.body.data).toMatchObject({ flags: EPHEMERAL, content: 'You’re going fast. Try again in 3 s.' });
    expect((await h.interact(h.fake.fixtures.slash({ name: 'help' }))).body.data.embeds).toHaveLength(1);
    const other = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: POST }, user: { ...h.fake.botUser, id: DEFAULT_IDS.otherUser, bot: false, username: 'fan_felix' } }));
    expect(other.data.embeds).toHaveLength(1);
    now += 3_000;
    expect((await h.answer(slash())).data.embeds).toHaveLength(1);
  });

  it('without a token start() says what to set', async () => {
    const fake = await startFakeDiscord();
    open.push(fake);
    await expect(bot({ fake, env: { DISCORD_TOKEN: '' } })).rejects.toThrow(/DISCORD_TOKEN is not set/);
  });
});
