import { endOfLocalDay, localDate, nextSlot, type Slot } from '../../core/schedule.ts';
import type { Tip } from '../../core/tip.ts';
import {
  PublishError,
  type Clock,
  type TipFailure,
  type Log,
  type TipAdvance,
  type TipAttemptOutcome,
  type TipAttemptResult,
  type TipClaim,
  type TipPostRecord,
  type TipPublisher,
  type TipScheduleRecord,
  type TipStore,
} from '../ports.ts';
import type { ChooseTip } from './choose.ts';
import { toCoreSchedule } from './schedule.ts';

/** How delivery behaves; every field has a default. */
export interface DeliveryOptions {
  /** How late a missed slot may still be posted (bot was down at the time). Default 180. */
  catchUpMinutes?: number;
  /** Back-off for retryable failures: baseMs, 2×, 4× … capped at maxMs, at most maxAttempts in all. */
  retry?: { baseMs: number; maxAttempts: number; maxMs?: number };
  /** An attempt that hasn't reported back after this long is written off as unconfirmed. Default 10. */
  staleAttemptMinutes?: number;
  /** Most schedules (and retries) taken per tick; the rest wait for the next tick. Default 500. */
  batchSize?: number;
  /** Tips sent in parallel during a tick; their claims are committed together. Default 25. */
  concurrency?: number;
  /** A publish with no answer after this long is recorded as unconfirmed and not retried. Default 120 000. */
  publishTimeoutMs?: number;
}

export type PostNowResult =
  | { kind: 'posted'; tip: Tip; messageId: string; localDate: string }
  | { kind: 'already-posted'; localDate: string; tipId: string; messageId: string | null }
  /** Today's tip is in flight, or its attempt never reported back and may have been posted. */
  | { kind: 'in-doubt'; localDate: string; status: 'posting' | 'unconfirmed' }
  | { kind: 'retrying'; localDate: string; reason: TipFailure; nextAttemptAt: Date }
  | { kind: 'failed'; localDate: string; reason: TipFailure; permanent: boolean }
  | { kind: 'not-configured' }
  | { kind: 'no-tips' };

export interface TickSummary {
  /** Schedules and retries that fell due. */
  due: number;
  posted: number;
  /** Slots not posted: past the catch-up cut-off, or already claimed elsewhere. */
  skipped: number;
  /** Attempts that ended for the day without a post (permanent, out of retries, or unknown error). */
  failed: number;
  /** Retryable failures that will be tried again. */
  retrying: number;
}

export interface TipDelivery {
  postNow(guildId: string): Promise<PostNowResult>;
  tick(now?: Date): Promise<TickSummary>;
}

type Attempt =
  | { status: 'posted'; messageId: string }
  | { status: 'retrying'; reason: TipFailure; nextAttemptAt: Date }
  | { status: 'failed'; reason: TipFailure; permanent: boolean };

/** A claimed day whose tip is about to be sent (attempt number `attempts`). */
interface Job {
  s: TipScheduleRecord;
  date: string;
  tip: Tip;
  attempts: number;
}

type Due = { kind: 'retry'; post: TipPostRecord; s: TipScheduleRecord } | { kind: 'slot'; s: TipScheduleRecord };

class PublishTimeout extends Error {}

/**
 * Delivery is at most once. Each day is claimed in the store (unique per server and local date)
 * and the claim committed before anything is sent; a claim is never handed out again. A
 * retryable failure keeps the claim and is retried with back-off until the local day ends. An
 * attempt that never reports back (the process died mid-publish, or the publisher hung past
 * `publishTimeoutMs`) is recorded as `unconfirmed` and not repeated: a missed tip costs less
 * than a duplicate in someone's channel.
 */
export function createTipDelivery(
  deps: DeliveryOptions & { store: TipStore; publisher: TipPublisher; tips: readonly Tip[]; clock: Clock; log: Log; choose: ChooseTip },
): TipDelivery {
  const { store, publisher, tips, clock, log, choose } = deps;
  const catchUpMs = (deps.catchUpMinutes ?? 180) * 60_000;
  const retry = { baseMs: deps.retry?.baseMs ?? 30_000, maxAttempts: deps.retry?.maxAttempts ?? 5, maxMs: deps.retry?.maxMs ?? 30 * 60_000 };
  const staleMs = (deps.staleAttemptMinutes ?? 10) * 60_000;
  const publishTimeoutMs = deps.publishTimeoutMs ?? 120_000;
  const batchSize = deps.batchSize ?? 500;
  // why: 25 keeps a typical minute to one or two disk syncs per phase and stays well under
  // Discord's global limit of 50 requests a second (each post goes to its own channel)
  const concurrency = Math.max(1, deps.concurrency ?? 25);
  const tipById = new Map(tips.map((t) => [t.id, t]));

  function backoff(attempts: number, retryAfterMs: number | undefined): number {
    const exp = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(exp, retryAfterMs ?? 0);
  }

  function publishWithTimeout(job: Job): Promise<{ messageId: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new PublishTimeout()), publishTimeoutMs);
      Promise.resolve()
        .then(() => publisher.publish(job.s.channelId, job.tip, job.s.lang))
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  }

  /** Turns one publish result into what to record, what to log and what to report. */
  function judge(job: Job, r: PromiseSettledResult<{ messageId: string }>, now: Date): { result: TipAttemptResult; attempt: Attempt } {
    const { s, date, attempts } = job;
    const ids = { guildId: s.guildId, localDate: date, tipId: job.tip.id, attempts };
    const record = (outcome: TipAttemptOutcome, failSchedule?: TipAttemptResult['failSchedule']): TipAttemptResult =>
      ({ guildId: s.guildId, localDate: date, outcome, ...(failSchedule && { failSchedule }) });
    if (r.status === 'fulfilled') {
      log.info({ ...ids, messageId: r.value.messageId }, 'daily tip posted');
      return {
        result: record({ status: 'posted', messageId: r.value.messageId, at: now }),
        attempt: { status: 'posted', messageId: r.value.messageId },
      };
    }
    const err: unknown = r.reason;
    if (err instanceof PublishError && err.kind === 'permanent') {
      log.warn({ ...ids, reason: err.failure }, 'daily tip failed permanently; schedule marked failing');
      return {
        result: record({ status: 'failed', error: err.failure }, { reason: err.failure, at: now }),
        attempt: { status: 'failed', reason: err.failure, permanent: true },
      };
    }
    if (err instanceof PublishError) {
      const nextAttemptAt = new Date(now.getTime() + backoff(attempts, err.retryAfterMs));
      if (attempts >= retry.maxAttempts || nextAttemptAt >= endOfLocalDay(date, s.tz)) {
        const reason: TipFailure = { code: 'gave_up', attempts, cause: err.failure };
        log.error({ ...ids, reason: err.failure }, 'daily tip failed; no retries left today');
        return { result: record({ status: 'failed', error: reason }), attempt: { status: 'failed', reason, permanent: false } };
      }
      log.warn({ ...ids, reason: err.failure, nextAttemptAt }, 'daily tip failed; will retry');
      return {
        result: record({ status: 'retrying', nextAttemptAt, error: err.failure }),
        attempt: { status: 'retrying', reason: err.failure, nextAttemptAt },
      };
    }
    // why: a timeout, or an error the publisher didn't classify, may have come after Discord
    // accepted the message, so retrying could post twice.
    const reason: TipFailure =
      err instanceof PublishTimeout
        ? { code: 'no_answer', seconds: Math.round(publishTimeoutMs / 1000) }
        : { code: 'other', detail: err instanceof Error ? err.message : String(err) };
    log.error({ ...ids, err }, 'daily tip publish ended in doubt; not retrying');
    return { result: record({ status: 'unconfirmed', error: reason }), attempt: { status: 'failed', reason, permanent: false } };
  }

  /** Sends claimed tips in parallel and records all their results in one transaction. */
  async function publishAll(jobs: readonly Job[]): Promise<Attempt[]> {
    if (jobs.length === 0) return [];
    const settled = await Promise.allSettled(jobs.map(publishWithTimeout));
    const now = clock();
    const judged = jobs.map((job, i) => judge(job, settled[i]!, now));
    store.finishAttempts(judged.map((j) => j.result));
    return judged.map((j) => j.attempt);
  }

  /** Decides what a due slot needs: a skip (done here) or a claim (returned, made in a batch). */
  function planSlot(s: TipScheduleRecord, now: Date, startedAt: Date, summary: TickSummary): { claim: TipClaim; advance: TipAdvance; job: Job } | undefined {
    const schedule = toCoreSchedule(s);
    const expectedAt = s.nextDueAt!;
    let slot: Slot = { date: s.nextDueDate!, at: expectedAt };
    if (now.getTime() - slot.at.getTime() > catchUpMs) {
      // The bot was down past the cut-off. A later slot may still be within it (down for days).
      const later = nextSlot(schedule, new Date(now.getTime() - catchUpMs), { afterDate: slot.date });
      log.info(
        { guildId: s.guildId, localDate: slot.date, minutesLate: Math.round((now.getTime() - slot.at.getTime()) / 60_000) },
        'daily tip skipped: missed by more than the catch-up cut-off',
      );
      summary.skipped++;
      if (later.at > now) {
        store.advanceSchedule(s.guildId, { expectedAt, next: later });
        return undefined;
      }
      slot = later;
    }
    // why: advance from the slot, not from now, so a later slot that is also overdue is looked at
    // (posted or skipped with a log line) by the next tick rather than passed over silently.
    const advance: TipAdvance = { expectedAt, next: nextSlot(schedule, slot.at, { afterDate: slot.date }) };
    const chosen = choose(s.guildId, slot.date);
    if (!chosen) {
      store.advanceSchedule(s.guildId, advance);
      log.error({ guildId: s.guildId }, 'daily tip skipped: the tip catalog is empty');
      summary.skipped++;
      return undefined;
    }
    return {
      claim: { guildId: s.guildId, localDate: slot.date, tipId: chosen.tip.id, cycle: chosen.cycle, trigger: 'schedule', at: startedAt },
      advance,
      job: { s, date: slot.date, tip: chosen.tip, attempts: 1 },
    };
  }

  /** Takes a due retry over, or drops it if it can no longer happen today. */
  function startRetry(post: TipPostRecord, s: TipScheduleRecord, now: Date, startedAt: Date, summary: TickSummary): Job | undefined {
    const tip = tipById.get(post.tipId);
    const stop: TipFailure | undefined = !s.enabled
      ? { code: 'schedule_off' }
      : s.failingReason !== null
        ? s.failingReason
        : !tip
          ? { code: 'tip_removed' }
          : now >= endOfLocalDay(post.localDate, s.tz)
            ? { code: 'day_ended', cause: post.lastError }
            : undefined;
    if (stop !== undefined || !tip) {
      store.finishAttempts([{ guildId: post.guildId, localDate: post.localDate, outcome: { status: 'failed', error: stop ?? { code: 'tip_removed' } } }]);
      log.warn({ guildId: post.guildId, localDate: post.localDate, tipId: post.tipId, reason: stop }, 'daily tip retry dropped');
      summary.failed++;
      return undefined;
    }
    if (!store.retakePost(post.guildId, post.localDate, { status: 'retrying', attempts: post.attempts }, startedAt)) return undefined;
    return { s, date: post.localDate, tip, attempts: post.attempts + 1 };
  }

  /** Starts a chunk of due work: retries retaken one by one, new days claimed in one transaction. */
  function startChunk(chunk: readonly Due[], now: Date, summary: TickSummary): Job[] {
    const jobs: Job[] = [];
    const claims: Array<{ claim: TipClaim; advance: TipAdvance; job: Job }> = [];
    // why: the claim time is when this chunk starts sending, not when the tick began, so a long
    // tick's later chunks don't look stale to another process's expireAttempts.
    const startedAt = clock();
    for (const item of chunk) {
      try {
        if (item.kind === 'retry') {
          const job = startRetry(item.post, item.s, now, startedAt, summary);
          if (job) jobs.push(job);
        } else {
          const planned = planSlot(item.s, now, startedAt, summary);
          if (planned) claims.push(planned);
        }
      } catch (err) {
        // why: a schedule that can't be computed would fall due again every minute; stop it and
        // say so in /tips status until it is set again.
        summary.failed++;
        log.error({ err, guildId: item.s.guildId }, 'daily tip schedule could not be processed');
        if (item.kind === 'slot') store.markFailing(item.s.guildId, { code: 'schedule_broken' }, now);
      }
    }
    const won = store.claimPosts(claims.map(({ claim, advance }) => ({ claim, advance })));
    claims.forEach((c, i) => {
      // Not won: claimed already, by /tips now earlier today or by another process just now.
      if (won[i]) jobs.push(c.job);
      else summary.skipped++;
    });
    return jobs;
  }

  return {
    async postNow(guildId) {
      const s = store.getSchedule(guildId);
      if (!s) return { kind: 'not-configured' };
      const now = clock();
      const date = localDate(now, s.tz);

      const existing = store.getPost(guildId, date);
      let tip: Tip | undefined;
      let attempts = 1;
      if (existing) {
        if (existing.status === 'posted') {
          return { kind: 'already-posted', localDate: date, tipId: existing.tipId, messageId: existing.messageId };
        }
        if (existing.status === 'posting' || existing.status === 'unconfirmed') {
          return { kind: 'in-doubt', localDate: date, status: existing.status };
        }
        // `retrying` or `failed`: nothing reached the channel, so sending now can't duplicate.
        tip = tipById.get(existing.tipId) ?? choose(guildId, date)?.tip;
        if (!tip) return { kind: 'no-tips' };
        if (!store.retakePost(guildId, date, { status: existing.status, attempts: existing.attempts }, now)) {
          return { kind: 'in-doubt', localDate: date, status: 'posting' };
        }
        attempts = existing.attempts + 1;
      } else {
        const chosen = choose(guildId, date);
        if (!chosen) return { kind: 'no-tips' };
        tip = chosen.tip;
        // It counts as today's tip, so today's scheduled slot (if still ahead) moves to the next day.
        const advance =
          s.nextDueAt && s.nextDueDate === date
            ? { expectedAt: s.nextDueAt, next: nextSlot(toCoreSchedule(s), s.nextDueAt, { afterDate: date }) }
            : undefined;
        const [claimed] = store.claimPosts([
          { claim: { guildId, localDate: date, tipId: tip.id, cycle: chosen.cycle, trigger: 'now', at: now }, advance },
        ]);
        if (!claimed) {
          const other = store.getPost(guildId, date);
          return other?.status === 'posted'
            ? { kind: 'already-posted', localDate: date, tipId: other.tipId, messageId: other.messageId }
            : { kind: 'in-doubt', localDate: date, status: 'posting' };
        }
      }
      // A retake continues the day's attempt count, and so its back-off and limit.
      const [result] = await publishAll([{ s, date, tip, attempts }]);
      if (!result) throw new Error('publishAll returned no result');
      switch (result.status) {
        case 'posted':
          return { kind: 'posted', tip, messageId: result.messageId, localDate: date };
        case 'retrying':
          return { kind: 'retrying', localDate: date, reason: result.reason, nextAttemptAt: result.nextAttemptAt };
        case 'failed':
          return { kind: 'failed', localDate: date, reason: result.reason, permanent: result.permanent };
      }
    },


    async tick(now = clock()) {
      const summary: TickSummary = { due: 0, posted: 0, skipped: 0, failed: 0, retrying: 0 };
      for (const p of store.expireAttempts(new Date(now.getTime() - staleMs))) {
        log.warn(
          { guildId: p.guildId, localDate: p.localDate, tipId: p.tipId, attempts: p.attempts },
          'daily tip unconfirmed: an attempt never reported back (crash?); it may have been posted and is not repeated',
        );
      }
      const due: Due[] = [
        ...store.dueRetries(now, batchSize).map(({ post, schedule }) => ({ kind: 'retry' as const, post, s: schedule })),
        ...store.dueSchedules(now, batchSize).map((s) => ({ kind: 'slot' as const, s })),
      ];
      summary.due = due.length;
      // why: in chunks of `concurrency`, so a chunk's claims share one commit (one disk sync) and
      // its tips are sent in parallel, while a crash mid-tick strands at most one chunk as
      // unconfirmed rather than every claim the tick would make.
      for (let i = 0; i < due.length; i += concurrency) {
        const jobs = startChunk(due.slice(i, i + concurrency), now, summary);
        for (const a of await publishAll(jobs)) {
          if (a.status === 'posted') summary.posted++;
          else if (a.status === 'retrying') summary.retrying++;
          else summary.failed++;
        }
      }
      return summary;
    },
  };
}
