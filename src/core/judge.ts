import type { z } from 'zod';
import { bandOf, fitScore, type Band } from './band.ts';
import type { Check, CheckContext } from './checks/check.ts';
import { checkFor } from './checks/index.ts';
import { presentCategories, type Detected } from './detect.ts';
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
}

export interface Judgement {
  holds: boolean[];
  vars: (Vars | null)[];
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
const plans = new WeakMap<readonly Rule[], Map<string, PlannedRule[]>>();

/** The rules that judge a post of this platform, language and kind, with what each what-if can move. */
export function planFor(rules: readonly Rule[], platform: Platform, lang: DetectedLang, kind: PostKind = 'marketing'): PlannedRule[] {
  let byKey = plans.get(rules);
  if (!byKey) plans.set(rules, (byKey = new Map()));
  const key = `${platform}:${lang}:${kind}`;
  let plan = byKey.get(key);
  if (!plan) {
    const applying = rules.filter((r) => applies(r, platform, lang, kind));
    const reads = applying.map((r) => new Set(checkFor(r.check).reads(r.check)));
    plan = applying.map((rule, i) => ({
      rule,
      check: checkFor(rule.check),
      affects: applying.flatMap((_, j) => ([...reads[j]!].some((k) => reads[i]!.has(k)) ? [j] : [])),
    }));
    byKey.set(key, plan);
  }
  return plan;
}

/** A plan without some rules, with the what-if links recomputed for the rules that stay. */
export function withoutRules(plan: readonly PlannedRule[], ignored: readonly string[]): PlannedRule[] {
  const skip = new Set(ignored);
  const kept = plan.filter((p) => !skip.has(p.rule.id));
  const reads = kept.map((p) => new Set(p.check.reads(p.rule.check)));
  return kept.map((p, i) => ({ ...p, affects: kept.flatMap((_, j) => ([...reads[j]!].some((k) => reads[i]!.has(k)) ? [j] : [])) }));
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
  let weak = false;
  for (const { rule, check } of plan) {
    const v = check.run(m, rule.check, ctx);
    holds.push(v !== null);
    vars.push(v);
    if (!v) continue;
    sum += rule.points;
    if (rule.band === 'weak') weak = true;
  }
  const band = weak ? 'weak' : bandFor(m, sum);
  return { holds, vars, sum, score: fitScore(sum, band), band };
}

/**
 * The band without a weak-making rule: from the tiers a marketing post offers; a reply or service
 * notice offers no deals, so its band follows its score (post-kind.ts).
 */
function bandFor(m: Detected, sum: number): Band {
  return m.kind && m.kind.kind !== 'marketing' ? bandFromScore(sum) : bandOf(presentCategories(m), m.privacyAsk !== null, m.spam.length > 0);
}

/**
 * The rules' sum after one what-if, not kept within 0–100: the sum of now, corrected by the rules
 * that read what the flip changed (the others cannot have moved). Same arithmetic as `judge`.
 * Unclamped, so a fix on a post at 0 still shows what it is worth and ranks first (issue 11.2).
 */
export function sumAfter(plan: readonly PlannedRule[], at: number, now: Judgement, m: Detected, ctx: CheckContext): { sum: number; score: number; band: Band } {
  let next = now.sum;
  const holds = [...now.holds];
  for (const j of plan[at]!.affects) {
    const { rule, check } = plan[j]!;
    const after = check.run(m, rule.check, ctx) !== null;
    if (after !== now.holds[j]) next += after ? rule.points : -rule.points;
    holds[j] = after;
  }
  const weak = plan.some(({ rule }, j) => rule.band === 'weak' && holds[j]);
  const band = weak ? 'weak' : bandFor(m, next);
  return { sum: next, score: fitScore(next, band), band };
}

