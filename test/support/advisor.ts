import { fileURLToPath } from 'node:url';
import { loadRules } from '../../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../../src/core/advisor.ts';
import type { Advisor } from '../../src/core/engine.ts';

export const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
export const ROOT_DIR = fileURLToPath(new URL('../..', import.meta.url));

let cached: ReturnType<typeof loadRules> | undefined;

/** The real rule book from rules/, loaded once per test file. */
export function realRules(): ReturnType<typeof loadRules> {
  cached ??= loadRules(RULES_DIR);
  return cached;
}

/** An advisor on the real rules with the default settings of config/default.yaml. */
export function realAdvisor(overrides: Partial<Advisor['settings']> = {}): Advisor {
  return buildAdvisor(realRules().book, { base: 35, maxSuggestions: 3, disabledRules: [], ...overrides });
}
