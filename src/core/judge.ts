import type { z } from 'zod';
import { bandOfFound, fitScore, type Band } from './band.ts';
import type { CategoryId } from './category.ts';
import type { Check, CheckContext } from './checks/check.ts';
import { checkFor } from './checks/index.ts';
import type { Detected } from './detect.ts';
import type { DetectedLang, Platform } from './post.ts';
import { bandFromScore, type PostKind } from './post-kind.ts';
import type { Rule } from './rule.ts';
import type { Vars } from './template.ts';

// The judge stage: the rules that apply to a post, each rule's check run on what the detect stage
// produced, and the sum, score and band that follow. `sumAfter` re-judges one what-if for the plan stage.

/** A rule with what the engine needs at hand: its check kind, and the rules a what-if can move. */
export interface PlannedRule {
  rule: Rule;
  check: Check<z.ZodType>;
  /** Indices (in the plan) of the rules that read what this rule's flip changes, itself included. */
  affects: number[];
  /** What this rule's flip writes (what its check reads): measure names, and single categories. */
  writes: { fields: readonly (keyof Detected)[]; categories: readonly CategoryId[] };
}

export interface Judgement {
  holds: boolean[];
  vars: (Vars | null)[];
  /** How many of the rules that make a post weak hold. */
  weak: number;
  sum: number;
  score: number;
  band: Band;
}

function applies(rule: Rule, platform: Platform, lang: DetectedLang, kind: PostKind): boolean {
  if (rule.platforms !== 'all' && !rule.platforms.includes(platform)) return false;
  if (rule.kinds !== 'all' && !rule.kinds.includes(kind)) return false;
  if (rule.languages === 'all') return true;
  return lang !== 'other' && rule.languages.includes(lang);
}

// why: which rules apply depends only on platform, language and kind; plan each once per rule list (per advisor)
const plans = new WeakMap<readonly Rule[], Map<Platform, Map<DetectedLang, Map<PostKind, PlannedRule[]>>>>();

function cached<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** The rules that judge a post of this platform, language and kind, with what each what-if can move. */
export function planFor(rules: readonly Rule[], platform: Platform, lang: DetectedLang, kind: PostKind = 'marketing'): PlannedRule[] {
  let byPlatform = plans.get(rules);
  if (!byPlatform) plans.set(rules, (byPlatform = new Map()));
  const byLang = cached(byPlatform, platform, () => new Map<DetectedLang, Map<PostKind, PlannedRule[]>>());
  const byKind = cached(byLang, lang, () => new Map<PostKind, PlannedRule[]>());
  return cached(byKind, kind, () => linked(rules.filter((r) => applies(r, platform, lang, kind)).map((rule) => ({ rule, check: checkFor(rule.check) }))));
}

/** Rules with what each what-if can move: the rules reading what its flip writes, and those writes. */
function linked(rules: readonly { rule: Rule; check: Check<z.ZodType> }[]): PlannedRule[] {
  const reads = rules.map(({ rule, check }) => new Set(check.reads(rule.check)));
  return rules.map(({ rule, check }, i) => {
    const fields: (keyof Detected)[] = [];
    const categories: CategoryId[] = [];
    for (const k of reads[i]!) {
      if (k.startsWith('categories:')) categories.push(k.slice('categories:'.length) as CategoryId);
      else fields.push(k as keyof Detected);
    }
    return { rule, check, affects: rules.flatMap((_, j) => ([...reads[j]!].some((k) => reads[i]!.has(k)) ? [j] : [])), writes: { fields, categories } };
  });
}

/** A plan without some rules, with the what-if links recomputed for the rules that stay. */
export function withoutRules(plan: readonly PlannedRule[], ignored: readonly string[]): PlannedRule[] {
  const skip = new Set(ignored);
  return linked(plan.filter((p) => !skip.has(p.rule.id)));
}

/** The signals that each take the band a step down (band.ts). */
export function bandRisks(m: Detected): number {
  return (m.privacyAsk !== null ? 1 : 0) + (m.spam.length > 0 ? 1 : 0);
}

/** Runs every planned rule's check once: which hold, their vars, the sum from `base`, the score and band. */
export function judge(base: number, plan: readonly PlannedRule[], m: Detected, ctx: CheckContext): Judgement {
  const holds: boolean[] = [];
  const vars: (Vars | null)[] = [];
  let sum = base;
  let weak = 0;
  for (const { rule, check } of plan) {
    const v = check.run(m, rule.check, ctx);
    holds.push(v !== null);
    vars.push(v);
    if (!v) continue;
    sum += rule.points;
    if (rule.band === 'weak') weak++;
  }
  const band = weak > 0 ? 'weak' : bandFor(m, sum);
  return { holds, vars, weak, sum, score: fitScore(sum, band), band };
}

/**
 * The band without a weak-making rule: from the tiers a marketing post offers; a reply or service
 * notice offers no deals, so its band follows its score (post-kind.ts).
 */
function bandFor(m: Detected, sum: number): Band {
  return m.kind && m.kind.kind !== 'marketing' ? bandFromScore(sum) : bandOfFound(m.categories, m.privacyAsk !== null, m.spam.length > 0);
}

/**
 * A working copy of the measures for what-ifs: each flip writes into it (checks/check.ts) and
 * `undoFlip` puts that back, so the plan stage copies the measures once per post, not per what-if.
 */
export function whatIfCopy(m: Detected): Detected {
  // why a copy, then the categories replaced: the same object as `{ ...m, categories: … }`, which
  // Node 20 builds on a slow path (~0.2 µs a post more) when a spread is followed by a property
  const copy = { ...m };
  copy.categories = { ...m.categories };
  return copy;
}

/** Puts back in the working copy what a rule's flip wrote, from the post's measures. */
export function undoFlip(whatIf: Detected, m: Detected, planned: PlannedRule): void {
  for (const f of planned.writes.fields) (whatIf as unknown as Record<string, unknown>)[f] = m[f];
  for (const c of planned.writes.categories) whatIf.categories[c] = m.categories[c];
}

/**
 * The rules' sum after one what-if (rule `at` flipped in `whatIf`), not kept within 0–100: the sum
 * of now, corrected by the rules that read what the flip changed (the others cannot have moved).
 * Same arithmetic as `judge`. Unclamped, so a fix on a post at 0 still shows what it is worth and
 * ranks first (issue 11.2).
 */
export function sumAfter(plan: readonly PlannedRule[], at: number, now: Judgement, whatIf: Detected, ctx: CheckContext): { sum: number; score: number; band: Band } {
  let next = now.sum;
  let weak = now.weak;
  for (const j of plan[at]!.affects) {
    const { rule, check } = plan[j]!;
    const after = check.run(whatIf, rule.check, ctx) !== null;
    if (after === now.holds[j]) continue;
    next += after ? rule.points : -rule.points;
    if (rule.band === 'weak') weak += after ? 1 : -1;
  }
  const band = weak > 0 ? 'weak' : bandFor(whatIf, next);
  return { sum: next, score: fitScore(next, band), band };
}
