// The bot's store in one SQLite file under DATA_DIR: the zero-setup default. The daily-tip store
// behind the asynchronous port (the same port as PostgreSQL's); better-sqlite3 is synchronous, so
// each method does its work at once and returns a settled promise. Several processes may share
// the file: writes take the write lock up front (IMMEDIATE) and wait for each other on
// busy_timeout, so leases and claims are as exclusive as on PostgreSQL.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditStore, ExtraPostStart, LlmTakeResult, LlmUsageStore, ScoreRecord, TipAdvance, TipAttemptResult, TipClaim, TipRotation, TipStore } from '../../app/ports.ts';
import { checkMigrations, MIGRATIONS, tooNewError, type Migration } from './migrations.ts';
import {
  byDue,
  byPost,
  POST_COLUMNS,
  PREFIXED_SCHEDULE_COLUMNS,
  SCHEDULE_COLUMNS,
  toPost,
  toPostWithSchedule,
  toSchedule,
  encodeFailure,
  noRotation,
  toScore,
  auditFromRow,
  type AuditRow,
  type PostRow,
  type PostWithScheduleRow,
  type ScheduleRow,
} from './rows.ts';

export { MIGRATIONS, type Migration } from './migrations.ts';

export const DB_FILE = 'fanpage-advisor.sqlite';

/**
 * Opens (creating if needed) the bot's database in `dataDir`: WAL so readers don't block the
 * writer, a busy timeout so two processes wait for each other instead of failing, and every
 * pending migration applied (unless `migrate: false`: the caller runs `migrate` to learn what it did).
 */
export function openDatabase(dataDir: string, opts: { busyTimeoutMs?: number; migrate?: boolean } = {}): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DB_FILE));
  try {
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    db.pragma('journal_mode = WAL');
    // why: a claim must survive a power cut, or a restart could post the day's tip again. WAL's
    // default (NORMAL) may lose the last commits on power loss; FULL syncs each commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (opts.migrate !== false) migrate(db);
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
  checkMigrations(migrations);
  const applied: number[] = [];
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  if (version() > migrations.length) throw tooNewError(db.name, version(), migrations.length);
  for (const m of migrations) {
    // why: IMMEDIATE takes the write lock before reading user_version, so of two processes
    // starting together one applies the step and the other sees it done.
    db.transaction(() => {
      if (version() >= m.version) return;
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
      db.exec(m.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}

// RETURNING may name only the modified table's own columns, unqualified.
const bare = (columns: string): string => columns.replace(/\b[sp]\./g, '');

export interface SqliteTipStore extends TipStore {
  /** Writes the score records still waiting for their shared commit (before closing the database). */
  flushScores(): void;
}

export interface SqliteTipStoreOptions {
  /**
   * Score records that arrive within this many ms share one commit (0, the default: each is
   * committed at once). The bot sets it; see recordScore.
   */
  batchScoresMs?: number;
  /** A batch of score records could not be written (disk full …); it is dropped. */
  onWriteError?: (err: unknown) => void;
}

/** The daily-tip store on an open database (see openDatabase). Statements are prepared once. */
export function createSqliteTipStore(db: Database.Database, options: SqliteTipStoreOptions = {}): SqliteTipStore {
  const q = {
    getSchedule: db.prepare<[string], ScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM tip_schedules s WHERE guild_id = ?`),
    saveSchedule: db.prepare(`
      INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, enabled, next_due_utc, next_due_date, failing_reason, failing_since, updated_at)
      VALUES (@guildId, @channelId, @time, @tz, @days, @lang, 1, @nextDueUtc, @nextDueDate, NULL, NULL, @updatedAt)
      ON CONFLICT (guild_id) DO UPDATE SET
        channel_id = excluded.channel_id, time = excluded.time, tz = excluded.tz, days = excluded.days,
        lang = excluded.lang, enabled = 1, next_due_utc = excluded.next_due_utc, next_due_date = excluded.next_due_date,
        failing_reason = NULL, failing_since = NULL, updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`),
    disable: db.prepare<[number, string]>(`UPDATE tip_schedules SET enabled = 0, next_due_utc = NULL, next_due_date = NULL, updated_at = ?,
      lease_owner = NULL, lease_until = NULL WHERE guild_id = ?`),
    markFailing: db.prepare<[string, number, number, string]>(`
      UPDATE tip_schedules SET failing_reason = ?, failing_since = ?, next_due_utc = NULL, next_due_date = NULL, updated_at = ?,
        lease_owner = NULL, lease_until = NULL WHERE guild_id = ?`),
    advance: db.prepare<[number | null, string | null, string, number | null]>(
      'UPDATE tip_schedules SET next_due_utc = ?, next_due_date = ?, lease_owner = NULL, lease_until = NULL WHERE guild_id = ? AND next_due_utc IS ?',
    ),
    takeDue: db.prepare<{ owner: string; until: number; now: number; limit: number }, ScheduleRow>(`
      UPDATE tip_schedules SET lease_owner = @owner, lease_until = @until
      WHERE guild_id IN (SELECT guild_id FROM tip_schedules
        WHERE next_due_utc <= @now AND (lease_until IS NULL OR lease_until <= @now) ORDER BY next_due_utc LIMIT @limit)
      RETURNING ${bare(SCHEDULE_COLUMNS)}`),
    claim: db.prepare(`
      INSERT INTO tip_posts (guild_id, local_date, tip_id, cycle, trigger, status, attempts, claimed_at, attempt_started_at, lease_owner, lease_until)
      VALUES (@guildId, @localDate, @tipId, @cycle, 'schedule', 'posting', 1, @at, @at, @owner, @until)
      ON CONFLICT (guild_id, local_date) DO NOTHING`),
    prune: db.prepare<[string, number]>('DELETE FROM tip_posts WHERE guild_id = ? AND cycle < ?'),
    pruneExtras: db.prepare<[string, number]>('DELETE FROM tip_extra_posts WHERE guild_id = ? AND cycle < ?'),
    posted: db.prepare<[string, number, string, string]>(`
      UPDATE tip_posts SET status = 'posted', message_id = ?, posted_at = ?, next_attempt_at = NULL, last_error = NULL,
        lease_owner = NULL, lease_until = NULL WHERE guild_id = ? AND local_date = ? AND status <> 'posted'`),
    retrying: db.prepare<[number, string, string, string, string]>(`
      UPDATE tip_posts SET status = 'retrying', next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
      WHERE guild_id = ? AND local_date = ? AND status = 'posting' AND lease_owner = ?`),
    ended: db.prepare<[string, string, string, string, string]>(`
      UPDATE tip_posts SET status = ?, last_error = ?, next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL
      WHERE guild_id = ? AND local_date = ? AND status = 'posting' AND lease_owner = ?`),
    getPost: db.prepare<[string, string], PostRow>(`SELECT ${POST_COLUMNS} FROM tip_posts p WHERE guild_id = ? AND local_date = ?`),
    lastPost: db.prepare<[string], PostRow>(`SELECT ${POST_COLUMNS} FROM tip_posts p WHERE guild_id = ? ORDER BY local_date DESC LIMIT 1`),
    takeDuePosts: db.prepare<{ owner: string; until: number; now: number; limit: number }, PostRow>(`
      UPDATE tip_posts SET status = 'posting', attempts = attempts + 1, attempt_started_at = @now, next_attempt_at = NULL,
        lease_owner = @owner, lease_until = @until
      WHERE (guild_id, local_date) IN (SELECT guild_id, local_date FROM tip_posts
        WHERE (status = 'retrying' AND next_attempt_at <= @now) OR (status = 'posting' AND lease_until <= @now)
        ORDER BY coalesce(next_attempt_at, lease_until) LIMIT @limit)
      RETURNING ${bare(POST_COLUMNS)}`),
    postWithSchedule: db.prepare<[string, string], PostWithScheduleRow>(`
      SELECT ${POST_COLUMNS}, ${PREFIXED_SCHEDULE_COLUMNS}
      FROM tip_posts p JOIN tip_schedules s ON s.guild_id = p.guild_id WHERE p.guild_id = ? AND p.local_date = ?`),
    // One statement, so one snapshot: scheduled and extra tips of each server's newest cycle, and
    // its last tip, for a whole chunk of servers (a JSON array of ids).
    rotations: db.prepare<[string], { guild_id: string; cycle: number; shown: string; last: string | null }>(`
      WITH g AS (SELECT value AS guild_id FROM json_each(?)),
      shown AS (
        SELECT guild_id, tip_id, cycle, claimed_at AS at, status <> 'failed' AS counts FROM tip_posts WHERE guild_id IN (SELECT guild_id FROM g)
        UNION ALL
        SELECT guild_id, tip_id, cycle, requested_at, message_id IS NOT NULL FROM tip_extra_posts WHERE guild_id IN (SELECT guild_id FROM g)
      ), r AS (
        SELECT guild_id, tip_id, cycle, counts, max(cycle) OVER (PARTITION BY guild_id) AS top,
          row_number() OVER (PARTITION BY guild_id ORDER BY at DESC) AS rn
        FROM shown
      )
      SELECT guild_id, max(top) AS cycle, json_group_array(tip_id) FILTER (WHERE cycle = top AND counts) AS shown,
        min(tip_id) FILTER (WHERE rn = 1) AS last
      FROM r GROUP BY guild_id`),
    startExtra: db.prepare<[number, string, number]>(
      'UPDATE tip_schedules SET now_requested_at = ? WHERE guild_id = ? AND (now_requested_at IS NULL OR now_requested_at <= ?)',
    ),
    lastExtraAt: db.prepare<[string], { now_requested_at: number | null }>('SELECT now_requested_at FROM tip_schedules WHERE guild_id = ?'),
    insertExtra: db.prepare<[string, string, string, number, number]>(
      'INSERT INTO tip_extra_posts (guild_id, nonce, tip_id, cycle, requested_at) VALUES (?, ?, ?, ?, ?)',
    ),
    extraPosted: db.prepare<[string, number, string, string]>('UPDATE tip_extra_posts SET message_id = ?, posted_at = ? WHERE guild_id = ? AND nonce = ?'),
    extraFailed: db.prepare<[string, string], { requested_at: number }>('DELETE FROM tip_extra_posts WHERE guild_id = ? AND nonce = ? RETURNING requested_at'),
    releaseExtraCooldown: db.prepare<[string, number]>('UPDATE tip_schedules SET now_requested_at = NULL WHERE guild_id = ? AND now_requested_at = ?'),
    insertScore: db.prepare<[string, number, number, string]>('INSERT INTO score_history (guild_id, at, score, missing) VALUES (?, ?, ?, ?)'),
    pruneScores: db.prepare<[string, string, number]>(`
      DELETE FROM score_history WHERE guild_id = ? AND id <= (
        SELECT id FROM score_history WHERE guild_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`),
    recentScoresOf: db.prepare<[string, number], { guild_id: string; at: number; score: number; missing: string }>(`
      SELECT guild_id, at, score, missing FROM (
        SELECT guild_id, id, at, score, missing, row_number() OVER (PARTITION BY guild_id ORDER BY id DESC) AS rn
        FROM score_history WHERE guild_id IN (SELECT value FROM json_each(?)))
      WHERE rn <= ? ORDER BY guild_id, id DESC`),
  };

  const advance = (guildId: string, a: TipAdvance): boolean =>
    q.advance.run(a.next?.at.getTime() ?? null, a.next?.date ?? null, guildId, a.expectedAt?.getTime() ?? null).changes === 1;

  const claimOne = (c: TipClaim): boolean => {
    const inserted =
      q.claim.run({ guildId: c.guildId, localDate: c.localDate, tipId: c.tipId, cycle: c.cycle, at: c.at.getTime(), owner: c.lease.owner, until: c.lease.until.getTime() })
        .changes === 1;
    if (inserted) {
      q.prune.run(c.guildId, c.cycle - 1);
      q.pruneExtras.run(c.guildId, c.cycle - 1);
    }
    return inserted;
  };

  const finishOne = (r: TipAttemptResult): void => {
    const o = r.outcome;
    const changes =
      o.status === 'posted'
        ? q.posted.run(o.messageId, o.at.getTime(), r.guildId, r.localDate).changes
        : o.status === 'retrying'
          ? q.retrying.run(o.nextAttemptAt.getTime(), encodeFailure(o.error), r.guildId, r.localDate, r.owner).changes
          : q.ended.run(o.status, encodeFailure(o.error), r.guildId, r.localDate, r.owner).changes;
    if (r.failSchedule && changes > 0) {
      q.markFailing.run(encodeFailure(r.failSchedule.reason), r.failSchedule.at.getTime(), r.failSchedule.at.getTime(), r.guildId);
    }
  };

  // why: IMMEDIATE everywhere a transaction writes: it takes the write lock before reading, so
  // processes queue on busy_timeout instead of failing on a stale WAL snapshot.
  const tx = {
    claim: db.transaction((items: ReadonlyArray<{ claim: TipClaim; advance?: TipAdvance }>) =>
      items.map(({ claim, advance: a }) => {
        const won = claimOne(claim);
        if (a) advance(claim.guildId, a);
        return won;
      }),
    ),
    finish: db.transaction((results: readonly TipAttemptResult[]) => results.forEach(finishOne)),
    takeDueAll: db.transaction((now: number, limit: number, owner: string, until: number) => {
      const posts = q.takeDuePosts.all({ owner, until, now, limit }).map((p) => toPostWithSchedule(q.postWithSchedule.get(p.guild_id, p.local_date)!));
      return { posts: posts.sort(byPost), schedules: q.takeDue.all({ owner, until, now, limit: limit - posts.length }).sort(byDue).map(toSchedule) };
    }),
    startExtra: db.transaction((x: ExtraPostStart) => {
      if (q.startExtra.run(x.at.getTime(), x.guildId, x.cooldownSince.getTime()).changes === 1) {
        q.insertExtra.run(x.guildId, x.nonce, x.tipId, x.cycle, x.at.getTime());
        return { ok: true } as const;
      }
      const last = q.lastExtraAt.get(x.guildId);
      if (!last) return { ok: false, noSchedule: true } as const;
      return { ok: false, lastAt: new Date(last.now_requested_at ?? x.at.getTime()) } as const;
    }),
    extraFailed: db.transaction((guildId: string, nonce: string) => {
      const row = q.extraFailed.get(guildId, nonce);
      if (row) q.releaseExtraCooldown.run(guildId, row.requested_at);
    }),
  };

  // why write-behind: every commit syncs the disk (synchronous = FULL, for the tip claims), about
  // 1–3 ms each; a burst of 2,000 scores committed one by one blocked the thread that answers
  // Discord for seconds. Scores that arrive within `batchScoresMs` share one commit; losing the
  // last fraction of a second of score history in a crash only nudges which tip comes next.
  const batchMs = options.batchScoresMs ?? 0;
  const pendingScores: Array<{ guildId: string; r: ScoreRecord; keep: number }> = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const writeScores = db.transaction((batch: typeof pendingScores) => {
    const pruned = new Map<string, number>();
    for (const { guildId, r, keep } of batch) {
      q.insertScore.run(guildId, r.at.getTime(), r.score, JSON.stringify(r.missing));
      pruned.set(guildId, keep);
    }
    for (const [guildId, keep] of pruned) q.pruneScores.run(guildId, guildId, Math.max(1, Math.trunc(keep)));
  });
  const flushScores = (): void => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pendingScores.length === 0 || !db.open) return;
    writeScores.immediate(pendingScores.splice(0));
  };

  const rotations = (guildIds: readonly string[]): Map<string, TipRotation> => {
    const found = new Map<string, TipRotation>();
    if (guildIds.length === 0) return found;
    for (const r of q.rotations.all(JSON.stringify(guildIds))) {
      found.set(r.guild_id, { cycle: r.cycle, shownTipIds: r.cycle > 0 ? (JSON.parse(r.shown) as string[]) : [], lastTipId: r.last ?? undefined });
    }
    return found;
  };

  const recentScoresOf = (guildIds: readonly string[], limit: number): Map<string, ScoreRecord[]> => {
    flushScores();
    const found = new Map<string, ScoreRecord[]>();
    if (guildIds.length === 0) return found;
    for (const r of q.recentScoresOf.all(JSON.stringify(guildIds), limit)) {
      let list = found.get(r.guild_id);
      if (!list) found.set(r.guild_id, (list = []));
      list.push(toScore(r));
    }
    return found;
  };

  // why: async so that a throw becomes a rejected promise, as from the PostgreSQL store
  return {
    getSchedule: async (guildId) => {
      const row = q.getSchedule.get(guildId);
      return row && toSchedule(row);
    },
    saveSchedule: async (s) => {
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
    disableSchedule: async (guildId, at) => q.disable.run(at.getTime(), guildId).changes === 1,
    markFailing: async (guildId, reason, at) => {
      q.markFailing.run(encodeFailure(reason), at.getTime(), at.getTime(), guildId);
    },
    advanceSchedule: async (guildId, a) => advance(guildId, a),
    // why: IMMEDIATE takes the write lock up front, so two processes claiming at once queue on
    // busy_timeout instead of one failing with SQLITE_BUSY on lock upgrade. One transaction for
    // many claims costs one disk sync, which dominates a tick with many servers due.
    claimPosts: async (items) => (items.length === 0 ? [] : tx.claim.immediate(items)),
    finishAttempts: async (results) => {
      if (results.length > 0) tx.finish.immediate(results);
    },
    getPost: async (guildId, localDate) => {
      const row = q.getPost.get(guildId, localDate);
      return row && toPost(row);
    },
    lastPost: async (guildId) => {
      const row = q.lastPost.get(guildId);
      return row && toPost(row);
    },
    takeDue: async (now, limit, lease, scores) => {
      const { posts, schedules } = tx.takeDueAll.immediate(now.getTime(), limit, lease.owner, lease.until.getTime());
      const ids = schedules.map((s) => s.guildId);
      return { posts, schedules, rotations: rotations(ids), recentScores: recentScoresOf(ids, scores) };
    },
    rotation: async (guildId) => rotations([guildId]).get(guildId) ?? noRotation(),
    rotations: async (guildIds) => rotations(guildIds),
    startExtraPost: async (x) => tx.startExtra.immediate(x),
    finishExtraPost: async (guildId, nonce, result) => {
      if ('messageId' in result) q.extraPosted.run(result.messageId, result.at.getTime(), guildId, nonce);
      else tx.extraFailed.immediate(guildId, nonce);
    },
    recordScore: async (guildId, r, keep) => {
      pendingScores.push({ guildId, r, keep });
      if (batchMs <= 0) return flushScores();
      flushTimer ??= setTimeout(() => {
        try {
          flushScores();
        } catch (err) {
          // why: nobody awaits a timer; a failed write costs only this batch of score history
          options.onWriteError?.(err);
        }
      }, batchMs).unref();
    },
    flushScores,
    recentScores: async (guildId, limit) => recentScoresOf([guildId], limit).get(guildId) ?? [],
    recentScoresOf: async (guildIds, limit) => recentScoresOf(guildIds, limit),
  };
}


/** Each server's last page audit, in the bot's database. */
export function createSqliteAuditStore(db: Database.Database): AuditStore {
  const save = db.prepare<[string, number, string, string]>(
    `INSERT INTO page_audits (guild_id, at, lang, result) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET at = excluded.at, lang = excluded.lang, result = excluded.result`,
  );
  const last = db.prepare<[string], AuditRow>('SELECT at, lang, result FROM page_audits WHERE guild_id = ?');
  return {
    async saveAudit(guildId, audit) {
      save.run(guildId, audit.at.getTime(), audit.lang, JSON.stringify(audit.result));
    },
    async lastAudit(guildId) {
      const row = last.get(guildId);
      return row && auditFromRow(row);
    },
  };
}

/** Thrown inside a transaction to undo what it did so far. */
class Refused extends Error {}

/**
 * The language model's budgets and cooldowns in the bot's database. The cooldown is taken first
 * (a conditional upsert), then the budget counted; a spent budget rolls both back.
 */
export function createSqliteLlmUsageStore(db: Database.Database): LlmUsageStore {
  const q = {
    cooldown: db.prepare<[string, number, number], { last_at: number }>(`
      INSERT INTO llm_cooldowns (user_id, last_at) VALUES (?, ?)
      ON CONFLICT (user_id) DO UPDATE SET last_at = excluded.last_at WHERE llm_cooldowns.last_at <= ?
      RETURNING last_at`),
    lastAt: db.prepare<[string], { last_at: number }>('SELECT last_at FROM llm_cooldowns WHERE user_id = ?'),
    count: db.prepare<[string, string, number], { used: number }>(`
      INSERT INTO llm_usage (pool, day, used) VALUES (?, ?, 1)
      ON CONFLICT (pool, day) DO UPDATE SET used = llm_usage.used + 1 WHERE llm_usage.used < ?
      RETURNING used`),
    pruneUsage: db.prepare<[string]>('DELETE FROM llm_usage WHERE day < ?'),
    pruneCooldowns: db.prepare<[number]>('DELETE FROM llm_cooldowns WHERE last_at <= ?'),
  };
  let pruned = '';
  const take = db.transaction((t: Parameters<LlmUsageStore['takeLlmRequest']>[0]): LlmTakeResult => {
    const at = t.at.getTime();
    if (t.userId !== undefined && !q.cooldown.get(t.userId, at, at - t.cooldownMs)) {
      return { ok: false, cooldownUntil: new Date((q.lastAt.get(t.userId)?.last_at ?? at) + t.cooldownMs) };
    }
    if (t.pool !== undefined && (t.budget <= 0 || !q.count.get(t.pool, t.day, t.budget))) throw new Refused();
    if (t.day !== pruned) {
      pruned = t.day;
      q.pruneUsage.run(t.day);
      q.pruneCooldowns.run(at - Math.max(t.cooldownMs, 86_400_000));
    }
    return { ok: true };
  });
  return {
    async takeLlmRequest(t) {
      try {
        return take.immediate(t);
      } catch (err) {
        if (err instanceof Refused) return { ok: false, budgetSpent: true };
        throw err;
      }
    },
  };
}
