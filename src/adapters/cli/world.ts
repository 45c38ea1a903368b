import type { Rewriter } from '../../app/ports.ts';
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
}

export type LoadWorld = () => CliWorld;
