// A scoring thread (piscina): builds its own advisor, once, from the rule book and settings the
// composition root loaded and handed over as plain data, then scores and renders posts. Nothing
// here reads files or touches Discord, the database or logs.
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
