import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  ScoreRecord,
  TipAdvance,
  TipAttemptResult,
  TipFailure,
  TipClaim,
  TipPostRecord,
  TipPostStatus,
  TipRotation,
  TipScheduleRecord,
  TipStore,
} from '../../app/ports.ts';
import type { Lang } from '../../core/post.ts';

export const DB_FILE = 'fanpage-advisor.sqlite';

/** One schema step. Versions are 1, 2, 3 … in order; a released step is never edited, only followed. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

// Times are INTEGER milliseconds since the epoch (UTC); local dates are 'YYYY-MM-DD' text.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'daily tips',
    up: `
      CREATE TABLE tip_schedules (
        guild_id       TEXT PRIMARY KEY,
        channel_id     TEXT NOT NULL,
        time           TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
        tz             TEXT NOT NULL,
        days           INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),
        lang           TEXT NOT NULL CHECK (lang IN ('en', 'de')),
        enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        next_due_utc   INTEGER,
        next_due_date  TEXT,
        failing_reason TEXT,
        failing_since  INTEGER,
        updated_at     INTEGER NOT NULL
      ) STRICT;
      -- The per-minute tick reads only this index; off and failing schedules have no next slot
      -- and so are not in it.
      CREATE INDEX tip_schedules_due ON tip_schedules (next_due_utc) WHERE next_due_utc IS NOT NULL;

      CREATE TABLE tip_posts (
        guild_id           TEXT NOT NULL REFERENCES tip_schedules (guild_id) ON DELETE CASCADE,
        local_date         TEXT NOT NULL,
        tip_id             TEXT NOT NULL,
        cycle              INTEGER NOT NULL,
        trigger            TEXT NOT NULL CHECK (trigger IN ('schedule', 'now')),
        status             TEXT NOT NULL CHECK (status IN ('posting', 'posted', 'retrying', 'failed', 'unconfirmed')),
        attempts           INTEGER NOT NULL DEFAULT 1,
        claimed_at         INTEGER NOT NULL,
        attempt_started_at INTEGER NOT NULL,
        next_attempt_at    INTEGER,
        message_id         TEXT,
        posted_at          INTEGER,
        last_error         TEXT,
        PRIMARY KEY (guild_id, local_date)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX tip_posts_cycle ON tip_posts (guild_id, cycle);
      CREATE INDEX tip_posts_retry ON tip_posts (next_attempt_at) WHERE status = 'retrying';
      CREATE INDEX tip_posts_in_flight ON tip_posts (attempt_started_at) WHERE status = 'posting';

      -- What /score found missing, as category or rule ids. Never post text.
      CREATE TABLE score_history (
        id       INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        at       INTEGER NOT NULL,
        score    INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
        missing  TEXT NOT NULL CHECK (json_valid(missing) AND json_type(missing) = 'array')
      ) STRICT;
      CREATE INDEX score_history_guild ON score_history (guild_id, id);
    `,
  },
];

/**
 * Opens (creating if needed) the bot's database in `dataDir`: WAL so readers don't block the
 * writer, a busy timeout so two processes wait for each other instead of failing, and every
 * pending migration applied.
 */
export function openDatabase(dataDir: string, opts: { busyTimeoutMs?: number } = {}): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DB_FILE));
  try {
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    db.pragma('journal_mode = WAL');
    // why: a claim must survive a power cut, or a restart could post the day's tip again. WAL's
    // default (NORMAL) may lose the last commits on power loss; FULL syncs each commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Applies pending migrations in order, one transaction each, and records them in both
 * `PRAGMA user_version` (what is checked) and `schema_migrations` (for people reading the file).
 * Safe to call on every start and from two processes at once. Returns the versions it applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}; expected ${i + 1}`);
  });
  const applied: number[] = [];
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const known = migrations.length;
  if (version() > known) {
    throw new Error(
      `The database ${db.name} has schema version ${version()}, but this build knows only up to ${known}. ` +
        'Run the newer build, or restore a backup made before it ran.',
    );
  }
  for (const m of migrations) {
    // why: IMMEDIATE takes the write lock before reading user_version, so of two processes
    // starting together one applies the step and the other sees it done.
    db.transaction(() => {
      const current = version();
      if (current >= m.version) return;
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
      db.exec(m.up);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}

interface ScheduleRow {
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

interface PostRow {
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
}

type RetryScheduleColumns = { [K in Exclude<keyof ScheduleRow, 'guild_id'> as `s_${K}`]: ScheduleRow[K] };

const SCHEDULE_COLUMNS =
  's.guild_id, s.channel_id, s.time, s.tz, s.days, s.lang, s.enabled, s.next_due_utc, s.next_due_date, s.failing_reason, s.updated_at';
const POST_COLUMNS =
  'p.guild_id, p.local_date, p.tip_id, p.cycle, p.trigger, p.status, p.attempts, p.claimed_at, p.attempt_started_at, p.next_attempt_at, p.message_id, p.posted_at, p.last_error';

/** The daily-tip store on an open database (see openDatabase). Statements are prepared once. */
export function createSqliteTipStore(db: Database.Database): TipStore {
  const q = {
    getSchedule: db.prepare<[string], ScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM tip_schedules s WHERE guild_id = ?`),
    saveSchedule: db.prepare(`
      INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, enabled, next_due_utc, next_due_date, failing_reason, failing_since, updated_at)
      VALUES (@guildId, @channelId, @time, @tz, @days, @lang, 1, @nextDueUtc, @nextDueDate, NULL, NULL, @updatedAt)
      ON CONFLICT (guild_id) DO UPDATE SET
        channel_id = excluded.channel_id, time = excluded.time, tz = excluded.tz, days = excluded.days,
        lang = excluded.lang, enabled = 1, next_due_utc = excluded.next_due_utc, next_due_date = excluded.next_due_date,
        failing_reason = NULL, failing_since = NULL, updated_at = excluded.updated_at`),
    disable: db.prepare<[number, string]>(
      'UPDATE tip_schedules SET enabled = 0, next_due_utc = NULL, next_due_date = NULL, updated_at = ? WHERE guild_id = ?',
    ),
    markFailing: db.prepare<[string, number, number, string]>(`
      UPDATE tip_schedules SET failing_reason = ?, failing_since = ?, next_due_utc = NULL, next_due_date = NULL, updated_at = ?
      WHERE guild_id = ?`),
    advance: db.prepare<[number | null, string | null, string, number | null]>(
      'UPDATE tip_schedules SET next_due_utc = ?, next_due_date = ? WHERE guild_id = ? AND next_due_utc IS ?',
    ),
    due: db.prepare<[number, number], ScheduleRow>(
      `SELECT ${SCHEDULE_COLUMNS} FROM tip_schedules s WHERE next_due_utc <= ? ORDER BY next_due_utc LIMIT ?`,
    ),
    claim: db.prepare(`
      INSERT INTO tip_posts (guild_id, local_date, tip_id, cycle, trigger, status, attempts, claimed_at, attempt_started_at)
      VALUES (@guildId, @localDate, @tipId, @cycle, @trigger, 'posting', 1, @at, @at)
      ON CONFLICT (guild_id, local_date) DO NOTHING`),
    // Rotation needs only the current cycle; the one before stays for status and history.
    prune: db.prepare<[string, number]>('DELETE FROM tip_posts WHERE guild_id = ? AND cycle < ?'),
    retake: db.prepare<[number, string, string, string, number]>(`
      UPDATE tip_posts SET status = 'posting', attempts = attempts + 1, attempt_started_at = ?, next_attempt_at = NULL
      WHERE guild_id = ? AND local_date = ? AND status = ? AND attempts = ?`),
    // why: a result that arrives after its attempt was written off as unconfirmed is still the truth.
    posted: db.prepare<[string, number, string, string]>(`
      UPDATE tip_posts SET status = 'posted', message_id = ?, posted_at = ?, next_attempt_at = NULL, last_error = NULL
      WHERE guild_id = ? AND local_date = ? AND status IN ('posting', 'unconfirmed')`),
    retrying: db.prepare<[number, string, string, string]>(`
      UPDATE tip_posts SET status = 'retrying', next_attempt_at = ?, last_error = ?
      WHERE guild_id = ? AND local_date = ? AND status = 'posting'`),
    failed: db.prepare<[string, string, string]>(`
      UPDATE tip_posts SET status = 'failed', last_error = ?, next_attempt_at = NULL
      WHERE guild_id = ? AND local_date = ? AND status IN ('posting', 'retrying')`),
    unconfirmed: db.prepare<[string, string, string]>(`
      UPDATE tip_posts SET status = 'unconfirmed', last_error = ?
      WHERE guild_id = ? AND local_date = ? AND status = 'posting'`),
    getPost: db.prepare<[string, string], PostRow>(`SELECT ${POST_COLUMNS} FROM tip_posts p WHERE guild_id = ? AND local_date = ?`),
    lastPost: db.prepare<[string], PostRow>(
      `SELECT ${POST_COLUMNS} FROM tip_posts p WHERE guild_id = ? ORDER BY local_date DESC LIMIT 1`,
    ),
    dueRetries: db.prepare<[number, number], PostRow & RetryScheduleColumns>(`
      SELECT ${POST_COLUMNS}, s.channel_id AS s_channel_id, s.time AS s_time, s.tz AS s_tz, s.days AS s_days,
        s.lang AS s_lang, s.enabled AS s_enabled, s.next_due_utc AS s_next_due_utc, s.next_due_date AS s_next_due_date,
        s.failing_reason AS s_failing_reason, s.updated_at AS s_updated_at
      FROM tip_posts p JOIN tip_schedules s ON s.guild_id = p.guild_id
      WHERE p.status = 'retrying' AND p.next_attempt_at <= ? ORDER BY p.next_attempt_at LIMIT ?`),
    expire: db.prepare<[number], PostRow>(`
      UPDATE tip_posts SET status = 'unconfirmed', last_error = coalesce(last_error, '{"code":"never_reported"}')
      WHERE status = 'posting' AND attempt_started_at < ?
      RETURNING guild_id, local_date, tip_id, cycle, trigger, status, attempts, claimed_at, attempt_started_at,
        next_attempt_at, message_id, posted_at, last_error`),
    maxCycle: db.prepare<[string], { cycle: number | null }>('SELECT max(cycle) AS cycle FROM tip_posts WHERE guild_id = ?'),
    shown: db
      .prepare<[string, number], string>("SELECT tip_id FROM tip_posts WHERE guild_id = ? AND cycle = ? AND status != 'failed'")
      .pluck(),
    insertScore: db.prepare<[string, number, number, string]>(
      'INSERT INTO score_history (guild_id, at, score, missing) VALUES (?, ?, ?, ?)',
    ),
    pruneScores: db.prepare<[string, string, number]>(`
      DELETE FROM score_history WHERE guild_id = ? AND id <= (
        SELECT id FROM score_history WHERE guild_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`),
    recentScores: db.prepare<[string, number], { at: number; score: number; missing: string }>(
      'SELECT at, score, missing FROM score_history WHERE guild_id = ? ORDER BY id DESC LIMIT ?',
    ),
  };

  const advance = (guildId: string, a: TipAdvance): boolean =>
    q.advance.run(a.next?.at.getTime() ?? null, a.next?.date ?? null, guildId, a.expectedAt?.getTime() ?? null).changes === 1;

  const claim = db.transaction((items: ReadonlyArray<{ claim: TipClaim; advance?: TipAdvance }>): boolean[] =>
    items.map(({ claim: c, advance: a }) => {
      const inserted = q.claim.run({ ...c, at: c.at.getTime() }).changes === 1;
      if (inserted) q.prune.run(c.guildId, c.cycle - 1);
      if (a) advance(c.guildId, a);
      return inserted;
    }),
  );

  const finish = db.transaction((results: readonly TipAttemptResult[]) => {
    for (const { guildId, localDate, outcome: o, failSchedule } of results) {
      switch (o.status) {
        case 'posted':
          q.posted.run(o.messageId, o.at.getTime(), guildId, localDate);
          break;
        case 'retrying':
          q.retrying.run(o.nextAttemptAt.getTime(), encodeFailure(o.error), guildId, localDate);
          break;
        case 'failed':
          q.failed.run(encodeFailure(o.error), guildId, localDate);
          break;
        case 'unconfirmed':
          q.unconfirmed.run(encodeFailure(o.error), guildId, localDate);
          break;
      }
      if (failSchedule) q.markFailing.run(encodeFailure(failSchedule.reason), failSchedule.at.getTime(), failSchedule.at.getTime(), guildId);
    }
  });

  const rotation = db.transaction((guildId: string): TipRotation => {
    const cycle = q.maxCycle.get(guildId)?.cycle ?? 0;
    const last = q.lastPost.get(guildId);
    return { cycle, shownTipIds: cycle === 0 ? [] : q.shown.all(guildId, cycle), lastTipId: last?.tip_id };
  });

  const recordScore = db.transaction((guildId: string, r: ScoreRecord, keep: number) => {
    q.insertScore.run(guildId, r.at.getTime(), r.score, JSON.stringify(r.missing));
    q.pruneScores.run(guildId, guildId, Math.max(1, Math.trunc(keep)));
  });

  return {
    getSchedule: (guildId) => mapOptional(q.getSchedule.get(guildId), toSchedule),
    saveSchedule(s) {
      q.saveSchedule.run({
        guildId: s.guildId,
        channelId: s.channelId,
        time: s.time,
        tz: s.tz,
        days: s.days,
        lang: s.lang,
        nextDueUtc: s.nextDueAt?.getTime() ?? null,
        nextDueDate: s.nextDueDate,
        updatedAt: s.updatedAt.getTime(),
      });
    },
    disableSchedule: (guildId, at) => q.disable.run(at.getTime(), guildId).changes === 1,
    markFailing(guildId, reason, at) {
      q.markFailing.run(encodeFailure(reason), at.getTime(), at.getTime(), guildId);
    },
    advanceSchedule: advance,
    dueSchedules: (now, limit) => q.due.all(now.getTime(), limit).map(toSchedule),
    // why: IMMEDIATE takes the write lock up front, so two processes claiming at once queue on
    // busy_timeout instead of one failing with SQLITE_BUSY on lock upgrade. One transaction for
    // many claims costs one disk sync, which dominates a tick with many servers due.
    claimPosts: (items) => (items.length === 0 ? [] : claim.immediate(items)),
    retakePost: (guildId, localDate, from, at) =>
      q.retake.run(at.getTime(), guildId, localDate, from.status, from.attempts).changes === 1,
    finishAttempts: (results) => {
      if (results.length > 0) finish.immediate(results);
    },
    getPost: (guildId, localDate) => mapOptional(q.getPost.get(guildId, localDate), toPost),
    lastPost: (guildId) => mapOptional(q.lastPost.get(guildId), toPost),
    dueRetries: (now, limit) =>
      q.dueRetries.all(now.getTime(), limit).map((r) => ({
        post: toPost(r),
        schedule: toSchedule({
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
        }),
      })),
    expireAttempts: (before) => q.expire.all(before.getTime()).map(toPost),
    rotation: (guildId) => rotation(guildId),
    recordScore: (guildId, r, keep) => recordScore(guildId, r, keep),
    recentScores: (guildId, limit) =>
      q.recentScores.all(guildId, limit).map((r) => ({ at: new Date(r.at), score: r.score, missing: JSON.parse(r.missing) as string[] })),
  };
}

/** A failure is stored as its JSON: the code and its data. */
function encodeFailure(f: TipFailure): string {
  return JSON.stringify(f);
}

/** Reads a stored failure; text from before failures had codes comes back as `other`, its text kept. */
function decodeFailure(text: string | null): TipFailure | null {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { code?: unknown }).code === 'string') return parsed as TipFailure;
  } catch {
    // older rows hold an English sentence
  }
  return { code: 'other', detail: text };
}

function mapOptional<R, T>(row: R | undefined, map: (row: R) => T): T | undefined {
  return row === undefined ? undefined : map(row);
}

function toSchedule(r: ScheduleRow): TipScheduleRecord {
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    time: r.time,
    tz: r.tz,
    days: r.days,
    lang: r.lang,
    enabled: r.enabled === 1,
    nextDueAt: r.next_due_utc === null ? null : new Date(r.next_due_utc),
    nextDueDate: r.next_due_date,
    failingReason: decodeFailure(r.failing_reason),
    updatedAt: new Date(r.updated_at),
  };
}

function toPost(r: PostRow): TipPostRecord {
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
    nextAttemptAt: r.next_attempt_at === null ? null : new Date(r.next_attempt_at),
    messageId: r.message_id,
    postedAt: r.posted_at === null ? null : new Date(r.posted_at),
    lastError: decodeFailure(r.last_error),
  };
}
