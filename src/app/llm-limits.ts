import type { Clock, LlmUsageStore } from './ports.ts';

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
  take(who: Requester): Promise<LimitVerdict>;
}

export interface LlmLimitSettings {
  /** Model requests per server per UTC day; 0 allows none. */
  dailyBudgetPerServer: number;
  /** Seconds a user waits between two model requests; 0 means no wait. */
  cooldownSeconds: number;
}

/**
 * A per-server daily budget (UTC days, as the user message says) and a per-user cooldown, counted
 * in `store`: with PostgreSQL every process of the bot shares them. A request without a server
 * (direct messages) is budgeted per user, so DMs cannot drain a shared pool; a request with
 * neither id is not limited. A refused request is not counted.
 */
export function createLlmLimits(settings: LlmLimitSettings, clock: Clock, store: LlmUsageStore): LlmLimits {
  const cooldownMs = settings.cooldownSeconds * 1000;
  return {
    async take(who) {
      const pool = who.serverId ?? (who.userId !== undefined ? `user:${who.userId}` : undefined);
      const userId = cooldownMs > 0 ? who.userId : undefined;
      if (pool === undefined && userId === undefined) return { ok: true };
      const now = clock();
      const r = await store.takeLlmRequest({
        ...(pool !== undefined && { pool }),
        ...(userId !== undefined && { userId }),
        day: now.toISOString().slice(0, 10),
        budget: settings.dailyBudgetPerServer,
        at: now,
        cooldownMs,
      });
      if (r.ok) return r;
      if ('cooldownUntil' in r) return { ok: false, code: 'cooldown', seconds: Math.max(1, Math.ceil((r.cooldownUntil.getTime() - now.getTime()) / 1000)) };
      return { ok: false, code: 'llm_budget', budget: settings.dailyBudgetPerServer };
    },
  };
}
