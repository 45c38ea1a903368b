// A worker thread of the audit's pool: builds its own engine from rules/ once, then scores
// batches of posts exactly as the main thread would (same rules, same settings).
import { workerData } from 'node:worker_threads';
import { classifyHere } from '../../app/audit-page.ts';
import { buildAdvisor } from '../../core/advisor.ts';
import type { EngineSettings } from '../../core/engine.ts';
import type { Lang, Platform } from '../../core/post.ts';
import { loadRules } from '../rules-fs.ts';

export interface WorkerSetup {
  rulesDir: string;
  settings: EngineSettings;
  defaultLang: Lang;
}

const setup = workerData as WorkerSetup;
const classify = classifyHere(buildAdvisor(loadRules(setup.rulesDir, setup.settings.disabledRules).book, setup.settings, setup.defaultLang));

export default function run({ texts, platform }: { texts: string[]; platform: Platform }) {
  return classify(texts, platform);
}
