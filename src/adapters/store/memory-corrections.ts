import type { CorrectionRecord, CorrectionStore, ServerSettingsStore } from '../../app/ports.ts';

const copy = (c: CorrectionRecord): CorrectionRecord => ({
  ...c,
  at: new Date(c.at),
  detected: [...c.detected],
  wrong: [...c.wrong],
  missing: [...c.missing],
  labels: [...c.labels],
});

/** Corrections in memory: the same contract as the SQLite store (test/adapters/store/corrections-contract.ts). */
export function createMemoryCorrectionStore(): CorrectionStore {
  const rows: CorrectionRecord[] = [];
  return {
    async addCorrection(c) {
      const id = rows.length + 1;
      rows.push(copy({ ...c, id }));
      return id;
    },
    async listCorrections(options = {}) {
      return rows.filter((r) => !options.sharedOnly || r.text !== null).map(copy);
    },
  };
}

/** Per-server settings in memory. */
export function createMemoryServerSettingsStore(): ServerSettingsStore {
  const ignored = new Map<string, Set<string>>();
  return {
    async ignoredRules(guildId) {
      return [...(ignored.get(guildId) ?? [])].sort();
    },
    async ignoreRule(guildId, ruleId) {
      let set = ignored.get(guildId);
      if (!set) ignored.set(guildId, (set = new Set()));
      if (set.has(ruleId)) return false;
      set.add(ruleId);
      return true;
    },
    async unignoreRule(guildId, ruleId) {
      return ignored.get(guildId)?.delete(ruleId) ?? false;
    },
  };
}
