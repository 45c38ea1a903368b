// Ports: the small interfaces the use cases in src/app need from the outside world.
// Adapters in src/adapters implement them; tests use plain in-memory fakes.

import type { AuditResult } from '../core/audit/result.ts';
import type { CategoryId } from '../core/category.ts';
import type { Band } from '../core/engine.ts';
import type { DetectedLang, Lang, Platform } from '../core/post.ts';
import type { Tip } from '../core/tip.ts';

/** The current time. Injected so schedulers and cooldowns can be tested without waiting. */
export type Clock = () => Date;

/** Structured operator log, object first as pino takes it. Never given post text. */
export interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * How to post one tip so that trying again never shows it twice. `nonce`: the idempotency key
 * (at most 25 characters; the same for every attempt at one server's tip of one day, another for
 * each /tips now); the platform returns the message an earlier attempt made with it instead of
 * making a second one, for as long as it remembers the key. `since`: an earlier attempt may have
 * got through after that time (it crashed, or lost the answer): look for that message in the
 * channel first, for when the platform has forgotten the key.
 */
export interface PublishRequest {
  nonce: string;
  since?: Date;
}

/** Posts a tip to a channel. Throws `PublishError` so the caller knows whether to retry. */
export interface TipPublisher {
  publish(channelId: string, tip: Tip, lang: Lang, request: PublishRequest): Promise<{ messageId: string }>;
}

/**
 * Why a tip was not posted, as a code with its data; each front end words it in the user's
 * language (Discord: views/tips.ts). Stores keep it as it is.
 */
export type TipFailure =
  | { code: 'channel_deleted' }
  | { code: 'left_server' }
  | { code: 'no_access' }
  /** `known`: these are the ones missing; otherwise the platform only said "missing permissions" and these are all it needs. */
  | { code: 'missing_permissions'; permissions: string[]; known: boolean }
  | { code: 'not_text_channel' }
  | { code: 'platform_status'; status: number }
  | { code: 'refused'; status: number; detail: string }
  | { code: 'rate_limited' }
  | { code: 'unreachable' }
  | { code: 'not_connected' }
  /** No answer within `seconds`: it may or may not have been posted. */
  | { code: 'no_answer'; seconds: number }
  /** An attempt that never reported back (the process stopped mid-publish). */
  | { code: 'never_reported' }
  | { code: 'schedule_off' }
  | { code: 'tip_removed' }
  | { code: 'schedule_broken' }
  | { code: 'gave_up'; attempts: number; cause: TipFailure }
  | { code: 'day_ended'; cause: TipFailure | null }
  /** An error nobody classified; `detail` is its message, for operators. */
  | { code: 'other'; detail: string };

/**
 * Why a publish failed. `permanent`: retrying can't help (channel deleted, missing access or
 * permissions, 403/404). `retryable`: it may work later (429, 5xx, network). Any other error a
 * publisher throws is treated as "may have been posted" and is not retried.
 */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  readonly kind: 'permanent' | 'retryable';
  /** What a server manager can act on; shown by /tips status. */
  readonly failure: TipFailure;
  /** The wait the platform asked for (Retry-After), if any. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: 'permanent' | 'retryable', failure: TipFailure, opts: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(failure.code, { cause: opts.cause });
    this.kind = kind;
    this.failure = failure;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** A server's daily-tip schedule as stored. `days` is a weekday bit mask (bit 0 = Sunday). */
export interface TipScheduleRecord {
  guildId: string;
  channelId: string;
  /** Local 'HH:MM'. */
  time: string;
  tz: string;
  days: number;
  lang: Lang;
  enabled: boolean;
  /** The next slot; null while the schedule is off or failing. */
  nextDueAt: Date | null;
  nextDueDate: string | null;
  failingReason: TipFailure | null;
  updatedAt: Date;
}

/**
 * `posting`: claimed, an attempt is in flight under a lease. `posted`: message id recorded.
 * `retrying`: a failure, next attempt at `nextAttemptAt`. `failed`: not posted, no more attempts.
 * `unconfirmed`: written by older versions for an attempt that never reported back; no longer made.
 */
export type TipPostStatus = 'posting' | 'posted' | 'retrying' | 'failed' | 'unconfirmed';

/** Work held by one process (`owner`, unique per process) until `until`; after that any process may take it over. */
export interface Lease {
  owner: string;
  until: Date;
}

/** One server's scheduled tip for one local day: the claim that makes it happen exactly once. */
export interface TipPostRecord {
  guildId: string;
  localDate: string;
  tipId: string;
  cycle: number;
  /** Always 'schedule' now; 'now' on days where an older version's /tips now took the day's slot. */
  trigger: 'schedule' | 'now';
  status: TipPostStatus;
  attempts: number;
  claimedAt: Date;
  attemptStartedAt: Date;
  nextAttemptAt: Date | null;
  messageId: string | null;
  postedAt: Date | null;
  lastError: TipFailure | null;
  /** Who holds the attempt in flight, and until when (status `posting`). */
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

export interface TipClaim {
  guildId: string;
  localDate: string;
  tipId: string;
  cycle: number;
  at: Date;
  lease: Lease;
}

export type TipAttemptOutcome =
  | { status: 'posted'; messageId: string; at: Date }
  | { status: 'retrying'; nextAttemptAt: Date; error: TipFailure }
  | { status: 'failed'; error: TipFailure };

/** Moves a schedule's next slot from `expectedAt` to `next`, unless someone moved it already. */
export interface TipAdvance {
  expectedAt: Date | null;
  next: { date: string; at: Date } | null;
}

export interface TipAttemptResult {
  guildId: string;
  localDate: string;
  /** The process that made the attempt: only the lease holder's failure counts; a success counts whoever reports it. */
  owner: string;
  outcome: TipAttemptOutcome;
  /** Also stops the schedule, as markFailing does: the failure was permanent. */
  failSchedule?: { reason: TipFailure; at: Date };
}

/** Which tips a server has seen in its current rotation cycle (cycle 0: none yet), scheduled and extra. */
export interface TipRotation {
  cycle: number;
  shownTipIds: string[];
  lastTipId: string | undefined;
}

/** A /tips now extra tip about to be posted. */
export interface ExtraPostStart {
  guildId: string;
  nonce: string;
  tipId: string;
  cycle: number;
  at: Date;
  /** Refused if another extra tip was started after this time (the cooldown). */
  cooldownSince: Date;
}

export type ExtraPostStarted = { ok: true } | { ok: false; lastAt: Date } | { ok: false; noSchedule: true };

/** A /score result reduced to what tip choice needs: ids, never post text. */
export interface ScoreRecord {
  at: Date;
  score: number;
  /** Category or rule ids the post missed. */
  missing: string[];
}

/** The scores a server's posts got, reduced to ids (see app/tips/score-history.ts). */
export interface ScoreStore {
  /** Appends a score and keeps only the newest `keep` for the server. */
  recordScore(guildId: string, record: ScoreRecord, keep: number): Promise<void>;
  recentScores(guildId: string, limit: number): Promise<ScoreRecord[]>;
  /** recentScores for many servers in one read (a tick's chunk); servers without scores are absent. */
  recentScoresOf(guildIds: readonly string[], limit: number): Promise<Map<string, ScoreRecord[]>>;
}

/**
 * Persistence for daily tips and the score history, shared by every process of the bot (SQLite
 * file, PostgreSQL, or memory for one process). Every method is atomic on its own.
 */
/** Due work a tick took under one lease (TipStore.takeDue). */
export interface DueWork {
  posts: Array<{ post: TipPostRecord; schedule: TipScheduleRecord }>;
  schedules: TipScheduleRecord[];
  /** Of the schedules' servers, as TipStore.rotations (servers with nothing shown yet are absent). */
  rotations: Map<string, TipRotation>;
  /** Of the schedules' servers, as TipStore.recentScoresOf (servers with no scores are absent). */
  recentScores: Map<string, ScoreRecord[]>;
}

export interface TipStore extends ScoreStore {
  getSchedule(guildId: string): Promise<TipScheduleRecord | undefined>;
  /** Creates or replaces a schedule, enabled, with its failure cleared. */
  saveSchedule(s: Omit<TipScheduleRecord, 'enabled' | 'failingReason'>): Promise<void>;
  /** Turns a schedule off; false if the server has none. */
  disableSchedule(guildId: string, at: Date): Promise<boolean>;
  /** Stops a schedule until the next saveSchedule, keeping the reason for status. */
  markFailing(guildId: string, reason: TipFailure, at: Date): Promise<void>;
  /** Moves the next slot (and frees the schedule's lease), but only if it still is `expectedAt`. */
  advanceSchedule(guildId: string, advance: TipAdvance): Promise<boolean>;
  /**
   * Claims servers' scheduled tips for local days (status `posting`, held by the claim's lease),
   * all in one transaction, and advances each one's schedule as `advanceSchedule` would, claimed
   * or not. Per item: false if that day was already claimed (its claim is left as it was).
   */
  claimPosts(items: ReadonlyArray<{ claim: TipClaim; advance?: TipAdvance }>): Promise<boolean[]>;
  /** Records how attempts ended, all in one transaction. */
  finishAttempts(results: readonly TipAttemptResult[]): Promise<void>;
  getPost(guildId: string, localDate: string): Promise<TipPostRecord | undefined>;
  lastPost(guildId: string): Promise<TipPostRecord | undefined>;
  /**
   * What a tick takes, all leased to `lease`, in one call (a store that can makes it one round
   * trip, so a tick with nothing due costs one):
   * - `posts`: up to `limit` claims that need another attempt: `retrying` ones whose next attempt
   *   is due, and `posting` ones whose holder's lease ran out (it crashed or hung). Each becomes
   *   `posting` with one more attempt counted; returned with their schedules.
   * - `schedules`: for the rest of `limit`, enabled schedules whose next slot is at or before `now`
   *   and that no live lease holds, earliest first; with their rotations and newest `scores`
   *   score records.
   * Processes taking at once get disjoint sets.
   */
  takeDue(now: Date, limit: number, lease: Lease, scores: number): Promise<DueWork>;
  rotation(guildId: string): Promise<TipRotation>;
  /** rotation for many servers in one read (a tick's chunk); servers with nothing shown yet are absent. */
  rotations(guildIds: readonly string[]): Promise<Map<string, TipRotation>>;
  /** Starts a /tips now extra tip unless the cooldown holds or the server has no schedule. Atomic across processes. */
  startExtraPost(start: ExtraPostStart): Promise<ExtraPostStarted>;
  /** Records an extra tip's message, or forgets it (giving its cooldown back) when it was not posted. */
  finishExtraPost(guildId: string, nonce: string, result: { messageId: string; at: Date } | { failed: true }): Promise<void>;
}

// A page audit is kept per server: /audit last shows it again, and /score sets its evidence beside
// the study score.

/** A server's last page audit. */
export interface StoredAudit {
  at: Date;
  /** The language its texts (recommendations) were written in. */
  lang: Lang;
  result: AuditResult;
}

/** Where each server's last audit is kept (SQLite, PostgreSQL or memory). Every method is atomic on its own. */
export interface AuditStore {
  /** Keeps this audit as the server's last one, replacing the one before. */
  saveAudit(guildId: string, audit: StoredAudit): Promise<void>;
  lastAudit(guildId: string): Promise<StoredAudit | undefined>;
}

// The language model's limits: each server's daily budget and each user's cooldown, kept in the
// store so that every process of the bot counts against the same ones.

/** One model request about to go out, as the limits count it. */
export interface LlmRequestTake {
  /** Whose daily budget it counts against: a server id, or `user:<id>` in DMs; none: not budgeted. */
  pool?: string;
  /** The UTC day the budget is for, 'YYYY-MM-DD'. */
  day: string;
  /** Requests the pool may make that day. */
  budget: number;
  /** Who asks; none: no cooldown. */
  userId?: string;
  at: Date;
  /** How long the user waits between two requests; 0: no wait. */
  cooldownMs: number;
}

/** Refused requests are not counted: neither their budget nor their cooldown is taken. */
export type LlmTakeResult = { ok: true } | { ok: false; cooldownUntil: Date } | { ok: false; budgetSpent: true };

export interface LlmUsageStore {
  /** Checks the user's cooldown, then the pool's budget for the day, and counts the request only if both allow. Atomic across processes. */
  takeLlmRequest(take: LlmRequestTake): Promise<LlmTakeResult>;
}

// The language model is optional: without one no Rewriter is built and everything else works.

export type { ChatMessage } from '../core/rewrite-prompt.ts';
import type { ChatMessage } from '../core/rewrite-prompt.ts';

/** One rewritten version as the model proposed it; the engine re-scores it before anyone sees it. */
export interface RewriteVariant {
  text: string;
  /** The model's own one-line summary of what it changed. */
  changes: string;
}

/**
 * An OpenAI-compatible chat model. `rewrite` asks for JSON variants and returns them parsed;
 * `complete` returns plain text. Both throw `LlmError` and nothing else.
 */
export interface Rewriter {
  rewrite(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<{ variants: RewriteVariant[] }>;
  complete(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<string>;
}

/**
 * `timeout`: no answer in time (or the caller aborted). `rate_limited`: 429 after the retries.
 * `server`: 5xx or a request the server refused (unknown model …). `bad_answer`: not the JSON we
 * asked for. `auth`: 401/403, an operator problem. `network`: no connection.
 */
export type LlmErrorKind = 'timeout' | 'rate_limited' | 'server' | 'bad_answer' | 'auth' | 'network';

/** Why a model call failed. The message is for operator logs only; users see a UserError. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly kind: LlmErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The wait the server asked for (Retry-After), if any. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: LlmErrorKind, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

// Users' corrections of what a score detected, and the rules a server does not want. Async, as
// every store port is becoming (one port, SQLite and PostgreSQL behind it).

/** One correction of a score ("Not right?" in Discord, /wrong and /missing in the local chat). */
export interface CorrectionRecord {
  id: number;
  at: Date;
  /** The server it was made in; null in DMs and the local chat. */
  guildId: string | null;
  platform: Platform;
  /** The post's language as detected: 'en', 'de' or 'other'. */
  language: DetectedLang;
  /** What the engine detected before the correction (categories and signals). */
  detected: string[];
  wrong: CategoryId[];
  missing: CategoryId[];
  /** The labels after the correction (categories and signals): the post as a training example. */
  labels: string[];
  /** The band the labelling rule (../shared/corpus/LABELS.md) gives the corrected labels. */
  band: Band;
  /** The post's text, only when the user ticked "share this post to improve detection"; null otherwise. */
  text: string | null;
}

export type NewCorrection = Omit<CorrectionRecord, 'id'>;

/** Where corrections are kept. Every method is atomic on its own. */
export interface CorrectionStore {
  /** Stores a correction and returns its id (ids grow in the order corrections were made). */
  addCorrection(correction: NewCorrection): Promise<number>;
  /** Corrections oldest first; `sharedOnly`: only those stored with their text. */
  listCorrections(options?: { sharedOnly?: boolean }): Promise<CorrectionRecord[]>;
}

/** Per-server settings: the rules a server does not want (`/rules ignore`). */
export interface ServerSettingsStore {
  /** The server's ignored rule ids, sorted. */
  ignoredRules(guildId: string): Promise<string[]>;
  /** Adds a rule to the server's ignored list; false if it was already there. */
  ignoreRule(guildId: string, ruleId: string, at: Date): Promise<boolean>;
  /** Takes a rule off the server's ignored list; false if it was not there. */
  unignoreRule(guildId: string, ruleId: string): Promise<boolean>;
}
