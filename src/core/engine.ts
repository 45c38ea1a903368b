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
import { bandFromScore, kindOf, withKind, type CompiledKinds, type KindFacts, type PostKind } from './post-kind.ts';
import { scopeRisks, type RiskScopes } from './risk-scope.ts';

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
  /** What kind of post it is (rules/lexicons/kinds.yml); without it every post is judged as marketing. */
  kinds?: CompiledKinds;
  /** Risk signals whose evidence is about some platforms only (a risk file's `platforms`). */
  riskScopes?: RiskScopes;
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
  /**
   * What following it is worth: the score's change, or the points it adds to the rules' sum when
   * that is more (removing a −30 penalty is worth 30 even while another problem holds the score
   * at 0). Suggestions rank by the sum's change, unclamped.
   */
  gain: number;
  evidence: Evidence;
}

export type NoteId = 'other_language' | 'no_words' | 'hidden_characters' | 'language_guessed' | 'risk_other_platform';

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
  /** The kind of post it was judged as, and whether the engine recognised it or the user chose it. */
  kind: KindFacts;
  /** Why each category or signal was detected: the strongest cues and features of the learned layer. */
  why?: Partial<Record<CategoryId | SignalId, string[]>>;
}

export interface AdviseOptions {
  replyLang?: Lang;
  maxSuggestions?: number;
  /** The user's choice of kind; recognised from the text when absent. */
  kind?: PostKind;
  /** The kind as `advise` recognised it from the text (judgeMeasured has only the measures). */
  kindFacts?: KindFacts;
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

function applies(rule: Rule, platform: Platform, lang: DetectedLang, kind: PostKind): boolean {
  if (rule.platforms !== 'all' && !rule.platforms.includes(platform)) return false;
  if (rule.kinds !== 'all' && !rule.kinds.includes(kind)) return false;
  if (rule.languages === 'all') return true;
  return lang !== 'other' && rule.languages.includes(lang);
}

// why: which rules apply depends only on platform and language; plan each pair once per advisor
const plans = new WeakMap<Advisor, Map<string, PlannedRule[]>>();

function planFor(advisor: Advisor, platform: Platform, lang: DetectedLang, kind: PostKind = 'marketing'): PlannedRule[] {
  let byKey = plans.get(advisor);
  if (!byKey) plans.set(advisor, (byKey = new Map()));
  const key = `${platform}:${lang}:${kind}`;
  let plan = byKey.get(key);
  if (!plan) {
    const rules = advisor.rules.filter((r) => applies(r, platform, lang, kind));
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

const BAND_ORDER: Record<Band, number> = { weak: 0, ok: 1, strong: 2 };

/** The signals that each take the band a step down (band.ts). */
function bandRisks(m: Measures): number {
  return (m.privacyAsk !== null ? 1 : 0) + (m.spam.length > 0 ? 1 : 0);
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
  const band = weak ? 'weak' : bandFor(m, sum);
  return { holds, vars, sum, score: fitScore(sum, band), band };
}

/**
 * The band without a weak-making rule: from the tiers a marketing post offers; a reply or service
 * notice offers no deals, so its band follows its score (post-kind.ts).
 */
function bandFor(m: Measures, sum: number): Band {
  return m.kind && m.kind.kind !== 'marketing' ? bandFromScore(sum) : bandOf(presentCategories(m), m.privacyAsk !== null, m.spam.length > 0);
}

/**
 * The rules' sum after one what-if, not kept within 0–100: the sum of now, corrected by the rules
 * that read what the flip changed (the others cannot have moved). Same arithmetic as `judge`.
 * Unclamped, so a fix on a post at 0 still shows what it is worth and ranks first (issue 11.2).
 */
function sumAfter(plan: readonly PlannedRule[], at: number, now: Judgement, m: Measures, ctx: CheckContext): { sum: number; score: number; band: Band } {
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
  const kindFacts = options.kindFacts ?? kindOf(advisor.kinds, post.text, options.kind);
  return judgeMeasured(advisor, measure(post, advisor.measureContext), { ...options, kindFacts });
}

/** The judging half of `advise`, for a post already measured. */
export function judgeMeasured(advisor: Advisor, m: Measures, options: AdviseOptions = {}): Report {
  // issue 11: the post's kind decides which rules judge it; a risk whose evidence is about another platform is set aside
  const kind = options.kindFacts ?? kindOf(advisor.kinds, '', options.kind);
  const scoped = scopeRisks(withKind(m, kind), advisor.riskScopes);
  // why: detection reports what is there (LABELS.md); only the penalty is scoped to its platform
  const detectedSpam = m.spam;
  m = scoped.measures;
  const replyLang: Lang = options.replyLang ?? (m.lang === 'other' ? advisor.measureContext.defaultLang : m.lang);
  const ctx: CheckContext = { categories: advisor.categories, findings: advisor.findings, replyLang, wording: true };
  const whatIf: CheckContext = { ...ctx, wording: false };
  if (options.corrections) m = applyCorrections(m, options.corrections);
  const planned = planFor(advisor, m.platform, m.lang, kind.kind);
  const plan = options.ignoredRules?.length ? withoutRules(planned, options.ignoredRules) : planned;
  const now = judge(advisor, plan, m, ctx);
  const global: Vars = { platform: platformName(m.platform, replyLang) };

  const candidates: { at: number; gain: number; worth: number; problem: boolean }[] = [];
  for (let i = 0; i < plan.length; i++) {
    const { rule, check } = plan[i]!;
    if (!rule.advice || !check.flip || (rule.points > 0) === now.holds[i]) continue;
    const flipped = check.flip(m, rule.check);
    const after = sumAfter(plan, i, now, flipped, whatIf);
    // why: ranked by what the change adds to the sum, unclamped, so a fix on a post held at 0 still counts in full
    const worth = after.sum - now.sum;
    const gain = Math.max(after.score - now.score, worth);
    // why: a penalty that pulls the band down (privacy ask, spam, over the limit) is the worst problem; its fix comes first
    const problem = rule.points < 0 && (rule.band === 'weak' || BAND_ORDER[after.band] > BAND_ORDER[now.band] || bandRisks(flipped) < bandRisks(m));
    if (gain > 0) candidates.push({ at: i, gain, worth, problem });
  }
  candidates.sort((a, b) => Number(b.problem) - Number(a.problem) || b.worth - a.worth || b.gain - a.gain || (plan[a.at]!.rule.id < plan[b.at]!.rule.id ? -1 : 1));
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
  if (detectedSpam.length > 0) signals.push('spam_signals');
  if (m.links.some((l) => l.tracked)) signals.push('tracking_link');

  const notes: NoteId[] = [];
  if (m.lang === 'other') notes.push('other_language');
  if (m.words === 0) notes.push('no_words');
  if (m.hidden.zeroWidth + m.hidden.bidiControls + m.hidden.controls + m.hidden.loneSurrogates > 0) notes.push('hidden_characters');
  if (scoped.setAside.length > 0) notes.push('risk_other_platform');

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
    kind,
    why,
  };
}

