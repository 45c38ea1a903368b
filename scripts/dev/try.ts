import { join } from 'node:path';
import { loadRules } from '../../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../../src/core/advisor.ts';
import { advise } from '../../src/core/engine.ts';
import { measure } from '../../src/core/measure.ts';
const { book } = loadRules('rules');
const a = buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
for (const t of process.argv.slice(2)) {
  const r = advise(a, { text: t, platform: (process.env.P ?? 'facebook') as 'facebook', lang: 'auto' });
  const m = measure({ text: t, platform: 'facebook', lang: 'auto' }, a.measureContext);
  console.log(t.slice(0, 60), '→', r.score, r.band, r.language, r.categories, r.signals, JSON.stringify(m.detections.map((d) => [d.label, d.probability.toFixed(2), d.cues])));
}
