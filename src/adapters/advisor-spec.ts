// How a worker thread gets the same advisor as the main thread. Building one from the rule book
// compiles every lexicon (~350 ms of CPU on a quiet machine, several times that when threads start
// together on a busy one); reading the build's snapshot of the compiled advisor takes ~70 ms. So a
// worker reads the snapshot when the main thread's advisor came from it, and builds from the rule
// book handed over as data otherwise.
import { buildAdvisor, type RuleBook } from '../core/advisor.ts';
import type { Advisor, EngineSettings } from '../core/engine.ts';
import type { Lang } from '../core/post.ts';
import { loadAdvisor } from './rules-snapshot.ts';

/** Plain data (it crosses to the worker as workerData): exactly what the main thread's advisor was built from. */
export interface AdvisorSpec {
  settings: EngineSettings;
  defaultLang: Lang;
  /** The rule book; null when `snapshot` says where the compiled one is. */
  book: RuleBook | null;
  /** The package root and rules folder whose current snapshot the main thread read. */
  snapshot?: { root: string; rulesDir: string };
}

export function advisorFromSpec(spec: AdvisorSpec): Advisor {
  const inputs = { settings: spec.settings, defaultLang: spec.defaultLang };
  if (spec.snapshot) {
    const { book } = spec;
    // why a loader that fails: the snapshot was current a moment ago in the main thread; if a
    // build replaced it since, this thread must not quietly score with other rules
    const loaded = loadAdvisor(
      () => {
        if (book) return { book, tips: [], warnings: [] };
        throw new Error('the rules snapshot changed while the worker threads started; run the command again');
      },
      spec.snapshot.rulesDir,
      inputs,
      () => {},
      spec.snapshot.root,
    );
    return loaded.advisor;
  }
  if (!spec.book) throw new Error('a worker thread needs the rule book or a snapshot to build its advisor');
  return buildAdvisor(spec.book, inputs.settings, inputs.defaultLang);
}
