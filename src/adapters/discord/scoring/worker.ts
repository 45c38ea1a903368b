// A scoring thread (piscina): gets the main thread's advisor once (from the build's snapshot, or
// compiled from the rule book handed over as plain data, see advisor-spec.ts), then scores and
// renders posts. Nothing here touches Discord, the database or logs.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { workerData } from 'node:worker_threads';
import { classifyHere, type ClassifiedBatch } from '../../../app/classify.ts';
import { advisorFromSpec, type AdvisorSpec } from '../../advisor-spec.ts';
import type { Platform } from '../../../core/post.ts';
import { runScoreTask, type ScoreOutcome, type ScoreTask } from './task.ts';

/** A batch of an audit's posts, as `classify` below takes it. */
export interface AuditBatch {
  texts: readonly string[];
  platform: Platform;
}

const advisor = advisorFromSpec(workerData as AdvisorSpec);
const classifyBatch = classifyHere(advisor);

/** /audit's posts, a batch at a time (piscina's `name: 'classify'`). */
export function classify({ texts, platform }: AuditBatch): ClassifiedBatch {
  return classifyBatch(texts, platform) as ClassifiedBatch;
}

export default function score(task: ScoreTask): ScoreOutcome {
  return runScoreTask(advisor, task);
}

/** Nothing: loading this module built the advisor, which is what starting a thread early is for. */
export function warm(): void {}

/** This thread's V8 heap, for the benchmarks' memory breakdown (piscina task name `memory`). */
export function memory(): ThreadMemory {
  const h = getHeapStatistics();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]));
  return { heapTotal: h.total_heap_size, heapUsed: h.used_heap_size, physical: h.total_physical_size, external: h.external_memory, spaces };
}

export interface ThreadMemory {
  heapTotal: number;
  heapUsed: number;
  /** Bytes of the heap backed by memory (what this isolate adds to RSS). */
  physical: number;
  external: number;
  /** Physical size of each heap space (new_space, old_space, code_space …). */
  spaces: Record<string, number>;
}
