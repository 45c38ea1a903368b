// A scoring thread (piscina): gets the main thread's advisor once (from the build's snapshot, or
// compiled from the rule book handed over as plain data, see advisor-spec.ts), then scores and
// renders posts. Nothing here touches Discord, the database or logs.
import { workerData } from 'node:worker_threads';
import { advisorFromSpec, type AdvisorSpec } from '../../advisor-spec.ts';
import { runScoreTask, type ScoreOutcome, type ScoreTask } from './task.ts';

const advisor = advisorFromSpec(workerData as AdvisorSpec);

export default function score(task: ScoreTask): ScoreOutcome {
  return runScoreTask(advisor, task);
}
