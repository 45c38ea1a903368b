import type { CategoryId, SignalId } from './category.ts';
import type { CheckContext } from './checks/check.ts';
import type { Finding } from './finding.ts';
import type { CompiledCategory } from './cue-compiler.ts';
import { detect, presentCategories, type Detected, type MeasureContext } from './detect.ts';
import { measure } from './measure.ts';
import { prepareText } from './normalise.ts';
import { clauseStarts } from './segment.ts';
import type { DetectedLang, Lang, Platform, Post } from './post.ts';
import type { Rule } from './rule.ts';
import { render, type Vars } from './template.ts';
import { kindOf, withKind, type CompiledKinds, type KindFacts, type PostKind } from './post-kind.ts';
import { judge, planFor, withoutRules } from './judge.ts';
import { planSuggestions, type Suggestion } from './plan.ts';
import { scopeRisks, type RiskScopes } from './risk-scope.ts';
import { sortFew } from './sort-few.ts';
import type { AskTopics } from './ask-topics.ts';
import type { Band } from './band.ts';

export type { Band } from './band.ts';
export type { Evidence, Suggestion } from './plan.ts';

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
  /** /ask: question words that point at findings (rules/findings/ask-topics.yml). */
  askTopics?: AskTopics;
}

export interface FiredRule {
  id: string;
  title: string;
  points: number;
  message: string;
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
  /** The kind as `advise` recognised it from the text (judgeMeasured has only what was detected). */
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
export function applyCorrections(m: Detected, c: Corrections): Detected {
  if (!c.wrong?.length && !c.missing?.length) return m;
  const categories = { ...m.categories };
  for (const id of c.wrong ?? []) categories[id] = undefined;
  for (const id of c.missing ?? []) categories[id] ??= { lexicon: id, text: '', index: -1, cue: '(marked by the user)' };
  return { ...m, categories };
}

function platformName(p: Platform, lang: Lang): string {
  return p === 'twitter' ? 'X/Twitter' : 'Facebook';
}

/**
 * The reading half of the pipeline, one stage after the other, each reading what the one before
 * produced: normalise (normalise.ts) → segment into clauses (segment.ts) → measure (measure.ts) → detect
 * (detect.ts).
 */
export function detectPost(post: Post, ctx: MeasureContext): Detected {
  const prepared = prepareText(post.text);
  const clauses = clauseStarts(prepared.clean);
  return detect(measure(post, prepared, ctx), prepared, clauses, ctx);
}

/**
 * Scores one post against the rules that apply to it and ranks what would raise the score: the
 * whole pass, detectPost (normalise → segment → measure → detect), then judge (judge.ts) and plan
 * (plan.ts) in judgeMeasured. Rendering is the front ends' (views/, cli/render.ts).
 */
export function advise(advisor: Advisor, post: Post, options: AdviseOptions = {}): Report {
  const kindFacts = options.kindFacts ?? kindOf(advisor.kinds, post.text, options.kind);
  return judgeAs(advisor, detectPost(post, advisor.measureContext), options, kindFacts);
}

/** The judging half of `advise` (judge → plan → the report), for a post already read. */
export function judgeMeasured(advisor: Advisor, m: Detected, options: AdviseOptions = {}): Report {
  return judgeAs(advisor, m, options, options.kindFacts ?? kindOf(advisor.kinds, '', options.kind));
}

// why: `advise` passes the kind it recognised beside the options, not in a copy of them
/**
 * A post's study score and content categories, exactly as `advise` reports them, without the rest
 * of its work (suggestions and their what-ifs, worded findings, matches, reasons): what an audit
 * reads of every post of an export (a test holds the two together).
 */
export function studyScore(advisor: Advisor, post: Post): { score: number; categories: CategoryId[] } {
  const { m, now } = judged(advisor, detectPost(post, advisor.measureContext), {}, kindOf(advisor.kinds, post.text), false);
  return { score: now.score, categories: presentCategories(m) };
}

/**
 * The judge stage: the post's kind decides which rules judge it (issue 11), a risk whose evidence
 * is about another platform is set aside, the user's corrections and ignored rules apply, and every
 * planned rule's check runs once. `wording` is off where no message is rendered from the vars.
 */
function judged(advisor: Advisor, detected: Detected, options: AdviseOptions, kind: KindFacts, wording: boolean) {
  const scoped = scopeRisks(withKind(detected, kind), advisor.riskScopes);
  let m = scoped.measures;
  const replyLang: Lang = options.replyLang ?? (m.lang === 'other' ? advisor.measureContext.defaultLang : m.lang);
  const ctx: CheckContext = { categories: advisor.categories, findings: advisor.findings, replyLang, wording };
  if (options.corrections) m = applyCorrections(m, options.corrections);
  const planned = planFor(advisor.rules, m.platform, m.lang, kind.kind);
  const plan = options.ignoredRules?.length ? withoutRules(planned, options.ignoredRules) : planned;
  return { m, setAside: scoped.setAside, replyLang, ctx, plan, now: judge(advisor.settings.base, plan, m, ctx) };
}

function judgeAs(advisor: Advisor, detected: Detected, options: AdviseOptions, kind: KindFacts): Report {
  const { m, setAside, replyLang, ctx, plan, now } = judged(advisor, detected, options, kind, true);
  // why: detection reports what is there (LABELS.md); only the penalty is scoped to its platform
  const detectedSpam = detected.spam;
  // why each field, not `{ ...ctx, wording: false }`: a spread followed by a property takes a slow path on Node 20
  const whatIf: CheckContext = { categories: ctx.categories, findings: ctx.findings, replyLang: ctx.replyLang, wording: false };
  const global: Vars = { platform: platformName(m.platform, replyLang) };

  const suggestions = planSuggestions(plan, now, m, { whatIf, replyLang, global, findings: advisor.findings, max: options.maxSuggestions ?? advisor.settings.maxSuggestions });

  const findings: FiredRule[] = [];
  for (let i = 0; i < plan.length; i++) {
    const vars = now.vars[i];
    if (!vars) continue;
    const rule = plan[i]!.rule;
    findings.push({ id: rule.id, title: rule.title[replyLang], points: rule.points, message: render(rule.message[replyLang], vars, global) });
  }
  sortFew(findings, (a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.id < b.id ? -1 : 1));

  const signals: SignalId[] = [];
  if (m.privacyAsk) signals.push('privacy_ask');
  if (detectedSpam.length > 0) signals.push('spam_signals');
  if (m.links.some((l) => l.tracked)) signals.push('tracking_link');

  const notes: NoteId[] = [];
  if (m.lang === 'other') notes.push('other_language');
  if (m.words === 0) notes.push('no_words');
  if (m.hidden.zeroWidth + m.hidden.bidiControls + m.hidden.controls + m.hidden.loneSurrogates > 0) notes.push('hidden_characters');
  if (setAside.length > 0) notes.push('risk_other_platform');

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

