// The language model's limits on every store: a daily budget per server and a cooldown per user,
// in memory, in a SQLite file and on PostgreSQL. Two handles on one SQLite file or one database
// stand for two processes of the bot: they share one budget and one cooldown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlmLimits, type LlmLimits } from '../../../src/app/llm-limits.ts';
import type { LlmUsageStore } from '../../../src/app/ports.ts';
import { createMemoryLlmUsageStore } from '../../../src/adapters/store/memory.ts';
import { createPostgresLlmUsageStore } from '../../../src/adapters/store/postgres.ts';
import { createSqliteLlmUsageStore, openDatabase } from '../../../src/adapters/store/sqlite.ts';
import { postgresForTests, skipNote, twoProcessDatabase } from '../../support/postgres.ts';

interface Opened {
  /** Two processes' handles on the same counters (the same store in memory). */
  a: LlmUsageStore;
  b: LlmUsageStore;
  close(): Promise<void> | void;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function contract(name: string, open: () => Promise<Opened>, opts: { available?: boolean } = {}) {
  describe.skipIf(opts.available === false)(`${name}: language model limits`, () => {
    let now = new Date('2025-03-01T10:00:00Z');
    const at = (iso: string) => (now = new Date(iso));
    const limits = async (dailyBudgetPerServer: number, cooldownSeconds: number): Promise<{ a: LlmLimits; b: LlmLimits }> => {
      const o = await open();
      cleanups.push(() => o.close());
      const settings = { dailyBudgetPerServer, cooldownSeconds };
      return { a: createLlmLimits(settings, () => now, o.a), b: createLlmLimits(settings, () => now, o.b) };
    };

    it('counts a daily budget per server and resets it at midnight UTC', async () => {
      at('2025-03-01T23:59:00Z');
      const { a, b } = await limits(2, 0);
      expect(await a.take({ serverId: 'a', userId: '1' })).toEqual({ ok: true });
      expect(await b.take({ serverId: 'a', userId: '2' })).toEqual({ ok: true });
      expect(await a.take({ serverId: 'a', userId: '3' })).toEqual({ ok: false, code: 'llm_budget', budget: 2 });
      expect(await b.take({ serverId: 'b', userId: '3' })).toEqual({ ok: true });
      at('2025-03-02T00:00:01Z');
      expect(await b.take({ serverId: 'a', userId: '3' })).toEqual({ ok: true });
    });

    it('makes a user wait between requests, saying how long, whichever process they reach', async () => {
      at('2025-03-01T10:00:00Z');
      const { a, b } = await limits(50, 20);
      expect((await a.take({ serverId: 'a', userId: '1' })).ok).toBe(true);
      at('2025-03-01T10:00:05.500Z');
      expect(await b.take({ serverId: 'a', userId: '1' })).toEqual({ ok: false, code: 'cooldown', seconds: 15 });
      expect((await b.take({ serverId: 'a', userId: '2' })).ok).toBe(true);
      at('2025-03-01T10:00:20Z');
      expect((await b.take({ serverId: 'a', userId: '1' })).ok).toBe(true);
    });

    it('does not count a refused request: a cooldown takes no budget, a spent budget takes no cooldown', async () => {
      at('2025-03-01T10:00:00Z');
      const { a, b } = await limits(2, 10);
      expect((await a.take({ serverId: 'a', userId: '1' })).ok).toBe(true);
      expect((await b.take({ serverId: 'a', userId: '1' })).ok).toBe(false); // cooldown: not counted
      at('2025-03-01T10:01:00Z');
      expect((await b.take({ serverId: 'a', userId: '1' })).ok).toBe(true);
      at('2025-03-01T10:02:00Z');
      expect(await a.take({ serverId: 'a', userId: '2' })).toEqual({ ok: false, code: 'llm_budget', budget: 2 });
      // user 2 was refused by the budget, so has no cooldown in another server
      expect(await a.take({ serverId: 'b', userId: '2' })).toEqual({ ok: true });
    });

    it('budgets direct messages per user, and does not limit the local CLI', async () => {
      const { a, b } = await limits(1, 0);
      expect((await a.take({ userId: '1' })).ok).toBe(true);
      expect((await b.take({ userId: '1' })).ok).toBe(false);
      expect((await b.take({ userId: '2' })).ok).toBe(true);
      for (let i = 0; i < 5; i++) expect((await a.take({})).ok).toBe(true);
    });

    it('a budget of 0 allows no requests', async () => {
      const { a } = await limits(0, 0);
      expect(await a.take({ serverId: 'a' })).toEqual({ ok: false, code: 'llm_budget', budget: 0 });
    });

    it('many requests at once from two processes spend the budget exactly', async () => {
      at('2025-03-01T10:00:00Z');
      const { a, b } = await limits(7, 0);
      const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take({ serverId: 'g', userId: `u${i}` })));
      expect(verdicts.filter((v) => v.ok)).toHaveLength(7);
    });
  });
}

contract('in memory', async () => {
  const store = createMemoryLlmUsageStore();
  return { a: store, b: store, close: () => {} };
});

contract(
  'SQLite',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fanpage-llm-'));
    const [one, two] = [openDatabase(dir), openDatabase(dir)];
    return {
      a: createSqliteLlmUsageStore(one),
      b: createSqliteLlmUsageStore(two),
      async close() {
        one.close();
        two.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
);

contract(
  `PostgreSQL${skipNote()}`,
  async () => {
    const { a, b, close } = await twoProcessDatabase(4);
    return { a: createPostgresLlmUsageStore(a), b: createPostgresLlmUsageStore(b), close };
  },
  { available: postgresForTests().ok },
);
