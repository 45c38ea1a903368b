import { loadRules } from '../../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../../src/core/advisor.ts';
import { advise } from '../../src/core/engine.ts';
const { book } = loadRules('rules');
const a = buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
const r = advise(a, { text: process.argv[2]!, platform: (process.env.P ?? 'facebook') as 'facebook', lang: 'auto' });
console.log(r.score, r.band, r.categories, r.findings.map((f) => `${f.id} ${f.points}`), r.suggestions.map((s) => `${s.rule} +${s.gain}`));
