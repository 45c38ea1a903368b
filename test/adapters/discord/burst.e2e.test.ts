/**
 * A burst: a few hundred /score commands at once from different users against the real bot (worker
 * pool, bounded queue) and the fake Discord, which refuses a first response after 3 s as Discord
 * does. Every command must be acknowledged within the window and end with a score or a "busy"
 * answer. Timing is measured where the fake receives each request; the outcome of all commands
 * is collected by one listener, so the fake stays linear however many are pending.
 * (Speed targets live in `npm run bench:burst`; this proves the behaviour.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, startFakeDiscord, type FakeDiscord, type InteractionPayload, type RecordedRequest } from '../../fakes/discord/index.ts';
import { EPHEMERAL, startBot, type BotHarness } from './harness.ts';

const COUNT = 250;
const QUEUE = 100;
const WINDOW_MS = 3_000;

interface Outcome {
  sentAt: number;
  ack?: RecordedRequest;
  refused?: boolean;
  end?: { kind: 'score' | 'busy' | 'other'; content: string; via: 'reply' | 'edit' };
}

let fake: FakeDiscord;
let h: BotHarness;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 500, interactionResponseWindowMs: WINDOW_MS, retainRequests: false });
  h = await startBot({ fake, env: { FANPAGE_DISCORD_WORKERS: '1', FANPAGE_DISCORD_QUEUE_SIZE: String(QUEUE) } });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await fake?.close();
});

const posts = [
  'Fans only: 20% off the new collection until Sunday with code FAN20. Shop now: https://shop.example.com',
  'Nur für Fans: 20 % Rabatt auf die neue Kollektion bis Sonntag. Jetzt im Shop!',
  'We are proud to announce our new office in Berlin. #company #news',
  `ctrl\u0001\u0002\u001b[31mred\u001b[0m ${'Win tickets! Tell us your favourite song below. '.repeat(60)}`,
  '@everyone \u202eSALE\u202c Z̷̢a̸l̴g̵o̶ <@123456789012345678> tell us what you want next!',
];

describe('a burst of commands at once', { timeout: 90_000 }, () => {
  it('every command is acknowledged within 3 s and ends with a score or a busy answer', async () => {
    const payloads: InteractionPayload[] = Array.from({ length: COUNT }, (_, i) =>
      fake.fixtures.slash({
        name: 'score',
        options: { platform: i % 2 ? 'facebook' : 'twitter', post: posts[i % posts.length]! },
        user: makeUser(String(1_300_000_000_000_000_000n + BigInt(i)), `burst_${i}`),
        locale: i % 4 === 0 ? 'de' : 'en-US',
      }),
    );
    const byId = new Map<string, Outcome>();
    const byToken = new Map<string, Outcome>();
    let open = COUNT;
    let allEnded!: () => void;
    const ended = new Promise<void>((resolve) => (allEnded = resolve));
    const end = (o: Outcome, data: { content?: string; embeds?: unknown[] } | undefined, via: 'reply' | 'edit') => {
      if (o.end || !data) return;
      const content = data.content ?? '';
      o.end = { kind: data.embeds?.length ? 'score' : /Try again in \d+ s|Versuch es in \d+ s/.test(content) ? 'busy' : 'other', content, via };
      if (--open === 0) allEnded();
    };
    const stop = fake.onRequest((r) => {
      if (r.route === '/interactions/:id/:token/callback') {
        const o = byId.get(r.path.split('/')[2]!);
        if (!o) return;
        if (r.status >= 300) {
          o.refused = true;
          if (--open === 0) allEnded();
          return;
        }
        o.ack = r;
        if (r.body?.type === 4) end(o, r.body.data, 'reply');
      } else if (r.method === 'PATCH' && r.route === '/webhooks/:app/:token/messages/:message' && r.status < 300) {
        const o = byToken.get(r.path.split('/')[3]!);
        if (o) end(o, r.body, 'edit');
      }
    });

    for (const payload of payloads) {
      const sent = fake.sendInteraction(payload);
      const o: Outcome = { sentAt: fake.getInteraction(sent.id)!.dispatchedAt };
      byId.set(sent.id, o);
      byToken.set(sent.token, o);
    }
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    stop();

    const all = [...byId.values()];
    // nobody was left to "The application did not respond"
    expect(all.filter((o) => o.refused)).toHaveLength(0);
    expect(all.filter((o) => !o.ack)).toHaveLength(0);
    const late = all.map((o) => o.ack!.receivedAt - o.sentAt).filter((ms) => ms > WINDOW_MS);
    expect(late).toEqual([]);
    // every command ended with a score or with "busy, try again in N s"
    const kinds = all.map((o) => o.end?.kind ?? 'nothing');
    expect(kinds.filter((k) => k !== 'score' && k !== 'busy')).toEqual([]);
    const scored = all.filter((o) => o.end?.kind === 'score');
    const busy = all.filter((o) => o.end?.kind === 'busy');
    // the queue holds QUEUE at a time; the rest of the rush is told to come back instead of waiting
    expect(scored.length).toBeGreaterThanOrEqual(QUEUE);
    expect(busy.length).toBeGreaterThan(0);
    // a score is a private deferral filled in by an edit; "busy" is an immediate private reply
    for (const o of scored) expect([o.ack!.body.type, o.ack!.body.data?.flags, o.end!.via]).toEqual([5, EPHEMERAL, 'edit']);
    for (const o of busy) expect([o.ack!.body.type, o.ack!.body.data.flags, o.end!.via]).toEqual([4, EPHEMERAL, 'reply']);
    expect(busy.some((o) => /^Gerade kommen sehr viele Posts auf einmal.*Versuch es in \d+ s noch einmal\.$/.test(o.end!.content))).toBe(true);
    expect(busy.some((o) => /^I’m busy with a rush of posts right now.*Try again in \d+ s\.$/.test(o.end!.content))).toBe(true);
    // no error-level logs: a burst is expected, not a failure
    expect(h.records.filter((r) => r.level >= 50)).toEqual([]);
    expect(h.bot.answers.admission.counts).toEqual({ admitted: scored.length, refused: busy.length });
  });

  it('an interaction that reaches the bot after its 3 s is not answered at all, and is counted, not logged as an error', async () => {
    const before = h.bot.answers.late.total;
    // a fresh one first: the bot learns how long delivery takes here
    await h.answer(fake.fixtures.slash({ name: 'help' }));
    const stale = fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: posts[0]! } });
    // its snowflake says it was created 2.8 s before Discord delivers it
    await new Promise((resolve) => setTimeout(resolve, 2_800));
    const seen: RecordedRequest[] = [];
    const stop = fake.onRequest((r) => {
      if (r.path.includes(stale.id) || r.path.includes(stale.token)) seen.push(r);
    });
    fake.sendInteraction(stale);
    await expect.poll(() => h.bot.answers.late.total, { timeout: 5_000 }).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop();
    expect(seen).toEqual([]);
    expect(h.records.filter((r) => r.level >= 50)).toEqual([]);
  });

  it('a first response still stuck on its way at the deadline is given up; the bot asks Discord, which never got it, and scores nothing', async () => {
    const before = h.bot.answers.late.total;
    await h.answer(fake.fixtures.slash({ name: 'help' }));
    const slow = fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: posts[0]! } });
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    // the acknowledgement is held up on its way (~0.7 s were left): the bot stops waiting and asks
    fake.delayNext({ method: 'POST', pathPattern: new RegExp(`^/interactions/${slow.id}/`), ms: 1_500 });
    const asked: string[] = [];
    const stop = fake.onRequest((r) => {
      if (r.path.includes(slow.token)) asked.push(`${r.method} ${r.route} ${r.status}`);
    });
    fake.sendInteraction(slow);
    await expect.poll(() => h.bot.answers.late.total, { timeout: 5_000 }).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stop();
    // one question, answered "no such message"; no edit, no second callback
    expect(asked).toEqual(['GET /webhooks/:app/:token/messages/:message 404']);
    expect(fake.getInteraction(slow.id)?.response).toBeNull();
    expect(h.records.filter((r) => r.level >= 50)).toEqual([]);
  });

});
