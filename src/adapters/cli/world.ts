import type { CorrectionStore, Rewriter } from '../../app/ports.ts';
import type { ClassifyPool } from '../audit/classify-pool.ts';
import type { Advisor } from '../../core/engine.ts';
import type { AppConfig } from '../config.ts';
import type { LoadedRules } from '../rules-fs.ts';

/**
 * What a CLI command works with, built by the composition root (src/main.ts). Commands ask for
 * it only after their arguments parsed, so a usage error never waits for the rule book.
 */
export interface CliWorld {
  config: AppConfig;
  rules: LoadedRules;
  advisor: Advisor;
  /** The language model when configured; the openai client is loaded only when this is called. */
  rewriter(): Promise<Rewriter | undefined>;
  /** Worker threads that score an audit's posts with this world's rule book; close it when done. */
  classifyPool(threads: number): Promise<ClassifyPool>;
  /** The bot's store of corrections (the database under DATA_DIR), opened when asked for; close it when done. */
  openCorrections(): Promise<{ store: CorrectionStore; where: string; close(): void }>;
}

export type LoadWorld = () => CliWorld;
