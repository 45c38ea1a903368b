import { z } from 'zod';
import { CategoryId } from './category.ts';
import { clauseAt } from './text.ts';
import type { CompiledLanguage } from './language.ts';
import type { Lang } from './post.ts';

/**
 * A cue is a phrase in a small pattern language (lower case):
 * - words separated by spaces match any run of spaces or hyphens ("fans only" = "fans-only");
 * - `*` stands for any letters, so `*rabatt*` also finds "Sommerrabatt" and "Rabattcode";
 * - without a `*` at an end, the cue must start/end at a word boundary ("aktion" ≠ "Redaktion");
 * - `re:` takes a regular expression instead (matched against the lower-cased post unless
 *   `case: sensitive`, then against the post as written).
 */
const CueText = z.string().min(1);
const CueObject = z
  .strictObject({
    cue: CueText.optional(),
    re: z.string().min(1).optional(),
    case: z.enum(['insensitive', 'sensitive']).default('insensitive'),
    /** The match does not count when one of these cues stands in the same clause. */
    unless: z.array(CueText).default([]),
    /** The match only counts when one of these cues also stands somewhere in the post. */
    needs: z.array(CueText).default([]),
    /** Whether "no", "kein" … before the match cancel it. */
    negatable: z.boolean().default(true),
    /** Why this cue is shaped the way it is; for authors, never shown to users. */
    note: z.string().optional(),
  })
  .refine((c) => (c.cue === undefined) !== (c.re === undefined), { message: 'give exactly one of `cue` or `re`' })
  .refine((c) => c.case === 'insensitive' || c.re !== undefined, { message: '`case: sensitive` needs `re`' });
export const Cue = z.union([CueText, CueObject]);
export type Cue = z.infer<typeof Cue>;

const Example = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), lang: z.enum(['en', 'de']).optional(), note: z.string().optional() }),
]);
export type CategoryExample = z.infer<typeof Example>;

/** rules/categories/<id>.yml: how to recognise one content category in English and German. */
/** Lists reused within one file through YAML anchors (`&name` … `*name`); not read otherwise. */
const Shared = z.record(z.string(), z.unknown()).optional();

export const CategoryFileSchema = z.strictObject({
  shared: Shared,
  category: CategoryId,
  /** want: what fans come for; neutral; overrated: what companies overrate (the perception gap). */
  tier: z.enum(['want', 'neutral', 'overrated']),
  title: z.strictObject({ en: z.string().min(1), de: z.string().min(1) }),
  findings: z.array(z.string().min(1)).min(1),
  cues: z.strictObject({ en: z.array(Cue).min(1), de: z.array(Cue).min(1) }),
  examples: z.strictObject({ present: z.array(Example).min(2), absent: z.array(Example).min(2) }),
});
export type CategoryFile = z.infer<typeof CategoryFileSchema>;

/** Risk lexicons the spam and privacy signals are built from: rules/risks/<id>.yml. */
export const RiskId = z.enum(['privacy_ask', 'engagement_bait', 'addressed_to_scorer']);
export type RiskId = z.infer<typeof RiskId>;
export const RiskFileSchema = z.strictObject({
  shared: Shared,
  risk: RiskId,
  title: z.strictObject({ en: z.string().min(1), de: z.string().min(1) }),
  findings: z.array(z.string().min(1)).min(1),
  cues: z.strictObject({ en: z.array(Cue).min(1), de: z.array(Cue).min(1) }),
  examples: z.strictObject({ present: z.array(Example).min(2), absent: z.array(Example).min(2) }),
});
export type RiskFile = z.infer<typeof RiskFileSchema>;

const WORDCH = '[\\p{L}\\p{N}]';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns a cue phrase into a regular-expression source (see the pattern language above). */
export function cueToSource(cue: string): string {
  const text = cue.trim().toLowerCase();
  const head = text.startsWith('*') ? '' : `(?<!${WORDCH})`;
  const tail = text.endsWith('*') ? '' : `(?!${WORDCH})`;
  const body = text
    .replace(/^\*+|\*+$/g, '')
    .split('*')
    .map((part) =>
      part
        .split(/\s+/)
        .map((word) =>
          escapeRe(word)
            .replace(/\\-|-/g, '[\\s\\-]?')
            .replace(/['’]/g, "['’]?"),
        )
        .join('[\\s\\-]+'),
    )
    .join(`${WORDCH}*`);
  const edgeHead = text.startsWith('*') ? `${WORDCH}*` : '';
  const edgeTail = text.endsWith('*') ? `${WORDCH}*` : '';
  return `${head}${edgeHead}${body}${edgeTail}${tail}`;
}

interface CompiledCue {
  label: string;
  groupIndex: number;
  negatable: boolean;
  unless: RegExp | null;
  needs: RegExp | null;
}

interface CueGroup {
  regex: RegExp;
  cues: CompiledCue[];
  onLower: boolean;
}

/** A compiled cue list: one or two regex scans per language. */
export interface CompiledLexicon<Id extends string = string> {
  id: Id;
  byLang: Record<Lang, CueGroup[]>;
}

export interface CompiledCategory extends CompiledLexicon<CategoryId> {
  tier: CategoryFile['tier'];
  title: CategoryFile['title'];
  findings: string[];
}

export interface CategoryMatch {
  lexicon: string;
  /** The post's own words that matched, as written. */
  text: string;
  index: number;
  cue: string;
}

function groupCount(source: string): number {
  return (new RegExp(`${source}|`, 'u').exec('')?.length ?? 1) - 1;
}

/** `needs`/`unless` entries: cue phrases, or raw expressions written `re:<expression>`. */
function anyOf(cues: readonly string[]): RegExp | null {
  if (cues.length === 0) return null;
  return new RegExp(cues.map((c) => (c.startsWith('re:') ? `(?:${c.slice(3)})` : cueToSource(c))).join('|'), 'u');
}

function compileGroup(cues: readonly Cue[], onLower: boolean): CueGroup | null {
  const compiled: CompiledCue[] = [];
  const parts: string[] = [];
  let group = 1;
  for (const c of cues) {
    const obj = typeof c === 'string' ? { cue: c, re: undefined, case: 'insensitive' as const, unless: [], needs: [], negatable: true } : c;
    if ((obj.case === 'insensitive') !== onLower) continue;
    const source = obj.re ?? cueToSource(obj.cue!);
    compiled.push({
      label: obj.re !== undefined ? `re:${obj.re}` : obj.cue!,
      groupIndex: group,
      negatable: obj.negatable,
      unless: anyOf(obj.unless),
      needs: anyOf(obj.needs),
    });
    parts.push(`(${source})`);
    group += 1 + groupCount(source);
  }
  if (parts.length === 0) return null;
  return { regex: new RegExp(parts.join('|'), 'gu'), cues: compiled, onLower };
}

/** Compiles cue lists once, at start-up; matching then costs one scan per group. */
export function compileLexicon<Id extends string>(id: Id, cues: Record<Lang, readonly Cue[]>): CompiledLexicon<Id> {
  const byLang = {} as Record<Lang, CueGroup[]>;
  for (const lang of ['en', 'de'] as const) {
    byLang[lang] = [compileGroup(cues[lang], true), compileGroup(cues[lang], false)].filter((g): g is CueGroup => g !== null);
  }
  return { id, byLang };
}

export function compileCategory(file: CategoryFile): CompiledCategory {
  return { ...compileLexicon(file.category, file.cues), tier: file.tier, title: file.title, findings: file.findings };
}

const WORDS = /[\p{L}\p{N}'’]+/gu;

function wordsIn(s: string): string[] {
  return s.match(WORDS) ?? [];
}

/** True when a negator stands shortly before the match (or, where the language has them, after it). */
export function isNegated(lower: string, clause: [number, number], start: number, end: number, lang: CompiledLanguage): boolean {
  const before = wordsIn(lower.slice(clause[0], start)).slice(-lang.window);
  for (let i = 0; i < before.length; i++) {
    if (!lang.negators.has(before[i]!)) continue;
    const following = [...before.slice(i + 1), ...wordsIn(lower.slice(start, end))];
    if (!following.some((w) => lang.breakers.some((b) => w.startsWith(b)))) return true;
  }
  if (lang.negatorsAfter.size > 0) {
    const after = wordsIn(lower.slice(end, clause[1])).slice(0, 4);
    for (let i = 0; i < after.length; i++) {
      if (!lang.negatorsAfter.has(after[i]!)) continue;
      const rest = after.slice(i + 1);
      if (!rest.some((w) => lang.breakers.some((b) => w.startsWith(b)))) return true;
    }
  }
  return false;
}

/** Finds the first match of a lexicon that is neither negated nor ruled out by its context. */
export function findCue(
  cat: CompiledLexicon,
  text: { clean: string; lower: string },
  clauses: readonly number[],
  lang: CompiledLanguage,
): CategoryMatch | null {
  for (const group of cat.byLang[lang.lang]) {
    const subject = group.onLower ? text.lower : text.clean;
    const re = group.regex;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(subject)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const cue = group.cues.find((c) => m![c.groupIndex] !== undefined)!;
      const clause = clauseAt(clauses, subject.length, start);
      const ok =
        !(cue.negatable && isNegated(text.lower, clause, start, end, lang)) &&
        !(cue.unless && cue.unless.test(text.lower.slice(clause[0], clause[1]))) &&
        !(cue.needs && !cue.needs.test(text.lower));
      if (ok) return { lexicon: cat.id, text: text.clean.slice(start, end), index: start, cue: cue.label };
      // why: a rejected match may overlap a valid one that starts later; rescan from the next char
      re.lastIndex = start + 1;
    }
  }
  return null;
}
