// Spreads the audit's engine work over worker threads (piscina) for big exports: the main thread
// streams and parses the file while the workers score batches of posts.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ClassifiedBatch, ClassifyBatch } from '../../app/classify.ts';
import type { AdvisorSpec } from '../advisor-spec.ts';

export interface ClassifyPool {
  classify: ClassifyBatch;
  /** Batches to keep in flight so every worker stays busy. */
  concurrency: number;
  close(): Promise<void>;
}

/** Worker threads worth starting on this machine: one per core, at most `max`. */
export function poolSize(max = 4): number {
  return Math.min(max, availableParallelism());
}

/**
 * The worker's file: beside this module, in dist/src or in the command-line bundle (dist/bundle,
 * which builds it as an entry of its own); from the TypeScript sources a shim that loads it
 * through tsx.
 */
function workerFile(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./classify-worker.dev.mjs', import.meta.url);
  const candidates = [new URL('./classify-worker.js', import.meta.url), new URL('../src/adapters/audit/classify-worker.js', import.meta.url)];
  return candidates.find((u) => existsSync(fileURLToPath(u))) ?? candidates[0]!;
}

export function createClassifyPool(setup: AdvisorSpec, threads = poolSize()): ClassifyPool {
  const worker = workerFile();
  const pool = new Piscina({
    filename: worker.href,
    minThreads: threads,
    maxThreads: threads,
    workerData: setup,
    // why: each thread holds its own engine (~25 MB); a young generation of 16 MB keeps
    // collections rare for batches of a few hundred posts, and a cap on the old generation makes
    // the thread collect its garbage instead of growing (the audit's peak RSS target is 300 MB)
    resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 },
  });
  return {
    classify: (texts, platform) => pool.run({ texts, platform }) as Promise<ClassifiedBatch>,
    concurrency: threads * 2,
    close: () => pool.destroy(),
  };
}
