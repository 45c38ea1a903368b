import type { CategoryId, SignalId } from './category.ts';
import { checkFor, type CheckParams } from './checks/index.ts';
import { figureOf } from './checks/offer-mix.ts';
import type { CheckContext } from './checks/check.ts';
import type { Finding } from './finding.ts';
import type { CompiledCategory } from './lexicon.ts';
import { measure, presentCategories, type MeasureContext, type Measures } from './measure.ts';
import type { DetectedLang, Lang, Platform, Post } from './post.ts';
import type { Rule } from './rule.ts';
import { render, type Vars } from './template.ts';

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
}

export interface AdviseOptions {
  replyLang?: Lang;
  maxSuggestions?: number;
}

interface Judgement {
  fired: { rule: Rule; vars: Vars }[];
  score: number;
  band: Band;
}

function applies(rule: Rule, m: Measures): boolean {
  if (rule.platforms !== 'all' && !rule.platforms.includes(m.platform)) return false;
  if (rule.languages === 'all') return true;
  return m.lang !== 'other' && rule.languages.includes(m.lang);
}

function judge(advisor: Advisor, rules: readonly Rule[], m: Measures, ctx: CheckContext): Judgement {
  const fired: Judgement['fired'] = [];
  let sum = advisor.settings.base;
  let weak = false;
  for (const rule of rules) {
    const vars = checkFor(rule.check).run(m, rule.check, ctx);
    if (!vars) continue;
    fired.push({ rule, vars });
    sum += rule.points;
    if (rule.band === 'weak') weak = true;
  }
  const score = Math.max(0, Math.min(100, Math.round(sum)));
  const wants = presentCategories(m).some((id) => advisor.categories.get(id)?.tier === 'want');
  return { fired, score, band: weak ? 'weak' : wants ? 'strong' : 'ok' };
}

/**
 * The score after one what-if: the unclamped sum of now, corrected by the rules that read what
 * the flip changed (the others cannot have moved). Same arithmetic as `judge`.
 */
function scoreAfter(rules: readonly Rule[], holds: readonly boolean[], sum: number, m: Measures, changed: ReadonlySet<keyof Measures>, ctx: CheckContext): number {
  let next = sum;
  rules.forEach((rule, i) => {
    const check = checkFor(rule.check);
    if (!check.reads(rule.check).some((k) => changed.has(k))) return;
    const after = check.run(m, rule.check, ctx) !== null;
    if (after !== holds[i]) next += after ? rule.points : -rule.points;
  });
  return Math.max(0, Math.min(100, Math.round(next)));
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
  const rules = advisor.rules.filter((r) => applies(r, m));
  const now = judge(advisor, rules, m, ctx);
  const global: Vars = { platform: platformName(m.platform, replyLang) };

  const candidates: { rule: Rule; gain: number }[] = [];
  const firedIds = new Set(now.fired.map((f) => f.rule.id));
  const holds = rules.map((r) => firedIds.has(r.id));
  const sum = advisor.settings.base + now.fired.reduce((a, f) => a + f.rule.points, 0);
  rules.forEach((rule, i) => {
    const check = checkFor(rule.check);
    if (!rule.advice || !check.flip || (rule.points > 0) === holds[i]) return;
    const changed = new Set(check.reads(rule.check));
    const gain = scoreAfter(rules, holds, sum, check.flip(m, rule.check), changed, whatIf) - now.score;
    if (gain > 0) candidates.push({ rule, gain });
  });
  candidates.sort((a, b) => b.gain - a.gain || (a.rule.id < b.rule.id ? -1 : 1));
  // why: wording and evidence only for the suggestions that are shown
  const suggestions: Suggestion[] = candidates.slice(0, options.maxSuggestions ?? advisor.settings.maxSuggestions).map(({ rule, gain }) => ({
    rule: rule.id,
    title: rule.title[replyLang],
    text: render(rule.suggestion[replyLang], { ...global, ...(now.fired.find((f) => f.rule.id === rule.id)?.vars ?? {}) }),
    gain,
    evidence: evidenceFor(rule, advisor.findings, replyLang),
  }));

  const findings = now.fired
    .map(({ rule, vars }) => ({ id: rule.id, title: rule.title[replyLang], points: rule.points, message: render(rule.message[replyLang], { ...global, ...vars }) }))
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.id < b.id ? -1 : 1));

  const signals: SignalId[] = [];
  if (m.privacyAsk) signals.push('privacy_ask');
  if (m.spam.length > 0) signals.push('spam_signals');
  if (m.links.some((l) => l.tracked)) signals.push('tracking_link');

  const notes: NoteId[] = [];
  if (m.lang === 'other') notes.push('other_language');
  if (m.words === 0) notes.push('no_words');
  if (m.hidden.zeroWidth + m.hidden.bidiControls + m.hidden.controls + m.hidden.loneSurrogates > 0) notes.push('hidden_characters');

  // why: advisor.categories is in contract order, so the report lists categories in that order too
  const categories = [...advisor.categories.keys()].filter((id) => m.categories[id] !== undefined);
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
  };
}

/** Which check params a rule uses; exported for the catalog check. */
export type { CheckParams };
