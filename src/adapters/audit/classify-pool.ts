// Spreads the audit's engine work over worker threads (piscina) for big exports: the main thread
// streams and parses the file while the workers score batches of posts.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CategoryFigures } from '../../app/audit-page.ts';
import type { ClassifiedBatch, ClassifyBatch } from '../../app/classify.ts';
import type { CategoryStats, RatedPosts } from '../../core/audit/audit.ts';
import type { AdvisorSpec } from '../advisor-spec.ts';

export interface ClassifyPool {
  classify: ClassifyBatch;
  /** Batches to keep in flight so every worker stays busy. */
  concurrency: number;
  /** The categories' engagement figures (the bootstrap), one task per category, spread over the threads. */
  figures: CategoryFigures;
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

/** The same posts in shared memory: a task then carries a view of them instead of a copy. */
function inSharedMemory(rated: RatedPosts): RatedPosts {
  const rates = new Float64Array(new SharedArrayBuffer(rated.rates.byteLength));
  const masks = new Uint32Array(new SharedArrayBuffer(rated.masks.byteLength));
  rates.set(rated.rates);
  masks.set(rated.masks);
  return { rates, masks };
}

export async function createClassifyPool(setup: AdvisorSpec, threads = poolSize()): Promise<ClassifyPool> {
  // why imported here: piscina and its worker pool cost every command ~20 ms to load, and only
  // an audit of a big export starts the pool
  const { Piscina } = await import('piscina');
  const worker = workerFile();
  const pool = new Piscina({
    filename: worker.href,
    minThreads: threads,
    maxThreads: threads,
    workerData: setup,
    // why: each thread holds its own engine (~25 MB); a young generation of 8 MB keeps
    // collections rare enough for batches of a few hundred posts (16 MB peaked at 257–301 MB RSS
    // with two threads, 8 MB at 246–255 MB), and a cap on the old generation makes the thread
    // collect its garbage instead of growing (the audit's peak RSS target is 300 MB)
    resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
  });
  return {
    classify: (texts, platform) => pool.run({ texts, platform }) as Promise<ClassifiedBatch>,
    figures: (rated, categories) => {
      const shared = inSharedMemory(rated);
      return Promise.all(Array.from({ length: categories }, (_, bit) => pool.run({ rated: shared, bit }, { name: 'stats' }) as Promise<CategoryStats | null>));
    },
    concurrency: threads * 2,
    close: () => pool.destroy(),
  };
}
