import { endOfLocalDay, localDate, nextSlot, type Slot } from '../../core/schedule.ts';
import type { Tip } from '../../core/tip.ts';
import {
  PublishError,
  type Clock,
  type Lease,
  type Log,
  type TipAdvance,
  type TipAttemptOutcome,
  type TipAttemptResult,
  type TipClaim,
  type TipFailure,
  type TipPostRecord,
  type TipPublisher,
  type TipScheduleRecord,
  type TipStore,
} from '../ports.ts';
import type { ChooseTip } from './choose.ts';
import { dayNonce, extraNonce } from './nonce.ts';
import { toCoreSchedule } from './schedule.ts';

/** How delivery behaves; every field has a default. */
export interface DeliveryOptions {
  /** This process, unique among all that share the store (pid and a random part). Default 'this-process'. */
  owner?: string;
  /** How late a missed slot may still be posted (bot was down at the time). Default 180. */
  catchUpMinutes?: number;
  /** Back-off for failures: baseMs, 2×, 4× … capped at maxMs, at most maxAttempts in all. */
  retry?: { baseMs: number; maxAttempts: number; maxMs?: number };
  /**
   * How long a claimed attempt is this process's alone. When it runs out (the process died) the
   * next tick of any process takes the attempt over, so with ticks a minute apart a crashed
   * process's tip goes out within leaseMs + 1 minute. Default 60 000.
   */
  leaseMs?: number;
  /** A publish with no answer after this long counts as failed (it may have got through) and is tried again. Default: 3/4 of leaseMs. */
  publishTimeoutMs?: number;
  /**
   * Most schedules (and retries) one process takes per tick; the rest wait for the next tick.
   * Taken a chunk at a time, so with several processes a burst is shared. Default 5,000.
   */
  batchSize?: number;
  /** Tips sent in parallel; their claims are committed together. Default 25. */
  concurrency?: number;
  /** Seconds between two /tips now in one server. Default 60. */
  nowCooldownSeconds?: number;
}

export type PostNowResult =
  | { kind: 'posted'; tip: Tip; messageId: string; localDate: string }
  /** Another /tips now was asked for in this server less than the cooldown ago. */
  | { kind: 'cooldown'; seconds: number }
  | { kind: 'failed'; localDate: string; reason: TipFailure; permanent: boolean }
  | { kind: 'not-configured' }
  | { kind: 'no-tips' };

export interface TickSummary {
  /** Schedules and retries that fell due. */
  due: number;
  posted: number;
  /** Slots not posted: past the catch-up cut-off, or already claimed elsewhere. */
  skipped: number;
  /** Attempts that ended for the day without a post (permanent, or out of retries). */
  failed: number;
  /** Failures that will be tried again. */
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
  /** Set when an earlier attempt may have got through: look for it from then on. */
  since?: Date;
}

class PublishTimeout extends Error {}

/**
 * Delivery is exactly once. Each server's day is claimed in the store (unique per server and
 * local date) under a lease before anything is sent, and every attempt at it, in whichever
 * process, posts with the same idempotency key (dayNonce): the platform hands back the message
 * an earlier attempt made instead of making a second. An attempt whose outcome is unknown (the
 * process died mid-publish, the answer was lost or late) is simply tried again, after the lease
 * runs out or with back-off, and that retry first looks for the earlier message in the channel,
 * for when the platform has forgotten the key. Failures are retried until the local day ends or
 * the attempts run out; permanent ones stop the schedule until /tips set.
 */
export function createTipDelivery(
  deps: DeliveryOptions & { store: TipStore; publisher: TipPublisher; tips: readonly Tip[]; clock: Clock; log: Log; choose: ChooseTip },
): TipDelivery {
  const { store, publisher, tips, clock, log, choose } = deps;
  const owner = deps.owner ?? 'this-process';
  const catchUpMs = (deps.catchUpMinutes ?? 180) * 60_000;
  const retry = { baseMs: deps.retry?.baseMs ?? 30_000, maxAttempts: deps.retry?.maxAttempts ?? 5, maxMs: deps.retry?.maxMs ?? 30 * 60_000 };
  const leaseMs = deps.leaseMs ?? 60_000;
  // why: an attempt must end (or be given up) while its lease holds, or a second process could
  // take it over while the first is still sending
  const publishTimeoutMs = Math.min(deps.publishTimeoutMs ?? Math.floor(leaseMs * 0.75), leaseMs);
  const batchSize = deps.batchSize ?? 5_000;
  // why: 25 keeps a typical minute to one or two commits per phase and stays well under Discord's
  // global limit of 50 requests a second (each post goes to its own channel)
  const concurrency = Math.max(1, deps.concurrency ?? 25);
  const nowCooldownMs = (deps.nowCooldownSeconds ?? 60) * 1000;
  const tipById = new Map(tips.map((t) => [t.id, t]));
  const lease = (): Lease => ({ owner, until: new Date(clock().getTime() + leaseMs) });

  function backoff(attempts: number, retryAfterMs: number | undefined): number {
    const exp = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(exp, retryAfterMs ?? 0);
  }

  function publishWithTimeout(channelId: string, tip: Tip, job: { s: TipScheduleRecord; nonce: string; since?: Date }): Promise<{ messageId: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new PublishTimeout()), publishTimeoutMs);
      Promise.resolve()
        .then(() => publisher.publish(channelId, tip, job.s.lang, { nonce: job.nonce, ...(job.since && { since: job.since }) }))
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  }

  /** What a failed publish means: permanent (stop the schedule), or worth another attempt. */
  function failureOf(err: unknown): { failure: TipFailure; permanent: boolean; retryAfterMs?: number } {
    if (err instanceof PublishError) return { failure: err.failure, permanent: err.kind === 'permanent', retryAfterMs: err.retryAfterMs };
    // why: a timeout, or an error the publisher didn't classify, may have come after the platform
    // took the message; trying again is safe because the retry carries the same key.
    if (err instanceof PublishTimeout) return { failure: { code: 'no_answer', seconds: Math.round(publishTimeoutMs / 1000) }, permanent: false };
    return { failure: { code: 'other', detail: err instanceof Error ? err.message : String(err) }, permanent: false };
  }

  /** Turns one publish result into what to record, what to log and what to report. */
  function judge(job: Job, r: PromiseSettledResult<{ messageId: string }>, now: Date): { result: TipAttemptResult; attempt: Attempt } {
    const { s, date, attempts } = job;
    const ids = { guildId: s.guildId, localDate: date, tipId: job.tip.id, attempts };
    const record = (outcome: TipAttemptOutcome, failSchedule?: TipAttemptResult['failSchedule']): TipAttemptResult =>
      ({ guildId: s.guildId, localDate: date, owner, outcome, ...(failSchedule && { failSchedule }) });
    if (r.status === 'fulfilled') {
      log.info({ ...ids, messageId: r.value.messageId }, 'daily tip posted');
      return {
        result: record({ status: 'posted', messageId: r.value.messageId, at: now }),
        attempt: { status: 'posted', messageId: r.value.messageId },
      };
    }
    const { failure, permanent, retryAfterMs } = failureOf(r.reason);
    if (permanent) {
      log.warn({ ...ids, reason: failure }, 'daily tip failed permanently; schedule marked failing');
      return {
        result: record({ status: 'failed', error: failure }, { reason: failure, at: now }),
        attempt: { status: 'failed', reason: failure, permanent: true },
      };
    }
    const nextAttemptAt = new Date(now.getTime() + backoff(attempts, retryAfterMs));
    if (attempts >= retry.maxAttempts || nextAttemptAt >= endOfLocalDay(date, s.tz)) {
      const reason: TipFailure = { code: 'gave_up', attempts, cause: failure };
      log.error({ ...ids, reason: failure }, 'daily tip failed; no retries left today');
      return { result: record({ status: 'failed', error: reason }), attempt: { status: 'failed', reason, permanent: false } };
    }
    log.warn({ ...ids, reason: failure, nextAttemptAt, ...(!(r.reason instanceof PublishError) && { err: r.reason }) }, 'daily tip failed; will retry');
    return { result: record({ status: 'retrying', nextAttemptAt, error: failure }), attempt: { status: 'retrying', reason: failure, nextAttemptAt } };
  }

  /** Sends claimed tips in parallel and records all their results in one transaction. */
  async function publishAll(jobs: readonly Job[]): Promise<Attempt[]> {
    if (jobs.length === 0) return [];
    const settled = await Promise.allSettled(
      jobs.map((job) => publishWithTimeout(job.s.channelId, job.tip, { s: job.s, nonce: dayNonce(job.s.guildId, job.date), since: job.since })),
    );
    const now = clock();
    const judged = jobs.map((job, i) => judge(job, settled[i]!, now));
    await store.finishAttempts(judged.map((j) => j.result));
    return judged.map((j) => j.attempt);
  }

  /** Decides what a due slot needs: a skip (done here) or a claim (returned, made in a batch). */
  async function planSlot(s: TipScheduleRecord, now: Date, summary: TickSummary): Promise<{ claim: Omit<TipClaim, 'at' | 'lease'>; advance: TipAdvance; job: Job } | undefined> {
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
        await store.advanceSchedule(s.guildId, { expectedAt, next: later });
        return undefined;
      }
      slot = later;
    }
    // why: advance from the slot, not from now, so a later slot that is also overdue is looked at
    // (posted or skipped with a log line) by the next tick rather than passed over silently.
    const advance: TipAdvance = { expectedAt, next: nextSlot(schedule, slot.at, { afterDate: slot.date }) };
    const chosen = await choose(s.guildId, slot.date);
    if (!chosen) {
      await store.advanceSchedule(s.guildId, advance);
      log.error({ guildId: s.guildId }, 'daily tip skipped: the tip catalog is empty');
      summary.skipped++;
      return undefined;
    }
    return {
      claim: { guildId: s.guildId, localDate: slot.date, tipId: chosen.tip.id, cycle: chosen.cycle },
      advance,
      job: { s, date: slot.date, tip: chosen.tip, attempts: 1 },
    };
  }

  /** Continues a leased retry or orphaned attempt, or ends it if it can no longer happen today. */
  async function continuePost(post: TipPostRecord, s: TipScheduleRecord, now: Date, summary: TickSummary): Promise<Job | undefined> {
    const tip = tipById.get(post.tipId);
    const stop: TipFailure | undefined = !s.enabled
      ? { code: 'schedule_off' }
      : s.failingReason !== null
        ? s.failingReason
        : !tip
          ? { code: 'tip_removed' }
          : now >= endOfLocalDay(post.localDate, s.tz)
            ? { code: 'day_ended', cause: post.lastError ?? { code: 'never_reported' } }
            : undefined;
    if (stop !== undefined || !tip) {
      await store.finishAttempts([{ guildId: post.guildId, localDate: post.localDate, owner, outcome: { status: 'failed', error: stop ?? { code: 'tip_removed' } } }]);
      log.warn({ guildId: post.guildId, localDate: post.localDate, tipId: post.tipId, reason: stop }, 'daily tip retry dropped');
      summary.failed++;
      return undefined;
    }
    if (post.lastError === null) {
      log.warn({ guildId: post.guildId, localDate: post.localDate, tipId: post.tipId, attempts: post.attempts }, 'daily tip taken over: its attempt never reported back (crash?)');
    }
    // why: any earlier attempt may have reached the channel (a lost answer, a crash after sending)
    return { s, date: post.localDate, tip, attempts: post.attempts, since: post.claimedAt };
  }

  function count(summary: TickSummary, attempts: readonly Attempt[]): void {
    for (const a of attempts) {
      if (a.status === 'posted') summary.posted++;
      else if (a.status === 'retrying') summary.retrying++;
      else summary.failed++;
    }
  }

  /** Retries that are due and attempts whose process died, a chunk at a time. */
  async function tickRetries(now: Date, summary: TickSummary): Promise<number> {
    let taken = 0;
    while (taken < batchSize) {
      const chunk = await store.takeDuePosts(now, Math.min(concurrency, batchSize - taken), lease());
      if (chunk.length === 0) break;
      taken += chunk.length;
      summary.due += chunk.length;
      const jobs: Job[] = [];
      for (const { post, schedule } of chunk) {
        const job = await continuePost(post, schedule, now, summary);
        if (job) jobs.push(job);
      }
      count(summary, await publishAll(jobs));
    }
    return taken;
  }

  /** Due schedules, a chunk at a time: leased, planned, claimed in one transaction, sent in parallel. */
  async function tickSlots(now: Date, budget: number, summary: TickSummary): Promise<void> {
    let taken = 0;
    while (taken < budget) {
      // why: a chunk at a time, so processes ticking together share the burst (each leases its
      // own chunk) and a crash strands at most one chunk until its lease runs out
      const chunk = await store.takeDueSchedules(now, Math.min(concurrency, budget - taken), lease());
      if (chunk.length === 0) break;
      taken += chunk.length;
      summary.due += chunk.length;
      const planned: Array<NonNullable<Awaited<ReturnType<typeof planSlot>>>> = [];
      for (const s of chunk) {
        try {
          const p = await planSlot(s, now, summary);
          if (p) planned.push(p);
        } catch (err) {
          // why: a schedule that can't be computed would fall due again every minute; stop it and
          // say so in /tips status until it is set again.
          summary.failed++;
          log.error({ err, guildId: s.guildId }, 'daily tip schedule could not be processed');
          await store.markFailing(s.guildId, { code: 'schedule_broken' }, now);
        }
      }
      const claimLease = lease();
      const at = clock();
      const won = await store.claimPosts(planned.map(({ claim, advance }) => ({ claim: { ...claim, at, lease: claimLease }, advance })));
      const jobs: Job[] = [];
      planned.forEach((p, i) => {
        // Not won: another process claimed this day just now.
        if (won[i]) jobs.push(p.job);
        else summary.skipped++;
      });
      count(summary, await publishAll(jobs));
    }
  }

  return {
    async postNow(guildId) {
      const s = await store.getSchedule(guildId);
      if (!s) return { kind: 'not-configured' };
      const now = clock();
      const date = localDate(now, s.tz);
      const chosen = await choose(guildId, date);
      if (!chosen) return { kind: 'no-tips' };
      const nonce = extraNonce(guildId, now, owner);
      const started = await store.startExtraPost({
        guildId,
        nonce,
        tipId: chosen.tip.id,
        cycle: chosen.cycle,
        at: now,
        cooldownSince: new Date(now.getTime() - nowCooldownMs),
      });
      if (!started.ok) {
        if ('noSchedule' in started) return { kind: 'not-configured' };
        return { kind: 'cooldown', seconds: Math.max(1, Math.ceil((started.lastAt.getTime() + nowCooldownMs - now.getTime()) / 1000)) };
      }
      try {
        const { messageId } = await publishWithTimeout(s.channelId, chosen.tip, { s, nonce });
        await store.finishExtraPost(guildId, nonce, { messageId, at: clock() });
        log.info({ guildId, tipId: chosen.tip.id, messageId }, 'extra tip posted (/tips now)');
        return { kind: 'posted', tip: chosen.tip, messageId, localDate: date };
      } catch (err) {
        const { failure, permanent } = failureOf(err);
        // why: only a clear refusal gives the cooldown back; after an unknown outcome the tip
        // may be in the channel, and an at once repeated /tips now would show a second one
        if (err instanceof PublishError) await store.finishExtraPost(guildId, nonce, { failed: true });
        if (permanent) await store.markFailing(guildId, failure, clock());
        log.warn({ guildId, tipId: chosen.tip.id, reason: failure, ...(!(err instanceof PublishError) && { err }) }, 'extra tip (/tips now) not posted');
        return { kind: 'failed', localDate: date, reason: failure, permanent };
      }
    },

    async tick(now = clock()) {
      const summary: TickSummary = { due: 0, posted: 0, skipped: 0, failed: 0, retrying: 0 };
      const retried = await tickRetries(now, summary);
      await tickSlots(now, batchSize - retried, summary);
      return summary;
    },
  };
}
