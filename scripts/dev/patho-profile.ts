import { join } from 'node:path';
import { loadRules } from '../../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../../src/core/advisor.ts';
import { measure } from '../../src/core/measure.ts';
import { prepareText, clauseStarts } from '../../src/core/text.ts';
const { book } = loadRules(join(process.cwd(), 'rules'));
const a = buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
const text = '\n'.repeat(Number(process.argv[2] ?? 20000));
let t = performance.now(); const p = prepareText(text); console.log('prepare', performance.now() - t);
t = performance.now(); clauseStarts(p.clean); console.log('clauses', performance.now() - t);
for (const lang of ['en', 'de', 'auto'] as const) { t = performance.now(); measure({ text, platform: 'facebook', lang }, a.measureContext); console.log('measure', lang, performance.now() - t); }
import { advise } from '../../src/core/engine.ts';
for (const platform of ['facebook', 'twitter'] as const) { t = performance.now(); advise(a, { text, platform, lang: 'auto' }); console.log('advise', platform, performance.now() - t); }
t = performance.now(); advise(a, { text, platform: 'facebook', lang: 'de' }); console.log('advise de', performance.now() - t);
