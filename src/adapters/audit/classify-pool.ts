// Spreads the audit's engine work over worker threads (piscina) for big exports: the main thread
// streams and parses the file while the workers score batches of posts.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ClassifyBatch, Classified } from '../../app/audit-page.ts';
import type { WorkerSetup } from './classify-worker.ts';

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

export function createClassifyPool(setup: WorkerSetup, threads = poolSize()): ClassifyPool {
  const worker = new URL(import.meta.url.endsWith('.ts') ? './classify-worker.dev.mjs' : './classify-worker.js', import.meta.url);
  const pool = new Piscina({
    filename: worker.href,
    minThreads: threads,
    maxThreads: threads,
    workerData: setup,
  });
  return {
    classify: (texts, platform) => pool.run({ texts, platform }) as Promise<Classified[]>,
    concurrency: threads * 2,
    close: () => pool.destroy(),
  };
}
