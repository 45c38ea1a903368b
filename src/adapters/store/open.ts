// Which store the bot uses: PostgreSQL when DATABASE_URL is set (several processes or machines
// share it), otherwise the SQLite file under DATA_DIR (nothing to set up). Either way the schema
// is brought up to date first, so `npm start` needs no separate step.
import type { TipStore } from '../../app/ports.ts';
import type { AppConfig } from '../config.ts';

export interface OpenedStore {
  store: TipStore;
  /** Where the data lives, for logs: the file, or the database host and name (never the password). */
  where: string;
  kind: 'sqlite' | 'postgres';
  /** Schema versions this open applied (empty when it was up to date). */
  applied: number[];
  close(): Promise<void>;
}

/** The store can't be opened: one sentence for the operator, naming where and what to check. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** Where a PostgreSQL URL points, without user or password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/**
 * Opens the configured store and applies pending migrations. `onIdleError` hears about lost
 * PostgreSQL connections (the pool reconnects by itself).
 */
export async function openStore(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>, opts: { onIdleError?: (err: Error) => void } = {}): Promise<OpenedStore> {
  if (config.databaseUrl) {
    const { createPool, createPostgresTipStore, migratePostgres } = await import('./postgres.ts');
    const pool = createPool(config.databaseUrl, { onIdleError: opts.onIdleError });
    const where = describeDatabaseUrl(config.databaseUrl);
    try {
      const applied = await migratePostgres(pool);
      return { store: createPostgresTipStore(pool), where, kind: 'postgres', applied, close: () => pool.end() };
    } catch (err) {
      await pool.end().catch(() => {});
      throw new StoreOpenError(
        `Could not open the PostgreSQL database ${where}: ${(err as Error).message}. Check DATABASE_URL and that the server is running and reachable; without DATABASE_URL the bot uses SQLite under DATA_DIR.`,
        { cause: err },
      );
    }
  }
  const { createSqliteTipStore, DB_FILE, openDatabase, migrate } = await import('./sqlite.ts');
  const db = openDatabase(config.dataDir, { migrate: false });
  try {
    const applied = migrate(db);
    return {
      store: createSqliteTipStore(db),
      where: `${config.dataDir}/${DB_FILE}`,
      kind: 'sqlite',
      applied,
      close: async () => {
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
