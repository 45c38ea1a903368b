import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { checkRuleBook, type RuleBook, type Sourced } from '../core/advisor.ts';
import { LanguageSchema } from '../core/language.ts';
import { CategoryFileSchema, RiskFileSchema } from '../core/lexicon.ts';
import { WordClassesSchema } from '../core/features.ts';
import { ModelSchema } from '../core/model.ts';
import { formatProblem, locateField, parseYaml, type LoadProblem } from '../core/load-problem.ts';
import { KindsSchema } from '../core/post-kind.ts';
import { RuleSchema } from '../core/rule.ts';
import type { Tip } from '../core/tip.ts';
import { CatalogError, loadCatalog } from './catalog-fs.ts';

/**
 * The folders under rules/ that hold data other than rules (rules/README.md, "What each file is"):
 * lexicons/ (word lists: categories, risks, languages, links, post kinds), findings/ (the evidence
 * and what cites it outside rules: tips), model/ (the learned layer). Every other folder is a
 * group of rules, `rules/<group>/<name>.yml`.
 */
export const DATA_FOLDERS: ReadonlySet<string> = new Set(['lexicons', 'findings', 'model']);

/** File names under rules/ are kebab-case; a lexicon's file is its id with `-` for `_`. */
export const fileNameOf = (id: string): string => `${id.replaceAll('_', '-')}.yml`;

const LinksSchema = z.strictObject({
  tracking_params: z.array(z.string().min(1)).min(1),
  shorteners: z.array(z.string().min(1)).min(1),
  shop_words: z.array(z.string().min(1)).min(1),
});

/** rules/ is broken. Lists every problem, located, so an author can fix them in one pass. */
export class RuleBookError extends Error {
  override readonly name = 'RuleBookError';
  constructor(readonly problems: LoadProblem[]) {
    super([...problems.map(formatProblem), `${problems.length} problem${problems.length === 1 ? '' : 's'} in rules/.`].join('\n'));
  }
}

export interface LoadedRules {
  book: RuleBook;
  tips: Tip[];
  /** Not worth stopping for, but worth telling the operator: a disabled rule id that no rule has. */
  warnings: string[];
}

/**
 * A typo in FANPAGE_RULES_DISABLED (or rules.disabled) must not stop every command: it disables
 * nothing, and the operator is told which id is unknown and which one they probably meant.
 */
export function disabledRuleWarnings(book: RuleBook, disabledRules: readonly string[]): string[] {
  const ids = book.rules.map((r) => r.value.id);
  return disabledRules
    .filter((id) => !ids.includes(id))
    .map((id) => {
      const near = ids.length > 0 ? closest(id, ids) : undefined;
      // why: only a typo-sized difference is worth suggesting (at most a third of the id)
      const guess = near !== undefined && distance(id, near) <= Math.max(2, Math.ceil(id.length / 3)) ? near : undefined;
      return `rules.disabled (FANPAGE_RULES_DISABLED): no rule has the id "${id}"${guess ? `; did you mean "${guess}"?` : ' (a rule\'s id is its path under rules/, e.g. links.untracked).'} It disables nothing.`;
    });
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Reads everything under `rulesDir` and checks it, collecting every problem before failing:
 * the bot refuses to start on a broken rule book, and `rules check` prints the same list.
 */
export function loadRules(rulesDir: string, disabledRules: readonly string[] = []): LoadedRules {
  const problems: LoadProblem[] = [];
  const texts = new Map<string, string>();
  const display = (file: string) => relative(process.cwd(), file) || file;

  function read<S extends z.ZodType>(file: string, schema: S): z.infer<S> | undefined {
    const shown = display(file);
    const text = readFileSync(file, 'utf8');
    texts.set(shown, text);
    const parsed = parseYaml(text, shown, schema);
    if (parsed.ok) return parsed.value;
    problems.push(...parsed.problems);
    return undefined;
  }
  function readAll<S extends z.ZodType>(dir: string, schema: S): Sourced<z.infer<S>>[] {
    return yamlFiles(dir).flatMap((file) => {
      const value = read(file, schema);
      return value === undefined ? [] : [{ value, file: display(file) }];
    });
  }

  const lexicons = join(rulesDir, 'lexicons');
  const languages = readAll(join(lexicons, 'languages'), LanguageSchema);
  const categories = readAll(join(lexicons, 'categories'), CategoryFileSchema);
  for (const c of categories) {
    if (basename(c.file) !== fileNameOf(c.value.category)) {
      problems.push({ file: c.file, line: 1, col: 1, field: 'category', message: `must match the file name: rename the file to ${fileNameOf(c.value.category)} or fix the id` });
    }
  }
  const risks = readAll(join(lexicons, 'risks'), RiskFileSchema);
  for (const r of risks) {
    if (basename(r.file) !== fileNameOf(r.value.risk)) {
      problems.push({ file: r.file, line: 1, col: 1, field: 'risk', message: `must match the file name: rename the file to ${fileNameOf(r.value.risk)} or fix the id` });
    }
  }
  const links = read(join(lexicons, 'links.yml'), LinksSchema);
  // The learned layer (rules/model/): word classes it reads, and the weights `npm run train` writes.
  const wordClassesFile = join(rulesDir, 'model', 'word-classes.yml');
  const wordClasses = existsSync(wordClassesFile) ? read(wordClassesFile, WordClassesSchema) : undefined;
  const weightsFile = join(rulesDir, 'model', 'weights.json');
  const model = existsSync(weightsFile) ? read(weightsFile, ModelSchema) : undefined;

  // What kind of post it is (reply, service notice, marketing): optional, so an older rules folder still loads
  const kindsFile = join(lexicons, 'kinds.yml');
  const kinds = existsSync(kindsFile) ? read(kindsFile, KindsSchema) : undefined;

  const rules: Sourced<z.infer<typeof RuleSchema>>[] = [];
  for (const folder of readdirSync(rulesDir).sort()) {
    const dir = join(rulesDir, folder);
    if (DATA_FOLDERS.has(folder) || !statSync(dir).isDirectory()) continue;
    for (const rule of readAll(dir, RuleSchema)) {
      const expected = `${folder}.${basename(rule.file).replace(/\.ya?ml$/, '')}`;
      if (rule.value.id !== expected) problems.push({ file: rule.file, line: 1, col: 1, field: 'id', message: `is "${rule.value.id}" but the path says "${expected}"; a rule's id is its path` });
      else rules.push(rule);
    }
  }

  let findings: RuleBook['findings'] = [];
  let tips: Tip[] = [];
  try {
    ({ findings, tips } = loadCatalog(rulesDir));
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
    problems.push(...err.problems);
  }

  const book: RuleBook = {
    languages,
    categories,
    risks,
    links: { trackingParams: links?.tracking_params ?? [], shorteners: links?.shorteners ?? [], shopWords: links?.shop_words ?? [] },
    findings,
    rules,
    ...(wordClasses ? { wordClasses: { value: wordClasses, file: display(wordClassesFile) } } : {}),
    ...(model ? { model: { value: model, file: display(weightsFile) } } : {}),
    ...(kinds ? { kinds: { value: kinds, file: display(kindsFile) } } : {}),
  };
  if (problems.length === 0) {
    for (const p of checkRuleBook(book)) {
      const text = texts.get(p.file);
      problems.push(text && p.field ? { ...p, ...locateField(text, p.field) } : p);
    }
  }
  if (problems.length > 0) throw new RuleBookError(problems);
  return { book, tips, warnings: disabledRuleWarnings(book, disabledRules) };
}
