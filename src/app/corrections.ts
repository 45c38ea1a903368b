// "Not right?": users correct what a score detected, and servers drop rules they don't want.
// The corrected score is computed at once; the correction is kept (with the post's text only
// when the user agreed to share it) so it can become training data (corrections-export.ts).
import { closest } from 'fastest-levenshtein';
import { bandOf } from '../core/band.ts';
import { CategoryId } from '../core/category.ts';
import type { Advisor, Corrections, Report } from '../core/engine.ts';
import type { Lang } from '../core/post.ts';
import type { Rule } from '../core/rule.ts';
import { UserError } from '../errors.ts';
import type { Clock, CorrectionStore, Log, NewCorrection, ServerSettingsStore } from './ports.ts';
import { scoreWithCorrections, type ScoreRequest } from './score-post.ts';

export interface CorrectionDeps {
  advisor: Advisor;
  /** Where corrections are kept; without it the re-score still happens, nothing is stored. */
  corrections?: CorrectionStore;
  /** Where each server's ignored rules are kept; without it no rule is ignored. */
  serverSettings?: ServerSettingsStore;
  clock?: Clock;
  log?: Pick<Log, 'warn'>;
}

/** A correction as the user made it: categories the score got wrong, and ones it missed. */
export interface Correction {
  wrong: CategoryId[];
  missing: CategoryId[];
}

/** The labels a report gives a post, categories then signals: what a training example carries. */
export function labelsOf(report: Report): string[] {
  return [...report.categories, ...report.signals];
}

/** Earlier corrections of the same post with a newer one on top: the newest word on a category wins. */
export function mergeCorrections(before: Corrections | undefined, next: Correction): Correction {
  const wrong = new Set(before?.wrong ?? []);
  const missing = new Set(before?.missing ?? []);
  for (const id of next.wrong) {
    missing.delete(id);
    wrong.add(id);
  }
  for (const id of next.missing) {
    wrong.delete(id);
    missing.add(id);
  }
  return { wrong: [...wrong], missing: [...missing] };
}

const fold = (s: string): string => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * The category a user named: its id, or its title in English or German, case and `-`/space
 * insensitive ("Discount", "customer-service", "Rabatt oder Angebot"). Anything else is a
 * UserError naming the nearest id.
 */
export function parseCategory(advisor: Advisor, input: string): CategoryId {
  const wanted = fold(input);
  for (const id of CategoryId.options) {
    const title = advisor.categories.get(id)?.title;
    if (wanted === id || (title && (wanted === fold(title.en) || wanted === fold(title.de)))) return id;
  }
  throw new UserError('unknown_category', { value: input.trim(), nearest: closest(wanted || '_', [...CategoryId.options]), all: CategoryId.options.join(', ') });
}

/** A rule by its id (case-insensitive); a UserError naming the nearest id otherwise. */
export function findRule(advisor: Advisor, input: string): Rule {
  const wanted = input.trim().toLowerCase();
  const rule = advisor.rules.find((r) => r.id.toLowerCase() === wanted);
  if (rule) return rule;
  throw new UserError('unknown_rule', { value: input.trim(), nearest: closest(wanted || '_', advisor.rules.map((r) => r.id)) });
}

/** Rule ids for a search box: ids and titles containing what was typed, the ids starting with it first. */
export function searchRules(advisor: Advisor, query: string, lang: Lang, limit = 25): Rule[] {
  const q = query.trim().toLowerCase();
  const hits = advisor.rules.filter((r) => q === '' || r.id.toLowerCase().includes(q) || r.title[lang].toLowerCase().includes(q));
  return hits.sort((a, b) => Number(!a.id.toLowerCase().startsWith(q)) - Number(!b.id.toLowerCase().startsWith(q)) || (a.id < b.id ? -1 : 1)).slice(0, limit);
}

/**
 * The rules a server ignores, for every score made there. No server, no store or a store that
 * fails: none (the score is what the user asked for; a broken database must not cost it).
 */
export async function ignoredRulesOf(deps: CorrectionDeps, guildId: string | null | undefined): Promise<string[]> {
  if (!guildId || !deps.serverSettings) return [];
  try {
    return await deps.serverSettings.ignoredRules(guildId);
  } catch (err) {
    deps.log?.warn({ err, guildId }, 'could not read the server’s ignored rules; scoring with all rules');
    return [];
  }
}

function settingsOf(deps: CorrectionDeps): ServerSettingsStore {
  if (!deps.serverSettings) throw new UserError('no_settings_store');
  return deps.serverSettings;
}

/** `/rules ignore`: the rule, and whether it was newly ignored (false: it already was). */
export async function ignoreRule(deps: CorrectionDeps, guildId: string, input: string): Promise<{ rule: Rule; changed: boolean }> {
  const rule = findRule(deps.advisor, input);
  const changed = await settingsOf(deps).ignoreRule(guildId, rule.id, (deps.clock ?? (() => new Date()))());
  return { rule, changed };
}

/** `/rules unignore`: takes a rule off the list; ids of rules that no longer exist can be removed too. */
export async function unignoreRule(deps: CorrectionDeps, guildId: string, input: string): Promise<{ id: string; rule: Rule | undefined }> {
  const settings = settingsOf(deps);
  const ignored = await settings.ignoredRules(guildId);
  const wanted = input.trim().toLowerCase();
  const id = ignored.find((i) => i.toLowerCase() === wanted);
  if (id === undefined) {
    const rule = findRule(deps.advisor, input);
    throw new UserError('rule_not_ignored', { value: rule.id });
  }
  await settings.unignoreRule(guildId, id);
  return { id, rule: deps.advisor.rules.find((r) => r.id === id) };
}

/** `/rules list`: the server's ignored rules with the rule where it still exists. */
export async function listIgnoredRules(deps: CorrectionDeps, guildId: string): Promise<Array<{ id: string; rule: Rule | undefined }>> {
  const ids = await settingsOf(deps).ignoredRules(guildId);
  return ids.map((id) => ({ id, rule: deps.advisor.rules.find((r) => r.id === id) }));
}

export interface CorrectionRequest extends ScoreRequest {
  /** Corrections made to this post before (a second "Not right?" builds on the first). */
  earlier?: Corrections;
  correction: Correction;
  /** The user ticked "share this post to improve detection": only then is the text stored. */
  share: boolean;
}

export interface Rescored {
  report: Report;
  /** All corrections of this post so far, for the next one. */
  corrections: Correction;
  /** What to keep of it; null when the marks changed nothing (wrong on what wasn't detected …). */
  record: NewCorrection | null;
}

export interface CorrectedScore extends Rescored {
  /** Whether the correction was stored (false without a store, or when storing failed). */
  stored: boolean;
}

/**
 * The pure half of a correction: the post re-scored with it (the server's ignored rules given),
 * and the record to keep: what was detected, what the user changed, the corrected labels and
 * band, and the text only when shared. Marks that change nothing are dropped.
 */
export function rescore(advisor: Advisor, req: CorrectionRequest & { ignoredRules: readonly string[] }, at: Date, guildId: string | null | undefined): Rescored {
  const merged = mergeCorrections(req.earlier, req.correction);
  let corrections: Correction = { wrong: [], missing: [] };
  const { detected, report } = scoreWithCorrections(advisor, { ...req, corrections: undefined }, (first) => {
    corrections = {
      wrong: merged.wrong.filter((id) => first.categories.includes(id)),
      missing: merged.missing.filter((id) => !first.categories.includes(id)),
    };
    return corrections;
  });
  const changed = corrections.wrong.length > 0 || corrections.missing.length > 0;
  const record: NewCorrection | null = changed
    ? {
        at,
        guildId: guildId ?? null,
        platform: report.platform,
        language: report.language,
        detected: labelsOf(detected),
        wrong: corrections.wrong,
        missing: corrections.missing,
        labels: labelsOf(report),
        // why: the band of the labels by the labelling rule (LABELS.md), as the dev set has it,
        // not the engine's, which a rule of its own (e.g. a weak-band check) can also lower
        band: bandOf(report.categories, report.signals.includes('privacy_ask'), report.signals.includes('spam_signals')),
        text: req.share ? req.text : null,
      }
    : null;
  return { report, corrections, record };
}

/** Re-scores a post with the user's correction and the server's ignored rules, and keeps the correction. */
export async function correctScore(deps: CorrectionDeps, req: CorrectionRequest, guildId: string | null | undefined): Promise<CorrectedScore> {
  const ignoredRules = req.ignoredRules ?? (await ignoredRulesOf(deps, guildId));
  const result = rescore(deps.advisor, { ...req, ignoredRules }, (deps.clock ?? (() => new Date()))(), guildId);
  let stored = false;
  if (deps.corrections && result.record) {
    try {
      await deps.corrections.addCorrection(result.record);
      stored = true;
    } catch (err) {
      // why: the corrected score is what the user is waiting for; losing the record is an operator matter
      deps.log?.warn({ err, guildId }, 'could not store a correction');
    }
  }
  return { ...result, stored };
}
