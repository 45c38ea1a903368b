import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { classifyHere, type ClassifiedBatch, type ClassifyBatch } from '../../../app/classify.ts';
import type { Advisor } from '../../../core/engine.ts';
import { runScoreTask, type ScoreOutcome, type ScoreTask } from './task.ts';
import type { AuditBatch } from './worker.ts';
import type { AdvisorSpec } from '../../advisor-spec.ts';

/** Scores and renders posts for the bot; the thread that talks to Discord only waits for it. */
export interface Scorer {
  score(task: ScoreTask): Promise<ScoreOutcome>;
  /** Scores a batch of an audit's posts (/audit) on the same threads. */
  classify: ClassifyBatch;
  /** Worker threads doing the work (0: on the calling thread). */
  readonly threads: number;
  close(): Promise<void>;
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
 * A pool of worker threads (piscina), each with its own advisor built from `spec`. Tasks queue
 * inside the pool without limit: the bot's admission control bounds how many are in flight.
 */
export function poolScorer(spec: AdvisorSpec, threads: number): Scorer {
  const self = fileURLToPath(import.meta.url);
  // why: from the TypeScript sources (tests, `npx fanpage-advisor`) the worker needs the same
  // loader as its parent; the compiled bot (`npm start`) runs plain JavaScript
  const fromSource = self.endsWith('.ts');
  const pool = new Piscina<ScoreTask | AuditBatch, ScoreOutcome | ClassifiedBatch>({
    filename: workerFile(fromSource).href,
    workerData: spec,
    minThreads: threads,
    maxThreads: threads,
    maxQueue: Number.POSITIVE_INFINITY,
    // why: a worker idle for a minute stays; rebuilding an advisor costs more than keeping it
    idleTimeout: 60_000,
    // why: on a busy host the thread that acknowledges commands must win the CPU over scoring
    niceIncrement: 10,
    // why: a young generation sized for one small task at a time, as for the main thread
    // (bin/start.js); an old generation of 64 MB (the advisor needs ~15) makes the thread collect
    // its garbage instead of growing to hundreds of MB through a burst
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
  });
  return {
    threads,
    score: (task) => pool.run(task) as Promise<ScoreOutcome>,
    // why the same pool: an audit's batches queue with the score tasks, so /audit never scores on
    // the thread that talks to Discord and never starts threads of its own
    classify: (texts, platform) => pool.run({ texts, platform } satisfies AuditBatch, { name: 'classify' }) as Promise<ClassifiedBatch>,
    close: () => pool.destroy(),
  };
}
