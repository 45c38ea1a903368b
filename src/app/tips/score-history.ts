import type { Clock, ScoreRecord, ScoreStore } from '../ports.ts';

/** Scored posts that count towards "what this server keeps missing", unless a caller says otherwise. */
export const DEFAULT_SCORE_HISTORY = 50;

// Only ids reach the store: anything that doesn't look like a category or rule id is dropped, so
// post text can't end up there by mistake.
const TOPIC_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * What a server's scored posts keep missing, for choosing its tips. Only the score and topic ids
 * are kept, never the post's text, and only the newest `keep` per server.
 */
export interface ScoreHistory {
  /** Remembers a post's score and the topic ids it missed (other strings are dropped, the score clamped to 0–100). */
  record(serverId: string, result: { score: number; missing: readonly string[] }): Promise<void>;
  /** How often each topic was missed in the server's recent posts. */
  recentMisses(serverId: string): Promise<Record<string, number>>;
  /** recentMisses for many servers in one read; servers with no scores are absent. */
  recentMissesOf(serverIds: readonly string[]): Promise<Map<string, Record<string, number>>>;
  /** How many of a server's newest scores count (the store's recentScoresOf limit). */
  keep: number;
  /** recentMissesOf from score records already read (TipStore.takeDue reads them with the due schedules). */
  missesFrom(recent: ReadonlyMap<string, readonly ScoreRecord[]>): Map<string, Record<string, number>>;
}

export function createScoreHistory(deps: { store: ScoreStore; clock: Clock; keep?: number }): ScoreHistory {
  const { store, clock } = deps;
  const keep = deps.keep ?? DEFAULT_SCORE_HISTORY;
  const record: ScoreHistory['record'] = async (serverId, result) => {
    const missing = [...new Set(result.missing)].filter((id) => TOPIC_ID.test(id));
    const score = Math.min(100, Math.max(0, Math.round(result.score)));
    if (!Number.isFinite(score)) return;
    await store.recordScore(serverId, { at: clock(), score, missing }, keep);
  };
  const missesFrom: ScoreHistory['missesFrom'] = (recent) => {
    const found = new Map<string, Record<string, number>>();
    for (const [serverId, records] of recent) {
      const counts: Record<string, number> = {};
      for (const r of records) for (const id of r.missing) counts[id] = (counts[id] ?? 0) + 1;
      found.set(serverId, counts);
    }
    return found;
  };
  const recentMissesOf: ScoreHistory['recentMissesOf'] = async (serverIds) => missesFrom(await store.recentScoresOf(serverIds, keep));
  return {
    record,
    recentMissesOf,
    keep,
    missesFrom,
    async recentMisses(serverId) {
      return (await recentMissesOf([serverId])).get(serverId) ?? {};
    },
  };
}
