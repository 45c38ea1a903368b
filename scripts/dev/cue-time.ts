import { join } from 'node:path';
import { loadRules } from '../../src/adapters/rules-fs.ts';
import { cueToSource } from '../../src/core/lexicon.ts';
const { book } = loadRules(join(process.cwd(), 'rules'));
const text = (process.argv[2] ?? '\n').repeat(Number(process.argv[3] ?? 20000));
for (const lex of [...book.categories.map((c) => ({ id: c.value.category, cues: c.value.cues })), ...book.risks.map((r) => ({ id: r.value.risk, cues: r.value.cues }))]) {
  for (const lang of ['en', 'de'] as const) for (const c of lex.cues[lang]) {
    const src = typeof c === 'string' ? cueToSource(c) : c.re ?? cueToSource(c.cue!);
    const re = new RegExp(src, 'giu');
    const t = performance.now(); re.lastIndex = 0; while (re.exec(text)) {} const ms = performance.now() - t;
    if (ms > 5) console.log(ms.toFixed(0), lex.id, lang, src.slice(0, 120));
  }
}
