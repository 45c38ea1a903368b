import type {
  ScoreRecord,
  TipFailure,
  TipAdvance,
  TipPostRecord,
  TipRotation,
  TipScheduleRecord,
  TipStore,
} from '../../app/ports.ts';

/**
 * The store port in memory: the same contract as the SQLite store (test/adapters/store/contract.ts),
 * for the use-case tests, and for a bot that may lose its schedules and history on restart.
 * Single process only; every method runs to completion before another starts, which is what
 * makes each one atomic here.
 */
export function createMemoryTipStore(): TipStore {
  const schedules = new Map<string, TipScheduleRecord>();
  /** Per server, per local date. */
  const posts = new Map<string, Map<string, TipPostRecord>>();
  const scores = new Map<string, ScoreRecord[]>();

  const copySchedule = (s: TipScheduleRecord): TipScheduleRecord => ({ ...s });
  const copyPost = (p: TipPostRecord): TipPostRecord => ({ ...p });
  const postsOf = (guildId: string): Map<string, TipPostRecord> => {
    let m = posts.get(guildId);
    if (!m) posts.set(guildId, (m = new Map()));
    return m;
  };
  const lastPost = (guildId: string): TipPostRecord | undefined => {
    let last: TipPostRecord | undefined;
    for (const p of posts.get(guildId)?.values() ?? []) if (!last || p.localDate > last.localDate) last = p;
    return last;
  };
  const advance = (guildId: string, a: TipAdvance): boolean => {
    const s = schedules.get(guildId);
    if (!s || (s.nextDueAt?.getTime() ?? null) !== (a.expectedAt?.getTime() ?? null)) return false;
    s.nextDueAt = a.next?.at ?? null;
    s.nextDueDate = a.next?.date ?? null;
    return true;
  };
  const markFailing = (guildId: string, reason: TipFailure, at: Date): void => {
    const s = schedules.get(guildId);
    if (!s) return;
    Object.assign(s, { failingReason: reason, nextDueAt: null, nextDueDate: null, updatedAt: at });
  };

  return {
    getSchedule: (guildId) => {
      const s = schedules.get(guildId);
      return s && copySchedule(s);
    },
    saveSchedule(s) {
      schedules.set(s.guildId, { ...s, enabled: true, failingReason: null });
    },
    disableSchedule(guildId, at) {
      const s = schedules.get(guildId);
      if (!s) return false;
      Object.assign(s, { enabled: false, nextDueAt: null, nextDueDate: null, updatedAt: at });
      return true;
    },
    markFailing,
    advanceSchedule: advance,
    dueSchedules: (now, limit) =>
      [...schedules.values()]
        .filter((s) => s.nextDueAt !== null && s.nextDueAt <= now)
        .sort((a, b) => a.nextDueAt!.getTime() - b.nextDueAt!.getTime())
        .slice(0, limit)
        .map(copySchedule),
    claimPosts: (items) =>
      items.map(({ claim: c, advance: a }) => {
        const mine = postsOf(c.guildId);
        const inserted = !mine.has(c.localDate);
        if (inserted) {
          mine.set(c.localDate, {
            guildId: c.guildId,
            localDate: c.localDate,
            tipId: c.tipId,
            cycle: c.cycle,
            trigger: c.trigger,
            status: 'posting',
            attempts: 1,
            claimedAt: c.at,
            attemptStartedAt: c.at,
            nextAttemptAt: null,
            messageId: null,
            postedAt: null,
            lastError: null,
          });
          // Rotation needs only the current cycle; the one before stays for status and history.
          for (const [date, p] of mine) if (p.cycle < c.cycle - 1) mine.delete(date);
        }
        if (a) advance(c.guildId, a);
        return inserted;
      }),
    retakePost(guildId, localDate, from, at) {
      const p = posts.get(guildId)?.get(localDate);
      if (!p || p.status !== from.status || p.attempts !== from.attempts) return false;
      Object.assign(p, { status: 'posting', attempts: p.attempts + 1, attemptStartedAt: at, nextAttemptAt: null });
      return true;
    },
    finishAttempts(results) {
      for (const { guildId, localDate, outcome: o, failSchedule } of results) {
        const p = posts.get(guildId)?.get(localDate);
        if (p) {
          switch (o.status) {
            case 'posted':
              // why: a result that arrives after its attempt was written off as unconfirmed is still the truth
              if (p.status === 'posting' || p.status === 'unconfirmed') Object.assign(p, { status: 'posted', messageId: o.messageId, postedAt: o.at, nextAttemptAt: null, lastError: null });
              break;
            case 'retrying':
              if (p.status === 'posting') Object.assign(p, { status: 'retrying', nextAttemptAt: o.nextAttemptAt, lastError: o.error });
              break;
            case 'failed':
              if (p.status === 'posting' || p.status === 'retrying') Object.assign(p, { status: 'failed', lastError: o.error, nextAttemptAt: null });
              break;
            case 'unconfirmed':
              if (p.status === 'posting') Object.assign(p, { status: 'unconfirmed', lastError: o.error });
              break;
          }
        }
        if (failSchedule) markFailing(guildId, failSchedule.reason, failSchedule.at);
      }
    },
    getPost: (guildId, localDate) => {
      const p = posts.get(guildId)?.get(localDate);
      return p && copyPost(p);
    },
    lastPost: (guildId) => {
      const p = lastPost(guildId);
      return p && copyPost(p);
    },
    dueRetries: (now, limit) =>
      [...posts.values()]
        .flatMap((m) => [...m.values()])
        .filter((p) => p.status === 'retrying' && p.nextAttemptAt !== null && p.nextAttemptAt <= now && schedules.has(p.guildId))
        .sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime())
        .slice(0, limit)
        .map((p) => ({ post: copyPost(p), schedule: copySchedule(schedules.get(p.guildId)!) })),
    expireAttempts(startedBefore) {
      const expired: TipPostRecord[] = [];
      for (const m of posts.values()) {
        for (const p of m.values()) {
          if (p.status !== 'posting' || p.attemptStartedAt >= startedBefore) continue;
          Object.assign(p, { status: 'unconfirmed', lastError: p.lastError ?? { code: 'never_reported' } });
          expired.push(copyPost(p));
        }
      }
      return expired;
    },
    rotation(guildId): TipRotation {
      const mine = [...(posts.get(guildId)?.values() ?? [])];
      const cycle = mine.reduce((max, p) => Math.max(max, p.cycle), 0);
      const shown = cycle === 0 ? [] : mine.filter((p) => p.cycle === cycle && p.status !== 'failed').map((p) => p.tipId);
      return { cycle, shownTipIds: shown, lastTipId: lastPost(guildId)?.tipId };
    },
    recordScore(guildId, record, keep) {
      const list = scores.get(guildId) ?? [];
      list.push({ ...record, missing: [...record.missing] });
      scores.set(guildId, list.slice(-Math.max(1, Math.trunc(keep))));
    },
    recentScores: (guildId, limit) =>
      (limit <= 0 ? [] : (scores.get(guildId) ?? []))
        .slice(-limit)
        .reverse()
        .map((r) => ({ ...r, missing: [...r.missing] })),
  };
}
