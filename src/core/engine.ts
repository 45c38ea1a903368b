import type { CategoryId, SignalId } from './category.ts';
import { checkFor, type CheckParams } from './checks/index.ts';
import { figureOf } from './checks/offer-mix.ts';
import type { CheckContext } from './checks/check.ts';
import type { Finding } from './finding.ts';
import type { CompiledCategory } from './lexicon.ts';
import { measure, type MeasureContext, type Measures } from './measure.ts';
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
  const wants = (Object.keys(m.categories) as CategoryId[]).some((id) => advisor.categories.get(id)?.tier === 'want');
  return { fired, score, band: weak ? 'weak' : wants ? 'strong' : 'ok' };
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
  const m = measure(post, advisor.measureContext);
  const replyLang: Lang = options.replyLang ?? (m.lang === 'other' ? advisor.measureContext.defaultLang : m.lang);
  const ctx: CheckContext = { categories: advisor.categories, findings: advisor.findings, replyLang };
  const rules = advisor.rules.filter((r) => applies(r, m));
  const now = judge(advisor, rules, m, ctx);
  const global: Vars = { platform: platformName(m.platform, replyLang) };

  const suggestions: Suggestion[] = [];
  const firedIds = new Set(now.fired.map((f) => f.rule.id));
  for (const rule of rules) {
    const check = checkFor(rule.check);
    const fires = firedIds.has(rule.id);
    if (!rule.advice || !check.flip || (rule.points > 0) === fires) continue;
    const after = judge(advisor, rules, check.flip(m, rule.check), ctx);
    const gain = after.score - now.score;
    if (gain <= 0) continue;
    const vars = { ...global, ...(now.fired.find((f) => f.rule.id === rule.id)?.vars ?? {}) };
    suggestions.push({
      rule: rule.id,
      title: rule.title[replyLang],
      text: render(rule.suggestion[replyLang], vars),
      gain,
      evidence: evidenceFor(rule, advisor.findings, replyLang),
    });
  }
  suggestions.sort((a, b) => b.gain - a.gain || a.rule.localeCompare(b.rule));

  const findings = now.fired
    .map(({ rule, vars }) => ({ id: rule.id, title: rule.title[replyLang], points: rule.points, message: render(rule.message[replyLang], { ...global, ...vars }) }))
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.id.localeCompare(b.id));

  const signals: SignalId[] = [];
  if (m.privacyAsk) signals.push('privacy_ask');
  if (m.spam.length > 0) signals.push('spam_signals');
  if (m.links.some((l) => l.tracked)) signals.push('tracking_link');

  const notes: NoteId[] = [];
  if (m.lang === 'other') notes.push('other_language');
  if (m.words === 0) notes.push('no_words');
  if (m.hidden.zeroWidth + m.hidden.bidiControls + m.hidden.controls + m.hidden.loneSurrogates > 0) notes.push('hidden_characters');

  const categories = (Object.keys(m.categories) as CategoryId[]).sort(
    (a, b) => [...advisor.categories.keys()].indexOf(a) - [...advisor.categories.keys()].indexOf(b),
  );
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
    suggestions: suggestions.slice(0, options.maxSuggestions ?? advisor.settings.maxSuggestions),
    notes,
    matches,
  };
}

/** Which check params a rule uses; exported for the catalog check. */
export type { CheckParams };
