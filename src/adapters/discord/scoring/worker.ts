// A scoring thread (piscina): gets the main thread's advisor once (from the build's snapshot, or
// compiled from the rule book handed over as plain data, see advisor-spec.ts), then scores and
// renders posts. Nothing here touches Discord, the database or logs.
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
