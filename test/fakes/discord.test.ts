/**
 * Proves the fake Discord API + gateway works with the real, unmodified discord.js client.
 */
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  Partials,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  type ClientOptions,
  type Interaction,
  type Message,
  type TextChannel,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, DEFAULT_USER, OTHER_USER, startFakeDiscord, type FakeDiscord } from './discord/index.ts';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

let fake: FakeDiscord;
let client: Client | undefined;
let handlerErrors: unknown[];

beforeEach(async () => {
  handlerErrors = [];
  fake = await startFakeDiscord({ heartbeatIntervalMs: 300 });
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake.close();
  expect(handlerErrors).toEqual([]);
});

/** Logs a real discord.js client into the fake and waits until it is fully ready (guilds received). */
async function startClient(extra: Partial<ClientOptions> = {}): Promise<Client> {
  const c = new Client({
    intents: INTENTS,
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl, timeout: 5_000 },
    // The default identify throttler waits ~5 s between two IDENTIFYs of the same shard;
    // only the op 9 (non-resumable) test re-identifies, but keep every client fast.
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    ...extra,
  });
  client = c;
  const ready = once(c, Events.ClientReady, { signal: AbortSignal.timeout(5_000) });
  await c.login(fake.token);
  await ready;
  return c;
}

/** Registers an interactionCreate handler whose failures are collected (and fail the test). */
function onInteraction(c: Client, handler: (interaction: Interaction) => Promise<unknown>): void {
  c.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => handlerErrors.push(error));
  });
}

function waitForEvent(c: Client, event: string, timeoutMs = 5_000): Promise<unknown[]> {
  return once(c, event, { signal: AbortSignal.timeout(timeoutMs) });
}

// Longer than waitForRequest's 5 s default so a missing request fails with the fake's descriptive error.
describe('fake Discord with the real discord.js client', { timeout: 10_000 }, () => {
  it('logs in: READY, GUILD_CREATE, permissions and IDENTIFY intents', async () => {
    const c = await startClient();

    expect(c.user?.id).toBe(fake.botUser.id);
    expect(c.application?.id).toBe(fake.applicationId);
    expect(c.guilds.cache.size).toBe(fake.guilds.length);
    const guild = c.guilds.cache.get(DEFAULT_IDS.guild);
    expect(guild?.preferredLocale).toBe('en-US');
    const channel = guild?.channels.cache.get(DEFAULT_IDS.textChannel);
    expect(channel?.type).toBe(ChannelType.GuildText);
    const me = guild?.members.me;
    expect(me).toBeTruthy();
    const perms = channel && me ? channel.permissionsFor(me) : null;
    expect(perms?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks])).toBe(true);
    expect(perms?.has(PermissionFlagsBits.ManageMessages)).toBe(false);

    const identify = await fake.waitForGatewayPayload((p) => p.op === 2);
    expect(identify.d.intents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    );
    expect(identify.d.token).toBe(fake.token);
    expect(fake.identifyCount).toBe(1);
    expect(fake.gatewayConnections[0]?.path).toBe('/gateway');
    expect(fake.gatewayConnections[0]?.query).toEqual({ v: '10', encoding: 'json' });

    const gatewayBot = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.requests.filter((r) => r.route === null)).toEqual([]);
  });

  it('custom guild config: several guilds, locales, channels and restricted bot permissions', async () => {
    await fake.close();
    fake = await startFakeDiscord({
      heartbeatIntervalMs: 300,
      guilds: [
        {},
        {
          id: '1300000000000000000',
          name: 'Fanclub DE',
          preferredLocale: 'de',
          botPermissions: 0n,
          channels: [
            { id: '1300000000000000010', name: 'allgemein' },
            { id: '1300000000000000011', name: 'ankündigungen' },
          ],
        },
      ],
    });
    const c = await startClient();
    expect(c.guilds.cache.size).toBe(2);
    const de = c.guilds.cache.get('1300000000000000000');
    expect(de?.preferredLocale).toBe('de');
    expect(de?.channels.cache.map((ch) => ch.name).sort()).toEqual(['allgemein', 'ankündigungen']);
    const channel = de?.channels.cache.get('1300000000000000011') as TextChannel;
    // @everyone may send, but the bot's own role grants nothing extra: no Embed Links.
    expect(channel.permissionsFor(de!.members.me!).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(channel.permissionsFor(de!.members.me!).has(PermissionFlagsBits.EmbedLinks)).toBe(false);

    const guildLocales: Array<string | null> = [];
    onInteraction(c, async (interaction) => {
      guildLocales.push(interaction.guildLocale);
      if (interaction.isChatInputCommand()) await interaction.reply('ok');
    });
    const { id } = fake.sendInteraction(
      fake.fixtures.slash({ name: 'check', guildId: '1300000000000000000', channelId: '1300000000000000011' }),
    );
    await fake.waitForInteractionResponse(id);
    expect(guildLocales).toEqual(['de']);
    const payload = fake.getInteraction(id)?.payload;
    expect(BigInt(payload?.app_permissions as string) & PermissionFlagsBits.EmbedLinks).toBe(0n);
  });

  it('rejects a wrong token like Discord (401 → TokenInvalid)', async () => {
    const c = new Client({ intents: INTENTS, rest: { api: fake.apiUrl } });
    client = c;
    await expect(c.login('MTE4.bad.token')).rejects.toThrow(/token/i);
    expect(fake.requests.at(-1)?.status).toBe(401);
  });

  it('slash command reply with an embed and allowedMentions is recorded as callback type 4', async () => {
    const c = await startClient();
    const seen: Array<{ locale: string; sub: string | null; text: string; guildId: string | null }> = [];
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push({
        locale: interaction.locale,
        sub: interaction.options.getSubcommand(false),
        text: interaction.options.getString('text', true),
        guildId: interaction.guildId,
      });
      await interaction.reply({
        embeds: [new EmbedBuilder().setTitle('Verdict').setDescription('Fans will love it')],
        allowedMentions: { parse: [] },
      });
    });

    const { id, token } = fake.sendInteraction(
      fake.fixtures.slash({ name: 'check', subcommand: 'post', options: { text: 'Hello fans', platform: 'x' }, locale: 'de' }),
    );
    const request = await fake.waitForInteractionResponse(id);

    expect(request.path).toBe(`/interactions/${id}/${token}/callback`);
    expect(request.method).toBe('POST');
    expect(request.status).toBe(204);
    expect(request.query.with_response).toBe('false');
    expect(request.body.type).toBe(4);
    expect(request.body.data.embeds).toEqual([
      expect.objectContaining({ title: 'Verdict', description: 'Fans will love it' }),
    ]);
    expect(request.body.data.allowed_mentions).toEqual({ parse: [] });
    expect(seen).toEqual([{ locale: 'de', sub: 'post', text: 'Hello fans', guildId: DEFAULT_IDS.guild }]);
    expect(fake.getInteraction(id)?.original?.embeds).toHaveLength(1);
  });

  it('reply withResponse returns the interaction callback response', async () => {
    const c = await startClient();
    const results: Array<{ messageId: string | undefined; content: string | undefined }> = [];
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({ content: 'hi', withResponse: true });
      results.push({ messageId: response.resource?.message?.id, content: response.resource?.message?.content });
    });
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    const request = await fake.waitForInteractionResponse(id);
    expect(request.query.with_response).toBe('true');
    await expect.poll(() => results.length).toBe(1);
    expect(results[0]).toEqual({ messageId: fake.getInteraction(id)?.original?.id, content: 'hi' });
  });

  it('deferReply + editReply hits PATCH @original; followUp hits POST webhook', async () => {
    const c = await startClient();
    const edited: Message[] = [];
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      edited.push(await interaction.editReply({ content: 'Done thinking' }));
      edited.push(await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral }));
    });

    const { id, token } = fake.sendInteraction(fake.fixtures.slash({ name: 'check' }));
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.applicationId}/${token}`);
    const defer = fake.requests.find((r) => r.path === `/interactions/${id}/${token}/callback`);
    const patch = fake.requests.find((r) => r.method === 'PATCH');

    expect(defer?.body).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(patch?.path).toBe(`/webhooks/${fake.applicationId}/${token}/messages/@original`);
    expect(patch?.body.content).toBe('Done thinking');
    expect(patch?.status).toBe(200);
    expect(followUp.query.wait).toBe('true');
    expect(followUp.body.content).toBe('One more thing');
    await expect.poll(() => edited.length).toBe(2);
    expect(edited[0]?.content).toBe('Done thinking');
    expect(edited[1]?.content).toBe('One more thing');
    expect(fake.getInteraction(id)?.followUps.map((m) => m.content)).toEqual(['One more thing']);
  });

  it('showModal sends type 9 with components; the modal submit comes back', async () => {
    const c = await startClient();
    const submitted: string[] = [];
    onInteraction(c, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('draft')
            .setTitle('Your draft')
            .addComponents(
              new ActionRowBuilder<TextInputBuilder>().addComponents(
                new TextInputBuilder().setCustomId('text').setLabel('Post text').setStyle(TextInputStyle.Paragraph),
              ),
            ),
        );
      } else if (interaction.isModalSubmit()) {
        submitted.push(interaction.fields.getTextInputValue('text'));
        await interaction.reply({ content: `Got ${interaction.customId}`, flags: MessageFlags.Ephemeral });
      }
    });

    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'draft' }));
    const modal = await fake.waitForInteractionResponse(id);
    expect(modal.body.type).toBe(9);
    expect(modal.body.data).toMatchObject({
      custom_id: 'draft',
      title: 'Your draft',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'text', label: 'Post text', style: 2 }] }],
    });

    const submit = fake.sendInteraction(fake.fixtures.modalSubmit({ customId: 'draft', fields: { text: 'Big news!' } }));
    const reply = await fake.waitForInteractionResponse(submit.id);
    expect(reply.body).toMatchObject({ type: 4, data: { content: 'Got draft', flags: MessageFlags.Ephemeral } });

    const labelled = fake.sendInteraction(
      fake.fixtures.modalSubmit({ customId: 'draft', fields: { text: 'Label layout' }, labels: true }),
    );
    await fake.waitForInteractionResponse(labelled.id);
    expect(submitted).toEqual(['Big news!', 'Label layout']);
  });

  it('message context menu, button update, string select, autocomplete and user command payloads work', async () => {
    const c = await startClient();
    const log: string[] = [];
    onInteraction(c, async (interaction) => {
      if (interaction.isMessageContextMenuCommand()) {
        log.push(`message:${interaction.targetMessage.content}:${interaction.targetId === interaction.targetMessage.id}`);
        await interaction.reply({ content: 'checked', flags: MessageFlags.Ephemeral });
      } else if (interaction.isUserContextMenuCommand()) {
        log.push(`user:${interaction.targetUser.username}:${interaction.targetMember ? 'member' : 'none'}`);
        await interaction.reply({ content: 'user checked' });
      } else if (interaction.isButton()) {
        log.push(`button:${interaction.customId}:${interaction.message.author.id === c.user?.id}`);
        await interaction.update({ content: 'Updated', components: [] });
      } else if (interaction.isStringSelectMenu()) {
        log.push(`select:${interaction.values.join(',')}`);
        await interaction.deferUpdate();
      } else if (interaction.isAutocomplete()) {
        const focused = interaction.options.getFocused(true);
        log.push(`auto:${focused.name}=${focused.value}`);
        await interaction.respond([{ name: 'Facebook', value: 'facebook' }]);
      }
    });

    const msgCmd = fake.sendInteraction(
      fake.fixtures.messageCommand({ name: 'Check post', target: { content: 'Our new single drops Friday!' } }),
    );
    expect((await fake.waitForInteractionResponse(msgCmd.id)).body.type).toBe(4);

    const userCmd = fake.sendInteraction(fake.fixtures.userCommand({ name: 'Profile', target: OTHER_USER }));
    await fake.waitForInteractionResponse(userCmd.id);

    const button = fake.sendInteraction(fake.fixtures.button({ customId: 'fix:1' }));
    const update = await fake.waitForInteractionResponse(button.id);
    expect(update.body).toEqual({ type: 7, data: expect.objectContaining({ content: 'Updated', components: [] }) });

    const select = fake.sendInteraction(fake.fixtures.stringSelect({ customId: 'tone', values: ['friendly'] }));
    expect((await fake.waitForInteractionResponse(select.id)).body).toEqual({ type: 6 });

    const auto = fake.sendInteraction(
      fake.fixtures.autocomplete({ name: 'check', options: { text: 'hi' }, focused: { name: 'platform', value: 'fa' } }),
    );
    const choices = await fake.waitForInteractionResponse(auto.id);
    expect(choices.body).toEqual({ type: 8, data: { choices: [{ name: 'Facebook', value: 'facebook' }] } });

    expect(log).toEqual([
      'message:Our new single drops Friday!:true',
      'user:fan_felix:member',
      'button:fix:1:true',
      'select:friendly',
      'auto:platform=fa',
    ]);
  });

  it('rejects callbacks Discord would reject (double ack, wrong type)', async () => {
    const c = await startClient();
    const errors: unknown[] = [];
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('first');
      // Bypass discord.js' own "already replied" guard to hit the API a second time.
      await c.rest
        .post(`/interactions/${interaction.id}/${interaction.token}/callback`, { body: { type: 4, data: { content: 'again' } }, auth: false })
        .catch((error: unknown) => errors.push(error));
    });
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`) && r.status === 400);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect((errors[0] as DiscordAPIError).code).toBe(40060);

    // A message reply to an autocomplete interaction is an invalid response type.
    const auto = fake.sendInteraction(fake.fixtures.autocomplete({ name: 'check', focused: { name: 'text', value: '' } }));
    await expect(
      c.rest.post(`/interactions/${auto.id}/${auto.token}/callback`, { body: { type: 4, data: { content: 'no' } }, auth: false }),
    ).rejects.toMatchObject({ code: 50035 });
    // Unknown interaction (wrong token).
    await expect(
      c.rest.post(`/interactions/${auto.id}/not-the-token/callback`, { body: { type: 8, data: { choices: [] } }, auth: false }),
    ).rejects.toMatchObject({ code: 10062 });
  });

  it('DM variants: slash command in a DM and DM / guild messages reach messageCreate', async () => {
    const c = await startClient();
    const seen: string[] = [];
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push(`slash:${interaction.inGuild()}:${interaction.channel?.type}:${interaction.user.id}`);
      await interaction.reply('dm reply');
    });
    c.on(Events.MessageCreate, (message) => {
      if (message.author.bot) return;
      seen.push(`message:${message.channel.type}:${message.content}:${message.mentions.users.has(fake.botUser.id)}`);
      message.reply('ok').catch((error: unknown) => handlerErrors.push(error));
    });

    const dmSlash = fake.sendInteraction(fake.fixtures.slash({ name: 'check', dm: true, options: { text: 'x' } }));
    await fake.waitForInteractionResponse(dmSlash.id);

    fake.sendMessage(fake.fixtures.dmMessage({ content: 'hello bot' }));
    const dmChannel = fake.dmChannelFor(DEFAULT_USER);
    const dmReply = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${dmChannel.id}/messages`);
    expect(dmReply.body.content).toBe('ok');

    fake.sendMessage(fake.fixtures.guildMessage({ content: 'rate my post' }));
    const guildReply = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${DEFAULT_IDS.textChannel}/messages`,
    );
    expect(guildReply.body.message_reference).toMatchObject({ message_id: expect.any(String) });

    expect(seen).toEqual([
      `slash:false:${ChannelType.DM}:${DEFAULT_USER.id}`,
      `message:${ChannelType.DM}:hello bot:false`,
      `message:${ChannelType.GuildText}:<@${fake.botUser.id}> rate my post:true`,
    ]);
  });

  it('a 429 on the callback route is waited out and retried', async () => {
    const c = await startClient();
    onInteraction(c, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('after rate limit');
    });
    fake.failNext({ method: 'POST', pathPattern: CALLBACK, status: 429, retryAfter: 0.05 });

    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await fake.waitForInteractionResponse(id);
    const attempts = fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]?.response).toMatchObject({ retry_after: 0.05, global: false });
    expect(attempts[1]?.body.data.content).toBe('after rate limit');
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it('a 429 on a bucketed route (channel messages) is waited out and retried', async () => {
    const c = await startClient();
    fake.failNext({ method: 'POST', pathPattern: /^\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.05 });
    const channel = c.channels.cache.get(DEFAULT_IDS.textChannel) as TextChannel;
    const message = await channel.send('hello');
    expect(message.content).toBe('hello');
    expect(fake.requests.filter((r) => r.route === '/channels/:channel/messages').map((r) => r.status)).toEqual([429, 200]);
  });

  it('5xx on POST /channels/:id/messages is retried until it succeeds', async () => {
    const c = await startClient();
    const channel = c.channels.cache.get(DEFAULT_IDS.textChannel) as TextChannel;
    const path = `/channels/${DEFAULT_IDS.textChannel}/messages`;

    fake.failNext({ method: 'POST', pathPattern: /^\/channels\/\d+\/messages$/, status: 500 });
    const first = await channel.send({ embeds: [new EmbedBuilder().setTitle('Tip')] });
    expect(first.embeds[0]?.title).toBe('Tip');
    expect(fake.requests.filter((r) => r.path === path).map((r) => r.status)).toEqual([500, 200]);

    fake.clearRequests();
    fake.failNext({ method: 'POST', pathPattern: /^\/channels\/\d+\/messages$/, status: 502 });
    fake.failNext({ method: 'POST', pathPattern: /^\/channels\/\d+\/messages$/, status: 503 });
    await channel.send('second');
    expect(fake.requests.filter((r) => r.path === path).map((r) => r.status)).toEqual([502, 503, 200]);
  });

  it('channel errors: missing permissions and unknown channel surface as DiscordAPIError', async () => {
    const c = await startClient();
    const channel = c.channels.cache.get(DEFAULT_IDS.textChannel) as TextChannel;
    fake.setChannelError(DEFAULT_IDS.textChannel, 403);
    await expect(channel.send('x')).rejects.toMatchObject({ code: 50013, status: 403 });
    fake.setChannelError(DEFAULT_IDS.textChannel, 404);
    await expect(channel.send('x')).rejects.toMatchObject({ code: 10003, status: 404 });
    fake.clearChannelError(DEFAULT_IDS.textChannel);
    await expect(channel.send('x')).resolves.toBeTruthy();
  });

  it('validates like Discord: content over 2000 characters is a 50035', async () => {
    const c = await startClient();
    const channel = c.channels.cache.get(DEFAULT_IDS.textChannel) as TextChannel;
    await expect(channel.send('x'.repeat(2001))).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it('records multipart uploads: payload_json as body, files with name, type and size', async () => {
    const c = await startClient();
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({
        content: 'report attached',
        files: [new AttachmentBuilder(Buffer.from('a,b\n1,2\n'), { name: 'report.csv' })],
      });
    });
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'report' }));
    const request = await fake.waitForInteractionResponse(id);
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(request.body).toMatchObject({ type: 4, data: { content: 'report attached' } });
    expect(request.files).toEqual([
      // discord.js sniffs the type from the bytes (magic-bytes.js); CSV has none → octet-stream.
      expect.objectContaining({ field: 'files[0]', name: 'report.csv', contentType: 'application/octet-stream', size: 8 }),
    ]);
    expect(fake.getInteraction(id)?.original?.attachments).toEqual([
      expect.objectContaining({ filename: 'report.csv', size: 8 }),
    ]);
  });

  it('attachment options: the upload resolves in discord.js and downloads from the fake', async () => {
    const c = await startClient();
    let downloaded = '';
    let seen: { name: string; size: number; contentType: string | null } | undefined;
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const file = interaction.options.getAttachment('file', true);
      seen = { name: file.name, size: file.size, contentType: file.contentType };
      downloaded = await (await fetch(file.url)).text();
      await interaction.reply({ content: 'got it' });
    });
    const attachment = fake.uploadAttachment('posts.csv', Buffer.from('Post id,Post text\n1,Hello\n'));
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'audit', attachments: { file: attachment } }));
    await fake.waitForInteractionResponse(id);
    expect(seen).toEqual({ name: 'posts.csv', size: 26, contentType: 'text/csv; charset=utf-8' });
    expect(downloaded).toBe('Post id,Post text\n1,Hello\n');
  });

  it('dropConnections (close 4000) → client RESUMEs on resume_gateway_url and missed events are replayed', async () => {
    const c = await startClient();
    const handled: string[] = [];
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      handled.push(interaction.id);
      await interaction.reply('still here');
    });
    const resumed = waitForEvent(c, Events.ShardResume);

    fake.dropConnections();
    // Dispatched while the client is disconnected: buffered in the session, replayed on RESUME.
    const missed = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await resumed;
    await fake.waitForInteractionResponse(missed.id);

    const after = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await fake.waitForInteractionResponse(after.id);

    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
    expect(fake.gatewayConnections.map((conn) => conn.path)).toEqual(['/gateway', '/gateway-resume']);
    const resume = await fake.waitForGatewayPayload((p) => p.op === 6);
    expect(resume.d).toMatchObject({ token: fake.token, session_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(resume.d.seq).toBeGreaterThanOrEqual(2); // READY + GUILD_CREATE were received before the drop
    expect(handled).toEqual([missed.id, after.id]);
  });

  it('network-level drop (terminate) → RESUME', async () => {
    const c = await startClient();
    onInteraction(c, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('ok');
    });
    const resumed = waitForEvent(c, Events.ShardResume);
    fake.dropConnections('terminate');
    await resumed;
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await fake.waitForInteractionResponse(id);
    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
  });

  it('op 7 RECONNECT → client reconnects and RESUMEs', async () => {
    const c = await startClient();
    onInteraction(c, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('ok');
    });
    const resumed = waitForEvent(c, Events.ShardResume);
    fake.requestReconnect();
    await resumed;
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await fake.waitForInteractionResponse(id);
    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
    expect(fake.connectionCount).toBe(2);
  });

  it('op 9 INVALID_SESSION (not resumable) → client IDENTIFYs again', async () => {
    const c = await startClient();
    onInteraction(c, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('ok');
    });
    const shardReady = waitForEvent(c, Events.ShardReady);
    fake.invalidateSession(false);
    await shardReady;
    expect(fake.identifyCount).toBe(2);
    expect(fake.resumeCount).toBe(0);
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await fake.waitForInteractionResponse(id);
  });

  it('op 9 INVALID_SESSION (resumable) → client RESUMEs on the same connection', async () => {
    const c = await startClient();
    const resumed = waitForEvent(c, Events.ShardResume);
    fake.invalidateSession(true);
    await resumed;
    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
    expect(fake.connectionCount).toBe(1);
  });

  it('answers heartbeats with op 11', async () => {
    const c = await startClient();
    await fake.waitForGatewayPayload((p) => p.op === 1);
    await expect.poll(() => c.ws.ping, { timeout: 2_000 }).toBeGreaterThanOrEqual(0);
  });

  it('bulk command overwrite (global and guild) is stored and returned by GET', async () => {
    const c = await startClient();
    const definitions = [
      {
        name: 'check',
        description: 'Check a planned post',
        options: [{ name: 'text', description: 'Post text', type: ApplicationCommandOptionType.String as const, required: true }],
      },
      { name: 'Check post', type: ApplicationCommandType.Message as const },
    ];
    const created = await c.application!.commands.set(definitions);
    expect(created.size).toBe(2);
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(put?.body).toHaveLength(2);

    const fetched = await c.application!.commands.fetch();
    expect([...fetched.values()].map((cmd) => cmd.name).sort()).toEqual(['Check post', 'check']);
    expect([...fetched.keys()].sort()).toEqual([...created.keys()].sort());

    // Re-deploying keeps ids (Discord matches by name + type).
    const again = await c.application!.commands.set(definitions);
    expect([...again.keys()].sort()).toEqual([...created.keys()].sort());

    const guild = c.guilds.cache.get(DEFAULT_IDS.guild)!;
    await guild.commands.set([{ name: 'guildonly', description: 'Guild command' }]);
    const guildCommands = await guild.commands.fetch();
    expect([...guildCommands.values()].map((cmd) => cmd.name)).toEqual(['guildonly']);
    expect(fake.world.commandScope(DEFAULT_IDS.guild)).toHaveLength(1);

    // Slash fixtures reuse the registered command id.
    const payload = fake.fixtures.slash({ name: 'check' });
    expect((payload.data as { id: string }).id).toBe(created.find((cmd) => cmd.name === 'check')?.id);

    await expect(c.application!.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({ code: 50035 });
  });

  it('without MESSAGE_CONTENT, guild messages only carry content when they mention the bot', async () => {
    const c = await startClient();
    const received: string[] = [];
    c.on(Events.MessageCreate, (message) => {
      if (!message.author.bot) received.push(message.content);
    });
    fake.sendMessage(fake.fixtures.guildMessage({ content: 'not for the bot', mentionBot: false }));
    fake.sendMessage(fake.fixtures.guildMessage({ content: 'for the bot' }));
    fake.sendMessage(fake.fixtures.dmMessage({ content: 'dm text' }));
    await expect.poll(() => received.length).toBe(3);
    expect(received).toEqual(['', `<@${fake.botUser.id}> for the bot`, 'dm text']);
  });

  it('privileged intents the app may not use close the gateway with 4014 (login rejects)', async () => {
    await fake.close();
    fake = await startFakeDiscord({ heartbeatIntervalMs: 300, allowedPrivilegedIntents: 0 });
    await expect(
      startClient({ intents: [...INTENTS, GatewayIntentBits.MessageContent] }),
    ).rejects.toThrow(/disallowed intents/i);
  });

  it('REST read/edit routes discord.js uses: fetch channel/guild/member, DMs, reactions, typing, reply management', async () => {
    const c = await startClient();
    const channel = (await c.channels.fetch(DEFAULT_IDS.textChannel, { force: true })) as TextChannel;
    expect(channel.name).toBe('general');
    const guild = await c.guilds.fetch({ guild: DEFAULT_IDS.guild, force: true });
    expect(guild.name).toBe(fake.guilds[0]?.name);
    const member = await guild.members.fetch({ user: DEFAULT_USER.id, force: true });
    expect(member.user.username).toBe(DEFAULT_USER.username);
    await expect(guild.members.fetch({ user: '1', force: true })).rejects.toMatchObject({ code: 10007 });

    const user = await c.users.fetch(OTHER_USER.id, { force: true });
    const dm = await user.send('hi there');
    expect(dm.channel.type).toBe(ChannelType.DM);
    expect(fake.requests.find((r) => r.path === '/users/@me/channels')?.body).toEqual({ recipient_id: OTHER_USER.id });

    const sent = await channel.send('react to me');
    await sent.react('👍');
    expect(fake.requests.at(-1)?.path).toBe(`/channels/${channel.id}/messages/${sent.id}/reactions/👍/@me`);
    await channel.sendTyping();
    const edited = await sent.edit('edited');
    expect(edited.editedTimestamp).not.toBeNull();
    await sent.delete();
    expect(fake.world.message(channel.id, sent.id)).toBeUndefined();

    const done: string[] = [];
    onInteraction(c, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('first');
      const reply = await interaction.fetchReply();
      const followUp = await interaction.followUp('second');
      await interaction.editReply({ message: followUp.id, content: 'second (edited)' });
      await interaction.deleteReply();
      done.push(reply.content, followUp.content);
    });
    const { id, token } = fake.sendInteraction(fake.fixtures.slash({ name: 'ping' }));
    await fake.waitForRequest((r) => r.method === 'DELETE' && r.path === `/webhooks/${fake.applicationId}/${token}/messages/@original`);
    await expect.poll(() => done).toEqual(['first', 'second']);
    const stored = fake.getInteraction(id);
    expect(stored?.original).toBeNull();
    expect(stored?.followUps.map((m) => m.content)).toEqual(['second (edited)']);
    expect(fake.requests.filter((r) => r.route === null)).toEqual([]);
  });

  it('echoes the bot’s own messages as MESSAGE_CREATE (bots must ignore themselves)', async () => {
    const c = await startClient();
    const channel = c.channels.cache.get(DEFAULT_IDS.textChannel) as TextChannel;
    const echoed = waitForEvent(c, Events.MessageCreate);
    const sent = await channel.send('echo me');
    const [received] = (await echoed) as [Message];
    expect(received.id).toBe(sent.id);
    expect(received.author.id).toBe(fake.botUser.id);
  });

  it('buttons built by discord.js round-trip through the fake', async () => {
    const c = await startClient();
    onInteraction(c, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: 'Choose',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('apply').setLabel('Apply').setStyle(ButtonStyle.Primary),
            ),
          ],
        });
      } else if (interaction.isButton()) {
        await interaction.deferUpdate();
        await interaction.editReply({ content: 'Applied', components: [] });
      }
    });
    const { id } = fake.sendInteraction(fake.fixtures.slash({ name: 'check' }));
    await fake.waitForInteractionResponse(id);
    const original = fake.getInteraction(id)?.original;
    expect(original?.components).toHaveLength(1);

    const click = fake.sendInteraction(fake.fixtures.button({ customId: 'apply', message: original! }));
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'));
    expect(edit.response).toMatchObject({ id: original?.id, content: 'Applied', components: [] });
    expect(fake.getInteraction(click.id)?.response?.type).toBe(6);
  });
});
