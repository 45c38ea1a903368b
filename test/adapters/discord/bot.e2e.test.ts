/**
 * The bot end to end: the real discord.js client, started by createBot, against the fake Discord
 * API and gateway on 127.0.0.1, driven as a user would. Assertions are on what the bot sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, makeUser, type MessageData } from '../../fakes/discord/index.ts';
import { answerOf, CALLBACK, customIds, EPHEMERAL, startBot, type BotHarness } from './harness.ts';

let h: BotHarness;

beforeAll(async () => {
  // why: a configured model shows the Rewrite button; nothing in this suite clicks it, so no server listens there
  h = await startBot({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
});

afterAll(async () => {
  await h?.close();
});

const POST = 'Big news! Our new product launches Friday. Check it out at https://example.com';

function score(options: Record<string, string | boolean>, extra: { locale?: string; dm?: boolean } = {}) {
  return h.fake.fixtures.slash({ name: 'score', options, ...extra });
}

/** The message the bot answered an interaction with (what a button click is attached to). */
function original(id: string): MessageData {
  const message = h.fake.getInteraction(id)?.original;
  if (!message) throw new Error(`no original message for interaction ${id}`);
  return message;
}

describe('fanpage-advisor bot against the fake Discord', { timeout: 15_000 }, () => {
  it('registers its commands on ready with one bulk PUT', () => {
    const puts = h.fake.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.path).toBe(`/applications/${h.fake.applicationId}/commands`);
    const body = puts[0]?.body as Array<{ name: string; type?: number; name_localizations?: Record<string, string> }>;
    expect(body.map((c) => c.name).sort()).toEqual(['Score this post', 'ask', 'audit', 'explain', 'help', 'rewrite', 'rules', 'score', 'study', 'tips']);
    expect(body.find((c) => c.name === 'score')?.name_localizations).toEqual({ de: 'bewerten' });
    expect(body.find((c) => c.name === 'rewrite')?.name_localizations).toEqual({ de: 'umschreiben' });
    expect(body.find((c) => c.name === 'ask')?.name_localizations).toEqual({ de: 'fragen' });
    expect(body.find((c) => c.name === 'Score this post')).toMatchObject({ type: 3, name_localizations: { de: 'Post bewerten' } });
    expect(h.records.find((r) => r.msg === 'ready')).toMatchObject({ guilds: 1, commands: { scope: 'global', changed: true } });
  });

  it('/score with options: acknowledged privately at once, then an embed with score, suggestions and buttons, pinging nobody', async () => {
    const { callback, data } = await h.answer(score({ platform: 'twitter', post: POST }));
    // acknowledge first: a private deferral, the score follows as an edit of it
    expect(callback.body.type).toBe(5);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(data.allowed_mentions.parse).toEqual([]);
    const embed = data.embeds[0];
    expect(embed.title).toMatch(/^Score \d+\/100 · (strong|ok|weak)$/);
    expect(embed.description).toMatch(/X weighted length \d+\/280/);
    expect(embed.fields.some((f: { name: string }) => /^\+\d+ points · /.test(f.name))).toBe(true);
    expect(embed.fields.find((f: { name: string }) => f.name.startsWith('+'))?.value).toMatch(/\d{4}/);
    const ids = customIds(data);
    expect(ids[0]).toMatch(/^why:[\w-]+$/);
    expect(ids[1]).toMatch(/^platform:[\w-]+:facebook$/);
    // a language model is configured in this suite, so the button shows
    expect(ids[2]).toMatch(/^rewrite:[\w-]+$/);
    expect(ids.every((c) => c.length <= 100 && !c.includes('launches'))).toBe(true);
  });

  it('public:true posts the score in the channel (no ephemeral flag)', async () => {
    const { callback, data } = await h.answer(score({ platform: 'facebook', post: POST, public: true }));
    expect(callback.body.type).toBe(5);
    expect(callback.body.data?.flags ?? 0).toBe(0);
    expect(data.embeds[0].description).toMatch(/Facebook \d+\/63,206 characters/);
  });

  it('/score without post opens a form, and the submitted form is scored', async () => {
    const modal = await h.interact(score({ platform: 'facebook', language: 'en' }));
    expect(modal.body.type).toBe(9);
    const form = modal.body.data;
    expect(form.custom_id).toBe('score:en:0');
    const inputs = form.components.map((c: { component: { custom_id: string; max_length?: number; value?: string } }) => c.component);
    expect(inputs[0]).toMatchObject({ custom_id: 'post', style: 2, max_length: 4000 });
    expect(inputs[1]).toMatchObject({ custom_id: 'platform', value: 'facebook' });

    const submitted = await h.answer(
      h.fake.fixtures.modalSubmit({ customId: form.custom_id, fields: { post: 'Fans only:\n20% off until Sunday!\nShop now.', platform: 'facebook' }, labels: true }),
    );
    expect(submitted.callback.body.type).toBe(5);
    expect(submitted.callback.body.data.flags).toBe(EPHEMERAL);
    expect(submitted.data.embeds[0].title).toMatch(/^Score \d+\/100/);
    expect(submitted.data.embeds[0].description).toContain('Facebook');
  });

  it('the "Score a post" button under a daily tip opens the same form', async () => {
    const modal = await h.interact(h.fake.fixtures.button({ customId: 'score-modal', locale: 'de' }));
    expect(modal.body.type).toBe(9);
    expect(modal.body.data).toMatchObject({ custom_id: 'score:auto:0', title: 'Post bewerten' });
  });

  it('a form with an unknown platform gets a friendly sentence', async () => {
    const reply = await h.interact(h.fake.fixtures.modalSubmit({ customId: 'score:auto:0', fields: { post: 'Hello fans', platform: 'myspace' } }));
    expect(reply.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringContaining('myspace') });
  });

  it('"Score this post" on a message scores its text; an empty message gets a friendly text', async () => {
    const scored = await h.answer(h.fake.fixtures.messageCommand({ name: 'Score this post', target: { content: POST } }));
    expect(scored.callback.body.type).toBe(5);
    expect(scored.callback.body.data.flags).toBe(EPHEMERAL);
    expect(scored.data.embeds[0].title).toMatch(/^Score \d+\/100/);

    const empty = await h.interact(h.fake.fixtures.messageCommand({ name: 'Score this post', target: { content: '' } }));
    expect(empty.body.data.content).toMatch(/no text I can read/);
    expect(empty.body.data.flags).toBe(EPHEMERAL);
  });

  it('Why? shows the findings behind the score: claim, both figures, source, year, caveat', async () => {
    const sent = h.fake.sendInteraction(score({ platform: 'twitter', post: POST }));
    const { id } = sent;
    const reply = await answerOf(h.fake, sent);
    const whyId = customIds(reply.data)[0]!;
    const why = await h.interact(h.fake.fixtures.button({ customId: whyId, message: original(id) }));
    expect(why.body.type).toBe(4);
    expect(why.body.data.flags).toBe(EPHEMERAL);
    const embed = why.body.data.embeds[0];
    expect(embed.title).toBe('The evidence behind this score');
    const deals = embed.fields.find((f: { name: string }) => f.name === 'Deals and promotions');
    expect(deals.value).toContain('83%');
    expect(deals.value).toContain('53%');
    expect(deals.value).toContain('Pivot Conference');
    expect(deals.value).toContain('2012');
    expect(deals.value).toContain('Caveat');
  });

  it('the platform button re-scores the same post for the other platform', async () => {
    const sent = h.fake.sendInteraction(score({ platform: 'twitter', post: POST }));
    const reply = await answerOf(h.fake, sent);
    const switchId = customIds(reply.data)[1]!;
    const update = await h.answer(h.fake.fixtures.button({ customId: switchId, message: original(sent.id) }));
    // a private score is replaced in place: acknowledged as an update, then edited
    expect(update.callback.body.type).toBe(6);
    expect(update.data.embeds[0].description).toMatch(/Facebook \d+\/63,206 characters/);
    expect(customIds(update.data)[1]).toMatch(/^platform:[\w-]+:twitter$/);

    const publicSent = h.fake.sendInteraction(score({ platform: 'twitter', post: POST, public: true }));
    const shared = await answerOf(h.fake, publicSent);
    const other = await h.answer(h.fake.fixtures.button({ customId: customIds(shared.data)[1]!, message: original(publicSent.id) }));
    // a public score stays as it is; the clicker gets the other platform privately
    expect(other.callback.body.type).toBe(5);
    expect(other.callback.body.data.flags).toBe(EPHEMERAL);
    expect(other.data.embeds[0].description).toMatch(/Facebook/);
  });

  it('says which kind of post it judged, and the Kind button judges it as another kind', async () => {
    const jane = "@jane_doe Sorry your order hasn't arrived! Please DM us your order number and we'll sort it out. ^Mike";
    const sent = h.fake.sendInteraction(score({ platform: 'twitter', post: jane }));
    const { id } = sent;
    // acknowledged first; the score follows as an edit (answerOf reads the message the user ends up with)
    const reply = await answerOf(h.fake, sent);
    const embed = reply.data.embeds[0];
    expect(embed.description).toContain('Judged as a reply to a customer (recognised from “@jane_doe”).');
    expect(JSON.stringify(embed.fields)).not.toMatch(/in public|€5 off/);
    const kindId = customIds(reply.data).at(-1)!;
    expect(kindId).toMatch(/^kind:[\w-]+:marketing$/);
    const update = await h.answer(h.fake.fixtures.button({ customId: kindId, message: original(id) }));
    // a private score is replaced in place: acknowledged as an update, then edited
    expect(update.callback.body.type).toBe(6);
    expect(update.data.embeds[0].description).toContain('Judged as a marketing post (your choice).');
    expect(customIds(update.data).at(-1)).toMatch(/^kind:[\w-]+:reply$/);
    // the platform button keeps the chosen kind
    const other = await h.answer(h.fake.fixtures.button({ customId: customIds(update.data)[1]!, message: original(id) }));
    expect(other.data.embeds[0].description).toContain('Judged as a marketing post (your choice).');
  });

  it('a button whose post has expired says so', async () => {
    const reply = await h.interact(h.fake.fixtures.button({ customId: 'why:doesnotexist' }));
    expect(reply.body.data).toMatchObject({ flags: EPHEMERAL, content: 'This score has expired – run /score again.' });
  });

  it('/explain autocompletes finding ids and titles in the user’s language, at most 25', async () => {
    const all = await h.interact(h.fake.fixtures.autocomplete({ name: 'explain', focused: { name: 'finding', value: '' } }));
    expect(all.body.type).toBe(8);
    expect(all.body.data.choices.length).toBe(25);
    const de = await h.interact(h.fake.fixtures.autocomplete({ name: 'explain', focused: { name: 'finding', value: 'rabatt' }, locale: 'de' }));
    expect(de.body.data.choices[0]).toEqual({ name: 'Rabatte (ibm-r-discount)', value: 'ibm-r-discount' });
  });

  it('/explain shows one finding in full; an unknown one gets a friendly sentence', async () => {
    const shown = await h.interact(h.fake.fixtures.slash({ name: 'explain', options: { finding: 'pivot-service' } }));
    const embed = shown.body.data.embeds[0];
    expect(embed.title).toBe('Customer service expectations (partly verified)');
    expect(embed.fields.map((f: { name: string }) => f.name)).toEqual(['Fans', 'Companies', 'Source', 'Evidence', 'Caveat']);
    expect(embed.fields[2].value).toContain('2012');
    expect(embed.fields[2].value).toContain('P1');

    const unknown = await h.interact(h.fake.fixtures.slash({ name: 'explain', options: { finding: 'zzzz' } }));
    expect(unknown.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringContaining('zzzz') });
  });

  it('/study shows the perception gap table and its chart; /help is short', async () => {
    const studied = await h.interact(h.fake.fixtures.slash({ name: 'study' }));
    const table = studied.body.data.embeds[0];
    expect(table.image).toEqual({ url: 'attachment://study.png' });
    expect(studied.files).toEqual([expect.objectContaining({ name: 'study.png', size: expect.any(Number) })]);
    expect(studied.files[0]!.data.subarray(1, 4).toString()).toBe('PNG');
    expect(table.fields[0].name).toBe('IBM Institute for Business Value, 2011');
    expect(table.fields[0].value).toMatch(/Discounts\s+61%\s+60%/);
    expect(table.fields[1].value).toMatch(/Deals and promotions\s+83%\s+53%/);

    const helped = await h.interact(h.fake.fixtures.slash({ name: 'help' }));
    expect(helped.body.data.embeds[0].description).toContain('/score');
    expect(helped.body.data.embeds[0].description.length).toBeLessThan(1200);
  });

  it('a German-locale user gets German', async () => {
    const { data } = await h.answer(score({ platform: 'twitter', post: POST }, { locale: 'de' }));
    const embed = data.embeds[0];
    expect(embed.title).toMatch(/^Bewertung \d+\/100 · (stark|okay|schwach)$/);
    expect(embed.description).toContain('X-gewichtete Länge');
    expect(customIds(data)).toHaveLength(5);
    expect(data.components[0].components[0].label).toBe('Warum?');
    expect(data.components[0].components[4].label).toBe('Als Antwort bewerten');
    expect(embed.description).toContain('Bewertet als Marketing-Post');
  });

  it('an empty post gets a friendly sentence, privately', async () => {
    const { callback, data } = await h.answer(score({ platform: 'twitter', post: '   ' }));
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(data).toMatchObject({ content: 'That post is empty. Paste the text you plan to publish.', embeds: [] });
  });

  it('a post with @everyone, @here, user and role mentions pings nobody', async () => {
    const text = 'Hey @everyone @here <@123456789012345678> <@&456456456456456456> 20% off today!';
    const reply = await h.answer(score({ platform: 'twitter', post: text, public: true }));
    expect(reply.data.allowed_mentions).toEqual({ parse: [], replied_user: false });

    h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: text }));
    const sent = await h.fake.waitForRequest((r) => r.method === 'POST' && r.route === '/channels/:channel/messages' && JSON.stringify(r.body).includes('20% off'));
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a mention in a channel is answered in the thread of that message', async () => {
    const message = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: `x: ${POST}` }));
    const sent = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${DEFAULT_IDS.textChannel}/messages` && r.body?.message_reference?.message_id === message.id);
    expect(sent.body.message_reference).toMatchObject({ message_id: message.id, fail_if_not_exists: false });
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(sent.body.embeds[0].title).toMatch(/^Score \d+\/100/);
    expect(sent.body.embeds[0].description).toContain('X weighted length');
    expect(sent.status).toBe(200);
  });

  it('a mention in a channel the bot may not post in is logged for the admins, and nothing breaks', async () => {
    h.fake.setChannelError(DEFAULT_IDS.textChannel, 403);
    try {
      const message = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: POST }));
      await h.fake.waitForRequest((r) => r.status === 403 && r.body?.message_reference?.message_id === message.id);
      await expect.poll(() => h.records.find((r) => r.msg === 'cannot answer in this channel')).toMatchObject({ level: 40, code: 50013 });
    } finally {
      h.fake.clearChannelError(DEFAULT_IDS.textChannel);
    }
    expect((await h.interact(h.fake.fixtures.slash({ name: 'help' }))).body.type).toBe(4);
  });

  it('a guild message that does not mention the bot is ignored', async () => {
    const ignored = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: 'Just chatting', mentionBot: false }));
    const next = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: 'help' }));
    await h.fake.waitForRequest((r) => r.body?.message_reference?.message_id === next.id);
    expect(h.fake.requests.some((r) => r.body?.message_reference?.message_id === ignored.id)).toBe(false);
  });

  it('a DM is scored and answered in the DM, in the post’s language', async () => {
    const user = makeUser('1170000000000000077', 'dm_dora');
    const message = h.fake.sendMessage(h.fake.fixtures.dmMessage({ content: 'facebook: Nur für Fans: 20 % Rabatt bis Sonntag!', author: user }));
    const channel = h.fake.dmChannelFor(user);
    const sent = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${channel.id}/messages`);
    expect(sent.body.message_reference.message_id).toBe(message.id);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(sent.body.embeds[0].title).toMatch(/^Bewertung \d+\/100/);
    expect(sent.body.embeds[0].description).toContain('Facebook');
  });

  it('an interaction dispatched while the gateway is down is answered after the resume', async () => {
    h.fake.dropConnections();
    const { data } = await answerOf(h.fake, h.fake.sendInteraction(score({ platform: 'twitter', post: POST })), 10_000);
    expect(data.embeds[0].title).toMatch(/^Score \d+\/100/);
    expect(h.fake.resumeCount).toBeGreaterThanOrEqual(1);
  });

  it('op 7 RECONNECT and a resumable INVALID_SESSION lose no interaction', async () => {
    h.fake.requestReconnect();
    const first = h.fake.sendInteraction(score({ platform: 'twitter', post: POST }));
    expect((await answerOf(h.fake, first, 10_000)).data.embeds).toHaveLength(1);
    h.fake.invalidateSession(true);
    const second = h.fake.sendInteraction(score({ platform: 'facebook', post: POST }));
    expect((await answerOf(h.fake, second, 10_000)).data.embeds).toHaveLength(1);
  });

  it('a 5xx on the callback route is retried until it goes through', async () => {
    h.fake.failNext({ method: 'POST', pathPattern: CALLBACK, status: 502 });
    const { id } = h.fake.sendInteraction(score({ platform: 'twitter', post: POST }));
    await h.fake.waitForInteractionResponse(id);
    expect(h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`)).map((r) => r.status)).toEqual([502, 204]);
  });

  it('a 429 on the callback route is waited out and the interaction answered once', async () => {
    h.fake.failNext({ method: 'POST', pathPattern: CALLBACK, status: 429, retryAfter: 0.05 });
    const { id } = h.fake.sendInteraction(score({ platform: 'twitter', post: POST }));
    await h.fake.waitForInteractionResponse(id);
    const attempts = h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(h.fake.getInteraction(id)?.response?.type).toBe(5);
  });

  it('logs no post text', () => {
    const text = JSON.stringify(h.records);
    expect(text).not.toContain('launches Friday');
    expect(text).not.toContain(h.fake.token);
  });
});
