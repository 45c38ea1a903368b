import { endOfLocalDay, localDate, nextSlot, type Schedule, type Slot } from '../../core/schedule.ts';
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
import type { TipChooser } from './choose.ts';
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
  /** Tips sent in parallel; their results are committed together. Default 25. */
  concurrency?: number;
  /**
   * Claimed tips this process holds at most, queued or being sent; a tick claims no more than
   * fits, and claims again as the queue runs low. Keep it to what can be sent well within a
   * lease. Default 500.
   */
  queueSize?: number;
  /** Schedules leased, chosen for and claimed per store call. Default 250. */
  claimChunk?: number;
  /** Seconds between two /tips now in one server. Default 60. */
  nowCooldownSeconds?: number;
  /**
   * Most tips this process starts sending per second, evenly spaced: its share of a limit the
   * platform sets for all processes together (Discord: 50 requests a second per bot). Default:
   * no pacing here (the platform client's own limit applies).
   */
  postsPerSecond?: number;
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
  /**
   * The scheduler's tick: claims what is due (as much as the outbox has room for) and queues it;
   * resolves once claimed. Sending goes on after it, and more due tips are claimed as the outbox
   * empties. The summary's posted/failed/retrying fill in as sends finish.
   */
  claimDue(now?: Date): Promise<TickSummary>;
  /** Claims everything due at `now` and sends it, a chunk at a time; resolves when all of it is recorded. */
  tick(now?: Date): Promise<TickSummary>;
  /** Resolves when nothing is queued, being sent or being recorded. */
  drained(): Promise<void>;
  /** Stops claiming and sending: what is being sent finishes and is recorded; queued tips stay claimed until their leases run out. */
  stop(): Promise<void>;
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
  /** When this process's hold on the attempt runs out (epoch ms). */
  leaseUntil: number;
  /** The tick summary that counts its outcome. */
  summary: TickSummary;
}

const newSummary = (): TickSummary => ({ due: 0, posted: 0, skipped: 0, failed: 0, retrying: 0 });

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
  deps: DeliveryOptions & { store: TipStore; publisher: TipPublisher; tips: readonly Tip[]; clock: Clock; log: Log; chooser: TipChooser },
): TipDelivery {
  const { store, publisher, tips, clock, log, chooser } = deps;
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
  const queueSize = Math.max(concurrency, deps.queueSize ?? 500);
  const claimChunk = Math.max(1, deps.claimChunk ?? 250);
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

  /**
   * What a due slot needs: a claim, or a skip (past the catch-up cut-off with the next slot still
   * ahead). `nextSlots` keeps the next slots worked out in this round: nextSlot is pure, and the
   * servers due together mostly share a zone, time and days, so each such group costs one.
   */
  function slotFor(
    s: TipScheduleRecord,
    now: Date,
    summary: TickSummary,
    nextSlots: Map<string, Slot>,
  ): { slot: Slot; advance: TipAdvance } | { skipTo: TipAdvance } {
    let core: Schedule | undefined;
    const schedule = (): Schedule => (core ??= toCoreSchedule(s));
    const expectedAt = s.nextDueAt!;
    let slot: Slot = { date: s.nextDueDate!, at: expectedAt };
    if (now.getTime() - slot.at.getTime() > catchUpMs) {
      // The bot was down past the cut-off. A later slot may still be within it (down for days).
      const later = nextSlot(schedule(), new Date(now.getTime() - catchUpMs), { afterDate: slot.date });
      log.info(
        { guildId: s.guildId, localDate: slot.date, minutesLate: Math.round((now.getTime() - slot.at.getTime()) / 60_000) },
        'daily tip skipped: missed by more than the catch-up cut-off',
      );
      summary.skipped++;
      if (later.at > now) return { skipTo: { expectedAt, next: later } };
      slot = later;
    }
    // why: advance from the slot, not from now, so a later slot that is also overdue is looked at
    // (posted or skipped with a log line) by the next tick rather than passed over silently.
    const key = `${s.tz}\u0000${s.time}\u0000${s.days}\u0000${slot.date}\u0000${slot.at.getTime()}`;
    let next = nextSlots.get(key);
    if (!next) nextSlots.set(key, (next = nextSlot(schedule(), slot.at, { afterDate: slot.date })));
    return { slot, advance: { expectedAt, next } };
  }

  /** Continues a leased retry or orphaned attempt, or says why it ends if it can no longer happen today. */
  function continuePost(post: TipPostRecord, s: TipScheduleRecord, now: Date): Omit<Job, 'leaseUntil' | 'summary'> | TipFailure {
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
      log.warn({ guildId: post.guildId, localDate: post.localDate, tipId: post.tipId, reason: stop }, 'daily tip retry dropped');
      return stop ?? { code: 'tip_removed' };
    }
    if (post.lastError === null) {
      log.warn({ guildId: post.guildId, localDate: post.localDate, tipId: post.tipId, attempts: post.attempts }, 'daily tip taken over: its attempt never reported back (crash?)');
    }
    // why: any earlier attempt may have reached the channel (a lost answer, a crash after sending)
    return { s, date: post.localDate, tip, attempts: post.attempts, since: post.claimedAt };
  }

  // The outbox: claimed tips waiting to be sent, sent `concurrency` at a time, their results
  // recorded a batch at a time. A tick only claims and queues, so its time is the scheduler's own
  // work however slow the platform is; as the outbox empties, more of what is due is claimed.
  const queue: Job[] = [];
  let sending = 0;
  const results: Array<{ job: Job; judged: ReturnType<typeof judge> }> = [];
  let recording: Promise<void> = Promise.resolve();
  let writes = 0;
  let recordTimer: ReturnType<typeof setTimeout> | undefined;
  let idleWaiters: Array<() => void> = [];
  /** More was due than the last claim took: claim again when the outbox runs low. */
  let moreDue = false;
  let refilling: Promise<void> | undefined;
  let stopped = false;
  /** A tick is claiming: what it queues is sent once it is done (see claimDue). */
  let ticking = 0;
  // Pacing (postsPerSecond): the real time the next send may start at.
  const spacingMs = deps.postsPerSecond !== undefined && deps.postsPerSecond > 0 ? 1000 / deps.postsPerSecond : 0;
  let nextStartAt = 0;
  let paceTimer: ReturnType<typeof setTimeout> | undefined;

  // How fast this process really sends (the platform's rate limits, its answers, this machine):
  // the outbox holds no more than it can start sending while each tip's lease still has
  // publishTimeoutMs to run (pump leaves a tip that waited longer for a takeover), with a fifth
  // to spare; before it knows its speed, two rounds' worth.
  // why the real time, not `clock`: it measures this process's speed, not the schedule's time
  const sentAt: number[] = [];
  const RATE_WINDOW_MS = 10_000;
  const maxWaitMs = leaseMs - publishTimeoutMs;
  const capacity = (): number => {
    const t = Date.now();
    while (sentAt.length > 0 && sentAt[0]! < t - RATE_WINDOW_MS) sentAt.shift();
    if (sentAt.length < concurrency) return Math.min(queueSize, concurrency * 2);
    const perMs = sentAt.length / RATE_WINDOW_MS;
    return Math.max(concurrency * 2, Math.min(queueSize, Math.floor(perMs * maxWaitMs * 0.8)));
  };
  const room = (): number => Math.max(0, capacity() - queue.length - sending);
  const idle = (): boolean => queue.length === 0 && sending === 0 && results.length === 0 && writes === 0 && !refilling;

  function settleIdle(): void {
    if (!idle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function record(): void {
    clearTimeout(recordTimer);
    recordTimer = undefined;
    writes++;
    // why one at a time: each write is one transaction for everything judged since the last
    recording = recording
      .then(async () => {
        const batch = results.splice(0);
        if (batch.length === 0) return;
        try {
          await store.finishAttempts(batch.map((r) => r.judged.result));
          for (const { job, judged } of batch) count(job.summary, judged.attempt);
        } catch (err) {
          // why: the claims stay `posting` under their leases, so whoever takes them over next
          // finds these messages (same key, or the channel search) instead of posting again
          log.error({ err, attempts: batch.length }, 'daily tip results could not be recorded; they will be taken over');
        }
      })
      .finally(() => {
        writes--;
        settleIdle();
      });
  }

  function pump(): void {
    while (!stopped && sending < concurrency && queue.length > 0) {
      const job = queue[0]!;
      // why: an attempt must end while its lease holds, or a second process could take it over
      // while this one is still sending; a job that waited too long is left for that takeover
      if (job.leaseUntil - clock().getTime() < publishTimeoutMs) {
        queue.shift();
        log.warn({ guildId: job.s.guildId, localDate: job.date }, 'daily tip waited past its lease in the outbox; left for the next tick to take over');
        continue;
      }
      if (spacingMs > 0) {
        const t = Date.now();
        if (nextStartAt > t) {
          paceTimer ??= setTimeout(() => {
            paceTimer = undefined;
            pump();
          }, nextStartAt - t);
          break;
        }
        // why from the slot, not from now: a timer that fires late (a busy machine) doesn't lower
        // the rate; the n-th send still starts no earlier than n intervals after the first.
        // After a pause the slots start again from now.
        nextStartAt = (nextStartAt < t - spacingMs ? t : nextStartAt) + spacingMs;
      }
      queue.shift();
      sending++;
      void publishWithTimeout(job.s.channelId, job.tip, { s: job.s, nonce: dayNonce(job.s.guildId, job.date), since: job.since })
        .then(
          (value) => ({ status: 'fulfilled', value }) as const,
          (reason: unknown) => ({ status: 'rejected', reason }) as const,
        )
        .then((settled) => {
          sending--;
          sentAt.push(Date.now());
          results.push({ job, judged: judge(job, settled, clock()) });
          if (results.length >= concurrency || (sending === 0 && queue.length === 0)) record();
          // why: a post is recorded within a quarter second even while a slow send holds the batch open
          else recordTimer ??= setTimeout(record, 250);
          pump();
        });
    }
    if (!stopped && moreDue && !refilling && queue.length < concurrency && room() > 0) {
      // why: claimed just in time, so what waits in the outbox is never older than one round
      refilling = claimRound(clock(), newSummary(), room(), claimChunk)
        .then((r) => {
          moreDue = r.full;
        })
        .catch((err: unknown) => {
          // why: not at once again (the store may be down); the next tick tries
          moreDue = false;
          log.error({ err }, 'daily tips: claiming more due tips failed; the next tick tries again');
        })
        .finally(() => {
          refilling = undefined;
          pump();
        });
    }
    settleIdle();
  }

  function enqueue(jobs: readonly Job[]): void {
    queue.push(...jobs);
    if (ticking === 0) pump();
  }

  /**
   * Claims up to `limit` due tips, `chunk` per store call: first retries and attempts whose process
   * died, then due schedules. Each chunk is leased, its tips chosen with one read per kind of data,
   * claimed in one transaction and queued. Returns how many it took.
   */
  async function claimRound(now: Date, summary: TickSummary, limit: number, chunk: number): Promise<{ taken: number; full: boolean }> {
    let taken = 0;
    let full = false;
    const nextSlots = new Map<string, Slot>();
    while (taken < limit) {
      // why: a chunk at a time, so processes ticking together share the burst (each leases its
      // own chunk) and a crash strands at most one chunk until its lease runs out
      const asked = Math.min(chunk, limit - taken);
      const l = lease();
      const { posts, schedules: due, rotations, recentScores } = await store.takeDue(now, asked, l, chooser.scores);
      taken += posts.length + due.length;
      summary.due += posts.length + due.length;
      const retried: Job[] = [];
      const ended: TipAttemptResult[] = [];
      for (const { post, schedule } of posts) {
        const c = continuePost(post, schedule, now);
        if ('code' in c) ended.push({ guildId: post.guildId, localDate: post.localDate, owner, outcome: { status: 'failed', error: c } });
        else retried.push({ ...c, leaseUntil: l.until.getTime(), summary });
      }
      if (ended.length > 0) {
        await store.finishAttempts(ended);
        summary.failed += ended.length;
      }
      enqueue(retried);
      const planned: Array<{ s: TipScheduleRecord; slot: Slot; advance: TipAdvance }> = [];
      for (const s of due) {
        try {
          const p = slotFor(s, now, summary, nextSlots);
          if ('skipTo' in p) await store.advanceSchedule(s.guildId, p.skipTo);
          else planned.push({ s, ...p });
        } catch (err) {
          // why: a schedule that can't be computed would fall due again every minute; stop it and
          // say so in /tips status until it is set again.
          summary.failed++;
          log.error({ err, guildId: s.guildId }, 'daily tip schedule could not be processed');
          await store.markFailing(s.guildId, { code: 'schedule_broken' }, now);
        }
      }
      if (planned.length > 0) {
        const chosen = await chooser.many(
          planned.map((p) => ({ guildId: p.s.guildId, date: p.slot.date })),
          { rotations, recentScores },
        );
        const claimLease = lease();
        const at = clock();
        const items: Array<{ claim: TipClaim; advance: TipAdvance }> = [];
        const jobs: Job[] = [];
        for (const [i, p] of planned.entries()) {
          const c = chosen[i];
          if (!c) {
            await store.advanceSchedule(p.s.guildId, p.advance);
            log.error({ guildId: p.s.guildId }, 'daily tip skipped: the tip catalog is empty');
            summary.skipped++;
            continue;
          }
          items.push({ claim: { guildId: p.s.guildId, localDate: p.slot.date, tipId: c.tip.id, cycle: c.cycle, at, lease: claimLease }, advance: p.advance });
          jobs.push({ s: p.s, date: p.slot.date, tip: c.tip, attempts: 1, leaseUntil: claimLease.until.getTime(), summary });
        }
        const won = await store.claimPosts(items);
        // Not won: another process claimed this day just now.
        summary.skipped += won.filter((w) => !w).length;
        enqueue(jobs.filter((_, i) => won[i]));
      }
      full = posts.length + due.length === asked;
      if (!full) break;
    }
    return { taken, full };
  }

  function count(summary: TickSummary, a: Attempt): void {
    if (a.status === 'posted') summary.posted++;
    else if (a.status === 'retrying') summary.retrying++;
    else summary.failed++;
  }

  const drained = (): Promise<void> => (idle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve)));

  return {
    async postNow(guildId) {
      const s = await store.getSchedule(guildId);
      if (!s) return { kind: 'not-configured' };
      const now = clock();
      const date = localDate(now, s.tz);
      const chosen = await chooser.one(guildId, date);
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

    async claimDue(now = clock()) {
      const summary = newSummary();
      // why: the tick only decides who is due and claims it; sending (rendering, REST, recording
      // results) starts once the tick is over, so the tick's time is the scheduler's own work
      ticking++;
      try {
        moreDue = (await claimRound(now, summary, Math.min(batchSize, room()), claimChunk)).full;
      } finally {
        ticking--;
        setImmediate(pump);
      }
      return summary;
    },

    async tick(now = clock()) {
      // why a chunk of `concurrency` at a time, each sent before the next is claimed: a caller
      // that waits for the posts (tests, one-off runs) holds no claim longer than it must
      const summary = newSummary();
      let budget = batchSize;
      while (budget > 0) {
        const { taken, full } = await claimRound(now, summary, Math.min(budget, concurrency), concurrency);
        budget -= taken;
        await drained();
        if (!full) break;
      }
      return summary;
    },

    drained,

    async stop() {
      stopped = true;
      moreDue = false;
      clearTimeout(paceTimer);
      paceTimer = undefined;
      // Tips not yet sent stay claimed under their leases; whoever ticks after they run out sends them.
      queue.length = 0;
      while (!idle()) await drained();
    },
  };
}
