// The bot's store on PostgreSQL, for when several processes (or machines) share one bot: the same
// tables as the SQLite store (migrations.ts), the same port, and claims that processes can race
// for safely (row locks, ON CONFLICT, FOR UPDATE SKIP LOCKED).

import pg from 'pg';
import type {
  AuditStore,
  DueWork,
  CorrectionStore,
  LlmTakeResult,
  LlmUsageStore,
  NewCorrection,
  ScoreRecord,
  ServerSettingsStore,
  TipAdvance,
  TipAttemptResult,
  TipClaim,
  TipRotation,
  TipScheduleRecord,
  TipStore,
} from '../../app/ports.ts';
import { checkMigrations, MIGRATIONS, tooNewError, type Migration } from './migrations.ts';
import {
  auditFromRow,
  byDue,
  byId,
  byNextDue,
  byPost,
  correctionFromRow,
  noRotation,
  encodeFailure,
  POST_COLUMNS,
  PREFIXED_SCHEDULE_COLUMNS,
  scheduleOf,
  SCHEDULE_COLUMNS,
  toPost,
  toPostWithSchedule,
  toSchedule,
  toScore,
  type AuditRow,
  type CorrectionRow,
  type PostRow,
  type PostWithScheduleRow,
  type ScheduleRow,
} from './rows.ts';

// why: BIGINT (int8) columns hold epoch milliseconds, far below 2^53; pg returns int8 as a
// string by default so that huge values survive, which these never are.
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

// An arbitrary constant: the advisory lock every migrating process takes, so one applies the
// steps and the others then find them applied.
const MIGRATION_LOCK = 0x66616e70; // 'fanp'

/** Errors after which the same transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

export interface PostgresOptions {
  /** Most connections this process opens. Default 10. */
  max?: number;
  /** Called for errors on idle connections (the server restarted, the network dropped). */
  onIdleError?: (err: Error) => void;
  /** Longest a statement may run before the server cancels it. Default 60 s (migrations: no limit). */
  statementTimeoutMs?: number;
}

/** A pool on `url`, with bigint columns read as numbers. Idle-connection errors never crash the process. */
export function createPool(url: string, opts: PostgresOptions = {}): pg.Pool {
  // why idleTimeoutMillis: pg closes a connection idle for 10 s by default, so with ticks a minute
  // apart each tick would open a new one (a new server process, its caches cold, every named
  // statement prepared again); kept for longer than a tick's interval, the tick finds it warm
  // why the timeouts: a statement or a wait for a free connection that never ends would hang every
  // later tick silently; with them it fails, is logged with its error, and the next tick tries again
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    idleTimeoutMillis: 5 * 60_000,
    connectionTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 60_000,
    types,
    application_name: 'fanpage-advisor',
    // why generic plans: the store's statements are named (prepared once per connection), but
    // PostgreSQL plans a prepared statement afresh on every run while it estimates that a plan for
    // the actual values beats the generic one, and for a tick's lease statement it always does
    // (LIMIT $4 reads as "10% of a million rows" without its value), so each tick planned it
    // again: about 1.5 ms of the server's CPU per process and tick, a quarter of the tick's server
    // time at 1M schedules (pg_stat_statements). Every statement here finds its rows by key or
    // through an index whatever the values (the generic plans were checked with EXPLAIN at 1M
    // schedules), so the generic plan is the one a custom plan would choose anyway.
    onConnect: (client) => client.query('SET plan_cache_mode = force_generic_plan'),
  });
  pool.on('error', (err) => opts.onIdleError?.(err));
  return pool;
}

/** Runs one statement (its own transaction); a deadlock or serialization failure is retried. */
async function retried<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt < 5 && code !== undefined && RETRYABLE.has(code)) continue;
      throw err;
    }
  }
}

/** Runs `fn` in one transaction on one connection; a deadlock or serialization failure is retried. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const c = await pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await c.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr as Error;
      }
      const code = (err as { code?: string }).code;
      if (attempt < 5 && code !== undefined && RETRYABLE.has(code)) continue;
      throw err;
    } finally {
      // why: a connection whose ROLLBACK failed is in an unknown state; drop it from the pool
      c.release(broken);
    }
  }
}

/**
 * Applies pending migrations, all in one transaction under an advisory lock, and records them in
 * `schema_migrations`. Safe to call on every start and from many processes at once. Returns the
 * versions it applied.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkMigrations(migrations);
  return inTransaction(pool, async (c) => {
    // why: a migration may rebuild a large table, and another process may hold the lock meanwhile
    await c.query('SET LOCAL statement_timeout = 0');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    if (current > migrations.length) {
      const db = await c.query<{ db: string }>('SELECT current_database() AS db');
      throw tooNewError(`"${db.rows[0]?.db ?? '?'}"`, current, migrations.length);
    }
    const applied: number[] = [];
    for (const m of migrations.slice(current)) {
      await c.query(m.postgres);
      await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      applied.push(m.version);
    }
    return applied;
  });
}

/** The schema version a database is at (0: none yet). */
export async function postgresSchemaVersion(pool: pg.Pool): Promise<number> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const { rows } = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

/** A tick's due retries and expired leases, leased to $1 until $2 ($3: now; $4: at most), with their schedules. */
const LEASE_DUE_POSTS = `
    UPDATE tip_posts p SET status = 'posting', attempts = p.attempts + 1, attempt_started_at = $3, next_attempt_at = NULL,
      lease_owner = $1, lease_until = $2
    FROM (SELECT guild_id, local_date FROM tip_posts
          WHERE (status = 'retrying' AND next_attempt_at <= $3) OR (status = 'posting' AND lease_until <= $3)
          ORDER BY coalesce(next_attempt_at, lease_until) LIMIT $4 FOR UPDATE SKIP LOCKED) d, tip_schedules s
    WHERE p.guild_id = d.guild_id AND p.local_date = d.local_date AND s.guild_id = p.guild_id
    RETURNING ${POST_COLUMNS}, ${PREFIXED_SCHEDULE_COLUMNS}`;

/**
 * The CTEs ending in `rot` (guild_id, cycle, shown, last): each server's newest cycle of scheduled
 * and extra tips, and its last tip, for the servers whose guild_id matches `guilds`; one statement,
 * so one snapshot for a whole chunk.
 */
function rotationsOf(guilds: string): string {
  return `shown AS (
      SELECT guild_id, tip_id, cycle, claimed_at AS at, status <> 'failed' AS counts FROM tip_posts WHERE guild_id ${guilds}
      UNION ALL
      SELECT guild_id, tip_id, cycle, requested_at, message_id IS NOT NULL FROM tip_extra_posts WHERE guild_id ${guilds}
    ), r AS (
      SELECT guild_id, tip_id, cycle, counts, max(cycle) OVER (PARTITION BY guild_id) AS top,
        row_number() OVER (PARTITION BY guild_id ORDER BY at DESC) AS rn
      FROM shown
    ), rot AS (
      SELECT guild_id, max(top) AS cycle,
        coalesce(json_agg(tip_id) FILTER (WHERE cycle = top AND counts), '[]'::json) AS shown,
        min(tip_id) FILTER (WHERE rn = 1) AS last
      FROM r GROUP BY guild_id
    )`;
}

const SQL = {
  getSchedule: `SELECT ${SCHEDULE_COLUMNS} FROM tip_schedules s WHERE guild_id = $1`,
  saveSchedule: `
    INSERT INTO tip_schedules (guild_id, channel_id, time, tz, days, lang, enabled, next_due_utc, next_due_date, failing_reason, failing_since, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, NULL, NULL, $9)
    ON CONFLICT (guild_id) DO UPDATE SET
      channel_id = excluded.channel_id, time = excluded.time, tz = excluded.tz, days = excluded.days,
      lang = excluded.lang, enabled = 1, next_due_utc = excluded.next_due_utc, next_due_date = excluded.next_due_date,
      failing_reason = NULL, failing_since = NULL, updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`,
  disable: `UPDATE tip_schedules SET enabled = 0, next_due_utc = NULL, next_due_date = NULL, updated_at = $1,
    lease_owner = NULL, lease_until = NULL WHERE guild_id = $2`,
  markFailing: `UPDATE tip_schedules SET failing_reason = $1, failing_since = $2, next_due_utc = NULL, next_due_date = NULL,
    updated_at = $2, lease_owner = NULL, lease_until = NULL WHERE guild_id = $3`,
  advance: `UPDATE tip_schedules SET next_due_utc = $1, next_due_date = $2, lease_owner = NULL, lease_until = NULL
    WHERE guild_id = $3 AND next_due_utc IS NOT DISTINCT FROM $4::bigint`,
  // the due posts, then the due schedules for the rest of the limit, and for the schedules taken what
  // choosing their tips needs (as rotations and recentScoresOf), in one statement: one round trip
  // for a tick with nothing due, two (this and claimMany) with. Rows with a NULL local_date (NOT
  // NULL in tip_posts) are schedules.
  // why the rows by ctid (their place in the table): the planner can't know how many the limit
  // leaves for schedules, and when its statistics say many rows fell due since they were taken
  // (the day moves on between two ANALYZEs) it guessed thousands and read the whole table to
  // join them (150–300 ms a tick at 1M schedules); a list of ctids is always fetched row by row.
  // A row that is locked here stays as it is until this statement ends, so its ctid holds.
  takeDueAll: `
    WITH p AS (${LEASE_DUE_POSTS}), s AS (
      UPDATE tip_schedules s SET lease_owner = $1, lease_until = $2
      WHERE s.ctid = ANY (ARRAY(
        SELECT ctid FROM tip_schedules
        WHERE next_due_utc <= $3 AND (lease_until IS NULL OR lease_until <= $3)
        ORDER BY next_due_utc LIMIT $4 - (SELECT count(*) FROM p) FOR UPDATE SKIP LOCKED))
      RETURNING ${SCHEDULE_COLUMNS}
    ), ${rotationsOf('IN (SELECT guild_id FROM s)')}
    SELECT *, NULL::int AS r_cycle, NULL::json AS r_shown, NULL::text AS r_last, NULL::json AS h_scores FROM p
    UNION ALL
    SELECT s.guild_id, ${Array.from({ length: POST_COLUMNS.split(',').length - 1 }, () => 'NULL').join(', ')},
      s.channel_id, s.time, s.tz, s.days, s.lang, s.enabled, s.next_due_utc, s.next_due_date, s.failing_reason, s.updated_at,
      rot.cycle, rot.shown, rot.last,
      (SELECT json_agg(json_build_object('at', h.at, 'score', h.score, 'missing', h.missing::json) ORDER BY h.id DESC)
       FROM (SELECT id, at, score, missing FROM score_history WHERE guild_id = s.guild_id ORDER BY id DESC LIMIT $5) h)
    FROM s LEFT JOIN rot ON rot.guild_id = s.guild_id`,
  // why: a success reported by an attempt whose lease had run out (or after a later attempt
  // failed) is still the truth: the message exists.
  posted: `UPDATE tip_posts SET status = 'posted', message_id = $1, posted_at = $2, next_attempt_at = NULL, last_error = NULL,
    lease_owner = NULL, lease_until = NULL WHERE guild_id = $3 AND local_date = $4 AND status <> 'posted'`,
  retrying: `UPDATE tip_posts SET status = 'retrying', next_attempt_at = $1, last_error = $2, lease_owner = NULL, lease_until = NULL
    WHERE guild_id = $3 AND local_date = $4 AND status = 'posting' AND lease_owner = $5`,
  ended: `UPDATE tip_posts SET status = $1, last_error = $2, next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL
    WHERE guild_id = $3 AND local_date = $4 AND status = 'posting' AND lease_owner = $5`,
  getPost: `SELECT ${POST_COLUMNS} FROM tip_posts p WHERE guild_id = $1 AND local_date = $2`,
  lastPost: `SELECT ${POST_COLUMNS} FROM tip_posts p WHERE guild_id = $1 ORDER BY local_date DESC LIMIT 1`,
  rotations: `WITH ${rotationsOf('= ANY($1::text[])')} SELECT guild_id, cycle, shown, last FROM rot`,
  startExtra: `UPDATE tip_schedules SET now_requested_at = $2
    WHERE guild_id = $1 AND (now_requested_at IS NULL OR now_requested_at <= $3)`,
  lastExtraAt: 'SELECT now_requested_at FROM tip_schedules WHERE guild_id = $1',
  insertExtra: `INSERT INTO tip_extra_posts (guild_id, nonce, tip_id, cycle, requested_at) VALUES ($1, $2, $3, $4, $5)`,
  extraPosted: 'UPDATE tip_extra_posts SET message_id = $1, posted_at = $2 WHERE guild_id = $3 AND nonce = $4',
  extraFailed: 'DELETE FROM tip_extra_posts WHERE guild_id = $1 AND nonce = $2 RETURNING requested_at',
  releaseExtraCooldown: 'UPDATE tip_schedules SET now_requested_at = NULL WHERE guild_id = $1 AND now_requested_at = $2',
  insertScore: 'INSERT INTO score_history (guild_id, at, score, missing) VALUES ($1, $2, $3, $4)',
  pruneScores: `DELETE FROM score_history WHERE guild_id = $1 AND id <= (
    SELECT id FROM score_history WHERE guild_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)`,
  // why LATERAL: each server's newest rows straight off the (guild_id, id) index
  recentScoresOf: `
    SELECT g.guild_id, h.at, h.score, h.missing FROM unnest($1::text[]) AS g(guild_id)
    CROSS JOIN LATERAL (SELECT id, at, score, missing FROM score_history WHERE guild_id = g.guild_id ORDER BY id DESC LIMIT $2) h
    ORDER BY g.guild_id, h.id DESC`,
  // A chunk's claims, prunes and schedule moves in one statement (one round trip), whatever the
  // chunk's size. Rotation needs only the current cycle; the one before stays for status and
  // history, so only servers whose claim was won are pruned, below their cycle minus one.
  // why a statement, not a transaction of four: under load every round trip waits for both
  // processes to be scheduled again, which dominated a tick's time
  claimMany: `
    WITH won AS (
      INSERT INTO tip_posts (guild_id, local_date, tip_id, cycle, trigger, status, attempts, claimed_at, attempt_started_at, lease_owner, lease_until)
      SELECT c.guild_id, c.local_date, c.tip_id, c.cycle, 'schedule', 'posting', 1, c.at, c.at, c.owner, c.until
      FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[], $7::bigint[])
        AS c(guild_id, local_date, tip_id, cycle, at, owner, until)
      ON CONFLICT (guild_id, local_date) DO NOTHING
      RETURNING guild_id, local_date, cycle
    ), pruned AS (
      DELETE FROM tip_posts p USING won w WHERE p.guild_id = w.guild_id AND p.cycle < w.cycle - 1
    ), pruned_extras AS (
      DELETE FROM tip_extra_posts p USING won w WHERE p.guild_id = w.guild_id AND p.cycle < w.cycle - 1
    ), advanced AS (
      UPDATE tip_schedules s SET next_due_utc = a.next_at, next_due_date = a.next_date, lease_owner = NULL, lease_until = NULL
      FROM unnest($8::text[], $9::bigint[], $10::text[], $11::bigint[]) AS a(guild_id, next_at, next_date, expected)
      WHERE s.guild_id = a.guild_id AND s.next_due_utc IS NOT DISTINCT FROM a.expected
    )
    SELECT guild_id, local_date FROM won`,
  postedMany: `UPDATE tip_posts p SET status = 'posted', message_id = r.message_id, posted_at = r.at, next_attempt_at = NULL, last_error = NULL,
      lease_owner = NULL, lease_until = NULL
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS r(guild_id, local_date, message_id, at)
    WHERE p.guild_id = r.guild_id AND p.local_date = r.local_date AND p.status <> 'posted'`,
} as const;

/**
 * The statement as a named prepared statement: each connection parses and plans it once, which
 * halves the cost of the small queries a tick makes every minute.
 */
function named(key: keyof typeof SQL, values: unknown[]): pg.QueryConfig {
  return { name: `fanpage_${key}`, text: SQL[key], values };
}

/** Orders work by key so that concurrent transactions lock rows in the same order (no deadlocks). */
function sortedIndexes<T>(items: readonly T[], key: (t: T) => string): number[] {
  const keys = items.map(key);
  return keys.map((_, i) => i).sort((a, b) => byId(keys[a]!, keys[b]!));
}

/** The daily-tip store on a pool (see createPool; migrate first with migratePostgres). */
export function createPostgresTipStore(pool: pg.Pool): TipStore {
  const advance = async (c: pg.Pool | pg.PoolClient, guildId: string, a: TipAdvance): Promise<boolean> =>
    ((await c.query(named('advance', [ms(a.next?.at), a.next?.date ?? null, guildId, ms(a.expectedAt)]))).rowCount ?? 0) === 1;

  const rotations = async (guildIds: readonly string[]): Promise<Map<string, TipRotation>> => {
    const found = new Map<string, TipRotation>();
    if (guildIds.length === 0) return found;
    const { rows } = await pool.query<{ guild_id: string; cycle: number; shown: string[]; last: string | null }>(named('rotations', [guildIds]));
    for (const r of rows) found.set(r.guild_id, { cycle: r.cycle, shownTipIds: r.cycle > 0 ? r.shown : [], lastTipId: r.last ?? undefined });
    return found;
  };

  const recentScoresOf = async (guildIds: readonly string[], limit: number): Promise<Map<string, ScoreRecord[]>> => {
    const found = new Map<string, ScoreRecord[]>();
    if (guildIds.length === 0) return found;
    const { rows } = await pool.query<{ guild_id: string; at: number; score: number; missing: string }>(named('recentScoresOf', [guildIds, limit]));
    for (const r of rows) {
      let list = found.get(r.guild_id);
      if (!list) found.set(r.guild_id, (list = []));
      list.push(toScore(r));
    }
    return found;
  };

  const finishOne = async (c: pg.PoolClient, r: TipAttemptResult): Promise<void> => {
    const o = r.outcome;
    const changed =
      o.status === 'posted'
        ? await c.query(named('posted', [o.messageId, o.at.getTime(), r.guildId, r.localDate]))
        : o.status === 'retrying'
          ? await c.query(named('retrying', [o.nextAttemptAt.getTime(), encodeFailure(o.error), r.guildId, r.localDate, r.owner]))
          : await c.query(named('ended', [o.status, encodeFailure(o.error), r.guildId, r.localDate, r.owner]));
    if (r.failSchedule && (changed.rowCount ?? 0) > 0) {
      await c.query(named('markFailing', [encodeFailure(r.failSchedule.reason), r.failSchedule.at.getTime(), r.guildId]));
    }
  };

  return {
    async getSchedule(guildId) {
      const { rows } = await pool.query<ScheduleRow>(named('getSchedule', [guildId]));
      return rows[0] && toSchedule(rows[0]);
    },
    async saveSchedule(s) {
      await pool.query(named('saveSchedule', [s.guildId, s.channelId, s.time, s.tz, s.days, s.lang, ms(s.nextDueAt), s.nextDueDate, s.updatedAt.getTime()]));
    },
    async disableSchedule(guildId, at) {
      return ((await pool.query(named('disable', [at.getTime(), guildId]))).rowCount ?? 0) === 1;
    },
    async markFailing(guildId, reason, at) {
      await pool.query(named('markFailing', [encodeFailure(reason), at.getTime(), guildId]));
    },
    advanceSchedule: (guildId, a) => advance(pool, guildId, a),
    async claimPosts(items) {
      if (items.length === 0) return [];
      const key = (c: TipClaim) => `${c.guildId}\u0000${c.localDate}`;
      const order = sortedIndexes(items, (i) => key(i.claim));
      const claims = order.map((i) => items[i]!.claim);
      const advances = order.flatMap((i) => (items[i]!.advance ? [{ guildId: items[i]!.claim.guildId, a: items[i]!.advance! }] : []));
      const { rows } = await retried(() =>
        pool.query<{ guild_id: string; local_date: string }>(
          named('claimMany', [
            claims.map((x) => x.guildId),
            claims.map((x) => x.localDate),
            claims.map((x) => x.tipId),
            claims.map((x) => x.cycle),
            claims.map((x) => x.at.getTime()),
            claims.map((x) => x.lease.owner),
            claims.map((x) => x.lease.until.getTime()),
            advances.map((x) => x.guildId),
            advances.map((x) => ms(x.a.next?.at)),
            advances.map((x) => x.a.next?.date ?? null),
            advances.map((x) => ms(x.a.expectedAt)),
          ]),
        ),
      );
      const inserted = new Set(rows.map((r) => `${r.guild_id}\u0000${r.local_date}`));
      // why: the same day twice in one call is won once, by its first item, as one at a time would
      return items.map((i) => inserted.delete(key(i.claim)));
    },
    async finishAttempts(results) {
      if (results.length === 0) return;
      // The usual outcome, a post, for the whole chunk in one statement; failures one by one.
      const posted = results.filter((r) => r.outcome.status === 'posted' && !r.failSchedule);
      const rest = results.filter((r) => !posted.includes(r));
      const postedValues = (): unknown[] => [
        posted.map((r) => r.guildId),
        posted.map((r) => r.localDate),
        posted.map((r) => (r.outcome as { messageId: string }).messageId),
        posted.map((r) => (r.outcome as { at: Date }).at.getTime()),
      ];
      if (rest.length === 0) {
        await pool.query(named('postedMany', postedValues()));
        return;
      }
      const order = sortedIndexes(rest, (r) => `${r.guildId}\u0000${r.localDate}`);
      await inTransaction(pool, async (c) => {
        if (posted.length > 0) await c.query(named('postedMany', postedValues()));
        for (const i of order) await finishOne(c, rest[i]!);
      });
    },
    async getPost(guildId, localDate) {
      const { rows } = await pool.query<PostRow>(named('getPost', [guildId, localDate]));
      return rows[0] && toPost(rows[0]);
    },
    async lastPost(guildId) {
      const { rows } = await pool.query<PostRow>(named('lastPost', [guildId]));
      return rows[0] && toPost(rows[0]);
    },
    async takeDue(now, limit, lease, scores) {
      type Row = PostWithScheduleRow & { r_cycle: number | null; r_shown: string[] | null; r_last: string | null; h_scores: Array<{ at: number; score: number; missing: string[] }> | null };
      const { rows } = await pool.query<Row>(named('takeDueAll', [lease.owner, lease.until.getTime(), now.getTime(), limit, scores]));
      const work: DueWork = { posts: [], schedules: [], rotations: new Map(), recentScores: new Map() };
      for (const r of rows) {
        if (r.local_date !== null) {
          work.posts.push(toPostWithSchedule(r));
          continue;
        }
        work.schedules.push(scheduleOf(r));
        if (r.r_cycle !== null) work.rotations.set(r.guild_id, { cycle: r.r_cycle, shownTipIds: r.r_cycle > 0 ? r.r_shown ?? [] : [], lastTipId: r.r_last ?? undefined });
        if (r.h_scores) work.recentScores.set(r.guild_id, r.h_scores.map((h) => ({ at: new Date(h.at), score: h.score, missing: h.missing })));
      }
      work.posts.sort(byPost);
      work.schedules.sort(byNextDue);
      return work;
    },
    async rotation(guildId): Promise<TipRotation> {
      return (await rotations([guildId])).get(guildId) ?? noRotation();
    },
    rotations,
    async startExtraPost(x) {
      return inTransaction(pool, async (c) => {
        const started = await c.query(named('startExtra', [x.guildId, x.at.getTime(), x.cooldownSince.getTime()]));
        if ((started.rowCount ?? 0) === 1) {
          await c.query(named('insertExtra', [x.guildId, x.nonce, x.tipId, x.cycle, x.at.getTime()]));
          return { ok: true } as const;
        }
        const { rows } = await c.query<{ now_requested_at: number | null }>(named('lastExtraAt', [x.guildId]));
        const last = rows[0];
        if (!last) return { ok: false, noSchedule: true } as const;
        return { ok: false, lastAt: new Date(last.now_requested_at ?? x.at.getTime()) } as const;
      });
    },
    async finishExtraPost(guildId, nonce, result) {
      if ('messageId' in result) {
        await pool.query(named('extraPosted', [result.messageId, result.at.getTime(), guildId, nonce]));
        return;
      }
      await inTransaction(pool, async (c) => {
        const { rows } = await c.query<{ requested_at: number }>(named('extraFailed', [guildId, nonce]));
        if (rows[0]) await c.query(named('releaseExtraCooldown', [guildId, rows[0].requested_at]));
      });
    },
    async recordScore(guildId, r: ScoreRecord, keep) {
      await inTransaction(pool, async (c) => {
        await c.query(named('insertScore', [guildId, r.at.getTime(), r.score, JSON.stringify(r.missing)]));
        await c.query(named('pruneScores', [guildId, Math.max(1, Math.trunc(keep))]));
      });
    },
    async recentScores(guildId, limit) {
      return (await recentScoresOf([guildId], limit)).get(guildId) ?? [];
    },
    recentScoresOf,
  };
}

/** Corrections ("Not right?", /wrong, /missing) on a pool, the same table as SQLite's. */
export function createPostgresCorrectionStore(pool: pg.Pool): CorrectionStore {
  return {
    async addCorrection(c: NewCorrection) {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO corrections (at, guild_id, platform, language, detected, wrong, missing, labels, band, text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [c.at.getTime(), c.guildId, c.platform, c.language, JSON.stringify(c.detected), JSON.stringify(c.wrong), JSON.stringify(c.missing), JSON.stringify(c.labels), c.band, c.text],
      );
      return rows[0]!.id;
    },
    async listCorrections(options = {}) {
      const { rows } = await pool.query<CorrectionRow>(
        `SELECT id, at, guild_id, platform, language, detected, wrong, missing, labels, band, text FROM corrections
         ${options.sharedOnly ? 'WHERE text IS NOT NULL' : ''} ORDER BY id`,
      );
      return rows.map(correctionFromRow);
    },
  };
}

/** Per-server settings (ignored rules) on a pool. */
export function createPostgresServerSettingsStore(pool: pg.Pool): ServerSettingsStore {
  return {
    async ignoredRules(guildId) {
      const { rows } = await pool.query<{ rule_id: string }>('SELECT rule_id FROM ignored_rules WHERE guild_id = $1 ORDER BY rule_id COLLATE "C"', [guildId]);
      return rows.map((r) => r.rule_id);
    },
    async ignoreRule(guildId, ruleId, at) {
      const r = await pool.query('INSERT INTO ignored_rules (guild_id, rule_id, ignored_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [guildId, ruleId, at.getTime()]);
      return (r.rowCount ?? 0) > 0;
    },
    async unignoreRule(guildId, ruleId) {
      const r = await pool.query('DELETE FROM ignored_rules WHERE guild_id = $1 AND rule_id = $2', [guildId, ruleId]);
      return (r.rowCount ?? 0) > 0;
    },
  };
}

/** Each server's last page audit on a pool, the same table as SQLite's. */
export function createPostgresAuditStore(pool: pg.Pool): AuditStore {
  return {
    async saveAudit(guildId, audit) {
      await pool.query(
        `INSERT INTO page_audits (guild_id, at, lang, result) VALUES ($1, $2, $3, $4)
         ON CONFLICT (guild_id) DO UPDATE SET at = excluded.at, lang = excluded.lang, result = excluded.result`,
        [guildId, audit.at.getTime(), audit.lang, JSON.stringify(audit.result)],
      );
    },
    async lastAudit(guildId) {
      const { rows } = await pool.query<AuditRow>('SELECT at, lang, result FROM page_audits WHERE guild_id = $1', [guildId]);
      return rows[0] && auditFromRow(rows[0]);
    },
  };
}

/** Thrown inside a transaction to undo what it did so far. */
class Refused extends Error {}

/**
 * The language model's budgets and cooldowns on a pool, shared by every process. The cooldown is
 * taken first (a conditional upsert, which also locks the user's row against a second process),
 * then the budget counted; a spent budget rolls both back.
 */
export function createPostgresLlmUsageStore(pool: pg.Pool): LlmUsageStore {
  let pruned = '';
  return {
    async takeLlmRequest(t) {
      const at = t.at.getTime();
      try {
        return await inTransaction(pool, async (c): Promise<LlmTakeResult> => {
          if (t.userId !== undefined) {
            const took = await c.query(
              `INSERT INTO llm_cooldowns (user_id, last_at) VALUES ($1, $2)
               ON CONFLICT (user_id) DO UPDATE SET last_at = excluded.last_at WHERE llm_cooldowns.last_at <= $3
               RETURNING last_at`,
              [t.userId, at, at - t.cooldownMs],
            );
            if (took.rowCount === 0) {
              const { rows } = await c.query<{ last_at: number }>('SELECT last_at FROM llm_cooldowns WHERE user_id = $1', [t.userId]);
              return { ok: false, cooldownUntil: new Date((rows[0]?.last_at ?? at) + t.cooldownMs) };
            }
          }
          if (t.pool !== undefined) {
            if (t.budget <= 0) throw new Refused();
            const counted = await c.query(
              `INSERT INTO llm_usage (pool, day, used) VALUES ($1, $2, 1)
               ON CONFLICT (pool, day) DO UPDATE SET used = llm_usage.used + 1 WHERE llm_usage.used < $3
               RETURNING used`,
              [t.pool, t.day, t.budget],
            );
            if (counted.rowCount === 0) throw new Refused();
          }
          return { ok: true };
        });
      } catch (err) {
        if (err instanceof Refused) return { ok: false, budgetSpent: true };
        throw err;
      } finally {
        if (t.day !== pruned) {
          pruned = t.day;
          // why best effort: a missed clean-up only keeps a few stale rows until the next day
          await pool
            .query('DELETE FROM llm_usage WHERE day < $1', [t.day])
            .then(() => pool.query('DELETE FROM llm_cooldowns WHERE last_at <= $1', [at - Math.max(t.cooldownMs, 86_400_000)]))
            .catch(() => (pruned = ''));
        }
      }
    },
  };
}
