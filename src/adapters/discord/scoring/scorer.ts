import { createWriteStream, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { classifyHere, type ClassifiedBatch, type ClassifyBatch } from '../../../app/classify.ts';
import type { Advisor } from '../../../core/engine.ts';
import { runScoreTask, type ScoreOutcome, type ScoreTask } from './task.ts';
import type { AuditBatch, ThreadMemory } from './worker.ts';
import type { AdvisorSpec } from '../../advisor-spec.ts';

/** Scores and renders posts for the bot; the thread that talks to Discord only waits for it. */
export interface Scorer {
  score(task: ScoreTask): Promise<ScoreOutcome>;
  /** Scores a batch of an audit's posts (/audit) on the same threads. */
  classify: ClassifyBatch;
  /** Worker threads doing the work (0: on the calling thread). */
  readonly threads: number;
  close(): Promise<void>;
  /** For the benchmarks: each scoring thread's V8 heap, and heap snapshots of them written to `dir`. */
  diagnostics?: {
    /** Threads running now (they end when idle and start again with the next post). */
    running(): number;
    memory(): Promise<ThreadMemory[]>;
    heapSnapshots(dir: string, label: string): Promise<string[]>;
  };
}

/** On the calling thread: for tests, the CLI and `discord.workers: 0`. */
export function inlineScorer(advisor: Advisor): Scorer {
  return {
    threads: 0,
    // why async: callers see the same contract as the pool, including a rejection for a bug
    score: async (task) => runScoreTask(advisor, task),
    classify: classifyHere(advisor),
    close: async () => {},
  };
}

/** `discord.workers: auto`: one thread per core, less the one the gateway and REST need. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The worker's file: beside this module (the sources, or dist/src); from the command-line bundle
 * (dist/bundle, which `npm start` runs) the compiled one in dist/src, as for the audit's workers.
 */
function workerFile(fromSource: boolean): URL {
  if (fromSource) return new URL('./worker.dev.mjs', import.meta.url);
  const candidates = [new URL('./worker.js', import.meta.url), new URL('../src/adapters/discord/scoring/worker.js', import.meta.url)];
  return candidates.find((u) => existsSync(fileURLToPath(u))) ?? candidates[0]!;
}

/**
 * How long a scoring thread may sit idle before it ends. why: each thread holds its own advisor
 * and V8 heap (~25–35 MB of RSS); a bot that is quiet for a while gives that back. The next
 * command's acknowledgement never waits for a new thread; only its result does, by the time the
 * thread takes to build its advisor (about a second on an idle core, far more on a busy one).
 */
export const IDLE_THREAD_MS = 10 * 60_000;

export interface PoolOptions {
  /** Idle time after which a thread ends (default IDLE_THREAD_MS). */
  idleMs?: number;
  /**
   * Start the threads now (default) rather than with the first post. why: a burst right after
   * start-up would otherwise wait for the threads to build their advisors; on a 2-core host busy
   * with other work that took over 15 s (bench:burst), past what a user waits for a result.
   */
  warm?: boolean;
}

/**
 * A pool of worker threads (piscina), each with its own advisor built from `spec`. Threads end
 * when idle (`idleMs`) and start again with the next post. Tasks queue inside the pool without
 * limit: the bot's admission control bounds how many are in flight.
 */
export function poolScorer(spec: AdvisorSpec, threads: number, options: PoolOptions = {}): Scorer {
  const self = fileURLToPath(import.meta.url);
  // why: from the TypeScript sources (tests, `npx fanpage-advisor`) the worker needs the same
  // loader as its parent; the compiled bot (`npm start`) runs plain JavaScript
  const fromSource = self.endsWith('.ts');
  const pool = new Piscina<ScoreTask | AuditBatch, ScoreOutcome | ClassifiedBatch>({
    filename: workerFile(fromSource).href,
    workerData: spec,
    minThreads: 0,
    maxThreads: threads,
    maxQueue: Number.POSITIVE_INFINITY,
    idleTimeout: options.idleMs ?? IDLE_THREAD_MS,
    // why: on a busy host the thread that acknowledges commands must win the CPU over scoring
    niceIncrement: 10,
    // why: a young generation sized for one small task at a time, as for the main thread
    // (bin/start.js); an old generation of 64 MB (the advisor needs ~15) makes the thread collect
    // its garbage instead of growing to hundreds of MB through a burst
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  // one task per thread, at once: piscina starts a thread for each while none is idle
  if (options.warm !== false) void Promise.all(Array.from({ length: threads }, () => pool.run(undefined as unknown as ScoreTask, { name: 'warm' }))).catch(() => undefined);
  return {
    threads,
    score: (task) => pool.run(task) as Promise<ScoreOutcome>,
    // why the same pool: an audit's batches queue with the score tasks, so /audit never scores on
    // the thread that talks to Discord and never starts threads of its own
    classify: (texts, platform) => pool.run({ texts, platform } satisfies AuditBatch, { name: 'classify' }) as Promise<ClassifiedBatch>,
    close: () => pool.destroy(),
    diagnostics: {
      running: () => pool.threads.length,
      // why one task per thread: piscina hands each to an idle thread, so with the pool idle every thread answers once
      memory: () => Promise.all(pool.threads.map(() => pool.run(undefined as unknown as ScoreTask, { name: 'memory' }) as Promise<unknown> as Promise<ThreadMemory>)),
      heapSnapshots: (dir, label) =>
        Promise.all(
          pool.threads.map(async (worker, i) => {
            const file = join(dir, `${label}-worker${i}.heapsnapshot`);
            await pipeline(await worker.getHeapSnapshot(), createWriteStream(file));
            return file;
          }),
        ),
    },
  };
}
