import type { CategoryId, SignalId } from './category.ts';
import { checkFor } from './checks/index.ts';
import type { Check, CheckContext } from './checks/check.ts';
import type { z } from 'zod';
import { figureOf, type Finding } from './finding.ts';
import type { CompiledCategory } from './lexicon.ts';
import { measure, presentCategories, type MeasureContext, type Measures } from './measure.ts';
import type { DetectedLang, Lang, Platform, Post } from './post.ts';
import type { Rule } from './rule.ts';
import { render, type Vars } from './template.ts';

import { bandOf, fitScore, type Band } from './band.ts';

export type { Band } from './band.ts';

export interface EngineSettings {
  /** Points every post starts from before rules add or take away. */
  base: number;
  maxSuggestions: number;
  disabledRules: readonly string[];
}

/** The compiled catalog plus settings: built once at start-up, then shared by every request. */
export interface Advisor {
  measureContext: MeasureContext;
  rules: readonly Rule[];
  categories: ReadonlyMap<CategoryId, CompiledCategory>;
  findings: ReadonlyMap<string, Finding>;
  settings: EngineSettings;
}

export interface Evidence {
  finding: string;
  figure: string;
  source: string;
  year: number;
  verified: Finding['verified'];
}

export interface FiredRule {
  id: string;
  title: string;
  points: number;
  message: string;
}

export interface Suggestion {
  rule: string;
  title: string;
  text: string;
  gain: number;
  evidence: Evidence;
}

export type NoteId = 'other_language' | 'no_words' | 'hidden_characters' | 'language_guessed';

/** The result of scoring one post. `toJson` in report-json.ts is the stable public shape. */
export interface Report {
  score: number;
  band: Band;
  base: number;
  language: DetectedLang;
  languageDetected: boolean;
  replyLang: Lang;
  platform: Platform;
  categories: CategoryId[];
  signals: SignalId[];
  length: { chars: number; weighted: number; limit: number };
  /** Every rule that held, in order of impact. */
  findings: FiredRule[];
  suggestions: Suggestion[];
  notes: NoteId[];
  /** What matched, per category: the post's own words, for "does well" lines. */
  matches: Partial<Record<CategoryId, string>>;
  /** Why each category or signal was detected: the strongest cues and features of the learned layer. */
  why?: Partial<Record<CategoryId | SignalId, string[]>>;
}

export interface AdviseOptions {
  replyLang?: Lang;
  maxSuggestions?: number;
  /** The user's corrections to what was detected ("Not right?"): categories marked wrong or missing. */
  corrections?: Corrections;
  /** Rule ids this server or user does not want (`/rules ignore`); they neither score nor suggest. */
  ignoredRules?: readonly string[];
}

export interface Corrections {
  wrong?: readonly CategoryId[];
  missing?: readonly CategoryId[];
}

/** The measures with the user's corrections applied: what they marked wrong is gone, what they marked missing is there. */
export function applyCorrections(m: Measures, c: Corrections): Measures {
  if (!c.wrong?.length && !c.missing?.length) return m;
  const categories = { ...m.categories };
  for (const id of c.wrong ?? []) categories[id] = undefined;
  for (const id of c.missing ?? []) categories[id] ??= { lexicon: id, text: '', index: -1, cue: '(marked by the user)' };
  return { ...m, categories };
}

/** A rule with what the engine needs at hand: its check kind, and the rules a what-if can move. */
interface PlannedRule {
  rule: Rule;
  check: Check<z.ZodType>;
  /** Indices (in the plan) of the rules that read what this rule's flip changes, itself included. */
  affects: number[];
}

interface Judgement {
  holds: boolean[];
  vars: (Vars | null)[];
  sum: number;
  score: number;
  band: Band;
}

function applies(rule: Rule, platform: Platform, lang: DetectedLang): boolean {
  if (rule.platforms !== 'all' && !rule.platforms.includes(platform)) return false;
  if (rule.languages === 'all') return true;
  return lang !== 'other' && rule.languages.includes(lang);
}

// why: which rules apply depends only on platform and language; plan each pair once per advisor
const plans = new WeakMap<Advisor, Map<string, PlannedRule[]>>();

function planFor(advisor: Advisor, platform: Platform, lang: DetectedLang): PlannedRule[] {
  let byKey = plans.get(advisor);
  if (!byKey) plans.set(advisor, (byKey = new Map()));
  const key = `${platform}:${lang}`;
  let plan = byKey.get(key);
  if (!plan) {
    const rules = advisor.rules.filter((r) => applies(r, platform, lang));
    const reads = rules.map((r) => new Set(checkFor(r.check).reads(r.check)));
    plan = rules.map((rule, i) => ({
      rule,
      check: checkFor(rule.check),
      affects: rules.flatMap((_, j) => ([...reads[j]!].some((k) => reads[i]!.has(k)) ? [j] : [])),
    }));
    byKey.set(key, plan);
  }
  return plan;
}

/** A plan without some rules, with the what-if links recomputed for the rules that stay. */
function withoutRules(plan: readonly PlannedRule[], ignored: readonly string[]): PlannedRule[] {
  const skip = new Set(ignored);
  const kept = plan.filter((p) => !skip.has(p.rule.id));
  const reads = kept.map((p) => new Set(p.check.reads(p.rule.check)));
  return kept.map((p, i) => ({ ...p, affects: kept.flatMap((_, j) => ([...reads[j]!].some((k) => reads[i]!.has(k)) ? [j] : [])) }));
}

function judge(advisor: Advisor, plan: readonly PlannedRule[], m: Measures, ctx: CheckContext): Judgement {
  const holds: boolean[] = [];
  const vars: (Vars | null)[] = [];
  let sum = advisor.settings.base;
  let weak = false;
  for (const { rule, check } of plan) {
    const v = check.run(m, rule.check, ctx);
    holds.push(v !== null);
    vars.push(v);
    if (!v) continue;
    sum += rule.points;
    if (rule.band === 'weak') weak = true;
  }
  const band = weak ? 'weak' : bandOf(presentCategories(m), m.privacyAsk !== null, m.spam.length > 0);
  return { holds, vars, sum, score: fitScore(sum, band), band };
}

/**
 * The score after one what-if: the unclamped sum of now, corrected by the rules that read what
 * the flip changed (the others cannot have moved). Same arithmetic as `judge`.
 */
function scoreAfter(plan: readonly PlannedRule[], at: number, now: Judgement, m: Measures, ctx: CheckContext): number {
  let next = now.sum;
  const holds = [...now.holds];
  for (const j of plan[at]!.affects) {
    const { rule, check } = plan[j]!;
    const after = check.run(m, rule.check, ctx) !== null;
    if (after !== now.holds[j]) next += after ? rule.points : -rule.points;
    holds[j] = after;
  }
  const weak = plan.some(({ rule }, j) => rule.band === 'weak' && holds[j]);
  return fitScore(next, weak ? 'weak' : bandOf(presentCategories(m), m.privacyAsk !== null, m.spam.length > 0));
}

function evidenceFor(rule: Rule, findings: ReadonlyMap<string, Finding>, lang: Lang): Evidence {
  const f = findings.get(rule.findings[0]!);
  if (!f) return { finding: rule.findings[0]!, figure: '', source: '', year: 0, verified: 'no' };
  return { finding: f.id, figure: figureOf(f, lang), source: `${f.study.publisher}: ${f.study.title}`, year: f.study.year, verified: f.verified };
}

function platformName(p: Platform, lang: Lang): string {
  return p === 'twitter' ? 'X/Twitter' : 'Facebook';
}

/** Scores one post against the rules that apply to it and ranks what would raise the score. */
export function advise(advisor: Advisor, post: Post, options: AdviseOptions = {}): Report {
  return judgeMeasured(advisor, measure(post, advisor.measureContext), options);
}

/** The judging half of `advise`, for a post already measured. */
export function judgeMeasured(advisor: Advisor, m: Measures, options: AdviseOptions = {}): Report {
  const replyLang: Lang = options.replyLang ?? (m.lang === 'other' ? advisor.measureContext.defaultLang : m.lang);
  const ctx: CheckContext = { categories: advisor.categories, findings: advisor.findings, replyLang, wording: true };
  const whatIf: CheckContext = { ...ctx, wording: false };
  if (options.corrections) m = applyCorrections(m, options.corrections);
  const plan = options.ignoredRules?.length ? withoutRules(planFor(advisor, m.platform, m.lang), options.ignoredRules) : planFor(advisor, m.platform, m.lang);
  const now = judge(advisor, plan, m, ctx);
  const global: Vars = { platform: platformName(m.platform, replyLang) };

  const candidates: { at: number; gain: number }[] = [];
  for (let i = 0; i < plan.length; i++) {
    const { rule, check } = plan[i]!;
    if (!rule.advice || !check.flip || (rule.points > 0) === now.holds[i]) continue;
    const gain = scoreAfter(plan, i, now, check.flip(m, rule.check), whatIf) - now.score;
    if (gain > 0) candidates.push({ at: i, gain });
  }
  candidates.sort((a, b) => b.gain - a.gain || (plan[a.at]!.rule.id < plan[b.at]!.rule.id ? -1 : 1));
  // why: wording and evidence only for the suggestions that are shown
  const suggestions: Suggestion[] = candidates.slice(0, options.maxSuggestions ?? advisor.settings.maxSuggestions).map(({ at, gain }) => {
    const rule = plan[at]!.rule;
    return {
      rule: rule.id,
      title: rule.title[replyLang],
      text: render(rule.suggestion[replyLang], now.vars[at] ?? global, global),
      gain,
      evidence: evidenceFor(rule, advisor.findings, replyLang),
    };
  });

  const findings = plan
    .flatMap(({ rule }, i) => (now.vars[i] ? [{ id: rule.id, title: rule.title[replyLang], points: rule.points, message: render(rule.message[replyLang], now.vars[i], global) }] : []))
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.id < b.id ? -1 : 1));

  const signals: SignalId[] = [];
  if (m.privacyAsk) signals.push('privacy_ask');
  if (m.spam.length > 0) signals.push('spam_signals');
  if (m.links.some((l) => l.tracked)) signals.push('tracking_link');

  const notes: NoteId[] = [];
  if (m.lang === 'other') notes.push('other_language');
  if (m.words === 0) notes.push('no_words');
  if (m.hidden.zeroWidth + m.hidden.bidiControls + m.hidden.controls + m.hidden.loneSurrogates > 0) notes.push('hidden_characters');

  const categories = presentCategories(m);
  const matches: Report['matches'] = {};
  for (const id of categories) matches[id] = m.categories[id]!.text;
  const why: NonNullable<Report['why']> = {};
  for (const d of m.detections) if ((categories as string[]).includes(d.label) || (d.label === 'privacy_ask' && m.privacyAsk)) why[d.label as CategoryId] = d.cues;
  for (const id of categories) why[id] ??= [m.categories[id]!.cue];
  if (m.spam.length > 0) why.spam_signals = m.spam.map((r) => `spam:${r}`);
  if (m.links.some((l) => l.tracked)) why.tracking_link = m.links.filter((l) => l.tracked).map((l) => l.url);

  return {
    score: now.score,
    band: now.band,
    base: advisor.settings.base,
    language: m.lang,
    languageDetected: m.langDetected,
    replyLang,
    platform: m.platform,
    categories,
    signals,
    length: { chars: m.chars, weighted: m.weighted, limit: m.limit },
    findings,
    suggestions,
    notes,
    matches,
    why,
  };
}

