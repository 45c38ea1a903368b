// A scoring thread (piscina): builds its own advisor, once, from the rule book and settings the
// composition root loaded and handed over as plain data, then scores and renders posts. Nothing
// here reads files or touches Discord, the database or logs.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { workerData } from 'node:worker_threads';
import { buildAdvisor, type RuleBook } from '../../../core/advisor.ts';
import type { EngineSettings } from '../../../core/engine.ts';
import type { Lang } from '../../../core/post.ts';
import { runScoreTask, type ScoreOutcome, type ScoreTask } from './task.ts';

/** How a worker builds the advisor: exactly what src/main.ts built the main thread's from. */
export interface AdvisorSpec {
  book: RuleBook;
  settings: EngineSettings;
  defaultLang: Lang;
}

const spec = workerData as AdvisorSpec;
const advisor = buildAdvisor(spec.book, spec.settings, spec.defaultLang);

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
