import { CategoryId } from './category.ts';
import { checks } from './checks/index.ts';
import type { Advisor, EngineSettings } from './engine.ts';
import type { Finding } from './finding.ts';
import { compileLanguage, type LanguageData } from './language.ts';
import { compileCategory, compileLexicon, type CompiledCategory } from './cue-compiler.ts';
import type { CategoryFile, RiskFile } from './lexicon-file.ts';
import type { LoadProblem } from './load-problem.ts';
import { compileCueIndex } from './cue-index.ts';
import type { LinkFacts } from './measure.ts';
import { thresholdsOf } from './checks/spam.ts';
import type { SpamThresholds } from './spam.ts';
import type { Lang } from './post.ts';
import type { Rule } from './rule.ts';
import { compileKinds, type KindsFile } from './post-kind.ts';
import { placeholders } from './template.ts';
import { checkWordClasses, compileWordClasses, type WordClassesFile } from './features.ts';
import { checkModel, compileModel, type ModelFile } from './model.ts';
import { SignalId } from './category.ts';
import { compileAskTopics, type AskTopicsFile } from './ask-topics.ts';

/** Where a loaded item came from, so cross-file problems can point at it. */
export interface Sourced<T> {
  value: T;
  file: string;
}

/** Everything under rules/, parsed and schema-checked, before it is compiled. */
export interface RuleBook {
  languages: Sourced<LanguageData>[];
  categories: Sourced<CategoryFile>[];
  risks: Sourced<RiskFile>[];
  links: LinkFacts;
  findings: Finding[];
  rules: Sourced<Rule>[];
  /** What kind of post it is: rules/lexicons/kinds.yml (optional). */
  kinds?: Sourced<KindsFile>;
  /** The learned layer: word classes (rules/model/word-classes.yml) and weights (rules/model/weights.json). */
  wordClasses?: Sourced<WordClassesFile>;
  model?: Sourced<ModelFile>;
  /** /ask: question words that point at findings (rules/findings/ask-topics.yml; optional). */
  askTopics?: Sourced<AskTopicsFile>;
}

const GLOBAL_VARS = ['platform'];

function problem(file: string, field: string, message: string): LoadProblem {
  return { file, line: 1, col: 1, field, message };
}

/** Cross-file checks the schemas cannot do: citations exist, every category is defined once, placeholders are known. */
export function checkRuleBook(book: RuleBook, disabledRules: readonly string[] = []): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const findings = new Map(book.findings.map((f) => [f.id, f]));
  const cite = (file: string, field: string, ids: readonly string[]) =>
    ids.forEach((id, i) => {
      const f = findings.get(id);
      if (!f) problems.push(problem(file, `${field}.${i}`, `cites finding "${id}", which rules/findings/findings.yml does not define`));
      else if (f.verified === 'no') problems.push(problem(file, `${field}.${i}`, `cites finding "${id}", which evidence.md marks unverified; cite a verified finding`));
    });

  const seenCategories = new Map<string, string>();
  for (const { value, file } of book.categories) {
    if (seenCategories.has(value.id)) problems.push(problem(file, 'id', `"${value.id}" is already defined in ${seenCategories.get(value.id)}`));
    seenCategories.set(value.id, file);
    cite(file, 'findings', value.findings);
  }
  for (const id of CategoryId.options) {
    if (!seenCategories.has(id)) problems.push(problem('rules/lexicons/categories', '', `no file defines category "${id}"; add rules/lexicons/categories/${id.replaceAll('_', '-')}.yml`));
  }
  for (const { value, file } of book.risks) cite(file, 'findings', value.findings);
  if (book.askTopics) {
    const { value, file } = book.askTopics;
    cite(file, 'general', value.general);
    value.topics.forEach((t, i) => cite(file, `topics.${i}.findings`, t.findings));
  }
  for (const lang of ['en', 'de'] as const) {
    if (!book.languages.some((l) => l.value.lang === lang)) problems.push(problem('rules/lexicons/languages', '', `no file for language "${lang}"; add rules/lexicons/languages/${lang}.yml`));
  }

  const ruleIds = new Set<string>();
  for (const { value: rule, file } of book.rules) {
    if (ruleIds.has(rule.id)) problems.push(problem(file, 'id', `duplicate rule id "${rule.id}"`));
    ruleIds.add(rule.id);
    cite(file, 'findings', rule.findings);
    const known = new Set([...checks[rule.check.kind].vars, ...GLOBAL_VARS]);
    for (const field of ['message', 'suggestion'] as const) {
      for (const lang of ['en', 'de'] as const) {
        for (const name of placeholders(rule[field][lang])) {
          if (!known.has(name)) problems.push(problem(file, `${field}.${lang}`, `unknown placeholder {{${name}}}; this check kind fills ${[...known].map((k) => `{{${k}}}`).join(', ')}`));
        }
      }
    }
  }
  const spamRules = book.rules.filter((r) => r.value.check.kind === 'spam');
  if (spamRules.length === 0) problems.push(problem('rules', '', 'no rule gives the spam thresholds; add one with `check: { kind: spam, … }` (rules/risk/spam.yml)'));
  for (const r of spamRules.slice(1)) problems.push(problem(r.file, 'check.kind', `the spam thresholds are already given by ${spamRules[0]!.file}; one rule of kind spam only`));
  if (book.wordClasses) for (const p of checkWordClasses(book.wordClasses.value)) problems.push(problem(book.wordClasses.file, p.field, p.message));
  if (book.model) {
    for (const p of checkModel(book.model.value, [...CategoryId.options, ...SignalId.options])) problems.push(problem(book.model.file, p.field, p.message));
    if (!book.wordClasses) problems.push(problem(book.model.file, '', 'the model reads word classes; add rules/model/word-classes.yml'));
  }
  for (const id of disabledRules) {
    if (!ruleIds.has(id)) problems.push(problem('config', 'rules.disabled', `disables "${id}", but no rule has that id`));
  }
  return problems;
}

/**
 * The spam rule's thresholds, for the detect stage: taken from the rule book whether or not the
 * rule is disabled, since disabling a rule stops its points, not what the engine reports.
 */
function spamThresholds(book: RuleBook): { spam?: SpamThresholds } {
  const check = book.rules.map((r) => r.value.check).find((c) => c.kind === 'spam');
  return check?.kind === 'spam' ? { spam: thresholdsOf(check) } : {};
}

/** Compiles a checked rule book once; the advisor is then shared by every request. */
export function buildAdvisor(book: RuleBook, settings: EngineSettings, defaultLang: Lang = 'en'): Advisor {
  const order = CategoryId.options;
  const categories = new Map<CategoryId, CompiledCategory>(
    [...book.categories]
      .sort((a, b) => order.indexOf(a.value.id) - order.indexOf(b.value.id))
      .map(({ value }) => [value.id, compileCategory(value)]),
  );
  const languages = Object.fromEntries(book.languages.map(({ value }) => [value.lang, compileLanguage(value)])) as Advisor['measureContext']['languages'];
  const disabled = new Set(settings.disabledRules);
  const riskLexicons = book.risks.map(({ value }) => compileLexicon(value.id, value.cues));
  return {
    measureContext: {
      languages,
      categories: [...categories.values()],
      riskLexicons,
      cueIndex: compileCueIndex([...categories.values(), ...riskLexicons]),
      links: book.links,
      defaultLang,
      ...spamThresholds(book),
      ...(book.wordClasses ? { wordClasses: compileWordClasses(book.wordClasses.value) } : {}),
      ...(book.model && book.wordClasses ? { model: compileModel(book.model.value) } : {}),
    },
    rules: book.rules.map((r) => r.value).filter((r) => !disabled.has(r.id)),
    kinds: book.kinds && compileKinds(book.kinds.value),
    riskScopes: new Map(book.risks.flatMap(({ value }) => (value.platforms ? [[value.id, value.platforms] as const] : []))),
    categories,
    findings: new Map(book.findings.map((f) => [f.id, f])),
    ...(book.askTopics ? { askTopics: compileAskTopics(book.askTopics.value) } : {}),
    settings,
  };
}
