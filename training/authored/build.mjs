#!/usr/bin/env node
// Builds <lang>.jsonl from the hand-written sources in src/<lang>-<nn>.txt.
// Source format: a record starts with a header line
//   ## <fb|tw> | <category abbreviations or ids> | <tags> | <optional note>
// and its text is every following line up to the next header (trimmed). `\uXXXX` in a text is
// decoded so invisible characters (zero-width, U+202E, combining marks) stay visible in the source.
// Ids are assigned in file order (auth-<lang>-0001 …) and the band is computed, never typed.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, LANGUAGES, bandOf } from './labels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ABBR = {
  d: 'discount', p: 'purchase_cta', l: 'loyalty', x: 'exclusive', r: 'reviews', ci: 'company_info',
  pn: 'product_news', cs: 'customer_service', o: 'opinion_request', e: 'event', c: 'contest', cm: 'community',
  pa: 'privacy_ask', sp: 'spam_signals', tl: 'tracking_link',
};
const PLATFORM = { fb: 'facebook', tw: 'twitter' };
const decode = (s) => s.replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})/g, (_, a, b) => String.fromCodePoint(parseInt(a ?? b, 16)));

const files = readdirSync(join(here, 'src')).filter((f) => f.endsWith('.txt')).sort();
let failed = false;
for (const lang of LANGUAGES) {
  const out = [];
  for (const file of files.filter((f) => f.startsWith(`${lang}-`))) {
    const lines = readFileSync(join(here, 'src', file), 'utf8').split('\n');
    let rec = null;
    const flush = () => {
      if (!rec) return;
      const text = decode(rec.body.join('\n').trim());
      if (!text) { console.error(`${file}:${rec.line}: empty text`); failed = true; }
      out.push({ ...rec, text });
    };
    lines.forEach((line, i) => {
      if (line.startsWith('## ')) {
        flush();
        const [plat, cats = '', tags = '', ...note] = line.slice(3).split('|').map((s) => s.trim());
        const categories = cats.split(/[\s,]+/).filter(Boolean).map((c) => ABBR[c] ?? c);
        for (const c of categories) if (!CATEGORIES.includes(c)) { console.error(`${file}:${i + 1}: unknown category ${c}`); failed = true; }
        if (!PLATFORM[plat]) { console.error(`${file}:${i + 1}: unknown platform ${plat}`); failed = true; }
        rec = { file, line: i + 1, platform: PLATFORM[plat], categories: [...new Set(categories)], tags: tags.split(/[\s,]+/).filter(Boolean), note: note.join('|'), body: [] };
      } else if (rec) rec.body.push(line);
    });
    flush();
  }
  if (!out.length) continue;
  const order = (c) => CATEGORIES.indexOf(c);
  const jsonl = out.map((r, n) => {
    const categories = [...r.categories].sort((a, b) => order(a) - order(b));
    const obj = { id: `auth-${lang}-${String(n + 1).padStart(4, '0')}`, text: r.text, platform: r.platform, language: lang, categories, band: bandOf(categories), tags: r.tags };
    if (r.note) obj.note = r.note;
    return JSON.stringify(obj);
  });
  writeFileSync(join(here, `${lang}.jsonl`), jsonl.join('\n') + '\n');
  console.log(`${lang}.jsonl: ${jsonl.length}`);
}
process.exit(failed ? 1 : 0);
