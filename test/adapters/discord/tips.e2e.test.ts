/**
 * /tips and the daily tip end to end: the bot started as `npm start` starts it (start.ts), the real
 * discord.js client against the fake Discord, schedules in a real SQLite file in a temp dir, and
 * a clock the test moves. Ticks are called directly, so nothing waits for the minute.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDS, OTHER_USER, Permission, type GuildOptions } from '../../fakes/discord/index.ts';
import { answerOf, customIds, EPHEMERAL, startTipsBot, testClock, tipsCommand, tipsSet, type TipsHarness, type TipsHarnessOptions } from './harness.ts';

const TIPS = '1190000000000000010';
const NO_EMBEDS = '1190000000000000011';
const DE_GUILD = '1190000000000009000';
const DE_TIPS = '1190000000000009010';

const GUILDS: GuildOptions[] = [
  {
    channels: [
      { id: DEFAULT_IDS.textChannel, name: 'general' },
      { id: TIPS, name: 'social' },
      // the bot's role may post here, but its embeds would be dropped
      { id: NO_EMBEDS, name: 'no-embeds', permission_overwrites: [{ id: DEFAULT_IDS.botRole, type: 0, allow: '0', deny: String(Permission.EmbedLinks) }] },
    ],
  },
  { id: DE_GUILD, name: 'Fanclub DE', preferredLocale: 'de', channels: [{ id: DE_TIPS, name: 'tipps' }] },
];

// Monday 10 March 2025, 08:00 in Berlin (UTC+1 until the end of March). 09:00 Berlin = 08:00Z.
const MONDAY_0700Z = '2025-03-10T07:00:00Z';
const MONDAY_AT_TIP = '2025-03-10T08:00:30Z';

const open: TipsHarness[] = [];

afterEach(async () => {
  for (const h of open.splice(0).reverse()) await h.close();
});

async function tipsBot(options: Partial<TipsHarnessOptions> = {}): Promise<TipsHarness> {
  const h = await startTipsBot({ clock: testClock(MONDAY_0700Z), fakeOptions: { guilds: GUILDS }, ...options });
  open.push(h);
  return h;
}

/** Sets daily tips at 09:00 Berlin time in #social as the server owner, and checks it was saved. */
async function setNineBerlin(h: TipsHarness, extra: { days?: string; language?: string } = {}) {
  const reply = await h.interact(tipsSet(h.fake, { channel: TIPS, time: '09:00', timezone: 'Europe/Berlin', ...extra }));
  expect(reply.body.data.content).toMatch(/^Daily tips are on/);
  return reply;
}

function channelRequests(h: TipsHarness, channelId: string): number {
  return h.fake.requests.filter((r) => r.path.startsWith(`/channels/${channelId}`)).length;
}

describe('/tips and the daily tip', { timeout: 15_000 }, () => {
  it('/tips set confirms privately with the next time; at that local time the tip arrives once', async () => {
    const h = await tipsBot();
    const reply = await setNineBerlin(h, { language: 'en' });
    const nextUnix = Date.parse('2025-03-10T08:00:00Z') / 1000;
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toContain(`<#${TIPS}>`);
    expect(reply.body.data.content).toContain(`<t:${nextUnix}:F>`);
    expect(reply.body.data.content).toContain('Mon 2025-03-10, 09:00 Europe/Berlin time');

    h.clock.set('2025-03-10T07:59:00Z');
    expect((await h.dailyTips.tick()).due).toBe(0);
    expect(h.posts(TIPS)).toHaveLength(0);

    h.clock.set(MONDAY_AT_TIP);
    expect(await h.dailyTips.tick()).toMatchObject({ due: 1, posted: 1 });
    const [post] = h.posts(TIPS);
    expect(post).toBeDefined();
    const body = post!.body;
    expect(body.allowed_mentions.parse).toEqual([]);
    expect(body.content ?? '').toBe('');
    const embed = body.embeds[0];
    expect(embed.title).toBe('Tip of the day');
    expect(embed.description.length).toBeGreaterThan(20);
    expect(embed.fields[0].name).toBe('The evidence');
    expect(embed.fields[0].value).toMatch(/\d+ ?%.*\n.*, (19|20)\d\d/s);
    expect(body.components[0].components[0]).toMatchObject({ type: 2, custom_id: 'score-modal', label: 'Score a post' });

    // later the same day: nothing more
    h.clock.set('2025-03-10T08:01:00Z');
    await h.dailyTips.tick();
    h.clock.set('2025-03-10T20:00:00Z');
    await h.dailyTips.tick();
    expect(h.posts(TIPS)).toHaveLength(1);

    // /tips status links the posted message and names tomorrow's slot
    const status = await h.interact(tipsCommand(h.fake, 'status'));
    expect(status.body.data.flags).toBe(EPHEMERAL);
    const fields = status.body.data.embeds[0].fields as Array<{ name: string; value: string }>;
    const messageId = post!.response.id as string;
    expect(fields.find((f) => f.name === 'Last tip')?.value).toContain(`https://discord.com/channels/${DEFAULT_IDS.guild}/${TIPS}/${messageId}`);
    expect(fields.find((f) => f.name === 'Next tip')?.value).toContain(`<t:${nextUnix + 86_400}:F>`);
    expect(fields.find((f) => f.name === 'Next tip')?.value).toContain(`<t:${nextUnix + 86_400}:R>`);
    expect(fields.find((f) => f.name === 'When')?.value).toBe('every day at 09:00 (Europe/Berlin)');
  });

  it('a member without Manage Server is refused set, off and now; status is open to them', async () => {
    const h = await tipsBot();
    const set = await h.interact(tipsSet(h.fake, { channel: TIPS, time: '09:00', timezone: 'Europe/Berlin', user: OTHER_USER }));
    expect(set.body.data).toMatchObject({ flags: EPHEMERAL, content: 'Only members with Manage Server can change the tip schedule. Ask a server admin.' });
    for (const sub of ['off', 'now'] as const) {
      const refused = await h.interact(tipsCommand(h.fake, sub, { user: OTHER_USER }));
      expect(refused.body.data.content).toMatch(/^Only members with Manage Server/);
    }
    expect(await h.dailyTips.status(DEFAULT_IDS.guild)).toBeUndefined();
    const status = await h.interact(tipsCommand(h.fake, 'status', { user: OTHER_USER }));
    expect(status.body.data.content).toMatch(/not set up here yet/);
  });

  it('the command is guild-only, for Manage Server by default, and localised', async () => {
    const h = await tipsBot();
    const put = h.fake.requests.find((r) => r.method === 'PUT');
    const tips = (put?.body as Array<Record<string, any>>).find((c) => c.name === 'tips')!;
    expect(tips).toMatchObject({ default_member_permissions: String(Permission.ManageGuild), contexts: [0], name_localizations: { de: 'tipps' } });
    expect(tips.options.map((o: { name: string }) => o.name)).toEqual(['set', 'status', 'off', 'now', 'preview']);
    const set = tips.options[0];
    expect(set.name_localizations).toEqual({ de: 'einrichten' });
    expect(set.options.find((o: { name: string }) => o.name === 'timezone')).toMatchObject({ autocomplete: true, required: true });
  });

  it('a channel where the bot lacks Embed Links: /tips set names the permission and saves nothing', async () => {
    const h = await tipsBot();
    const reply = await h.interact(tipsSet(h.fake, { channel: NO_EMBEDS, time: '09:00', timezone: 'Europe/Berlin' }));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toBe(
      `I can’t post tips in <#${NO_EMBEDS}>: I’m missing the Embed Links permission there. Grant it to my role in that channel, or pick another channel.`,
    );
    expect(await h.dailyTips.status(DEFAULT_IDS.guild)).toBeUndefined();

    const german = await h.interact(tipsSet(h.fake, { channel: NO_EMBEDS, time: '09:00', timezone: 'Europe/Berlin', locale: 'de' }));
    expect(german.body.data.content).toContain('„Links einbetten“');
  });

  it('bad time and time zone are listed together in one message', async () => {
    const h = await tipsBot();
    const reply = await h.interact(tipsSet(h.fake, { channel: TIPS, time: '25:00', timezone: 'Mars/Olympus', days: 'mon-fri' }));
    const text = reply.body.data.content as string;
    expect(text).toMatch(/^That schedule can’t be saved yet:\n• /);
    expect(text).toContain('“25:00” is not a time');
    expect(text).toContain('“Mars/Olympus” is not a time zone');
    expect(await h.dailyTips.status(DEFAULT_IDS.guild)).toBeUndefined();
  });

  it('a channel deleted before tip time: the schedule is paused with the reason, and retries stop', async () => {
    const h = await tipsBot();
    await setNineBerlin(h);
    h.fake.setChannelError(TIPS, 404, 10003);
    h.clock.set(MONDAY_AT_TIP);
    expect(await h.dailyTips.tick()).toMatchObject({ posted: 0, failed: 1 });
    const after = channelRequests(h, TIPS);
    expect(after).toBeGreaterThan(0);
    expect(await h.dailyTips.status(DEFAULT_IDS.guild)).toMatchObject({ failingReason: { code: 'channel_deleted' }, next: null });

    for (const at of ['2025-03-10T08:01:30Z', '2025-03-10T12:00:00Z', '2025-03-11T08:00:30Z', '2025-03-12T08:00:30Z']) {
      h.clock.set(at);
      expect((await h.dailyTips.tick()).due).toBe(0);
    }
    expect(channelRequests(h, TIPS)).toBe(after);

    const status = await h.interact(tipsCommand(h.fake, 'status'));
    const embed = status.body.data.embeds[0];
    expect(embed.description).toBe('Paused: the channel was deleted. Fix that, then run /tips set again.');
    expect(embed.fields.find((f: { name: string }) => f.name === 'Last tip').value).toBe('2025-03-10: not posted – the channel was deleted.');

    const statusDe = await h.interact(tipsCommand(h.fake, 'status', { locale: 'de' }));
    expect(statusDe.body.data.embeds[0].description).toBe('Pausiert: der Kanal wurde gelöscht. Behebe das und nutze dann /tipps einrichten noch einmal.');
  });

  it('permission lost after set up: the tip is not sent, the schedule pauses and names what is missing', async () => {
    const h = await tipsBot();
    await setNineBerlin(h);
    // an admin takes Send Messages away from the bot's role in #social; Discord tells the bot
    const channel = h.fake.world.channel(TIPS)!;
    channel.permission_overwrites = [{ id: DEFAULT_IDS.botRole, type: 0, allow: '0', deny: String(Permission.SendMessages) }];
    h.fake.dispatch('CHANNEL_UPDATE', { ...channel });
    await vi.waitFor(() => {
      const cached = h.running.bot.client.channels.cache.get(TIPS);
      expect(cached && 'permissionOverwrites' in cached && cached.permissionOverwrites.cache.get(DEFAULT_IDS.botRole)?.deny.has('SendMessages')).toBe(true);
    });
    h.clock.set(MONDAY_AT_TIP);
    expect(await h.dailyTips.tick()).toMatchObject({ posted: 0, failed: 1 });
    expect(h.posts(TIPS)).toHaveLength(0);
    expect((await h.dailyTips.status(DEFAULT_IDS.guild))?.failingReason).toEqual({ code: 'missing_permissions', permissions: ['SendMessages'], known: true });
    const status = await h.interact(tipsCommand(h.fake, 'status', { locale: 'de' }));
    expect(status.body.data.embeds[0].description).toContain('dem Bot fehlt dort eine Berechtigung (es fehlt: Nachrichten senden)');
  });

  it('Discord 403 on the post is permanent too', async () => {
    const h = await tipsBot();
    await setNineBerlin(h);
    h.fake.setChannelError(TIPS, 403, 50013);
    h.clock.set(MONDAY_AT_TIP);
    expect(await h.dailyTips.tick()).toMatchObject({ posted: 0, failed: 1 });
    expect((await h.dailyTips.status(DEFAULT_IDS.guild))?.failingReason).toEqual({ code: 'missing_permissions', permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks'], known: false });
  });

  it('Discord 500 on the post: retried later the same day and posted once', async () => {
    const h = await tipsBot();
    await setNineBerlin(h);
    // more failures than discord.js' own immediate retries, so the 500 reaches the scheduler
    h.fake.failNext({ method: 'POST', pathPattern: new RegExp(`^/channels/${TIPS}/messages$`), status: 500, times: 50 });
    h.clock.set(MONDAY_AT_TIP);
    expect(await h.dailyTips.tick()).toMatchObject({ posted: 0, retrying: 1 });
    expect(h.posts(TIPS)).toHaveLength(0);
    expect((await h.dailyTips.status(DEFAULT_IDS.guild))?.lastPost).toMatchObject({ status: 'retrying', error: { code: 'platform_status', status: 500 } });
    h.fake.clearFaults();

    h.clock.advance(30_000); // the first back-off is 60 s
    expect((await h.dailyTips.tick()).due).toBe(0);
    h.clock.advance(31_000);
    expect(await h.dailyTips.tick()).toMatchObject({ due: 1, posted: 1 });
    h.clock.advance(3_600_000);
    await h.dailyTips.tick();
    expect(h.posts(TIPS)).toHaveLength(1);
    expect((await h.dailyTips.status(DEFAULT_IDS.guild))?.lastPost).toMatchObject({ status: 'posted', attempts: 2 });
  });

  it('/tips now posts an extra tip at once with its own key; a second within the cooldown waits; the scheduled tip still comes', async () => {
    const h = await tipsBot();
    await setNineBerlin(h);
    const done = await h.interactDeferred(tipsCommand(h.fake, 'now'));
    const [post] = h.posts(TIPS);
    expect(post).toBeDefined();
    expect(post!.body.embeds[0].title).toBe('Tip of the day');
    expect(post!.body).toMatchObject({ enforce_nonce: true, nonce: expect.stringMatching(/^.{1,25}$/) });
    const at = Date.parse('2025-03-10T08:00:00Z') / 1000;
    expect(done.body.content).toBe(
      `Posted a tip in <#${TIPS}> – [open it](https://discord.com/channels/${DEFAULT_IDS.guild}/${TIPS}/${post!.response.id}). It’s an extra one; the scheduled tip still comes <t:${at}:F> (<t:${at}:R>) – Mon 2025-03-10, 09:00 Europe/Berlin time.`,
    );
    const deferred = h.fake.requests.find((r) => r.route === '/interactions/:id/:token/callback' && r.body.type === 5);
    expect(deferred?.body.data.flags).toBe(EPHEMERAL);

    h.clock.advance(20_000);
    const again = await h.interactDeferred(tipsCommand(h.fake, 'now'));
    expect(again.body.content).toBe('A tip was just posted on request. Try /tips now again in 40 s.');
    expect(h.posts(TIPS)).toHaveLength(1);

    h.clock.set(MONDAY_AT_TIP);
    await h.dailyTips.tick();
    const posts = h.posts(TIPS);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body.nonce).not.toBe(posts[0]!.body.nonce);
    expect(posts[1]!.body.embeds[0].description).not.toBe(posts[0]!.body.embeds[0].description);
  });

  it('/tips preview shows the next tip only to the caller and posts nothing', async () => {
    const h = await tipsBot();
    await setNineBerlin(h);
    const preview = await h.interact(tipsCommand(h.fake, 'preview', { user: OTHER_USER }));
    expect(preview.body.type).toBe(4);
    expect(preview.body.data.flags).toBe(EPHEMERAL);
    expect(preview.body.data.embeds[0].title).toBe('Tip of the day');
    expect(preview.body.data.components[0].components[0].custom_id).toBe('score-modal');
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/:channel/messages')).toHaveLength(0);

    // and it is the tip that then goes out
    h.clock.set(MONDAY_AT_TIP);
    await h.dailyTips.tick();
    expect(h.posts(TIPS)[0]!.body.embeds[0].description).toBe(preview.body.data.embeds[0].description);
  });

  it('/tips off stops posting; status says so', async () => {
    const h = await tipsBot();
    await setNineBerlin(h);
    const off = await h.interact(tipsCommand(h.fake, 'off'));
    expect(off.body.data.content).toMatch(/^Daily tips are off/);
    h.clock.set(MONDAY_AT_TIP);
    await h.dailyTips.tick();
    h.clock.set('2025-03-11T08:00:30Z');
    await h.dailyTips.tick();
    expect(h.posts(TIPS)).toHaveLength(0);
    const status = await h.interact(tipsCommand(h.fake, 'status'));
    expect(status.body.data.embeds[0].description).toBe('Off. /tips set turns them on again.');
    const now = await h.interact(tipsCommand(h.fake, 'now'));
    expect(now.body.data.content).toMatch(/^Daily tips are off here/);
    expect(h.posts(TIPS)).toHaveLength(0);
  });

  it('/tips status in German for a German user', async () => {
    const h = await tipsBot();
    await setNineBerlin(h, { days: 'mon-fri', language: 'de' });
    const status = await h.interact(tipsCommand(h.fake, 'status', { locale: 'de' }));
    const embed = status.body.data.embeds[0];
    expect(embed.title).toBe('Tägliche Tipps');
    expect(embed.description).toBe('An.');
    const field = (name: string) => embed.fields.find((f: { name: string }) => f.name === name)?.value;
    expect(field('Kanal')).toBe(`<#${TIPS}>`);
    expect(field('Sprache')).toBe('Deutsch');
    expect(field('Wann')).toBe('Mo–Fr um 09:00 Uhr (Europe/Berlin)');
    expect(field('Nächster Tipp')).toContain('Mo 2025-03-10, 09:00 Uhr Europe/Berlin');
    expect(field('Letzter Tipp')).toBe('Noch keiner.');
  });

  it('a German server gets German tips by default', async () => {
    const h = await tipsBot();
    const reply = await h.interact(tipsSet(h.fake, { guildId: DE_GUILD, channel: DE_TIPS, time: '9:00', timezone: 'europe/berlin', locale: 'de' }));
    expect(reply.body.data.content).toBe(
      `Tägliche Tipps sind an: täglich um 09:00 (Europe/Berlin) in <#${DE_TIPS}>, auf Deutsch.\nNächster Tipp: <t:1741593600:F> (<t:1741593600:R>) – Mo 2025-03-10, 09:00 Uhr Europe/Berlin`,
    );
    h.clock.set(MONDAY_AT_TIP);
    await h.dailyTips.tick();
    const [post] = h.posts(DE_TIPS);
    expect(post!.body.embeds[0]).toMatchObject({ title: 'Tipp des Tages', fields: [{ name: 'Der Beleg' }] });
    expect(post!.body.components[0].components[0].label).toBe('Post bewerten');
  });

  it('timezone autocomplete: at most 25 choices, matches first, the server’s zone first when empty', async () => {
    const h = await tipsBot();
    const typed = await h.interact(h.fake.fixtures.autocomplete({ name: 'tips', subcommand: 'set', focused: { name: 'timezone', value: 'berl' } }));
    expect(typed.body.type).toBe(8);
    expect(typed.body.data.choices[0]).toEqual({ name: 'Europe/Berlin (UTC+01:00, now 08:00)', value: 'Europe/Berlin' });

    const broad = await h.interact(h.fake.fixtures.autocomplete({ name: 'tips', subcommand: 'set', focused: { name: 'timezone', value: 'a' } }));
    expect(broad.body.data.choices).toHaveLength(25);

    const german = await h.interact(h.fake.fixtures.autocomplete({ name: 'tips', subcommand: 'set', guildId: DE_GUILD, focused: { name: 'timezone', value: '' } }));
    const zones = german.body.data.choices.map((c: { value: string }) => c.value);
    expect(zones[0]).toBe('Europe/Berlin');
    expect(zones.length).toBeLessThanOrEqual(25);
    expect(zones).toContain('America/New_York');

    const english = await h.interact(h.fake.fixtures.autocomplete({ name: 'tips', subcommand: 'set', focused: { name: 'timezone', value: '' } }));
    expect(english.body.data.choices[0].value).toBe('America/New_York');
    for (const c of english.body.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('every score in a server is remembered as missed topics, never as text; DMs are not', async () => {
    const h = await tipsBot();
    const post = 'Big news! Our new product launches Friday. Check it out at https://example.com';
    // each scoring reply is acknowledged first and filled in by an edit; the score is remembered by then
    const answer = (payload: Parameters<typeof h.fake.sendInteraction>[0]) => answerOf(h.fake, h.fake.sendInteraction(payload));
    const sent = h.fake.sendInteraction(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post } }));
    const slash = await answerOf(h.fake, sent);
    const platformButton = customIds(slash.data).find((c) => c.startsWith('platform:'))!;
    await answer(h.fake.fixtures.button({ customId: platformButton, message: h.fake.getInteraction(sent.id)!.original! }));
    await answer(h.fake.fixtures.modalSubmit({ customId: 'score:auto:0', fields: { post, platform: 'facebook' }, labels: true }));
    await answer(h.fake.fixtures.messageCommand({ name: 'Score this post', target: { content: post } }));
    h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: `facebook: ${post}` }));
    await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${DEFAULT_IDS.textChannel}/messages`);
    await answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post }, dm: true }));

    const rows = h.db.prepare('SELECT * FROM score_history ORDER BY id').all() as Array<{ guild_id: string; score: number; missing: string }>;
    expect(rows).toHaveLength(5); // slash, platform button, form, context menu, mention; not the DM
    for (const row of rows) {
      expect(row.guild_id).toBe(DEFAULT_IDS.guild);
      const missing = JSON.parse(row.missing) as string[];
      expect(missing.length).toBeGreaterThan(0);
      for (const id of missing) expect(id).toMatch(/^[a-z0-9_.-]+$/);
    }
    const everything = JSON.stringify(h.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => h.db.prepare(`SELECT * FROM "${(t as { name: string }).name}"`).all()));
    expect(everything).not.toContain('launches');
    expect(everything).not.toContain('example.com');
  });

  it('survives a restart: a bot back within the catch-up window posts the missed tip once on start', async () => {
    const clock = testClock(MONDAY_0700Z);
    const first = await startTipsBot({ clock, fakeOptions: { guilds: GUILDS } });
    const { fake, dataDir } = first;
    let second: TipsHarness | undefined;
    try {
      await setNineBerlin(first);
      await first.close({ fake: true, data: true });

      clock.set('2025-03-10T08:20:00Z'); // down at 09:00 Berlin, back at 09:20
      second = await startTipsBot({ clock, fake, dataDir, cron: true });
      // the cron's start-up tick posts it; wait until it has recorded the message id
      await vi.waitFor(async () => expect((await second!.dailyTips.status(DEFAULT_IDS.guild))?.lastPost).toMatchObject({ localDate: '2025-03-10', status: 'posted' }));
      expect(await second.dailyTips.tick()).toMatchObject({ due: 0, posted: 0 });
      expect(second.posts(TIPS)).toHaveLength(1);
    } finally {
      await second?.close();
      await fake.close();
    }
  });
});
