import type {
  AuditStore,
  LlmUsageStore,
  ExtraPostStarted,
  Lease,
  ScoreRecord,
  StoredAudit,
  TipAdvance,
  TipAttemptResult,
  TipClaim,
  TipPostRecord,
  TipRotation,
  TipScheduleRecord,
  TipStore,
} from '../../app/ports.ts';
import { byId, byPost } from './rows.ts';

interface ScheduleState extends TipScheduleRecord {
  leaseOwner: string | null;
  leaseUntil: number | null;
  nowRequestedAt: number | null;
}

interface ExtraPost {
  nonce: string;
  tipId: string;
  cycle: number;
  requestedAt: number;
  messageId: string | null;
}

/**
 * The store port in memory: the same contract as the SQLite and PostgreSQL stores
 * (test/adapters/store/contract.ts), for the use-case tests, and for a bot that may lose its
 * schedules and history on restart. Single process only; no method awaits anything before it
 * has finished, which is what makes each one atomic here.
 */
export function createMemoryTipStore(): TipStore {
  const schedules = new Map<string, ScheduleState>();
  /** Per server, per local date. */
  const posts = new Map<string, Map<string, TipPostRecord>>();
  const extras = new Map<string, ExtraPost[]>();
  const scores = new Map<string, ScoreRecord[]>();

  const rotation = (guildId: string): TipRotation => {
    const shown = [
      ...[...(posts.get(guildId)?.values() ?? [])].map((p) => ({ tipId: p.tipId, cycle: p.cycle, at: p.claimedAt.getTime(), counts: p.status !== 'failed' })),
      ...(extras.get(guildId) ?? []).map((x) => ({ tipId: x.tipId, cycle: x.cycle, at: x.requestedAt, counts: x.messageId !== null })),
    ];
    const cycle = shown.reduce((max, p) => Math.max(max, p.cycle), 0);
    const last = shown.reduce<(typeof shown)[number] | undefined>((l, p) => (!l || p.at > l.at ? p : l), undefined);
    return { cycle, shownTipIds: cycle === 0 ? [] : shown.filter((p) => p.cycle === cycle && p.counts).map((p) => p.tipId), lastTipId: last?.tipId };
  };

  const recentScores = (guildId: string, limit: number): ScoreRecord[] =>
    (scores.get(guildId) ?? [])
      .slice(-limit)
      .reverse()
      .map((r) => ({ ...r, missing: [...r.missing] }));

  const publicSchedule = ({ leaseOwner: _o, leaseUntil: _u, nowRequestedAt: _n, ...s }: ScheduleState): TipScheduleRecord => ({ ...s });
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
    s.leaseOwner = null;
    s.leaseUntil = null;
    return true;
  };
  const stop = (s: ScheduleState): void => {
    s.nextDueAt = null;
    s.nextDueDate = null;
    s.leaseOwner = null;
    s.leaseUntil = null;
  };
  const claim = (c: TipClaim): boolean => {
    const mine = postsOf(c.guildId);
    if (mine.has(c.localDate)) return false;
    mine.set(c.localDate, {
      guildId: c.guildId,
      localDate: c.localDate,
      tipId: c.tipId,
      cycle: c.cycle,
      trigger: 'schedule',
      status: 'posting',
      attempts: 1,
      claimedAt: c.at,
      attemptStartedAt: c.at,
      nextAttemptAt: null,
      messageId: null,
      postedAt: null,
      lastError: null,
      leaseOwner: c.lease.owner,
      leaseUntil: c.lease.until,
    });
    // Rotation needs only the current cycle; the one before stays for status and history.
    for (const [date, p] of mine) if (p.cycle < c.cycle - 1) mine.delete(date);
    extras.set(c.guildId, (extras.get(c.guildId) ?? []).filter((x) => x.cycle >= c.cycle - 1));
    return true;
  };
  const finish = (r: TipAttemptResult): void => {
    const p = posts.get(r.guildId)?.get(r.localDate);
    if (!p) return;
    const o = r.outcome;
    let changed = false;
    if (o.status === 'posted') {
      // A success reported late (after a takeover or a later failure) is still the truth.
      if (p.status !== 'posted') {
        Object.assign(p, { status: 'posted', messageId: o.messageId, postedAt: o.at, nextAttemptAt: null, lastError: null, leaseOwner: null, leaseUntil: null });
        changed = true;
      }
    } else if (p.status === 'posting' && p.leaseOwner === r.owner) {
      Object.assign(
        p,
        o.status === 'retrying'
          ? { status: 'retrying', nextAttemptAt: o.nextAttemptAt, lastError: o.error }
          : { status: o.status, lastError: o.error, nextAttemptAt: null },
        { leaseOwner: null, leaseUntil: null },
      );
      changed = true;
    }
    const s = schedules.get(r.guildId);
    if (r.failSchedule && changed && s) {
      s.failingReason = r.failSchedule.reason;
      s.updatedAt = r.failSchedule.at;
      stop(s);
    }
  };

  const takeDueSchedules = (now: Date, limit: number, lease: Lease): TipScheduleRecord[] => {
    const t = now.getTime();
    const due = [...schedules.values()]
      .filter((s) => s.nextDueAt !== null && s.nextDueAt.getTime() <= t && (s.leaseUntil === null || s.leaseUntil <= t))
      .sort((a, b) => a.nextDueAt!.getTime() - b.nextDueAt!.getTime() || byId(a.guildId, b.guildId))
      .slice(0, limit);
    for (const s of due) {
      s.leaseOwner = lease.owner;
      s.leaseUntil = lease.until.getTime();
    }
    return due.map(publicSchedule);
  };
  const takeDuePosts = (now: Date, limit: number, lease: Lease): Array<{ post: TipPostRecord; schedule: TipScheduleRecord }> => {
    const t = now.getTime();
    const due: TipPostRecord[] = [];
    for (const m of posts.values()) {
      for (const p of m.values()) {
        const retry = p.status === 'retrying' && p.nextAttemptAt !== null && p.nextAttemptAt.getTime() <= t;
        const orphan = p.status === 'posting' && (p.leaseUntil === null || p.leaseUntil.getTime() <= t);
        if (retry || orphan) due.push(p);
      }
    }
    const at = (p: TipPostRecord): number => (p.nextAttemptAt ?? p.leaseUntil)?.getTime() ?? 0;
    return due
      .sort((a, b) => at(a) - at(b))
      .slice(0, limit)
      .filter((p) => schedules.has(p.guildId))
      .map((p) => {
        Object.assign(p, { status: 'posting', attempts: p.attempts + 1, attemptStartedAt: now, nextAttemptAt: null, leaseOwner: lease.owner, leaseUntil: lease.until });
        return { post: copyPost(p), schedule: publicSchedule(schedules.get(p.guildId)!) };
      })
      .sort(byPost);
  };

  const store: TipStore = {
    async getSchedule(guildId) {
      const s = schedules.get(guildId);
      return s && publicSchedule(s);
    },
    async saveSchedule(s) {
      const nowRequestedAt = schedules.get(s.guildId)?.nowRequestedAt ?? null;
      schedules.set(s.guildId, { ...s, enabled: true, failingReason: null, leaseOwner: null, leaseUntil: null, nowRequestedAt });
    },
    async disableSchedule(guildId, at) {
      const s = schedules.get(guildId);
      if (!s) return false;
      s.enabled = false;
      s.updatedAt = at;
      stop(s);
      return true;
    },
    async markFailing(guildId, reason, at) {
      const s = schedules.get(guildId);
      if (!s) return;
      s.failingReason = reason;
      s.updatedAt = at;
      stop(s);
    },
    advanceSchedule: async (guildId, a) => advance(guildId, a),
    async claimPosts(items) {
      return items.map(({ claim: c, advance: a }) => {
        const won = claim(c);
        if (a) advance(c.guildId, a);
        return won;
      });
    },
    async finishAttempts(results) {
      results.forEach(finish);
    },
    async getPost(guildId, localDate) {
      const p = posts.get(guildId)?.get(localDate);
      return p && copyPost(p);
    },
    async lastPost(guildId) {
      const p = lastPost(guildId);
      return p && copyPost(p);
    },
    async rotation(guildId) {
      return rotation(guildId);
    },
    async rotations(guildIds) {
      return new Map(guildIds.map((g) => [g, rotation(g)] as const).filter(([, r]) => r.lastTipId !== undefined));
    },
    async startExtraPost(x): Promise<ExtraPostStarted> {
      const s = schedules.get(x.guildId);
      if (!s) return { ok: false, noSchedule: true };
      if (s.nowRequestedAt !== null && s.nowRequestedAt > x.cooldownSince.getTime()) return { ok: false, lastAt: new Date(s.nowRequestedAt) };
      s.nowRequestedAt = x.at.getTime();
      extras.set(x.guildId, [...(extras.get(x.guildId) ?? []), { nonce: x.nonce, tipId: x.tipId, cycle: x.cycle, requestedAt: x.at.getTime(), messageId: null }]);
      return { ok: true };
    },
    async finishExtraPost(guildId, nonce, result) {
      const list = extras.get(guildId) ?? [];
      const x = list.find((e) => e.nonce === nonce);
      if (!x) return;
      if ('messageId' in result) {
        x.messageId = result.messageId;
        return;
      }
      extras.set(guildId, list.filter((e) => e !== x));
      const s = schedules.get(guildId);
      if (s && s.nowRequestedAt === x.requestedAt) s.nowRequestedAt = null;
    },
    async recordScore(guildId, record, keep) {
      const list = scores.get(guildId) ?? [];
      list.push({ ...record, missing: [...record.missing] });
      scores.set(guildId, list.slice(-Math.max(1, Math.trunc(keep))));
    },
    async recentScores(guildId, limit) {
      return recentScores(guildId, limit);
    },
    async recentScoresOf(guildIds, limit) {
      return new Map(guildIds.filter((g) => scores.has(g)).map((g) => [g, recentScores(g, limit)]));
    },
    async takeDue(now, limit, lease, scores) {
      const posts = takeDuePosts(now, limit, lease);
      const schedules = takeDueSchedules(now, limit - posts.length, lease);
      const ids = schedules.map((s) => s.guildId);
      return { posts, schedules, rotations: await store.rotations(ids), recentScores: await store.recentScoresOf(ids, scores) };
    },
  };
  return store;
}

/** Each server's last page audit in memory (copies in and out, as a database would). */
export function createMemoryAuditStore(): AuditStore {
  const audits = new Map<string, string>();
  return {
    async saveAudit(guildId, audit) {
      audits.set(guildId, JSON.stringify({ ...audit, at: audit.at.getTime() }));
    },
    async lastAudit(guildId): Promise<StoredAudit | undefined> {
      const json = audits.get(guildId);
      if (json === undefined) return undefined;
      const stored = JSON.parse(json) as Omit<StoredAudit, 'at'> & { at: number };
      return { ...stored, at: new Date(stored.at) };
    },
  };
}

/** Entries kept before expired cooldowns are swept; a sweep is one pass over the map. */
const SWEEP_AT = 10_000;

/** The language model's budgets and cooldowns for one process (the local chat, tests). */
export function createMemoryLlmUsageStore(): LlmUsageStore {
  let day = '';
  const used = new Map<string, number>();
  const lastAt = new Map<string, number>();
  return {
    async takeLlmRequest(t) {
      const ms = t.at.getTime();
      if (t.day !== day) {
        day = t.day;
        used.clear();
      }
      if (t.userId !== undefined) {
        const last = lastAt.get(t.userId);
        if (last !== undefined && ms - last < t.cooldownMs) return { ok: false, cooldownUntil: new Date(last + t.cooldownMs) };
      }
      if (t.pool !== undefined) {
        const count = used.get(t.pool) ?? 0;
        if (count >= t.budget) return { ok: false, budgetSpent: true };
        used.set(t.pool, count + 1);
      }
      if (t.userId !== undefined) {
        if (lastAt.size >= SWEEP_AT) for (const [id, at] of lastAt) if (ms - at >= t.cooldownMs) lastAt.delete(id);
        lastAt.set(t.userId, ms);
      }
      return { ok: true };
    },
  };
}
