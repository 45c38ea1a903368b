// Corrections and per-server settings on the bot's SQLite file (tables from migration 2 in sqlite.ts).
import type Database from 'better-sqlite3';
import type { CorrectionStore, NewCorrection, ServerSettingsStore } from '../../app/ports.ts';
import { correctionFromRow, type CorrectionRow } from './rows.ts';

/** The correction store on an open database (see openDatabase in sqlite.ts). */
export function createSqliteCorrectionStore(db: Database.Database): CorrectionStore {
  const insert = db.prepare(
    `INSERT INTO corrections (at, guild_id, platform, language, detected, wrong, missing, labels, band, text)
     VALUES (@at, @guildId, @platform, @language, @detected, @wrong, @missing, @labels, @band, @text)`,
  );
  const all = db.prepare<[], CorrectionRow>('SELECT * FROM corrections ORDER BY id');
  const shared = db.prepare<[], CorrectionRow>('SELECT * FROM corrections WHERE text IS NOT NULL ORDER BY id');
  return {
    async addCorrection(c: NewCorrection) {
      const result = insert.run({
        at: c.at.getTime(),
        guildId: c.guildId,
        platform: c.platform,
        language: c.language,
        detected: JSON.stringify(c.detected),
        wrong: JSON.stringify(c.wrong),
        missing: JSON.stringify(c.missing),
        labels: JSON.stringify(c.labels),
        band: c.band,
        text: c.text,
      });
      return Number(result.lastInsertRowid);
    },
    async listCorrections(options = {}) {
      return (options.sharedOnly ? shared : all).all().map(correctionFromRow);
    },
  };
}

/** Per-server settings on an open database. */
export function createSqliteServerSettingsStore(db: Database.Database): ServerSettingsStore {
  const list = db.prepare<[string], { rule_id: string }>('SELECT rule_id FROM ignored_rules WHERE guild_id = ? ORDER BY rule_id');
  const add = db.prepare('INSERT INTO ignored_rules (guild_id, rule_id, ignored_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const remove = db.prepare('DELETE FROM ignored_rules WHERE guild_id = ? AND rule_id = ?');
  return {
    async ignoredRules(guildId) {
      return list.all(guildId).map((r) => r.rule_id);
    },
    async ignoreRule(guildId, ruleId, at) {
      return add.run(guildId, ruleId, at.getTime()).changes > 0;
    },
    async unignoreRule(guildId, ruleId) {
      return remove.run(guildId, ruleId).changes > 0;
    },
  };
}
