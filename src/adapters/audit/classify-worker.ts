// A worker thread of the audit's pool: compiles the rule book the main thread loaded (handed over
// as data) once, then scores batches of posts exactly as the main thread would.
import { workerData } from 'node:worker_threads';
import { classifyHere } from '../../app/audit-page.ts';
import { buildAdvisor, type RuleBook } from '../../core/advisor.ts';
import type { EngineSettings } from '../../core/engine.ts';
import type { Lang, Platform } from '../../core/post.ts';

export interface WorkerSetup {
  book: RuleBook;
  settings: EngineSettings;
  defaultLang: Lang;
}

const setup = workerData as WorkerSetup;
const classify = classifyHere(buildAdvisor(setup.book, setup.settings, setup.defaultLang));

export default function run({ texts, platform }: { texts: string[]; platform: Platform }) {
  return classify(texts, platform);
}
