// The tip tables' rows as both stores read them (see migrations.ts), and their mapping to the
// records the app sees. One copy, so SQLite and PostgreSQL can't drift apart in meaning.

import type { CorrectionRecord, ScoreRecord, StoredAudit, TipFailure, TipPostRecord, TipPostStatus, TipRotation, TipScheduleRecord } from '../../app/ports.ts';
import type { Lang } from '../../core/post.ts';

export interface ScheduleRow {
  guild_id: string;
  channel_id: string;
  time: string;
  tz: string;
  days: number;
  lang: Lang;
  enabled: number;
  next_due_utc: number | null;
  next_due_date: string | null;
  failing_reason: string | null;
  updated_at: number;
}

export interface PostRow {
  guild_id: string;
  local_date: string;
  tip_id: string;
  cycle: number;
  trigger: 'schedule' | 'now';
  status: TipPostStatus;
  attempts: number;
  claimed_at: number;
  attempt_started_at: number;
  next_attempt_at: number | null;
  message_id: string | null;
  posted_at: number | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: number | null;
}

/** A post row joined with its schedule's columns, prefixed `s_`. */
export type PostWithScheduleRow = PostRow & { [K in Exclude<keyof ScheduleRow, 'guild_id'> as `s_${K}`]: ScheduleRow[K] };

export const SCHEDULE_COLUMNS =
  's.guild_id, s.channel_id, s.time, s.tz, s.days, s.lang, s.enabled, s.next_due_utc, s.next_due_date, s.failing_reason, s.updated_at';
export const POST_COLUMNS =
  'p.guild_id, p.local_date, p.tip_id, p.cycle, p.trigger, p.status, p.attempts, p.claimed_at, p.attempt_started_at, p.next_attempt_at, p.message_id, p.posted_at, p.last_error, p.lease_owner, p.lease_until';
export const PREFIXED_SCHEDULE_COLUMNS =
  's.channel_id AS s_channel_id, s.time AS s_time, s.tz AS s_tz, s.days AS s_days, s.lang AS s_lang, s.enabled AS s_enabled, ' +
  's.next_due_utc AS s_next_due_utc, s.next_due_date AS s_next_due_date, s.failing_reason AS s_failing_reason, s.updated_at AS s_updated_at';

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function toSchedule(r: ScheduleRow): TipScheduleRecord {
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    time: r.time,
    tz: r.tz,
    days: r.days,
    lang: r.lang,
    enabled: r.enabled === 1,
    nextDueAt: date(r.next_due_utc),
    nextDueDate: r.next_due_date,
    failingReason: decodeFailure(r.failing_reason),
    updatedAt: new Date(r.updated_at),
  };
}

export function toPost(r: PostRow): TipPostRecord {
  return {
    guildId: r.guild_id,
    localDate: r.local_date,
    tipId: r.tip_id,
    cycle: r.cycle,
    trigger: r.trigger,
    status: r.status,
    attempts: r.attempts,
    claimedAt: new Date(r.claimed_at),
    attemptStartedAt: new Date(r.attempt_started_at),
    nextAttemptAt: date(r.next_attempt_at),
    messageId: r.message_id,
    postedAt: date(r.posted_at),
    lastError: decodeFailure(r.last_error),
    leaseOwner: r.lease_owner,
    leaseUntil: date(r.lease_until),
  };
}

/** The schedule half of a joined row. */
export function scheduleOf(r: PostWithScheduleRow): TipScheduleRecord {
  return toSchedule({
    guild_id: r.guild_id,
    channel_id: r.s_channel_id,
    time: r.s_time,
    tz: r.s_tz,
    days: r.s_days,
    lang: r.s_lang,
    enabled: r.s_enabled,
    next_due_utc: r.s_next_due_utc,
    next_due_date: r.s_next_due_date,
    failing_reason: r.s_failing_reason,
    updated_at: r.s_updated_at,
  });
}

export function toPostWithSchedule(r: PostWithScheduleRow): { post: TipPostRecord; schedule: TipScheduleRecord } {
  return { post: toPost(r), schedule: scheduleOf(r) };
}

export function toScore(r: { at: number; score: number; missing: string }): ScoreRecord {
  return { at: new Date(r.at), score: r.score, missing: JSON.parse(r.missing) as string[] };
}

/** A server that has seen no tip yet. */
export function noRotation(): TipRotation {
  return { cycle: 0, shownTipIds: [], lastTipId: undefined };
}

/**
 * Ids in code-unit order. why not localeCompare: ICU collation costs microseconds a call, and a
 * tick sorts a few hundred rows; any fixed order will do (results, lock order across processes).
 */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Earliest slot first; RETURNING gives rows in no particular order. */
export function byDue(a: ScheduleRow, b: ScheduleRow): number {
  return (a.next_due_utc ?? 0) - (b.next_due_utc ?? 0) || byId(a.guild_id, b.guild_id);
}

/** Records' earliest slot first (byDue, after mapping). */
export function byNextDue(a: TipScheduleRecord, b: TipScheduleRecord): number {
  return (a.nextDueAt?.getTime() ?? 0) - (b.nextDueAt?.getTime() ?? 0) || byId(a.guildId, b.guildId);
}

/** A server's claims in id then date order. */
export function byPost(a: { post: { guildId: string; localDate: string } }, b: { post: { guildId: string; localDate: string } }): number {
  return byId(a.post.guildId, b.post.guildId) || byId(a.post.localDate, b.post.localDate);
}

/** A failure is stored as its JSON: the code and its data. */
export function encodeFailure(f: TipFailure): string {
  return JSON.stringify(f);
}

/** Reads a stored failure; text from before failures had codes comes back as `other`, its text kept. */
export function decodeFailure(text: string | null): TipFailure | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { code?: unknown }).code === 'string') return parsed as TipFailure;
  } catch {
    // older rows hold an English sentence
  }
  return { code: 'other', detail: text };
}

/** A corrections row: both stores keep the same columns, lists as JSON text. */
export interface CorrectionRow {
  id: number;
  at: number;
  guild_id: string | null;
  platform: CorrectionRecord['platform'];
  language: CorrectionRecord['language'];
  detected: string;
  wrong: string;
  missing: string;
  labels: string;
  band: CorrectionRecord['band'];
  text: string | null;
}

export function correctionFromRow(r: CorrectionRow): CorrectionRecord {
  return {
    id: r.id,
    at: new Date(r.at),
    guildId: r.guild_id,
    platform: r.platform,
    language: r.language,
    detected: JSON.parse(r.detected) as string[],
    wrong: JSON.parse(r.wrong) as CorrectionRecord['wrong'],
    missing: JSON.parse(r.missing) as CorrectionRecord['missing'],
    labels: JSON.parse(r.labels) as string[],
    band: r.band,
    text: r.text,
  };
}

/** A page_audits row: both stores keep the audit as JSON text. */
export interface AuditRow {
  at: number;
  lang: string;
  result: string;
}

export function auditFromRow(r: AuditRow): StoredAudit {
  return { at: new Date(r.at), lang: r.lang === 'de' ? 'de' : 'en', result: JSON.parse(r.result) as StoredAudit['result'] };
}
