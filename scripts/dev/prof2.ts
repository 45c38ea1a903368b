import { loadRules } from '../../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../../src/core/advisor.ts';
import { advise } from '../../src/core/engine.ts';
import { generate } from '../../bench/corpus.ts';
const { book } = loadRules('rules');
const full = buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
const bare = buildAdvisor({ ...book, model: undefined, wordClasses: undefined }, { base: 35, maxSuggestions: 3, disabledRules: [] });
const tweets = generate(20_000, 180, 'twitter');
for (let r = 0; r < 3; r++) for (const [name, a] of [['full', full], ['cues only', bare]] as const) { const t = performance.now(); for (const p of tweets) advise(a, p); console.log(name, Math.round(20000 / (performance.now() - t) * 1000), 'posts/s'); }
