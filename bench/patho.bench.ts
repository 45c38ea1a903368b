// npm run bench:patho: every pathological input family at 100,000 characters against a normal
// 100,000-character post (target: each within 0.5 s of the normal post).
import { join } from 'node:path';
import { loadRules } from '../src/adapters/rules-fs.ts';
import { buildAdvisor } from '../src/core/advisor.ts';
import { advise } from '../src/core/engine.ts';
import { normalPost, PATHO_FAMILIES } from './patho-inputs.ts';

const { book } = loadRules(join(process.cwd(), 'rules'));
const advisor = buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
const SIZE = 100_000;

function time(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    advise(advisor, { text, platform: 'twitter', lang: 'auto' });
    advise(advisor, { text, platform: 'facebook', lang: 'en' });
    advise(advisor, { text, platform: 'facebook', lang: 'de' });
    best = Math.min(best, performance.now() - t);
  }
  return best / 3;
}

const normal = time(normalPost(SIZE));
console.log(`Node ${process.version}; each figure: best of 3, mean of X (language detected), Facebook in English and in German, ${SIZE.toLocaleString('en-US')} characters\n`);
console.log('input'.padEnd(34), 'ms'.padStart(9), 'Δ normal'.padStart(10), 'target'.padStart(8));
console.log('normal post'.padEnd(34), normal.toFixed(1).padStart(9));
let worst = 0;
for (const [name, make] of Object.entries(PATHO_FAMILIES)) {
  const ms = time(make(SIZE));
  worst = Math.max(worst, ms - normal);
  console.log(name.padEnd(34), ms.toFixed(1).padStart(9), `${ms - normal >= 0 ? '+' : ''}${(ms - normal).toFixed(1)}`.padStart(10), (ms - normal <= 500 ? 'met' : 'NOT met').padStart(8));
}
console.log(`\nworst family: ${worst.toFixed(1)} ms above a normal post (target ≤ 500 ms)`);
