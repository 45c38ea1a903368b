import type { Clock } from './ports.ts';

/** Who asks: a Discord server and user, or neither (the local CLI, which is not limited). */
export interface Requester {
  serverId?: string;
  userId?: string;
}

export type LimitVerdict =
  | { ok: true }
  | { ok: false; code: 'cooldown'; seconds: number }
  | { ok: false; code: 'llm_budget'; budget: number };

/** Decides whether one more model request may go out, and counts it when it may. */
export interface LlmLimits {
  take(who: Requester): LimitVerdict;
}

export interface LlmLimitSettings {
  /** Model requests per server per UTC day; 0 allows none. */
  dailyBudgetPerServer: number;
  /** Seconds a user waits between two model requests; 0 means no wait. */
  cooldownSeconds: number;
}

/** Entries kept before expired cooldowns are swept; a sweep is one pass over the map. */
const SWEEP_AT = 10_000;

/**
 * In-memory limits for one process: a per-server daily budget (UTC days, as the user message
 * says) and a per-user cooldown. A request without a server (direct messages) is budgeted per
 * user, so DMs cannot drain a shared pool; a request with neither id is not limited.
 * A refused request is not counted.
 */
export function createLlmLimits(settings: LlmLimitSettings, clock: Clock): LlmLimits {
  let day = '';
  const used = new Map<string, number>();
  const lastAt = new Map<string, number>();
  const cooldownMs = settings.cooldownSeconds * 1000;

  return {
    take(who) {
      const now = clock();
      const ms = now.getTime();
      const today = now.toISOString().slice(0, 10);
      if (today !== day) {
        day = today;
        used.clear();
      }
      if (who.userId !== undefined && cooldownMs > 0) {
        const last = lastAt.get(who.userId);
        if (last !== undefined && ms - last < cooldownMs) return { ok: false, code: 'cooldown', seconds: Math.ceil((cooldownMs - (ms - last)) / 1000) };
      }
      const pool = who.serverId ?? (who.userId !== undefined ? `user:${who.userId}` : undefined);
      if (pool !== undefined) {
        const count = used.get(pool) ?? 0;
        if (count >= settings.dailyBudgetPerServer) return { ok: false, code: 'llm_budget', budget: settings.dailyBudgetPerServer };
        used.set(pool, count + 1);
      }
      if (who.userId !== undefined && cooldownMs > 0) {
        if (lastAt.size >= SWEEP_AT) for (const [id, at] of lastAt) if (ms - at >= cooldownMs) lastAt.delete(id);
        lastAt.set(who.userId, ms);
      }
      return { ok: true };
    },
  };
}
