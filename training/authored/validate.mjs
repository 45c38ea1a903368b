#!/usr/bin/env node
// Checks every <lang>.jsonl here: valid JSON, exactly the agreed fields, known category ids, band equal to the
// band rule, unique ids, tracking_link iff a URL carries tracking parameters, X posts within 280 characters.
// Exit code 1 on any error; prints counts per language and per category.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, LANGUAGES, TRACKING_PARAM, bandOf } from './labels.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const FIELDS = new Set(['id', 'text', 'platform', 'language', 'categories', 'band', 'tags', 'note']);
const errors = [];
const warnings = [];
const ids = new Set();
const texts = new Map();
const perLang = {};
const perCat = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
const perBand = {};

for (const file of readdirSync(here).filter((f) => f.endsWith('.jsonl')).sort()) {
  const lang = file.replace('.jsonl', '');
  readFileSync(join(here, file), 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const at = `${file}:${i + 1}`;
    let p;
    try { p = JSON.parse(line); } catch (e) { errors.push(`${at}: invalid JSON (${e.message})`); return; }
    for (const k of Object.keys(p)) if (!FIELDS.has(k)) errors.push(`${at}: unexpected field ${k}`);
    if (!/^auth-[a-z]{2}-\d{4}$/.test(p.id ?? '')) errors.push(`${at}: bad id ${p.id}`);
    if (ids.has(p.id)) errors.push(`${at}: duplicate id ${p.id}`);
    ids.add(p.id);
    if (typeof p.text !== 'string' || !p.text.trim()) errors.push(`${at}: empty text`);
    if (texts.has(p.text)) errors.push(`${at}: same text as ${texts.get(p.text)}`);
    texts.set(p.text, p.id);
    if (!['facebook', 'twitter'].includes(p.platform)) errors.push(`${at}: bad platform ${p.platform}`);
    if (!LANGUAGES.includes(p.language) || p.language !== lang || !p.id?.startsWith(`auth-${lang}-`)) errors.push(`${at}: language ${p.language} does not match file/id`);
    if (!Array.isArray(p.categories)) { errors.push(`${at}: categories not an array`); return; }
    for (const c of p.categories) if (!CATEGORIES.includes(c)) errors.push(`${at}: unknown category ${c}`);
    if (new Set(p.categories).size !== p.categories.length) errors.push(`${at}: repeated category`);
    if (p.band !== bandOf(p.categories)) errors.push(`${at}: band ${p.band}, rule says ${bandOf(p.categories)}`);
    if (!Array.isArray(p.tags) || p.tags.some((t) => typeof t !== 'string')) errors.push(`${at}: tags must be strings`);
    if ('note' in p && typeof p.note !== 'string') errors.push(`${at}: note must be a string`);
    const tracked = TRACKING_PARAM.test(p.text);
    if (tracked !== p.categories.includes('tracking_link')) errors.push(`${at}: tracking_link ${tracked ? 'missing' : 'without tracking parameter'}`);
    if (p.platform === 'twitter' && [...p.text].length > 280) warnings.push(`${at}: X post has ${[...p.text].length} characters`);
    perLang[lang] = (perLang[lang] ?? 0) + 1;
    for (const c of p.categories) perCat[c] = (perCat[c] ?? 0) + 1;
    perBand[p.band] = (perBand[p.band] ?? 0) + 1;
  });
}
for (const w of warnings) console.warn(`warning ${w}`);
for (const e of errors) console.error(e);
console.log('posts per language', perLang, 'total', ids.size);
console.log('posts per category', perCat);
console.log('posts per band', perBand);
process.exit(errors.length ? 1 : 0);
