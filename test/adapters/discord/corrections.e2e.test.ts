/**
 * "Not right?" and /rules end to end: the real discord.js client against the fake Discord, with
 * corrections and ignored rules in a real SQLite file, as `npm start` keeps them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, OTHER_USER, Permission, type MessageData } from '../../fakes/discord/index.ts';
import { realAdvisor } from '../../support/advisor.ts';
import { customIds, EPHEMERAL, startBot, type BotHarness } from './harness.ts';

let h: BotHarness;
const advisor = realAdvisor();
const DISCOUNT_RULE = advisor.rules.find((r) => r.id === 'offer.discount')!;
const POST = 'New in: our spring collection, available now. @everyone';

beforeAll(async () => {
  h = await startBot({ sqlite: true });
});

afterAll(async () => {
  await h?.close();
});

function original(id: string): MessageData {
  const message = h.fake.getInteraction(id)?.original;
  if (!message) throw new Error(`no original message for interaction ${id}`);
  return message;
}

async function scored(options: Record<string, string | boolean> = {}, extra: { locale?: string } = {}) {
  const { id } = h.fake.sendInteraction(h.fake.fixtures.slash({ name: 'score', options: { platform: 'facebook', post: POST, ...options }, ...extra }));
  const reply = await h.fake.waitForInteractionResponse(id);
  return { id, reply: reply.body.data, fixId: customIds(reply.body.data).find((c) => c.startsWith('fix:'))! };
}

const scoreOf = (data: { embeds: Array<{ title: string }> }) => Number(/Score (\d+)\/100/.exec(data.embeds[0]!.title)?.[1]);
type Label = { type: number; label: string; description?: string; component: { type: number; custom_id: string; options?: Array<{ value: string; label: string }> } };

describe('"Not right?" under a score', { timeout: 20_000 }, () => {
  it('opens a form listing what was found and what was not, with a share box that is off', async () => {
    const { fixId } = await scored();
    expect(fixId).toMatch(/^fix:[\w-]+$/);
    const modal = await h.interact(h.fake.fixtures.button({ customId: fixId }));
    expect(modal.body.type).toBe(9);
    const form = modal.body.data as { custom_id: string; title: string; components: Label[] };
    expect(form.custom_id).toBe(fixId);
    expect(form.title).toBe('What did the score get wrong?');
    const [wrong, missing, share] = form.components;
    expect(wrong!.component).toMatchObject({ type: 3, custom_id: 'wrong' });
    expect(wrong!.component.options!.map((o) => o.value)).toContain('product_news');
    expect(missing!.component.options!.map((o) => o.value)).toContain('discount');
    expect(missing!.component.options!.map((o) => o.value)).not.toContain('product_news');
    expect(missing!.component.options!.find((o) => o.value === 'discount')!.label).toBe(advisor.categories.get('discount')!.title.en);
    expect(share).toMatchObject({ label: 'Share this post to improve detection', component: { type: 23, custom_id: 'share' } });
  });

  it('re-scores in place at once; without sharing only category ids are stored, and nobody is pinged', async () => {
    const { id, reply, fixId } = await scored();
    const before = scoreOf(reply);
    const update = await h.interact(
      h.fake.fixtures.modalSubmit({ customId: fixId, fields: { wrong: ['product_news'], missing: ['discount'], share: false }, message: original(id) }),
    );
    expect(update.body.type).toBe(7);
    const data = update.body.data;
    const title = (id: 'discount' | 'product_news') => advisor.categories.get(id)!.title.en;
    expect(data.content).toBe(`Re-scored with your correction (not in the post: ${title('product_news')}; in the post: ${title('discount')}). Thanks – only the categories were kept, not the text.`);
    expect(scoreOf(data)).toBeGreaterThan(before);
    expect(data.allowed_mentions.parse).toEqual([]);
    // the deal now counts as one the post offers, and is no longer suggested
    const fields = data.embeds[0].fields as Array<{ name: string; value: string }>;
    expect(fields.find((f) => f.name === 'Does well')?.value).toContain(DISCOUNT_RULE.title.en);
    expect(fields.some((f) => f.name.endsWith(`· ${DISCOUNT_RULE.title.en}`))).toBe(false);
    // the buttons of the new reply carry the correction: "Not right?" again lists discount as found
    const again = await h.interact(h.fake.fixtures.button({ customId: customIds(data).find((c) => c.startsWith('fix:'))! }));
    const wrongValues = (again.body.data.components as Label[])[0]!.component.options!.map((o) => o.value);
    expect(wrongValues).toContain('discount');
    expect(wrongValues).not.toContain('product_news');

    const stored = await h.corrections!.listCorrections();
    const last = stored.at(-1)!;
    expect(last).toMatchObject({ guildId: DEFAULT_IDS.guild, platform: 'facebook', wrong: ['product_news'], missing: ['discount'], text: null });
    expect(last.labels).toContain('discount');
    expect(JSON.stringify(stored)).not.toContain('spring');
  });

  it('with "share" ticked the text is stored with the correction; a public score is answered privately', async () => {
    const { id, fixId } = await scored({ public: true });
    const reply = await h.interact(h.fake.fixtures.modalSubmit({ customId: fixId, fields: { missing: ['exclusive'], share: true }, message: original(id) }));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toMatch(/Thanks for sharing the post/);
    const shared = await h.corrections!.listCorrections({ sharedOnly: true });
    expect(shared.at(-1)).toMatchObject({ text: POST, missing: ['exclusive'] });
  });

  it('speaks German to a German user; an empty form says there was nothing to change', async () => {
    const { id, fixId } = await scored({}, { locale: 'de' });
    const modal = await h.interact(h.fake.fixtures.button({ customId: fixId, locale: 'de' }));
    expect(modal.body.data.title).toBe('Was hat die Bewertung falsch erkannt?');
    expect((modal.body.data.components as Label[]).at(-1)!.label).toBe('Post teilen, um die Erkennung zu verbessern');
    const count = (await h.corrections!.listCorrections()).length;
    const update = await h.interact(h.fake.fixtures.modalSubmit({ customId: fixId, fields: { wrong: [], missing: [], share: true }, message: original(id), locale: 'de' }));
    expect(update.body.data.content).toMatch(/^Nichts zu ändern/);
    expect(await h.corrections!.listCorrections()).toHaveLength(count);
  });

  it('a form for a post the bot no longer remembers gets a friendly sentence', async () => {
    const reply = await h.interact(h.fake.fixtures.modalSubmit({ customId: 'fix:gone', fields: { missing: ['discount'], share: false } }));
    expect(reply.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/\S/) });
    expect(reply.body.data.embeds ?? []).toEqual([]);
  });
});

describe('/rules: the rules a server does not want', { timeout: 20_000 }, () => {
  const rules = (subcommand: string, options: Record<string, string> = {}, extra: { user?: typeof OTHER_USER; locale?: string } = {}) =>
    h.fake.fixtures.slash({ name: 'rules', subcommand, options, ...extra });

  it('is registered guild-only, for Manage Server by default, localised, with autocomplete on the rule', () => {
    const put = h.fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/commands'))!;
    const command = (put.body as Array<{ name: string; options: Array<{ name: string; options?: Array<{ autocomplete?: boolean }> }> }>).find((c) => c.name === 'rules')!;
    expect(command).toMatchObject({ default_member_permissions: String(Permission.ManageGuild), contexts: [0], name_localizations: { de: 'regeln' } });
    expect(command.options.map((o) => o.name)).toEqual(['ignore', 'unignore', 'list']);
    expect(command.options[0]!.options![0]!.autocomplete).toBe(true);
  });

  it('ignore → every score in the server leaves the rule out; list shows it; unignore brings it back', async () => {
    const withRule = await scored();
    expect(JSON.stringify(withRule.reply.embeds[0].fields)).toContain(DISCOUNT_RULE.title.en);

    const ignored = await h.interact(rules('ignore', { rule: 'offer.discount' }));
    expect(ignored.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringContaining('From now on, every score in this server leaves out') });
    expect(ignored.body.data.allowed_mentions.parse).toEqual([]);
    expect((await h.interact(rules('ignore', { rule: 'offer.discount' }))).body.data.content).toMatch(/already ignores/);
    expect(await h.serverSettings!.ignoredRules(DEFAULT_IDS.guild)).toEqual(['offer.discount']);

    const list = await h.interact(rules('list'));
    expect(list.body.data.content).toContain('`offer.discount`');
    const without = await scored();
    expect(JSON.stringify(without.reply.embeds[0].fields)).not.toContain(DISCOUNT_RULE.title.en);

    const back = await h.interact(rules('unignore', { rule: 'offer.discount' }, { locale: 'de' }));
    expect(back.body.data.content).toContain('zählt wieder');
    expect((await h.interact(rules('list'))).body.data.content).toMatch(/^This server ignores no rules/);
    expect(JSON.stringify((await scored()).reply.embeds[0].fields)).toContain(DISCOUNT_RULE.title.en);
  });

  it('an unknown rule id gets the nearest id; a member without Manage Server is refused', async () => {
    const unknown = await h.interact(rules('ignore', { rule: 'offer.discont' }));
    expect(unknown.body.data.content).toMatch(/There is no rule “offer\.discont”\. Did you mean offer\.discount\?/);
    const notIgnored = await h.interact(rules('unignore', { rule: 'offer.discount' }));
    expect(notIgnored.body.data.content).toMatch(/doesn’t ignore “offer\.discount”/);
    const refused = await h.interact(rules('ignore', { rule: 'offer.discount' }, { user: OTHER_USER }));
    expect(refused.body.data.content).toMatch(/^Only members with Manage Server/);
    expect(await h.serverSettings!.ignoredRules(DEFAULT_IDS.guild)).toEqual([]);
  });

  it('autocomplete: any matching rule for ignore, only the ignored ones for unignore', async () => {
    const typed = await h.interact(h.fake.fixtures.autocomplete({ name: 'rules', subcommand: 'ignore', focused: { name: 'rule', value: 'disc' } }));
    expect(typed.body.type).toBe(8);
    const values = typed.body.data.choices.map((c: { value: string }) => c.value);
    expect(values).toContain('offer.discount');
    expect(typed.body.data.choices.find((c: { value: string }) => c.value === 'offer.discount').name).toBe(`offer.discount – ${DISCOUNT_RULE.title.en}`);

    await h.interact(rules('ignore', { rule: 'offer.discount' }));
    const ignorable = await h.interact(h.fake.fixtures.autocomplete({ name: 'rules', subcommand: 'unignore', focused: { name: 'rule', value: '' } }));
    expect(ignorable.body.data.choices.map((c: { value: string }) => c.value)).toEqual(['offer.discount']);
    await h.interact(rules('unignore', { rule: 'offer.discount' }));
  });

  it('in a DM it says it works only in a server', async () => {
    const dm = await h.interact(h.fake.fixtures.slash({ name: 'rules', subcommand: 'list', dm: true }));
    expect(dm.body.data.content).toMatch(/only in a server/);
  });
});

describe('a bot without a database and with a scoring cooldown', { timeout: 20_000 }, () => {
  let slow: BotHarness;
  beforeAll(async () => {
    slow = await startBot({ env: { FANPAGE_DISCORD_COOLDOWN_SECONDS: '60' } });
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('still re-scores a correction at once, not held up by the cooldown the corrected score started', async () => {
    const { id } = slow.fake.sendInteraction(slow.fake.fixtures.slash({ name: 'score', options: { platform: 'facebook', post: POST } }));
    const reply = await slow.fake.waitForInteractionResponse(id);
    const fixId = customIds(reply.body.data).find((c) => c.startsWith('fix:'))!;
    const message = slow.fake.getInteraction(id)!.original!;
    const update = await slow.interact(slow.fake.fixtures.modalSubmit({ customId: fixId, fields: { missing: ['discount'], share: false }, message }));
    expect(update.body.type).toBe(7);
    expect(update.body.data.content).toMatch(/^Re-scored with your correction/);
  });

  it('/rules says it needs a database, and autocomplete offers nothing to un-ignore', async () => {
    const list = await slow.interact(slow.fake.fixtures.slash({ name: 'rules', subcommand: 'list' }));
    expect(list.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringContaining('runs without a database') });
    const choices = await slow.interact(slow.fake.fixtures.autocomplete({ name: 'rules', subcommand: 'unignore', focused: { name: 'rule', value: '' } }));
    expect(choices.body.data.choices).toEqual([]);
  });
});
