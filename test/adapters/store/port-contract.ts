// The store port method by method: what every TipStore must do, whatever it is built on,
// including what processes sharing it rely on (leases, claims, cooldowns under concurrency).
// contract.ts shows the same stores through the daily-tip use cases. A store's test file calls
// tipStoreContract with a way to open a fresh store; two handles on one store stand for two
// processes sharing it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Lease, TipStore } from '../../../src/app/ports.ts';

export interface OpenedStore {
  /** Two handles on the same data, as two processes would have. */
  a: TipStore;
  b: TipStore;
  close(): Promise<void>;
}

const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const lease = (owner: string, untilMinutes: number): Lease => ({ owner, until: at(untilMinutes) });
// why: a tick takes due posts and due schedules in one call (TipStore.takeDue); these read one half
const dueSchedules = async (s: TipStore, now: Date, limit: number, l: Lease) => (await s.takeDue(now, limit, l, 0)).schedules;
const duePosts = async (s: TipStore, now: Date, limit: number, l: Lease) => (await s.takeDue(now, limit, l, 0)).posts;

async function schedule(store: TipStore, guildId: string, dueMinutes = 0, date = '2026-03-02'): Promise<void> {
  await store.saveSchedule({
    guildId,
    channelId: `c-${guildId}`,
    time: '09:00',
    tz: 'Europe/Berlin',
    days: 127,
    lang: 'en',
    nextDueAt: at(dueMinutes),
    nextDueDate: date,
    updatedAt: T0,
  });
}

function claim(guildId: string, owner = 'p1', opts: { date?: string; tipId?: string; cycle?: number; untilMinutes?: number } = {}) {
  return {
    guildId,
    localDate: opts.date ?? '2026-03-02',
    tipId: opts.tipId ?? 'tip-a',
    cycle: opts.cycle ?? 1,
    at: T0,
    lease: lease(owner, opts.untilMinutes ?? 1),
  };
}

export function tipStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: daily-tip store contract`, () => {
    let opened: OpenedStore | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });
    const fresh = async (): Promise<OpenedStore> => (opened = await open());

    it('saves, reads, turns off and marks failing a schedule', async () => {
      const { a } = await fresh();
      expect(await a.getSchedule('g1')).toBeUndefined();
      await schedule(a, 'g1', 5);
      expect(await a.getSchedule('g1')).toEqual({
        guildId: 'g1',
        channelId: 'c-g1',
        time: '09:00',
        tz: 'Europe/Berlin',
        days: 127,
        lang: 'en',
        enabled: true,
        nextDueAt: at(5),
        nextDueDate: '2026-03-02',
        failingReason: null,
        updatedAt: T0,
      });
      await a.markFailing('g1', { code: 'no_access' }, at(1));
      expect(await a.getSchedule('g1')).toMatchObject({ failingReason: { code: 'no_access' }, nextDueAt: null, enabled: true });
      expect(await a.disableSchedule('g1', at(2))).toBe(true);
      expect(await a.getSchedule('g1')).toMatchObject({ enabled: false, nextDueAt: null, updatedAt: at(2) });
      expect(await a.disableSchedule('nope', at(2))).toBe(false);
      await schedule(a, 'g1', 10);
      expect(await a.getSchedule('g1')).toMatchObject({ enabled: true, failingReason: null, nextDueAt: at(10) });
    });

    it('moves a slot only from the slot the caller saw', async () => {
      const { a, b } = await fresh();
      await schedule(a, 'g1', 0);
      const next = { date: '2026-03-03', at: at(24 * 60) };
      expect(await a.advanceSchedule('g1', { expectedAt: at(0), next })).toBe(true);
      expect(await b.advanceSchedule('g1', { expectedAt: at(0), next: { date: '2026-03-04', at: at(48 * 60) } })).toBe(false);
      expect(await a.getSchedule('g1')).toMatchObject({ nextDueAt: next.at, nextDueDate: '2026-03-03' });
    });

    it('leases due schedules to one process at a time, until the lease runs out or the slot moves', async () => {
      const { a, b } = await fresh();
      for (const [g, m] of [['g1', -2], ['g2', -1], ['g3', 0], ['g4', 5]] as const) await schedule(a, g, m);
      const first = await dueSchedules(a, at(0), 2, lease('p1', 1));
      expect(first.map((s) => s.guildId)).toEqual(['g1', 'g2']);
      const second = await dueSchedules(b, at(0), 10, lease('p2', 1));
      expect(second.map((s) => s.guildId)).toEqual(['g3']);
      expect(await dueSchedules(b, at(0.5), 10, lease('p2', 1.5))).toEqual([]);
      // p1 died holding g1 and g2: once its lease has run out they are anyone's again.
      await a.advanceSchedule('g2', { expectedAt: at(-1), next: { date: '2026-03-03', at: at(24 * 60) } });
      expect((await dueSchedules(b, at(1), 10, lease('p2', 2))).map((s) => s.guildId)).toEqual(['g1', 'g3']);
    });

    it('splits a burst of due schedules between processes taking at the same time', async () => {
      const { a, b } = await fresh();
      for (let i = 0; i < 60; i++) await schedule(a, `g${String(i).padStart(2, '0')}`, -1);
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, i) => dueSchedules(i % 2 ? a : b, at(0), 15, lease(`p${i}`, 1))),
      );
      const all = batches.flat().map((s) => s.guildId);
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(60);
    });

    it('claims a day once: the second claim loses and leaves the first as it was; the slot moves either way', async () => {
      const { a, b } = await fresh();
      await schedule(a, 'g1', 0);
      const adv = { expectedAt: at(0), next: { date: '2026-03-03', at: at(24 * 60) } };
      expect(await a.claimPosts([{ claim: claim('g1', 'p1'), advance: adv }])).toEqual([true]);
      expect(await b.claimPosts([{ claim: claim('g1', 'p2', { tipId: 'tip-b' }), advance: adv }])).toEqual([false]);
      expect(await a.getPost('g1', '2026-03-02')).toMatchObject({
        tipId: 'tip-a',
        status: 'posting',
        attempts: 1,
        trigger: 'schedule',
        leaseOwner: 'p1',
        leaseUntil: at(1),
      });
      expect(await a.getSchedule('g1')).toMatchObject({ nextDueDate: '2026-03-03' });
      expect(await a.claimPosts([])).toEqual([]);
    });

    it('claims many servers at once from two processes without losing or doubling one', async () => {
      const { a, b } = await fresh();
      const ids = Array.from({ length: 40 }, (_, i) => `g${i}`);
      for (const g of ids) await schedule(a, g, 0);
      const items = ids.map((g) => ({ claim: claim(g) }));
      const [wa, wb] = await Promise.all([a.claimPosts(items), b.claimPosts([...items].reverse())]);
      wb.reverse();
      expect(ids.filter((_, i) => wa[i] === wb[i])).toEqual([]);
    });

    it('records a success whoever reports it, a failure only from the lease holder', async () => {
      const { a, b } = await fresh();
      for (const g of ['g1', 'g2', 'g3']) {
        await schedule(a, g, 0);
        await a.claimPosts([{ claim: claim(g, 'p1') }]);
      }
      await b.finishAttempts([
        { guildId: 'g1', localDate: '2026-03-02', owner: 'p2', outcome: { status: 'retrying', nextAttemptAt: at(5), error: { code: 'platform_status', status: 500 } } },
        { guildId: 'g2', localDate: '2026-03-02', owner: 'p2', outcome: { status: 'posted', messageId: 'm2', at: at(1) } },
      ]);
      expect(await a.getPost('g1', '2026-03-02')).toMatchObject({ status: 'posting', leaseOwner: 'p1' });
      expect(await a.getPost('g2', '2026-03-02')).toMatchObject({ status: 'posted', messageId: 'm2', postedAt: at(1), leaseOwner: null });
      await a.finishAttempts([
        { guildId: 'g1', localDate: '2026-03-02', owner: 'p1', outcome: { status: 'retrying', nextAttemptAt: at(5), error: { code: 'platform_status', status: 500 } } },
        {
          guildId: 'g3',
          localDate: '2026-03-02',
          owner: 'p1',
          outcome: { status: 'failed', error: { code: 'no_access' } },
          failSchedule: { reason: { code: 'no_access' }, at: at(1) },
        },
      ]);
      expect(await a.getPost('g1', '2026-03-02')).toMatchObject({ status: 'retrying', nextAttemptAt: at(5), lastError: { code: 'platform_status', status: 500 } });
      expect(await a.getPost('g3', '2026-03-02')).toMatchObject({ status: 'failed', lastError: { code: 'no_access' } });
      expect(await a.getSchedule('g3')).toMatchObject({ failingReason: { code: 'no_access' }, nextDueAt: null });
      // A late success of an attempt that was written off still counts.
      await a.finishAttempts([{ guildId: 'g1', localDate: '2026-03-02', owner: 'p9', outcome: { status: 'posted', messageId: 'm1', at: at(6) } }]);
      expect(await a.lastPost('g1')).toMatchObject({ status: 'posted', messageId: 'm1' });
      await a.finishAttempts([]);
    });

    it('hands out due retries and attempts whose holder died, each to one process, counting the attempt', async () => {
      const { a, b } = await fresh();
      for (const g of ['g1', 'g2', 'g3']) {
        await schedule(a, g, 0);
        await a.claimPosts([{ claim: claim(g, 'p1', { untilMinutes: 1 }) }]);
      }
      await a.finishAttempts([{ guildId: 'g1', localDate: '2026-03-02', owner: 'p1', outcome: { status: 'retrying', nextAttemptAt: at(3), error: { code: 'rate_limited' } } }]);
      await a.finishAttempts([{ guildId: 'g3', localDate: '2026-03-02', owner: 'p1', outcome: { status: 'posted', messageId: 'm3', at: at(0) } }]);
      // Nothing yet: g1's retry is at +3, p1's lease on g2 holds until +1.
      expect(await duePosts(b, at(0.5), 10, lease('p2', 1.5))).toEqual([]);
      const taken = await duePosts(b, at(1), 10, lease('p2', 5));
      expect(taken.map((t) => [t.post.guildId, t.post.attempts, t.post.leaseOwner, t.schedule.channelId])).toEqual([['g2', 2, 'p2', 'c-g2']]);
      expect(await duePosts(a, at(1), 10, lease('p3', 2))).toEqual([]);
      const both = await Promise.all([duePosts(a, at(3), 10, lease('p1', 4)), duePosts(b, at(3), 10, lease('p2', 4))]);
      expect(both.flat().map((t) => [t.post.guildId, t.post.status, t.post.attempts])).toEqual([['g1', 'posting', 2]]);
    });

    it('keeps the rotation: newest cycle, tips shown in it (scheduled and extra), the last tip', async () => {
      const { a } = await fresh();
      expect(await a.rotation('g1')).toEqual({ cycle: 0, shownTipIds: [], lastTipId: undefined });
      await schedule(a, 'g1', 0);
      await a.claimPosts([{ claim: claim('g1', 'p1', { date: '2026-03-01', tipId: 'tip-a', cycle: 1 }) }]);
      await a.claimPosts([{ claim: { ...claim('g1', 'p1', { date: '2026-03-02', tipId: 'tip-b', cycle: 1 }), at: at(1) } }]);
      await a.finishAttempts([{ guildId: 'g1', localDate: '2026-03-02', owner: 'p1', outcome: { status: 'failed', error: { code: 'unreachable' } } }]);
      expect(await a.startExtraPost({ guildId: 'g1', nonce: 'n1', tipId: 'tip-c', cycle: 1, at: at(2), cooldownSince: at(1) })).toEqual({ ok: true });
      await a.finishExtraPost('g1', 'n1', { messageId: 'm', at: at(2) });
      const r = await a.rotation('g1');
      expect(r.cycle).toBe(1);
      expect([...r.shownTipIds].sort()).toEqual(['tip-a', 'tip-c']);
      expect(r.lastTipId).toBe('tip-c');
      // A new cycle prunes the ones before the previous.
      await a.claimPosts([{ claim: { ...claim('g1', 'p1', { date: '2026-03-03', tipId: 'tip-d', cycle: 2 }), at: at(3) } }]);
      await a.claimPosts([{ claim: { ...claim('g1', 'p1', { date: '2026-03-04', tipId: 'tip-e', cycle: 3 }), at: at(4) } }]);
      expect(await a.getPost('g1', '2026-03-01')).toBeUndefined();
      expect(await a.rotation('g1')).toEqual({ cycle: 3, shownTipIds: ['tip-e'], lastTipId: 'tip-e' });
    });

    it('lets one /tips now through per cooldown, across processes; a failed one gives the cooldown back', async () => {
      const { a, b } = await fresh();
      expect(await a.startExtraPost({ guildId: 'g1', nonce: 'n0', tipId: 't', cycle: 1, at: at(0), cooldownSince: at(-1) })).toEqual({
        ok: false,
        noSchedule: true,
      });
      await schedule(a, 'g1', 60);
      const tries = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? a : b).startExtraPost({ guildId: 'g1', nonce: `n${i}`, tipId: 't', cycle: 1, at: at(0), cooldownSince: at(-1) }),
        ),
      );
      expect(tries.filter((t) => t.ok)).toHaveLength(1);
      expect(tries.filter((t) => !t.ok)).toEqual(Array.from({ length: 5 }, () => ({ ok: false, lastAt: at(0) })));
      const winner = `n${tries.findIndex((t) => t.ok)}`;
      await a.finishExtraPost('g1', winner, { failed: true });
      expect(await b.startExtraPost({ guildId: 'g1', nonce: 'n9', tipId: 't', cycle: 1, at: at(0.5), cooldownSince: at(-0.5) })).toEqual({ ok: true });
      expect(await a.startExtraPost({ guildId: 'g1', nonce: 'n10', tipId: 't', cycle: 1, at: at(0.6), cooldownSince: at(-0.4) })).toEqual({
        ok: false,
        lastAt: at(0.5),
      });
      expect(await a.startExtraPost({ guildId: 'g1', nonce: 'n11', tipId: 't', cycle: 1, at: at(2), cooldownSince: at(1) })).toEqual({ ok: true });
    });

    it('keeps the newest scores per server', async () => {
      const { a } = await fresh();
      for (let i = 0; i < 5; i++) await a.recordScore('g1', { at: at(i), score: i * 10, missing: [`r${i}`] }, 3);
      await a.recordScore('g2', { at: at(9), score: 99, missing: [] }, 3);
      expect(await a.recentScores('g1', 10)).toEqual([
        { at: at(4), score: 40, missing: ['r4'] },
        { at: at(3), score: 30, missing: ['r3'] },
        { at: at(2), score: 20, missing: ['r2'] },
      ]);
      expect(await a.recentScores('g2', 1)).toEqual([{ at: at(9), score: 99, missing: [] }]);
    });

    it('reads a chunk of servers at once: the same scores and rotations as one by one, absent when there are none', async () => {
      const { a, b } = await fresh();
      for (let i = 0; i < 4; i++) await a.recordScore('g1', { at: at(i), score: i, missing: [`r${i}`] }, 10);
      await a.recordScore('g2', { at: at(9), score: 99, missing: ['x'] }, 10);
      const scores = await b.recentScoresOf(['g1', 'g2', 'g3'], 2);
      expect([...scores.keys()].sort()).toEqual(['g1', 'g2']);
      expect(scores.get('g1')).toEqual(await a.recentScores('g1', 2));
      expect(scores.get('g2')).toEqual([{ at: at(9), score: 99, missing: ['x'] }]);
      expect(await b.recentScoresOf([], 2)).toEqual(new Map());

      for (const g of ['g1', 'g2', 'g3']) await schedule(a, g, 0);
      await a.claimPosts([
        { claim: claim('g1', 'p1', { date: '2026-03-01', tipId: 'tip-a', cycle: 1 }) },
        { claim: { ...claim('g1', 'p1', { date: '2026-03-02', tipId: 'tip-b', cycle: 2 }), at: at(1) } },
        { claim: claim('g2', 'p1', { tipId: 'tip-c', cycle: 1 }) },
      ]);
      const rotations = await b.rotations(['g1', 'g2', 'g3']);
      expect([...rotations.keys()].sort()).toEqual(['g1', 'g2']);
      expect(rotations.get('g1')).toEqual({ cycle: 2, shownTipIds: ['tip-b'], lastTipId: 'tip-b' });
      expect(rotations.get('g1')).toEqual(await a.rotation('g1'));
      expect(rotations.get('g2')).toEqual({ cycle: 1, shownTipIds: ['tip-c'], lastTipId: 'tip-c' });
      expect(await a.rotation('g3')).toEqual({ cycle: 0, shownTipIds: [], lastTipId: undefined });
    });

    it("takes a tick's work in one call: due retries first, then due schedules up to the limit, with their rotations and newest scores", async () => {
      const { a, b } = await fresh();
      await schedule(a, 'g5', 60);
      // g5's attempt today: its holder died (the lease ran out a minute ago)
      await a.claimPosts([{ claim: claim('g5', 'p1', { untilMinutes: -1 }) }]);
      for (const g of ['g1', 'g2', 'g3']) await schedule(a, g, 0);
      await schedule(a, 'g4', 5);
      await a.claimPosts([{ claim: claim('g1', 'p1', { date: '2026-03-01', tipId: 'tip-a', cycle: 1 }) }]);
      for (let i = 0; i < 3; i++) await a.recordScore('g1', { at: at(i), score: i, missing: [`r${i}`] }, 10);

      const work = await b.takeDue(at(0), 3, lease('p2', 1), 2);
      expect(work.posts.map((t) => [t.post.guildId, t.post.attempts, t.post.leaseOwner, t.schedule.channelId])).toEqual([['g5', 2, 'p2', 'c-g5']]);
      expect(work.schedules.map((s) => s.guildId)).toEqual(['g1', 'g2']);
      expect(work.rotations).toEqual(new Map([['g1', { cycle: 1, shownTipIds: ['tip-a'], lastTipId: 'tip-a' }]]));
      expect(work.rotations).toEqual(await a.rotations(['g1', 'g2']));
      expect(work.recentScores).toEqual(await a.recentScoresOf(['g1', 'g2'], 2));
      expect(work.recentScores.get('g1')?.map((r) => r.score)).toEqual([2, 1]);

      // The rest is another process's: g3 (g1, g2 and g5 are leased, g4 is not due).
      const rest = await a.takeDue(at(0), 10, lease('p1', 1), 2);
      expect([rest.posts, rest.schedules.map((s) => s.guildId), rest.rotations, rest.recentScores]).toEqual([[], ['g3'], new Map(), new Map()]);
      expect(await a.takeDue(at(0.5), 10, lease('p1', 1), 2)).toEqual({ posts: [], schedules: [], rotations: new Map(), recentScores: new Map() });
    });

    it('claims a chunk in one call: the same day twice is won once, each schedule moved', async () => {
      const { a } = await fresh();
      await schedule(a, 'g1', 0);
      await schedule(a, 'g2', 0);
      const adv = (g: string) => ({ expectedAt: at(0), next: { date: '2026-03-03', at: at(1440) } });
      expect(
        await a.claimPosts([
          { claim: claim('g2', 'p1'), advance: adv('g2') },
          { claim: claim('g1', 'p1'), advance: adv('g1') },
          { claim: claim('g1', 'p1', { tipId: 'tip-z' }) },
        ]),
      ).toEqual([true, true, false]);
      expect((await a.getPost('g1', '2026-03-02'))?.tipId).toBe('tip-a');
      for (const g of ['g1', 'g2']) expect((await a.getSchedule(g))?.nextDueAt).toEqual(at(1440));
      await a.finishAttempts([
        { guildId: 'g1', localDate: '2026-03-02', owner: 'p1', outcome: { status: 'posted', messageId: 'm1', at: at(1) } },
        { guildId: 'g2', localDate: '2026-03-02', owner: 'p1', outcome: { status: 'retrying', nextAttemptAt: at(5), error: { code: 'rate_limited' } } },
      ]);
      expect(await a.getPost('g1', '2026-03-02')).toMatchObject({ status: 'posted', messageId: 'm1' });
      expect(await a.getPost('g2', '2026-03-02')).toMatchObject({ status: 'retrying', nextAttemptAt: at(5) });
    });
  });
}
