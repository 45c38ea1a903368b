// The store contract: what any TipStore (src/app/ports.ts) must do, shown through the daily-tip
// use cases that depend on it. Every store runs it: the in-memory store as the app tests
// (test/app/tips/daily-tips.test.ts), SQLite (sqlite.test.ts), and any store added later:
//
//   describeStoreContract('Postgres', { location: () => …, open: (location) => ({ store, close }) });
//
// `open` on the same location must see the same data: that is how a restart, a crash and a second
// process sharing the store are simulated.
import { describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { createDailyTips, type DailyTipsDeps } from '../../../src/app/tips/daily-tips.ts';
import { PublishError, type Log, type TipPublisher, type TipStore } from '../../../src/app/ports.ts';
import type { Lang } from '../../../src/core/post.ts';
import type { Tip } from '../../../src/core/tip.ts';

export interface StoreUnderTest {
  /** A fresh place for data (a temp dir, a database name, a key). */
  location(): string;
  /** Opens the store at a location; a second open of the same location sees the same data. */
  open(location: string): Promise<{ store: TipStore; close(): Promise<void> | void }>;
  /**
   * Run the scenarios side by side (each has its own location). For a store behind a network
   * round trip, whose scenarios mostly wait on it.
   */
  concurrent?: boolean;
}

const MIN = 60_000;

function tip(id: string, topics: string[] = []): Tip {
  return { id, finding: 'some-finding', topics, text: { en: `Tip ${id}`, de: `Tipp ${id}` } };
}
const TIPS: Tip[] = [
  tip('offer-a-discount', ['discount']),
  tip('make-it-exclusive', ['exclusive']),
  tip('ask-for-opinions', ['opinion_request']),
  tip('show-reviews', ['reviews']),
  tip('run-a-contest', ['contest']),
];


/** The daily-tip use cases on the given store; every store must pass all of it. */
export function describeStoreContract(name: string, stores: StoreUnderTest): void {
  const open = (location: string) => stores.open(location);
  (stores.concurrent ? describe.concurrent : describe)(name, () => {
  /** A clock the test moves by hand. */
  function testClock(iso: string) {
    let t = new Date(iso);
    return {
      now: () => t,
      set: (to: string | Date | number) => {
        t = new Date(to);
      },
    };
  }

  /**
   * How publish call n goes: 'ok'; 'hang' (no answer, nothing posted); an Error thrown (nothing
   * posted); or the message posted and then the answer lost: 'posted-then-hang' (never answers,
   * like a process killed mid-publish) and 'posted-then-error' (a dropped connection).
   */
  type Behaviour = 'ok' | 'hang' | 'posted-then-hang' | 'posted-then-error' | Error;
  interface Call {
    at: string;
    channelId: string;
    tipId: string;
    lang: Lang;
    nonce: string;
    since: Date | undefined;
  }

  /**
   * A channel that de-duplicates by nonce as Discord does with enforce_nonce (a repeated nonce
   * returns the first message) and can be searched (`since`). `posted` is what the channel shows.
   */
  function fakePublisher(clock: () => Date, script: (n: number) => Behaviour = () => 'ok') {
    const calls: Call[] = [];
    const posted: Call[] = [];
    const byNonce = new Map<string, string>();
    const publisher: TipPublisher = {
      async publish(channelId, t, lang, { nonce, since }) {
        const call = { at: clock().toISOString(), channelId, tipId: t.id, lang, nonce, since };
        const n = calls.push(call) - 1;
        const b = script(n);
        if (b === 'hang') return new Promise(() => {});
        if (b instanceof Error) throw b;
        let messageId = byNonce.get(nonce);
        if (messageId === undefined) {
          messageId = `msg-${n}`;
          byNonce.set(nonce, messageId);
          posted.push(call);
        }
        if (b === 'posted-then-hang') return new Promise(() => {});
        if (b === 'posted-then-error') throw new Error('socket hang up');
        return { messageId };
      },
    };
    return { publisher, calls, posted };
  }

  function fakeLog() {
    const lines: Array<{ level: string; obj: object; msg: string }> = [];
    const log: Log = {
      info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
      warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
      error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
    };
    return { log, lines };
  }

  async function setup(opts: { start: string; script?: (n: number) => Behaviour; dir?: string; tips?: Tip[] } & Partial<DailyTipsDeps>) {
    const dir = opts.dir ?? stores.location();
    const clock = testClock(opts.start);
    const pub = fakePublisher(clock.now, opts.script);
    const { log, lines } = fakeLog();
    const { store, close } = await open(dir);
    const app = createDailyTips({
      store,
      publisher: pub.publisher,
      tips: opts.tips ?? TIPS,
      clock: clock.now,
      log,
      retry: { baseMs: MIN, maxAttempts: 4 },
      ...opts,
    });
    return { dir, close, store, app, clock, ...pub, lines };
  }

  /** Ticks once a minute (at second 0) from `from` to `to` inclusive, as the cron adapter does. */
  async function tickEveryMinute(
    t: { app: { tick(now: Date): Promise<unknown> }; clock: { set(to: number): void } },
    from: string,
    to: string,
  ) {
    for (let ms = Date.parse(from); ms <= Date.parse(to); ms += MIN) {
      t.clock.set(ms);
      await t.app.tick(new Date(ms));
    }
  }

  const BERLIN = { channelId: 'chan-1', time: '09:00', tz: 'Europe/Berlin' };

  describe('setSchedule and status', () => {
    it('validates every field at once', async () => {
      const t = await setup({ start: '2026-03-10T00:00:00Z' });
      const r = await t.app.setSchedule('g1', { channelId: ' ', time: '25:00', tz: 'Berlin/Mitte', days: 'sometimes' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['channelId', 'time', 'tz', 'days']);
      expect(await t.app.status('g1')).toBeUndefined();
    });

    it('shows the schedule, the next post in local time and the last tip', async () => {
      const t = await setup({ start: '2026-03-28T12:00:00Z' });
      const r = await t.app.setSchedule('g1', { channelId: 'chan-1', time: '2:30', tz: 'europe/berlin', days: 'täglich', lang: 'de' });
      expect(r.ok && r.status).toMatchObject({
        time: '02:30',
        tz: 'Europe/Berlin',
        daysText: 'daily',
        lang: 'de',
        enabled: true,
        failingReason: null,
        // 02:30 doesn't exist on 2026-03-29: the post comes at 03:00 local
        next: { at: new Date('2026-03-29T01:00:00Z'), localDate: '2026-03-29', localTime: '03:00', weekday: 0 },
        lastPost: null,
      });
      await tickEveryMinute(t, '2026-03-29T00:50:00Z', '2026-03-29T01:10:00Z');
      expect(await t.app.status('g1')).toMatchObject({
        next: { localDate: '2026-03-30', localTime: '02:30' },
        lastPost: { localDate: '2026-03-29', status: 'posted', messageId: 'msg-0', tipId: t.calls[0]!.tipId },
      });
      expect(t.calls[0]).toMatchObject({ at: '2026-03-29T01:00:00.000Z', lang: 'de', channelId: 'chan-1' });
    });

    it('turns off', async () => {
      const t = await setup({ start: '2026-03-10T00:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      expect(await t.app.disable('g1')).toBe(true);
      expect(await t.app.disable('nope')).toBe(false);
      expect(await t.app.status('g1')).toMatchObject({ enabled: false, next: null });
      await tickEveryMinute(t, '2026-03-10T07:55:00Z', '2026-03-10T08:05:00Z');
      expect(t.calls).toHaveLength(0);
    });
  });

  describe('tick', () => {
    it('posts at the local time, not before, once per local day across many ticks', async () => {
      const t = await setup({ start: '2026-03-10T00:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T00:00:00Z', '2026-03-10T07:59:00Z');
      expect(t.calls).toHaveLength(0);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-12T23:59:00Z');
      expect(t.calls.map((c) => c.at)).toEqual([
        '2026-03-10T08:00:00.000Z',
        '2026-03-11T08:00:00.000Z',
        '2026-03-12T08:00:00.000Z',
      ]);
    });

    it('posts once on each day around both DST changes, at 02:30 local', async () => {
      const t = await setup({ start: '2026-03-27T12:00:00Z' });
      await t.app.setSchedule('g1', { ...BERLIN, time: '02:30' });
      await tickEveryMinute(t, '2026-03-27T12:00:00Z', '2026-03-30T12:00:00Z');
      expect(t.calls.map((c) => c.at)).toEqual([
        '2026-03-28T01:30:00.000Z',
        '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first instant after the gap
        '2026-03-30T00:30:00.000Z',
      ]);
      t.clock.set('2026-10-24T12:00:00Z');
      await t.app.setSchedule('g1', { ...BERLIN, time: '02:30' });
      await tickEveryMinute(t, '2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z');
      expect(t.calls.slice(3).map((c) => c.at)).toEqual([
        '2026-10-25T00:30:00.000Z', // the first 02:30; the second (01:30Z) posts nothing
        '2026-10-26T01:30:00.000Z',
      ]);
    });

    it('honours weekdays in the server zone', async () => {
      const t = await setup({ start: '2026-01-15T00:00:00Z' });
      await t.app.setSchedule('g1', { ...BERLIN, tz: 'Asia/Kolkata', days: 'mon-fri' });
      await tickEveryMinute(t, '2026-01-15T00:00:00Z', '2026-01-20T00:00:00Z');
      // Thu 15, Fri 16, (weekend), Mon 19 at 09:00 IST = 03:30Z
      expect(t.calls.map((c) => c.at)).toEqual([
        '2026-01-15T03:30:00.000Z',
        '2026-01-16T03:30:00.000Z',
        '2026-01-19T03:30:00.000Z',
      ]);
    });

    it('catches up once when the bot comes back within the cut-off', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      // down from before 09:00 until 11:30 local
      await tickEveryMinute(t, '2026-03-10T10:30:00Z', '2026-03-10T23:00:00Z');
      expect(t.calls.map((c) => c.at)).toEqual(['2026-03-10T10:30:00.000Z']);
    });

    it('skips the day, and logs it, when the bot comes back after the cut-off', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      t.clock.set('2026-03-10T11:01:00Z'); // 12:01 local, 3 h 1 min late
      expect(await t.app.tick(new Date('2026-03-10T11:01:00Z'))).toMatchObject({ due: 1, posted: 0, skipped: 1 });
      expect(t.lines.find((l) => l.msg.includes('skipped'))?.obj).toMatchObject({ guildId: 'g1', localDate: '2026-03-10', minutesLate: 181 });
      await tickEveryMinute(t, '2026-03-10T11:02:00Z', '2026-03-11T09:00:00Z');
      expect(t.calls.map((c) => c.at)).toEqual(['2026-03-11T08:00:00.000Z']);
    });

    it('honours a custom cut-off', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z', catchUpMinutes: 30 });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:31:00Z', '2026-03-10T12:00:00Z');
      expect(t.calls).toHaveLength(0);
    });

    it('after days offline, skips the old days and posts today once if within the cut-off', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-13T09:00:00Z', '2026-03-13T12:00:00Z');
      expect(t.calls.map((c) => c.at)).toEqual(['2026-03-13T09:00:00.000Z']);
      expect(await t.store.getPost('g1', '2026-03-13')).toMatchObject({ status: 'posted' });
      expect(await t.store.getPost('g1', '2026-03-12')).toBeUndefined();
    });

    it('handles many servers in many zones in one tick', async () => {
      const t = await setup({ start: '2026-03-10T00:00:00Z' });
      const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
      for (let i = 0; i < 50; i++) await t.app.setSchedule(`g${i}`, { channelId: `c${i}`, time: '09:00', tz: zones[i % zones.length]! });
      await tickEveryMinute(t, '2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z');
      expect(t.posted).toHaveLength(50);
      expect(new Set(t.posted.map((c) => c.channelId)).size).toBe(50);
    });
  });

  describe('claimDue: the scheduler\'s tick only claims and queues', () => {
    it('returns once the due tips are claimed; they are sent after it, claimed again as the outbox empties, and none twice', async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => (release = r));
      const t = await setup({ start: '2026-03-10T07:00:00Z', concurrency: 2, queueSize: 3, claimChunk: 3 });
      for (let i = 0; i < 7; i++) await t.app.setSchedule(`g${i}`, { ...BERLIN, channelId: `chan-${i}` });
      const slow = t.publisher.publish;
      t.publisher.publish = async (...args) => {
        await gate;
        return slow(...args);
      };
      t.clock.set('2026-03-10T08:00:00Z');
      // Resolves while every send still waits on the gate: only 3 fit in the outbox.
      expect(await t.app.claimDue(new Date('2026-03-10T08:00:00Z'))).toMatchObject({ due: 3, posted: 0 });
      expect(t.calls).toHaveLength(0);
      expect((await t.app.status('g0'))?.lastPost).toMatchObject({ status: 'posting' });
      release();
      // No other tick: the outbox claims the other 4 itself as it empties.
      await t.app.drained();
      expect(t.posted).toHaveLength(7);
      for (let i = 0; i < 7; i++) expect((await t.app.status(`g${i}`))?.lastPost).toMatchObject({ status: 'posted' });
      expect(new Set(t.posted.map((c) => c.channelId)).size).toBe(7);
      // The next minute finds nothing due.
      t.clock.set('2026-03-10T08:01:00Z');
      expect(await t.app.claimDue(new Date('2026-03-10T08:01:00Z'))).toMatchObject({ due: 0 });
      await t.app.stop();
    });
  });

  describe('exactly one tip per server and local day', () => {
    it('a crash after the post was sent but before it was recorded: another process finishes it within 2 minutes, without a second post', async () => {
      const dir = stores.location();
      // One channel for both processes; call 0 gets through, then its process dies before the answer.
      const clockOf = { now: (): Date => new Date(0) };
      const pub = fakePublisher(() => clockOf.now(), (n) => (n === 0 ? 'posted-then-hang' : 'ok'));
      const a = await setup({ dir, start: '2026-03-10T07:00:00Z', owner: 'a', publisher: pub.publisher });
      clockOf.now = a.clock.now;
      await a.app.setSchedule('g1', BERLIN);
      a.clock.set('2026-03-10T08:00:00Z');
      a.app.tick(new Date('2026-03-10T08:00:00Z')).catch(() => {}); // never settles: the process "died"
      await until(() => pub.calls.length === 1);
      await a.close();

      // Process B shares the store and ticks every minute.
      const b = await setup({ dir, start: '2026-03-10T08:01:00Z', owner: 'b', publisher: pub.publisher });
      clockOf.now = b.clock.now;
      await tickEveryMinute(b, '2026-03-10T08:01:00Z', '2026-03-10T08:02:00Z');
      expect(pub.calls.map((c) => c.at)).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T08:01:00.000Z']);
      expect(pub.calls[1]).toMatchObject({ nonce: pub.calls[0]!.nonce, since: new Date('2026-03-10T08:00:00Z') });
      expect((await b.app.status('g1'))?.lastPost).toMatchObject({ localDate: '2026-03-10', status: 'posted', messageId: 'msg-0', attempts: 2 });
      expect(b.lines.some((l) => l.level === 'warn' && l.msg.includes('taken over'))).toBe(true);
      await tickEveryMinute(b, '2026-03-10T08:03:00Z', '2026-03-11T08:00:00Z');
      expect(pub.calls.map((c) => c.at).slice(2)).toEqual(['2026-03-11T08:00:00.000Z']);
      expect(pub.posted).toHaveLength(2);
    });

    it('a crash right after the claim (nothing sent): another process posts it within 2 minutes', async () => {
      const dir = stores.location();
      const a = await setup({ dir, start: '2026-03-10T07:00:00Z' });
      await a.app.setSchedule('g1', BERLIN);
      const s = (await a.store.getSchedule('g1'))!;
      // Claim exactly as a tick does, then "crash" before publishing.
      expect(
        await a.store.claimPosts([
          {
            claim: { guildId: 'g1', localDate: '2026-03-10', tipId: TIPS[0]!.id, cycle: 1, at: new Date('2026-03-10T08:00:00Z'), lease: { owner: 'a', until: new Date('2026-03-10T08:01:00Z') } },
            advance: { expectedAt: s.nextDueAt, next: { date: '2026-03-11', at: new Date('2026-03-11T08:00:00Z') } },
          },
        ]),
      ).toEqual([true]);
      await a.close();

      const b = await setup({ dir, start: '2026-03-10T08:00:00Z', owner: 'b' });
      await tickEveryMinute(b, '2026-03-10T08:00:00Z', '2026-03-10T22:00:00Z');
      expect(b.calls.map((c) => [c.at, c.tipId])).toEqual([['2026-03-10T08:01:00.000Z', TIPS[0]!.id]]);
      expect(await b.store.getPost('g1', '2026-03-10')).toMatchObject({ status: 'posted', attempts: 2 });
    });

    it('every attempt at a day’s tip carries the same key of at most 25 characters; other days and servers get others', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z', script: (n) => (n === 0 ? new PublishError('retryable', { code: 'rate_limited' }) : 'ok') });
      await t.app.setSchedule('g1', BERLIN);
      await t.app.setSchedule('g2', { ...BERLIN, channelId: 'chan-2' });
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-11T08:00:00Z');
      const keys = t.calls.map((c) => `${c.channelId} ${c.nonce}`);
      expect(t.calls).toHaveLength(5);
      expect(t.calls.every((c) => c.nonce.length <= 25)).toBe(true);
      const first = t.calls.find((c) => c.channelId === 'chan-1')!;
      expect(t.calls.filter((c) => c.nonce === first.nonce).map((c) => c.at)).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T08:01:00.000Z']);
      expect(new Set(keys).size).toBe(4);
      expect(new Set(t.calls.map((c) => c.nonce)).size).toBe(4);
    });

    it('two processes on the same store ticking together post once per server', async () => {
      const dir = stores.location();
      const clock = testClock('2026-03-10T07:00:00Z');
      const pub = fakePublisher(clock.now);
      const make = async (owner: string) => createDailyTips({ store: (await open(dir)).store, publisher: pub.publisher, tips: TIPS, clock: clock.now, owner, concurrency: 3 });
      const [a, b] = [await make('a'), await make('b')];
      for (let i = 0; i < 20; i++) await a.setSchedule(`g${i}`, { ...BERLIN, channelId: `c${i}` });
      for (let ms = Date.parse('2026-03-10T07:58:00Z'); ms <= Date.parse('2026-03-10T12:00:00Z'); ms += MIN) {
        clock.set(ms);
        await Promise.all([a.tick(new Date(ms)), b.tick(new Date(ms))]);
      }
      expect(pub.posted).toHaveLength(20);
      expect(new Set(pub.posted.map((c) => c.channelId)).size).toBe(20);
      expect(pub.calls).toHaveLength(20);
    });
  });

  describe('failures', () => {
    it('retries a retryable failure with back-off, then posts once', async () => {
      const t = await setup({
        start: '2026-03-10T07:00:00Z',
        script: (n) => (n < 2 ? new PublishError('retryable', { code: 'platform_status', status: 503 }) : 'ok'),
      });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T08:02:00Z');
      expect((await t.app.status('g1'))?.lastPost).toMatchObject({
        status: 'retrying',
        attempts: 2,
        error: { code: 'platform_status', status: 503 },
        nextAttemptAt: new Date('2026-03-10T08:03:00Z'),
      });
      await tickEveryMinute(t, '2026-03-10T08:03:00Z', '2026-03-10T20:00:00Z');
      // 1 min, then 2 min back-off
      expect(t.calls.map((c) => c.at)).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T08:01:00.000Z', '2026-03-10T08:03:00.000Z']);
      expect(t.posted).toHaveLength(1);
      expect((await t.app.status('g1'))?.lastPost).toMatchObject({ status: 'posted', attempts: 3, messageId: 'msg-2', error: null });
    });

    it('waits at least as long as Retry-After asks', async () => {
      const t = await setup({
        start: '2026-03-10T07:00:00Z',
        script: (n) => (n === 0 ? new PublishError('retryable', { code: 'rate_limited' }, { retryAfterMs: 10 * MIN }) : 'ok'),
      });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T09:00:00Z');
      expect(t.calls.map((c) => c.at)).toEqual(['2026-03-10T08:00:00.000Z', '2026-03-10T08:10:00.000Z']);
    });

    it('gives up for the day after the last attempt, and posts again the next day', async () => {
      const t = await setup({
        start: '2026-03-10T07:00:00Z',
        script: (n) => (n < 4 ? new PublishError('retryable', { code: 'unreachable' }) : 'ok'),
      });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T22:59:00Z');
      expect(t.calls).toHaveLength(4);
      expect(await t.app.status('g1')).toMatchObject({
        failingReason: null,
        lastPost: { status: 'failed', attempts: 4, error: { code: 'gave_up', attempts: 4, cause: { code: 'unreachable' } } },
        next: { localDate: '2026-03-11' },
      });
      await tickEveryMinute(t, '2026-03-10T23:00:00Z', '2026-03-11T08:00:00Z');
      expect(t.posted.map((c) => c.at)).toEqual(['2026-03-11T08:00:00.000Z']);
    });

    it('does not retry past the end of the local day', async () => {
      const t = await setup({
        start: '2026-03-10T20:00:00Z',
        retry: { baseMs: 30 * MIN, maxAttempts: 10, maxMs: 240 * MIN },
        script: () => new PublishError('retryable', { code: 'platform_status', status: 502 }),
      });
      await t.app.setSchedule('g1', { ...BERLIN, time: '22:00' });
      await tickEveryMinute(t, '2026-03-10T21:00:00Z', '2026-03-10T23:30:00Z');
      // 22:00, 22:30 and 23:30 local; the next (01:30 the day after) is past the day's end
      expect(t.calls.map((c) => c.at)).toEqual(['2026-03-10T21:00:00.000Z', '2026-03-10T21:30:00.000Z', '2026-03-10T22:30:00.000Z']);
      expect((await t.store.getPost('g1', '2026-03-10'))?.status).toBe('failed');
    });

    it('a permanent failure marks the schedule failing until /tips set', async () => {
      let broken = true;
      const t = await setup({
        start: '2026-03-10T07:00:00Z',
        script: () => (broken ? new PublishError('permanent', { code: 'no_access' }) : 'ok'),
      });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T08:05:00Z');
      t.clock.set('2026-03-12T09:00:00Z');
      await t.app.tick(new Date('2026-03-12T09:00:00Z'));
      expect(t.calls).toHaveLength(1);
      expect(await t.app.status('g1')).toMatchObject({
        enabled: true,
        failingReason: { code: 'no_access' },
        next: null,
        lastPost: { status: 'failed', localDate: '2026-03-10' },
      });

      broken = false;
      t.clock.set('2026-03-12T10:00:00Z');
      const r = await t.app.setSchedule('g1', { ...BERLIN, channelId: 'chan-2' });
      expect(r.ok && r.status).toMatchObject({ failingReason: null, next: { localDate: '2026-03-13' } });
      await tickEveryMinute(t, '2026-03-13T07:59:00Z', '2026-03-13T08:01:00Z');
      expect(t.posted).toEqual([expect.objectContaining({ channelId: 'chan-2', at: '2026-03-13T08:00:00.000Z' })]);
    });

    it('retries an error the publisher did not classify with the same key: the channel shows the tip once', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z', script: (n) => (n === 0 ? 'posted-then-error' : 'ok') });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T08:00:00Z');
      expect((await t.app.status('g1'))?.lastPost).toMatchObject({ status: 'retrying', error: { code: 'other', detail: 'socket hang up' } });
      await tickEveryMinute(t, '2026-03-10T08:01:00Z', '2026-03-10T12:00:00Z');
      expect(t.calls).toHaveLength(2);
      expect(t.calls[1]).toMatchObject({ nonce: t.calls[0]!.nonce, since: new Date('2026-03-10T08:00:00Z') });
      expect(t.posted).toHaveLength(1);
      expect((await t.app.status('g1'))?.lastPost).toMatchObject({ status: 'posted', messageId: 'msg-0', attempts: 2 });
    });

    it('a publish that never answers is given up in time and tried again with the same key', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z', publishTimeoutMs: 20, script: (n) => (n === 0 ? 'posted-then-hang' : 'ok') });
      await t.app.setSchedule('g1', BERLIN);
      t.clock.set('2026-03-10T08:00:00Z');
      expect(await t.app.tick(new Date('2026-03-10T08:00:00Z'))).toMatchObject({ due: 1, posted: 0, retrying: 1 });
      expect(await t.store.getPost('g1', '2026-03-10')).toMatchObject({ status: 'retrying', lastError: { code: 'no_answer', seconds: expect.any(Number) } });
      await tickEveryMinute(t, '2026-03-10T08:01:00Z', '2026-03-10T12:00:00Z');
      expect(t.calls).toHaveLength(2);
      expect(t.posted).toHaveLength(1);
      expect(await t.store.getPost('g1', '2026-03-10')).toMatchObject({ status: 'posted', messageId: 'msg-0' });
    });

    it('stops a schedule it cannot compute instead of failing every minute', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      await t.app.setSchedule('g2', { ...BERLIN, channelId: 'chan-2' });
      await t.store.saveSchedule({ ...(await t.store.getSchedule('g1'))!, tz: 'Not/AZone' });
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T08:05:00Z');
      expect(t.posted.map((c) => c.channelId)).toEqual(['chan-2']);
      expect(await t.app.status('g1')).toMatchObject({ failingReason: { code: 'schedule_broken' }, next: null });
      expect(t.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    });
  });

  describe('postNow and preview', () => {
    it('/tips now posts an extra tip at once; the day’s scheduled tip still comes, and differs', async () => {
      const t = await setup({ start: '2026-03-10T06:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      const r = await t.app.postNow('g1');
      expect(r).toMatchObject({ kind: 'posted', localDate: '2026-03-10', messageId: 'msg-0' });
      expect((await t.app.status('g1'))?.next?.localDate).toBe('2026-03-10');
      await tickEveryMinute(t, '2026-03-10T06:00:00Z', '2026-03-10T22:00:00Z');
      expect(t.calls.map((c) => c.at)).toEqual(['2026-03-10T06:00:00.000Z', '2026-03-10T08:00:00.000Z']);
      expect(t.calls[0]!.tipId).not.toBe(t.calls[1]!.tipId);
      expect(t.calls[0]!.nonce).not.toBe(t.calls[1]!.nonce);
      expect(t.calls[0]!.nonce.length).toBeLessThanOrEqual(25);
    });

    it('/tips now after the scheduled tip posts another; two within the cooldown do not', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z', nowCooldownSeconds: 60 });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T08:00:00Z');
      t.clock.set('2026-03-10T08:00:10Z');
      expect(await t.app.postNow('g1')).toMatchObject({ kind: 'posted' });
      t.clock.set('2026-03-10T08:00:30Z');
      expect(await t.app.postNow('g1')).toEqual({ kind: 'cooldown', seconds: 40 });
      t.clock.set('2026-03-10T08:01:10Z');
      expect(await t.app.postNow('g1')).toMatchObject({ kind: 'posted' });
      expect(await t.app.postNow('elsewhere')).toEqual({ kind: 'not-configured' });
      expect(t.posted).toHaveLength(3);
      expect(new Set(t.posted.map((c) => c.nonce)).size).toBe(3);
    });

    it('/tips now that Discord refuses gives the cooldown back; a permanent refusal pauses the schedule', async () => {
      let next: Behaviour = new PublishError('retryable', { code: 'platform_status', status: 503 });
      const t = await setup({ start: '2026-03-10T07:00:00Z', script: () => next });
      await t.app.setSchedule('g1', BERLIN);
      expect(await t.app.postNow('g1')).toMatchObject({ kind: 'failed', permanent: false, reason: { code: 'platform_status', status: 503 } });
      next = new PublishError('permanent', { code: 'no_access' });
      expect(await t.app.postNow('g1')).toMatchObject({ kind: 'failed', permanent: true, reason: { code: 'no_access' } });
      expect(await t.app.status('g1')).toMatchObject({ failingReason: { code: 'no_access' }, next: null });
      next = 'ok';
      expect(await t.app.postNow('g1')).toMatchObject({ kind: 'posted' });
    });

    it('setting the schedule again after today’s tip went out promises the next one tomorrow', async () => {
      const t = await setup({ start: '2026-03-10T07:00:00Z' });
      await t.app.setSchedule('g1', BERLIN);
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T08:00:00Z');
      const again = await t.app.setSchedule('g1', { ...BERLIN, time: '18:00' });
      expect(again.ok && again.status.next?.localDate).toBe('2026-03-11');
      await tickEveryMinute(t, '2026-03-10T16:55:00Z', '2026-03-10T17:05:00Z');
      expect(t.calls).toHaveLength(1);
    });

    it('preview shows what comes next without claiming anything', async () => {
      const t = await setup({ start: '2026-03-10T06:00:00Z' });
      await t.app.setSchedule('g1', { ...BERLIN, lang: 'de' });
      const p = await t.app.preview('g1');
      expect(p).toMatchObject({ lang: 'de', localDate: '2026-03-10' });
      expect(await t.app.preview('g1')).toEqual(p);
      expect(await t.store.lastPost('g1')).toBeUndefined();
      await tickEveryMinute(t, '2026-03-10T08:00:00Z', '2026-03-10T08:00:00Z');
      expect(t.calls[0]!.tipId).toBe(p!.tip.id);
      // After today's tip, the preview is the next one, and it differs.
      const next = await t.app.preview('g1');
      expect(next?.localDate).toBe('2026-03-11');
      expect(next?.tip.id).not.toBe(p!.tip.id);
      expect(await t.app.preview('no-schedule')).toMatchObject({ lang: 'en' });
    });
  });

  describe('rotation and preferences', () => {
    it('shows every tip once before repeating, across days', async () => {
      const t = await setup({ start: '2026-03-01T00:00:00Z' });
      await t.app.setSchedule('g1', { ...BERLIN, tz: 'UTC' });
      await tickEveryMinute(t, '2026-03-01T08:59:00Z', '2026-03-01T09:00:00Z');
      for (let d = 2; d <= 15; d++) {
        const day = `2026-03-${String(d).padStart(2, '0')}T09:00:00Z`;
        t.clock.set(day);
        await t.app.tick(new Date(day));
      }
      const ids = t.posted.map((c) => c.tipId);
      expect(ids).toHaveLength(15);
      for (const cycle of [ids.slice(0, 5), ids.slice(5, 10), ids.slice(10, 15)]) {
        expect([...cycle].sort()).toEqual(TIPS.map((x) => x.id).sort());
      }
      for (let i = 1; i < ids.length; i++) expect(ids[i]).not.toBe(ids[i - 1]);
      // Old cycles are pruned: the current (days 11–15) and the previous (6–10) remain.
      expect(await t.store.getPost('g1', '2026-03-05')).toBeUndefined();
      expect(await t.store.getPost('g1', '2026-03-06')).toMatchObject({ cycle: 2, status: 'posted' });
    });

    it('prefers tips on what the server’s scored posts keep missing', async () => {
      const t = await setup({ start: '2026-03-10T00:00:00Z' });
      await t.app.setSchedule('g1', { ...BERLIN, tz: 'UTC' });
      for (let i = 0; i < 5; i++) await t.app.recordScore('g1', { score: 40, missing: ['exclusive', 'discount'] });
      for (let i = 0; i < 8; i++) await t.app.recordScore('g1', { score: 55, missing: ['contest'] });
      await tickEveryMinute(t, '2026-03-10T09:00:00Z', '2026-03-10T09:00:00Z');
      t.clock.set('2026-03-11T09:00:00Z');
      await t.app.tick(new Date('2026-03-11T09:00:00Z'));
      t.clock.set('2026-03-12T09:00:00Z');
      await t.app.tick(new Date('2026-03-12T09:00:00Z'));
      const ids = t.posted.map((c) => c.tipId);
      expect(ids[0]).toBe('run-a-contest');
      expect(ids.slice(1, 3).sort()).toEqual(['make-it-exclusive', 'offer-a-discount']);
    });

    it('stores only ids and scores, the newest 50 per server', async () => {
      const t = await setup({ start: '2026-03-10T00:00:00Z' });
      for (let i = 0; i < 60; i++) {
        t.clock.set(Date.parse('2026-03-10T00:00:00Z') + i * MIN);
        await t.app.recordScore('g1', { score: i, missing: ['discount', 'Buy our new shoes now!', 'rules.offer.discount'] });
      }
      await t.app.recordScore('g2', { score: 180, missing: [] });
      const kept = await t.store.recentScores('g1', 100);
      expect(kept).toHaveLength(50);
      expect(kept[0]).toMatchObject({ score: 59, missing: ['discount', 'rules.offer.discount'] });
      expect(kept.at(-1)).toEqual({ at: new Date(Date.parse('2026-03-10T00:00:00Z') + 10 * MIN), score: 10, missing: ['discount', 'rules.offer.discount'] });
      expect((await t.store.recentScores('g1', 3)).map((r) => r.score)).toEqual([59, 58, 57]);
      expect(await t.store.recentScores('g2', 50)).toEqual([{ at: expect.any(Date), score: 100, missing: [] }]);
    });
  });
  });
}
