// A scoring thread (piscina): builds its own advisor from the same rules and settings as the main
// thread, once, then scores and renders posts. Nothing here touches Discord, the database or logs.
import { workerData } from 'node:worker_threads';
import { buildAdvisor } from '../../../core/advisor.ts';
import type { Lang } from '../../../core/post.ts';
import { loadRules } from '../../rules-fs.ts';
import { runScoreTask, type ScoreOutcome, type ScoreTask } from './task.ts';

/** How a worker builds the advisor: plain data from the composition root. */
export interface AdvisorSpec {
  rulesDir: string;
  disabledRules: string[];
  base: number;
  maxSuggestions: number;
  defaultLang: Lang;
}

const spec = workerData as AdvisorSpec;
const advisor = buildAdvisor(loadRules(spec.rulesDir, spec.disabledRules).book, { base: spec.base, maxSuggestions: spec.maxSuggestions, disabledRules: spec.disabledRules }, spec.defaultLang);

export default function score(task: ScoreTask): ScoreOutcome {
  return runScoreTask(advisor, task);
}
