// DRAFT (phase 1 of issue 13): the asynchronous daily-tip store port both stores implement.
// It moves into src/app/ports.ts, replacing the synchronous TipStore, once issue 10's refactor of
// src/app has landed; until then it lives here so the PostgreSQL store can be built and tested.

import type { ScoreRecord, TipAdvance, TipAttemptOutcome, TipPostStatus, TipRotation, TipScheduleRecord } from '../../app/ports.ts';

/** Work held by one process (`owner`, unique per process) until `until`; after that anyone may take it over. */
export interface Lease {
  owner: string;
  until: Date;
}

export interface TipPostRecordV2 {
  guildId: string;
  localDate: string;
  tipId: string;
  cycle: number;
  trigger: 'schedule' | 'now';
  status: TipPostStatus;
  attempts: number;
  claimedAt: Date;
  attemptStartedAt: Date;
  nextAttemptAt: Date | null;
  messageId: string | null;
  postedAt: Date | null;
  lastError: string | null;
  /** Who holds the attempt in flight, and until when (status `posting`). */
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

export interface TipClaimV2 {
  guildId: string;
  localDate: string;
  tipId: string;
  cycle: number;
  at: Date;
  lease: Lease;
}

export interface TipAttemptResultV2 {
  guildId: string;
  localDate: string;
  /** Only the lease holder's failure counts; a success counts whoever reports it. */
  owner: string;
  outcome: TipAttemptOutcome;
  failSchedule?: { reason: string; at: Date };
}

export interface ExtraPostStart {
  guildId: string;
  nonce: string;
  tipId: string;
  cycle: number;
  at: Date;
  /** No other extra post may have been started after this time. */
  cooldownSince: Date;
}

export type ExtraPostStarted = { ok: true } | { ok: false; lastAt: Date } | { ok: false; noSchedule: true };

/** Persistence for daily tips. Every method is atomic on its own. */
export interface AsyncTipStore {
  getSchedule(guildId: string): Promise<TipScheduleRecord | undefined>;
  /** Creates or replaces a schedule, enabled, with its failure cleared. */
  saveSchedule(s: Omit<TipScheduleRecord, 'enabled' | 'failingReason'>): Promise<void>;
  /** Turns a schedule off; false if the server has none. */
  disableSchedule(guildId: string, at: Date): Promise<boolean>;
  /** Stops a schedule until the next saveSchedule, keeping the reason for status. */
  markFailing(guildId: string, reason: string, at: Date): Promise<void>;
  /** Moves the next slot (and releases the schedule's lease), but only if it still is `expectedAt`. */
  advanceSchedule(guildId: string, advance: TipAdvance): Promise<boolean>;
  /**
   * Leases up to `limit` enabled schedules whose next slot is at or before `now` and that no
   * live lease holds, earliest first. Processes ticking at once get disjoint sets.
   */
  takeDueSchedules(now: Date, limit: number, lease: Lease): Promise<TipScheduleRecord[]>;
  /**
   * Claims servers' scheduled posts for local days (status `posting`, held by the claim's lease),
   * all in one transaction, and advances each one's schedule as `advanceSchedule` would, claimed
   * or not. Per item: false if that day was already claimed (its claim is left as it was).
   */
  claimPosts(items: ReadonlyArray<{ claim: TipClaimV2; advance?: TipAdvance }>): Promise<boolean[]>;
  /** Records how attempts ended, all in one transaction. */
  finishAttempts(results: readonly TipAttemptResultV2[]): Promise<void>;
  getPost(guildId: string, localDate: string): Promise<TipPostRecordV2 | undefined>;
  lastPost(guildId: string): Promise<TipPostRecordV2 | undefined>;
  /**
   * Leases claims that need another attempt: `retrying` ones whose next attempt is due, and
   * `posting` ones whose holder's lease ran out (it crashed or hung). Each becomes `posting`
   * under `lease` with one more attempt counted. Returned with their schedules.
   */
  takeDuePosts(now: Date, limit: number, lease: Lease): Promise<Array<{ post: TipPostRecordV2; schedule: TipScheduleRecord }>>;
  /** Tips shown in the current rotation cycle, scheduled and extra ones. */
  rotation(guildId: string): Promise<TipRotation>;
  /**
   * Starts a /tips now extra post, unless another was started after `cooldownSince` (then the
   * time of that one) or the server has no schedule. Atomic across processes.
   */
  startExtraPost(start: ExtraPostStart): Promise<ExtraPostStarted>;
  /** Records an extra post's message, or forgets it (and its cooldown) when it was not posted. */
  finishExtraPost(guildId: string, nonce: string, result: { messageId: string; at: Date } | { failed: true }): Promise<void>;
  /** Appends a score and keeps only the newest `keep` for the server. */
  recordScore(guildId: string, record: ScoreRecord, keep: number): Promise<void>;
  recentScores(guildId: string, limit: number): Promise<ScoreRecord[]>;
}
