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
import { kindOf, withKind, type CompiledKinds, type KindFacts, type PostKind } from './post-kind.ts';
import { scopeRisks, type RiskScopes } from './risk-scope.ts';

export type Band = 'strong' | 'ok' | 'weak';

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
  /** What kind of post it is (rules/kinds.yml); without it every post is judged as marketing. */
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
   * Points this change adds to the rules' sum, before the score is kept within 0–100: removing a
   * −30 penalty is worth 30 even on a post that would still show 0, and ranks by that.
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
}

export interface AdviseOptions {
  replyLang?: Lang;
  maxSuggestions?: number;
  /** The user's choice of kind; recognised from the text when absent. */
  kind?: PostKind;
  /** The kind as `advise` recognised it from the text (judgeMeasured has only the measures). */
  kindFacts?: KindFacts;
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

function clamp(sum: number): number {
  return Math.max(0, Math.min(100, Math.round(sum)));
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
  let wants = false;
  for (const [id, cat] of advisor.categories) if (cat.tier === 'want' && m.categories[id] !== undefined) wants = true;
  return { holds, vars, sum, score: clamp(sum), band: weak ? 'weak' : wants ? 'strong' : 'ok' };
}

/**
 * The rules' sum after one what-if, not kept within 0–100: the sum of now, corrected by the rules
 * that read what the flip changed (the others cannot have moved). Same arithmetic as `judge`.
 * Unclamped, so a fix on a post at 0 still shows what it is worth and ranks first (issue 11.2).
 */
function sumAfter(plan: readonly PlannedRule[], at: number, now: Judgement, m: Measures, ctx: CheckContext): number {
  let next = now.sum;
  for (const j of plan[at]!.affects) {
    const { rule, check } = plan[j]!;
    const after = check.run(m, rule.check, ctx) !== null;
    if (after !== now.holds[j]) next += after ? rule.points : -rule.points;
  }
  return next;
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
  m = scoped.measures;
  const replyLang: Lang = options.replyLang ?? (m.lang === 'other' ? advisor.measureContext.defaultLang : m.lang);
  const ctx: CheckContext = { categories: advisor.categories, findings: advisor.findings, replyLang, wording: true };
  const whatIf: CheckContext = { ...ctx, wording: false };
  const plan = planFor(advisor, m.platform, m.lang, kind.kind);
  const now = judge(advisor, plan, m, ctx);
  const global: Vars = { platform: platformName(m.platform, replyLang) };

  const candidates: { at: number; gain: number; problem: boolean }[] = [];
  for (let i = 0; i < plan.length; i++) {
    const { rule, check } = plan[i]!;
    if (!rule.advice || !check.flip || (rule.points > 0) === now.holds[i]) continue;
    const gain = sumAfter(plan, i, now, check.flip(m, rule.check), whatIf) - now.sum;
    // why: a penalty that makes the post weak (privacy ask, spam, over the limit) is its worst problem; its fix comes first
    if (gain > 0) candidates.push({ at: i, gain, problem: rule.points < 0 && rule.band === 'weak' });
  }
  candidates.sort((a, b) => Number(b.problem) - Number(a.problem) || b.gain - a.gain || (plan[a.at]!.rule.id < plan[b.at]!.rule.id ? -1 : 1));
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
  if (scoped.setAside.length > 0) notes.push('risk_other_platform');

  const categories = presentCategories(m);
  const matches: Report['matches'] = {};
  for (const id of categories) matches[id] = m.categories[id]!.text;

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
  };
}

