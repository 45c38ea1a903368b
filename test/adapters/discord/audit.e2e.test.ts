// /audit and the calibrated /score through the real discord.js client and the fake Discord:
// a user uploads an export, the bot defers, reads it, answers with an embed and two charts, keeps
// the result for the server, and /score then sets the page's evidence beside the study score.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAuditStore } from '../../../src/adapters/store/memory.ts';
import type { AuditStore } from '../../../src/app/ports.ts';
import { DEFAULT_IDS, DEFAULT_USER, makeUser, OTHER_USER, type RecordedRequest } from '../../fakes/discord/index.ts';
import { EPHEMERAL, startBot, type BotHarness } from './harness.ts';
import { decodePng } from '../../support/png.ts';

const ROLE_ID = '1300000000000000777';
const STRANGER = makeUser('1300000000000000888', 'passer_by');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/audit/${name}`, import.meta.url));

let h: BotHarness;
let audits: AuditStore;

beforeAll(async () => {
  audits = createMemoryAuditStore();
  h = await startBot({
    audits,
    env: { FANPAGE_AUDIT_ROLE: 'Social team', FANPAGE_AUDIT_MAX_FILE_MB: '1' },
    fakeOptions: {
      guilds: [
        {
          roles: [{ id: ROLE_ID, name: 'Social team', permissions: '0' }],
          members: [{ user: DEFAULT_USER }, { user: OTHER_USER, roles: [ROLE_ID] }, { user: STRANGER }],
        },
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

function upload(name: string, data: Buffer, extra: { user?: typeof DEFAULT_USER; locale?: string; platform?: string } = {}) {
  const attachment = h.fake.uploadAttachment(name, data);
  return h.fake.fixtures.slash({
    name: 'audit',
    subcommand: 'upload',
    attachments: { file: attachment },
    ...(extra.platform ? { options: { platform: extra.platform } } : {}),
    user: extra.user,
    locale: extra.locale,
  });
}

interface Edit {
  embeds: Array<{ title: string; description: string; fields: Array<{ name: string; value: string }>; image?: { url: string }; footer?: { text: string } }>;
  content?: string;
}

async function deferred(payload: ReturnType<typeof upload>): Promise<{ callback: RecordedRequest; edit: RecordedRequest; body: Edit }> {
  const { callback, edit } = await h.interactDeferred(payload, 15_000);
  return { callback, edit, body: edit.body as Edit };
}

describe('/audit in Discord', { timeout: 30_000 }, () => {
  it('registers /audit upload (file, platform) and /audit last, German names included, servers only', () => {
    const put = h.fake.requests.find((r) => r.method === 'PUT')!;
    const command = (put.body as Array<Record<string, unknown>>).find((c) => c.name === 'audit')!;
    expect(command).toMatchObject({ contexts: [0], options: [{ name: 'upload', name_localizations: { de: 'hochladen' }, type: 1 }, { name: 'last', name_localizations: { de: 'letztes' }, type: 1 }] });
    const options = (command.options as Array<{ options: Array<{ name: string; type: number; required?: boolean }> }>)[0]!.options;
    expect(options).toEqual([expect.objectContaining({ name: 'file', type: 11, required: true }), expect.objectContaining({ name: 'platform', type: 3 })]);
  });

  it('says there is nothing yet before the first audit', async () => {
    const request = await h.interact(h.fake.fixtures.slash({ name: 'audit', subcommand: 'last' }));
    expect(request.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^This server has no audit yet\. Run \/audit upload/) });
  });

  it('defers, then answers with the summary, the recommendations and two charts, privately', async () => {
    const { callback, edit, body } = await deferred(upload('posts.csv', fixture('meta-facebook.csv')));
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const [summary, engagement] = body.embeds;
    expect(summary!.title).toBe('Page audit: your data, 63 posts, 2026-01-05 to 2026-07-13');
    expect(summary!.description).toContain('meta-facebook · Engagement rate: (Reactions + Comments + Shares + Total clicks) / Reach');
    expect(summary!.fields[0]!.name).toBe('Three recommendations');
    expect(summary!.fields[0]!.value.match(/^\d\. /gm)).toHaveLength(3);
    expect(summary!.fields[1]!.value).toMatch(/▲ \*\*Discount or deal\*\*: 3\.6× \(2\.9×–4\.3×, n = 10\)/);
    expect(summary!.fields[1]!.value).toMatch(/▼ \*\*Company news\*\*/);
    expect(summary!.footer!.text).toMatch(/1 row skipped \(line 24: Reach is "n\. a\.", not a number\)/);
    expect(summary!.image).toEqual({ url: 'attachment://mix.png' });
    expect(engagement!.image).toEqual({ url: 'attachment://engagement.png' });
    expect(edit.files.map((f) => f.name)).toEqual(['mix.png', 'engagement.png']);
    const mix = await decodePng(edit.files[0]!.data);
    expect(mix.width).toBe(800);
    expect((await audits.lastAudit(DEFAULT_IDS.guild))?.result.posts).toBe(63);
    // store_post_text is off by default: the kept audit has no post text
    expect((await audits.lastAudit(DEFAULT_IDS.guild))?.result.best[0]!.text).toBe('');
    expect(h.records.find((r) => r.msg === 'audit done')).toMatchObject({ format: 'meta-facebook', posts: 63, skipped: 1 });
  });

  it('/score in that server now sets the page’s own evidence beside the study score', async () => {
    const post = 'Weekend deal: 15% off all rain jackets with code RAIN15 until Sunday.';
    // the score follows its acknowledgement as an edit (h.answer reads the message the user ends up with)
    const scored = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'facebook', post } }));
    const embed = scored.data.embeds[0] as { title: string; fields: Array<{ name: string; value: string }> };
    const page = embed.fields.find((f) => f.name === 'Your page')!;
    expect(page.value).toMatch(/^On your page, posts with "Discount or deal" got 3\.6× the median engagement \(n = 10\)\./);
    expect(page.value).toMatch(/↳ your data, 63 posts, 2026-01-05 to 2026-07-13$/);
    // the score itself is the study score: the same as in a server without an audit
    const dm = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'facebook', post }, dm: true }));
    expect((dm.data.embeds[0] as { title: string }).title).toBe(embed.title);
    expect((dm.data.embeds[0] as { fields: Array<{ name: string }> }).fields.map((f) => f.name)).not.toContain('Your page');
  });

  it('/audit last shows it again', async () => {
    const { body } = await deferred(h.fake.fixtures.slash({ name: 'audit', subcommand: 'last' }) as ReturnType<typeof upload>);
    expect(body.embeds[0]!.title).toBe('Page audit: your data, 63 posts, 2026-01-05 to 2026-07-13');
  });

  it('the configured role may audit; others are told who can, in their language', async () => {
    const { body } = await deferred(upload('tweets.csv', fixture('x-content.csv'), { user: OTHER_USER, locale: 'de' }));
    expect(body.embeds[0]!.title).toBe('Seiten-Audit: deine Daten, 39 Posts, 2026-04-15 bis 2026-08-10');
    expect(body.embeds[0]!.fields[0]!.name).toBe('Drei Empfehlungen');
    const denied = await h.interact(upload('tweets.csv', fixture('x-content.csv'), { user: STRANGER }));
    expect(denied.body.data).toMatchObject({ flags: EPHEMERAL, content: 'Only members with Manage Server or the role “Social team” can run audits. Ask a server admin.' });
  });

  it('a file that is no export gets the columns found and needed; a too-big file is refused at once', async () => {
    const { body } = await deferred(upload('orders.csv', Buffer.from('order;amount;country\n1;20;DE\n')));
    expect(body.content).toBe('I don’t recognise this export. Columns found: order, amount, country. I need a post text column (Description/Title for Meta, Post text for X) and engagement columns (Reactions, Comments, Shares or Likes, or Engagements) with Reach or Impressions.');
    const big = await h.interact(upload('huge.csv', Buffer.alloc(1_200_000, 'a')));
    expect(big.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^That file has 1\.1 MB; I read exports up to 1 MB\./) });
    const binary = await deferred(upload('posts.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])));
    expect(binary.body.content).toMatch(/^That file is not text/);
  });
});

describe('/audit of a big export', { timeout: 60_000 }, () => {
  let big: BotHarness;
  // a clock that moves a second each time the bot reads it, so a few hundred rows look like minutes
  let at = Date.parse('2026-07-20T10:00:00Z');
  beforeAll(async () => {
    big = await startBot({ audits: createMemoryAuditStore(), now: () => (at += 1_000) });
  });
  afterAll(async () => {
    await big?.close();
  });

  it('shows how far it got while it reads, then replaces that with the answer', async () => {
    const rows = Array.from({ length: 1_500 }, (_, i) => `${9000 + i},"Tue, Jul ${(i % 28) + 1}, 2026",${i % 3 === 0 ? `"Only today: ${10 + (i % 40)}% off everything, code SALE${i}"` : `"Tell us: which trail should we test next? #${i}"`},https://x.com/p/status/${9000 + i},${1000 + i},${i % 50},${(i % 50) + (i % 7)},0,${i % 5},0,${i % 3},${i % 4},0,0,0,0,0`);
    const csv = `Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks\n${rows.join('\n')}\n`;
    const attachment = big.fake.uploadAttachment('tweets.csv', Buffer.from(csv));
    const { id, token } = big.fake.sendInteraction(big.fake.fixtures.slash({ name: 'audit', subcommand: 'upload', attachments: { file: attachment } }));
    const callback = await big.fake.waitForInteractionResponse(id, 15_000);
    expect(callback.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const original = (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${big.fake.applicationId}/${token}/messages/@original` && r.status < 300;
    const answer = await big.fake.waitForRequest((r) => original(r) && Array.isArray((r.body as Edit).embeds) && (r.body as Edit).embeds.length > 0, 30_000);
    const edits = big.fake.requests.filter(original);
    const progress = edits.filter((r) => /^Reading your export… [\d,]+ posts scored so far \(\d+% of the file\)\.$/.test((r.body as Edit).content ?? ''));
    expect(progress.length).toBeGreaterThan(0);
    // every progress edit came before the answer, and the answer clears the progress line
    expect(edits.indexOf(progress.at(-1)!)).toBeLessThan(edits.indexOf(answer));
    expect((answer.body as Edit).content).toBe('');
    expect(JSON.stringify((answer.body as Edit).embeds[0])).toMatch(/1,500 posts/);
  });
});
