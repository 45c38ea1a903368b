/**
 * Rewrites and /ask end to end: the real discord.js client against the fake Discord, and the real
 * openai client (built from config as `npm start` builds it) over HTTP against the fake
 * OpenAI-compatible server. Assertions are on what the bot sent to Discord and to the model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advise } from '../../../src/core/engine.ts';
import { FINDINGS_OPEN, QUESTION_OPEN } from '../../../src/core/ask.ts';
import { POST_CLOSE, POST_OPEN } from '../../../src/core/rewrite-prompt.ts';
import { DEFAULT_IDS, OTHER_USER, makeUser, type RecordedRequest, type UserData } from '../../fakes/discord/index.ts';
import { useFakeOpenAi } from '../../support/fake-openai.ts';
import { reply, type Behaviour } from '../../fakes/openai-server.ts';
import { realAdvisor } from '../../support/advisor.ts';
import { answerOf, customIds, EPHEMERAL, startBot, type BotHarness } from './harness.ts';

const advisor = realAdvisor();
const score = (text: string) => advise(advisor, { text, platform: 'twitter', lang: 'auto' }).score;

const URL = 'https://shop.example.com/aero2';
const POST = `Our new Aero 2 headphones are here. ${URL}`;
// With the real rules on X: POST < LOYALTY < EXCLUSIVE (asserted below).
const EXCLUSIVE = `Fans see it first: the new Aero 2 headphones, with [your fan-only offer] for followers. Which colour do you want? ${URL}`;
const LOYALTY = `Members earn double points on the new Aero 2 headphones. ${URL}`;
/** Scores higher, but drops the link: must never be shown. */
const DROPS_URL = 'Fans see it first: the new Aero 2 headphones, with [your fan-only offer]. Which colour do you want?';
/** Scores 100, but invents a discount: must never be shown. */
const INVENTS_OFFER = `Fans only: 20% off the new Aero 2 headphones. Which colour do you want? ${URL}`;

const GOOD_ANSWER =
  'Deals come first: 83% of social consumers expect them, but only 53% of marketers think so (Pivot Conference, 2012) [pivot-deals]. Discounts are consumers’ top reason in IBM’s 2011 study [ibm-r-discount].';

interface Field {
  name: string;
  value: string;
}
interface Embed {
  title: string;
  description: string;
  fields?: Field[];
  footer?: { text: string };
}

const embedOf = (r: RecordedRequest): Embed => (r.body.embeds ?? r.body.data?.embeds)[0] as Embed;
const fieldNames = (e: Embed): string[] => (e.fields ?? []).map((f) => f.name);
/** What a reader sees, without the backslashes that keep Markdown from rendering. */
const unescaped = (s: string): string => s.replace(/\\(.)/g, '$1');

const server = useFakeOpenAi();

/** Scores a post with /score, then clicks the Rewrite button under the reply. */
async function scoreThenRewrite(h: BotHarness, post: string, who: { user?: UserData; locale?: string; public?: boolean } = {}) {
  const sent = h.fake.sendInteraction(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post, ...(who.public ? { public: true } : {}) }, user: who.user, locale: who.locale }));
  const { id } = sent;
  const scored = await answerOf(h.fake, sent);
  const rewriteId = customIds(scored.data).find((c) => c.startsWith('rewrite:'));
  if (!rewriteId) throw new Error('no Rewrite button under the score');
  const message = h.fake.getInteraction(id)?.original;
  if (!message) throw new Error('no original message');
  return h.interactDeferred(h.fake.fixtures.button({ customId: rewriteId, message, user: who.user, locale: who.locale }));
}

function expectDeferredPrivately(callback: RecordedRequest): void {
  expect(callback.body.type).toBe(5);
  expect(callback.body.data.flags).toBe(EPHEMERAL);
}

describe('with a language model configured', { timeout: 15_000 }, () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBot({
      env: {
        OPENAI_BASE_URL: server.url,
        FANPAGE_LLM_TIMEOUT_SECONDS: '1',
        FANPAGE_LLM_MAX_RETRIES: '0',
        FANPAGE_LLM_COOLDOWN_SECONDS: '0',
        FANPAGE_LLM_VARIANTS: '4',
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has fixtures that score in the order the tests assume', () => {
    expect(score(POST)).toBeLessThan(score(LOYALTY));
    expect(score(LOYALTY)).toBeLessThan(score(EXCLUSIVE));
    expect(score(DROPS_URL)).toBeGreaterThan(score(POST));
    expect(score(INVENTS_OFFER)).toBeGreaterThan(score(EXCLUSIVE));
  });

  it('Rewrite under a score: defers privately, then edits in the versions that score higher, best first', async () => {
    server.enqueue(
      reply.variants(
        { text: LOYALTY, changes: 'Added a loyalty reward.' },
        { text: DROPS_URL, changes: 'Shorter.' },
        { text: INVENTS_OFFER, changes: 'Added a discount.' },
        { text: EXCLUSIVE, changes: 'Fans-first opening, a placeholder for the offer, a question.' },
      ),
    );
    const { callback, edit } = await scoreThenRewrite(h, POST);
    expectDeferredPrivately(callback);
    expect(h.fake.requests.indexOf(callback)).toBeLessThan(h.fake.requests.indexOf(edit));

    const embed = embedOf(edit);
    const before = score(POST);
    expect(embed.title).toBe('Rewrites that score higher');
    expect(embed.description).toContain(`Your post: **${before}/100**`);
    expect(fieldNames(embed)).toEqual([
      `Version 1: ${before} → ${score(EXCLUSIVE)} (+${score(EXCLUSIVE) - before})`,
      `Version 2: ${before} → ${score(LOYALTY)} (+${score(LOYALTY) - before})`,
    ]);
    expect(embed.fields![0]!.value).toBe(`\`\`\`\n${EXCLUSIVE}\n\`\`\`\n**What changed:** Fans-first opening, a placeholder for the offer, a question.`);
    expect(embed.fields![1]!.value).toContain(`\`\`\`\n${LOYALTY}\n\`\`\``);
    // the variant without the link and the one with an invented discount are not shown, only counted
    const sent = JSON.stringify(edit.body);
    expect(sent).not.toContain(DROPS_URL);
    expect(sent).not.toContain('20% off');
    expect(embed.footer!.text).toContain('2 versions were not shown: a link went missing; it invented an offer.');
    expect(edit.body.allowed_mentions.parse).toEqual([]);

    // the model got the post between the delimiters, as data
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body.messages![1]!.content).toContain(`${POST_OPEN}\n${POST}\n${POST_CLOSE}`);
  });

  it.each<[string, Behaviour, RegExp, string]>([
    ['malformed JSON', reply.text('Sure! Here are three great versions of your post: 1. …'), /its answer was unusable/, 'bad_answer'],
    ['a 500', reply.status(500), /server error/, 'server'],
    ['an answer slower than the timeout', reply.delay(1_500, reply.variants(EXCLUSIVE)), /it timed out/, 'timeout'],
  ])('the model gives %s: a clear sentence, the rule-based suggestions and an error id that is in the log', async (_, behaviour, sentence, kind) => {
    server.enqueue(behaviour);
    const { callback, edit } = await scoreThenRewrite(h, POST);
    expectDeferredPrivately(callback);
    const embed = embedOf(edit);
    expect(embed.title).toBe(`Score ${score(POST)}/100 · ${advise(advisor, { text: POST, platform: 'twitter', lang: 'auto' }).band}`);
    expect(embed.description).toMatch(sentence);
    expect(embed.description).toContain('Your score still stands; here are the rule-based suggestions.');
    expect(fieldNames(embed).length).toBeGreaterThan(0);
    expect(fieldNames(embed).every((n) => /^\+\d+ points · /.test(n))).toBe(true);
    const errorId = /^Error id ([0-9a-f]{8})$/.exec(embed.footer!.text)?.[1];
    expect(errorId).toBeDefined();
    expect(h.records.find((r) => r.errorId === errorId)).toMatchObject({ level: 40, kind, command: 'rewrite-button', guildId: DEFAULT_IDS.guild });

    // and the bot keeps answering
    expect((await h.interact(h.fake.fixtures.slash({ name: 'help' }))).body.type).toBe(4);
  });

  it('none scores higher: says so and gives the rule-based suggestions', async () => {
    server.enqueue(reply.variants(POST, DROPS_URL));
    const { edit } = await scoreThenRewrite(h, POST);
    const embed = embedOf(edit);
    expect(embed.title).toBe('No rewrite scored higher');
    expect(embed.description).toContain('None of the rewrites scored higher than your post while keeping its facts');
    const suggestions = advise(advisor, { text: POST, platform: 'twitter', lang: 'auto' }).suggestions;
    expect(fieldNames(embed)).toEqual(suggestions.map((s) => `+${s.gain} points · ${s.title}`));
    expect(embed.footer!.text).toBe('2 versions were not shown: it scored no higher; a link went missing.');
    expect(JSON.stringify(edit.body)).not.toContain(DROPS_URL);
  });

  it('a post with @everyone: the rewrite pings nobody, and a version that keeps @everyone is not shown', async () => {
    const post = `@everyone ${POST}`;
    server.enqueue(reply.variants({ text: `@everyone ${EXCLUSIVE}`, changes: 'Kept the ping.' }, { text: EXCLUSIVE, changes: '@everyone <@123456789012345678> will love it' }));
    const { edit } = await scoreThenRewrite(h, post, { public: true });
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const embed = embedOf(edit);
    expect(fieldNames(embed)).toHaveLength(1);
    expect(embed.fields![0]!.value).toContain(`\`\`\`\n${EXCLUSIVE}\n\`\`\``);
    expect(embed.footer!.text).toContain('it added @everyone or @here');
  });

  it('a variant too long for one field is cut with a visible marker, and the reply stays within Discord’s limits', async () => {
    const long = `Fans see it first: the new Aero 2 headphones, with [your fan-only offer] for followers. ${'Built for long days, light on the ears, rich in sound. '.repeat(40)}Which colour do you want? ${URL}`;
    server.enqueue(reply.variants(long));
    const sent = h.fake.sendInteraction(h.fake.fixtures.slash({ name: 'score', options: { platform: 'facebook', post: POST } }));
    const { id } = sent;
    const scored = await answerOf(h.fake, sent);
    const rewriteId = customIds(scored.data).find((c) => c.startsWith('rewrite:'))!;
    const { edit } = await h.interactDeferred(h.fake.fixtures.button({ customId: rewriteId, message: h.fake.getInteraction(id)!.original! }));
    const field = embedOf(edit).fields![0]!;
    expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(field.value).toMatch(/…\n```\n\*Shortened to fit Discord: [\d,]+ of [\d,]+ characters shown\.\*/);
    expect(field.value.split('```')).toHaveLength(3);
  });

  it('/rewrite post:… in German: deferred, then the German reply', async () => {
    server.enqueue(reply.variants(EXCLUSIVE));
    const { callback, edit } = await h.interactDeferred(h.fake.fixtures.slash({ name: 'rewrite', options: { platform: 'twitter', post: POST }, locale: 'de' }));
    expectDeferredPrivately(callback);
    const embed = embedOf(edit);
    expect(embed.title).toBe('Umschreibungen mit höherer Bewertung');
    expect(embed.description).toContain(`Dein Post: **${score(POST)}/100**`);
    expect(fieldNames(embed)).toEqual([`Version 1: ${score(POST)} → ${score(EXCLUSIVE)} (+${score(EXCLUSIVE) - score(POST)})`]);
    expect(embed.fields![0]!.value).toContain('**Was sich geändert hat:** rewritten');
  });

  it('/rewrite without post opens the form; the submitted form is rewritten the same way', async () => {
    const modal = await h.interact(h.fake.fixtures.slash({ name: 'rewrite', options: { platform: 'facebook' } }));
    expect(modal.body.type).toBe(9);
    expect(modal.body.data).toMatchObject({ custom_id: 'rewrite-form:auto', title: 'Rewrite a post' });
    server.enqueue(reply.variants(EXCLUSIVE));
    const { callback, edit } = await h.interactDeferred(h.fake.fixtures.modalSubmit({ customId: 'rewrite-form:auto', fields: { post: POST, platform: 'x' }, labels: true }));
    expectDeferredPrivately(callback);
    expect(embedOf(edit).title).toBe('Rewrites that score higher');
    expect(server.requests[0]!.body.messages![1]!.content).toContain(`${POST_OPEN}\n${POST}\n${POST_CLOSE}`);
  });

  it('an expired Rewrite button says so at once and asks the model nothing', async () => {
    const expired = await h.interact(h.fake.fixtures.button({ customId: 'rewrite:doesnotexist' }));
    expect(expired.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: 'This score has expired – run /score again.' } });
    expect(server.requests).toHaveLength(0);
  });

  it('/ask: deferred, then the model’s answer with the cited findings', async () => {
    server.enqueue(reply.text(GOOD_ANSWER));
    const { callback, edit } = await h.interactDeferred(h.fake.fixtures.slash({ name: 'ask', options: { question: 'Do fans care about discounts?' } }));
    expectDeferredPrivately(callback);
    const embed = embedOf(edit);
    expect(embed.title).toBe('What the research says');
    expect(unescaped(embed.description)).toContain(GOOD_ANSWER);
    expect(fieldNames(embed).map((n) => n.split(' · ').pop())).toEqual(['pivot-deals', 'ibm-r-discount']);
    expect(embed.fields![0]!.value).toMatch(/83%.*53%[\s\S]*Pivot Conference, “.+”, 2012/);
    expect(embed.footer!.text).toMatch(/^Written by a language model from these findings only/);
    const prompt = server.requests[0]!.body.messages![1]!.content;
    expect(prompt).toContain(FINDINGS_OPEN);
    expect(prompt).toContain(`${QUESTION_OPEN}\nDo fans care about discounts?`);
  });

  it('/ask: a model answer with an invented number is replaced by the answer from the findings', async () => {
    server.enqueue(reply.text('Deals matter: 97% of fans want them [pivot-deals].'));
    const { edit } = await h.interactDeferred(h.fake.fixtures.slash({ name: 'ask', options: { question: 'Do fans care about discounts?' } }));
    const embed = embedOf(edit);
    expect(embed.description).not.toContain('97%');
    expect(embed.description).toContain('What the research says:');
    expect(embed.description).toContain('[pivot-deals]');
    expect(embed.footer!.text).toBe('The language model’s answer did not match the findings, so this comes straight from them.');
  });

  it('a mention with "ask:" is answered by the model in the thread', async () => {
    server.enqueue(reply.text(GOOD_ANSWER));
    const message = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: 'ask: Do fans care about discounts?' }));
    const sent = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === message.id);
    expect(sent.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(unescaped(embedOf(sent).description)).toContain(GOOD_ANSWER);
    expect(server.requests[0]!.body.messages![1]!.content).toContain(`${QUESTION_OPEN}\nDo fans care about discounts?`);
  });

  it('logs ids and kinds, never the post, the question or the model’s text', () => {
    const logged = JSON.stringify(h.records);
    expect(logged).not.toContain('Aero 2');
    expect(logged).not.toContain('care about discounts');
    expect(logged).not.toContain('Deals come first');
    expect(h.records.some((r) => r.msg === 'rewrite: variants checked')).toBe(true);
  });
});

describe('without a language model', { timeout: 15_000 }, () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBot();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('scores carry no Rewrite button', async () => {
    const scored = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: POST } }));
    expect(customIds(scored.data).map((c) => c.split(':')[0])).toEqual(['why', 'platform', 'fix', 'kind']);
  });

  it('/rewrite explains how to enable it, in the user’s language; so does a Rewrite button from before', async () => {
    const en = await h.interact(h.fake.fixtures.slash({ name: 'rewrite', options: { platform: 'twitter', post: POST } }));
    expect(en.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(en.body.data.content).toBe(
      'Rewrites need a language model. Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server) and restart; the rule-based suggestions work without it.',
    );
    const de = await h.interact(h.fake.fixtures.slash({ name: 'rewrite', options: { platform: 'twitter' }, locale: 'de' }));
    expect(de.body.type).toBe(4);
    expect(de.body.data.content).toMatch(/^Umschreiben braucht ein Sprachmodell\. Setze OPENAI_API_KEY/);
    const stale = await h.interact(h.fake.fixtures.button({ customId: 'rewrite:abc' }));
    expect(stale.body.data.content).toMatch(/^Rewrites need a language model/);
  });

  it('/ask answers at once from the findings, citing ids, figures, study and year', async () => {
    const answered = await h.interact(h.fake.fixtures.slash({ name: 'ask', options: { question: 'Do people want exclusive content?' } }));
    expect(answered.body.type).toBe(4);
    expect(answered.body.data.flags).toBe(EPHEMERAL);
    const embed = embedOf(answered);
    expect(embed.description).toMatch(/^> Do people want exclusive content\?\n\nWhat the research says:\n• /);
    expect(embed.description).toContain('[pivot-exclusive]');
    expect(fieldNames(embed)).toContain('Exclusive content (partly verified) · pivot-exclusive');
    expect(embed.fields!.every((f) => /, (19|20)\d\d$/.test(f.value))).toBe(true);
    expect(embed.footer!.text).toBe('Taken straight from the findings.');
  });

  it('/fragen in German answers in German', async () => {
    const answered = await h.interact(h.fake.fixtures.slash({ name: 'ask', options: { question: 'Wollen Fans Rabatte?' }, locale: 'de' }));
    const embed = embedOf(answered);
    expect(embed.title).toBe('Das sagt die Forschung');
    expect(embed.description).toContain('Das sagt die Forschung:');
    expect(embed.footer!.text).toBe('Direkt aus den Befunden.');
  });

  it('a short question about fans in a mention is answered, not scored; a post with a question is scored', async () => {
    const question = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: 'What do fans want most?' }));
    const answer = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === question.id);
    expect(embedOf(answer).title).toBe('What the research says');
    expect(embedOf(answer).description).toContain('[pivot-deals]');

    const post = h.fake.sendMessage(h.fake.fixtures.guildMessage({ content: 'Hey fans! Which colour do you want?' }));
    const scored = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === post.id);
    expect(embedOf(scored).title).toMatch(/^Score \d+\/100/);
  });

  it('/help mentions Rewrite, /rewrite and /ask, in both languages', async () => {
    const en = embedOf(await h.interact(h.fake.fixtures.slash({ name: 'help' })));
    expect(en.description).toContain('**Rewrite**');
    expect(en.description).toContain('**/rewrite**');
    expect(en.description).toContain('**/ask**');
    expect(en.description).toContain('language model');
    const de = embedOf(await h.interact(h.fake.fixtures.slash({ name: 'help', locale: 'de' })));
    expect(de.description).toContain('**/umschreiben**');
    expect(de.description).toContain('**/fragen**');
    expect(de.description).toContain('Sprachmodell');
  });
});

describe('model limits per server and user', { timeout: 15_000 }, () => {
  let h: BotHarness;
  let now = Date.parse('2025-03-03T10:00:00Z');

  beforeAll(async () => {
    h = await startBot({
      env: { OPENAI_BASE_URL: server.url, FANPAGE_LLM_MAX_RETRIES: '0', FANPAGE_LLM_DAILY_BUDGET_PER_SERVER: '1', FANPAGE_LLM_COOLDOWN_SECONDS: '30' },
      now: () => now,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a user who rewrites again at once is told when to try again', async () => {
    server.enqueue(reply.variants(EXCLUSIVE));
    expect(embedOf((await scoreThenRewrite(h, POST)).edit).title).toBe('Rewrites that score higher');
    now += 5_000;
    const { callback, edit } = await scoreThenRewrite(h, POST);
    expectDeferredPrivately(callback);
    expect(edit.body.content).toBe('You’re going fast. Try again in 25 s.');
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('the second model request in a server on one day gets the budget sentence; the next day it works again', async () => {
    const felix = { ...OTHER_USER };
    const { edit } = await scoreThenRewrite(h, POST, { user: felix });
    expect(edit.body.content).toBe('This server has used today’s 1 rewrites. They reset at midnight UTC; the rule-based suggestions still work.');
    expect(server.requests).toHaveLength(0);

    // /ask in the same server still answers, from the findings
    const asked = await h.interactDeferred(h.fake.fixtures.slash({ name: 'ask', options: { question: 'Do fans care about discounts?' }, user: felix }));
    expect(embedOf(asked.edit).footer!.text).toBe('The language model’s limit for now is reached, so this comes straight from the findings.');

    now += 24 * 3_600_000;
    server.enqueue(reply.variants(EXCLUSIVE));
    expect(embedOf((await scoreThenRewrite(h, POST, { user: felix })).edit).title).toBe('Rewrites that score higher');
  });

  it('direct messages have their own budget per user', async () => {
    const dora = makeUser('1170000000000000077', 'dm_dora');
    server.enqueue(reply.variants(EXCLUSIVE));
    const sent = h.fake.sendInteraction(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: POST }, user: dora, dm: true }));
    const { id } = sent;
    const scored = await answerOf(h.fake, sent);
    const rewriteId = customIds(scored.data).find((c) => c.startsWith('rewrite:'))!;
    const { edit } = await h.interactDeferred(h.fake.fixtures.button({ customId: rewriteId, message: h.fake.getInteraction(id)!.original!, user: dora, dm: true }));
    expect(embedOf(edit).title).toBe('Rewrites that score higher');
  });
});
