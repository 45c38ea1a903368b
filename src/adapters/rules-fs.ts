import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { checkRuleBook, type RuleBook, type Sourced } from '../core/advisor.ts';
import { AskTopicsFileSchema } from '../core/ask-topics.ts';
import { checkCatalog } from '../core/catalog.ts';
import { WordClassesSchema } from '../core/features.ts';
import { FindingsFileSchema, type Finding } from '../core/finding.ts';
import { LanguageSchema } from '../core/language.ts';
import { isCategoryFile, LexiconFileSchema, type CategoryFile, type RiskFile } from '../core/lexicon-file.ts';
import { formatProblem, locateField, parseYaml, type LoadProblem } from '../core/load-problem.ts';
import { ModelSchema } from '../core/model.ts';
import { KindsSchema } from '../core/post-kind.ts';
import { RuleSchema } from '../core/rule.ts';
import { emittableTopics } from '../core/topic.ts';
import { TipsFileSchema, type Tip } from '../core/tip.ts';

// The one loader of rules/: every file under it is read here, with its schema, and every problem
// (unreadable, bad YAML, schema, cross-file) becomes one located LoadProblem in one RuleBookError.

/**
 * What each path under rules/ holds (rules/README.md, "What each file is"). Every folder not named
 * here is a group of rules, `rules/<group>/<name>.yml`; nothing else is read, and a file anywhere
 * else is reported, so a misplaced file is never silently ignored.
 */
export const LAYOUT = {
  lexicons: { folders: ['categories', 'risks', 'languages'], files: ['links.yml', 'kinds.yml'] },
  findings: { folders: [], files: ['findings.yml', 'tips.yml', 'ask-topics.yml'] },
  model: { folders: [], files: ['word-classes.yml', 'weights.json'] },
} as const;

/** The folders under rules/ that hold data other than rules. */
export const DATA_FOLDERS: ReadonlySet<string> = new Set(Object.keys(LAYOUT));

export const FINDINGS_FILE = 'findings/findings.yml';
export const TIPS_FILE = 'findings/tips.yml';

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

const YAML = /\.ya?ml$/;

// why: messages name files relative to the working directory (`rules/findings/tips.yml:12:5`) when they can
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Reads files of one rules folder and keeps every problem and every text (to locate cross-file problems). */
class Reader {
  readonly problems: LoadProblem[] = [];
  readonly texts = new Map<string, string>();

  problem(file: string, field: string, message: string): void {
    const text = this.texts.get(file);
    this.problems.push({ file, ...(text && field ? locateField(text, field) : { line: 1, col: 1 }), field, message });
  }

  /** One file, parsed and validated; undefined (and a problem) when it cannot be. */
  read<S extends z.ZodType>(path: string, schema: S): Sourced<z.infer<S>> | undefined {
    const file = display(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      this.problem(file, '', `Cannot read the file: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    this.texts.set(file, text);
    const parsed = parseYaml(text, file, schema);
    if (parsed.ok) return { value: parsed.value, file };
    this.problems.push(...parsed.problems);
    return undefined;
  }

  /** An optional file: absent is fine (an older rules folder still loads). */
  readIfThere<S extends z.ZodType>(path: string, schema: S): Sourced<z.infer<S>> | undefined {
    return existsSync(path) ? this.read(path, schema) : undefined;
  }

  /** Every YAML file of a folder, in name order; anything else in it is reported. */
  readAll<S extends z.ZodType>(dir: string, schema: S): Sourced<z.infer<S>>[] {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      this.problem(display(dir), '', `Cannot read the folder: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
    for (const name of names.filter((n) => !YAML.test(n))) this.problem(display(join(dir, name)), '', 'is not read: this folder holds only .yml files');
    return names.filter((n) => YAML.test(n)).flatMap((n) => this.read(join(dir, n), schema) ?? []);
  }
}

/** The findings and the tips, cross-checked (a tip is only valid if the finding it cites is). */
function readCatalog(r: Reader, rulesDir: string, topics?: readonly string[]): { findings: Finding[]; tips: Tip[] } {
  const findings = r.read(join(rulesDir, FINDINGS_FILE), FindingsFileSchema);
  const tips = r.read(join(rulesDir, TIPS_FILE), TipsFileSchema);
  if (!findings || !tips) return { findings: findings?.value.findings ?? [], tips: tips?.value.tips ?? [] };
  const sources = { findings: { file: findings.file, text: r.texts.get(findings.file) }, tips: { file: tips.file, text: r.texts.get(tips.file) } };
  r.problems.push(...checkCatalog(findings.value.findings, tips.value.tips, sources, topics));
  return { findings: findings.value.findings, tips: tips.value.tips };
}

/** Files where no file is read: at the top of rules/ (but README.md) and unknown names in the data folders. */
function reportStrays(r: Reader, rulesDir: string): void {
  const where = 'rules go in rules/<group>/<name>.yml; lexicons, findings and the model in their folders (rules/README.md, "What each file is")';
  for (const name of readdirSync(rulesDir).sort()) {
    const path = join(rulesDir, name);
    if (!statSync(path).isDirectory()) {
      if (name !== 'README.md') r.problem(display(path), '', `is not read: ${where}`);
      continue;
    }
    const layout = LAYOUT[name as keyof typeof LAYOUT] as { folders: readonly string[]; files: readonly string[] } | undefined;
    if (!layout) {
      for (const inner of readdirSync(path).sort().filter((n) => statSync(join(path, n)).isDirectory())) r.problem(display(join(path, inner)), '', `is not read: a rule group holds rule files only; ${where}`);
      continue;
    }
    for (const inner of readdirSync(path).sort()) {
      if (!layout.folders.includes(inner) && !layout.files.includes(inner)) r.problem(display(join(path, inner)), '', `is not read: rules/${name}/ holds ${[...layout.folders.map((f) => `${f}/`), ...layout.files].join(', ')}`);
    }
  }
}

/**
 * Reads `<rulesDir>/findings/findings.yml` and `tips.yml` and cross-checks them: for tools and tests
 * that need the evidence only. Throws RuleBookError listing every problem of both files.
 */
export function loadCatalog(rulesDir: string): { findings: Finding[]; tips: Tip[] } {
  const r = new Reader();
  const catalog = readCatalog(r, rulesDir);
  if (r.problems.length > 0) throw new RuleBookError(r.problems);
  return catalog;
}

/**
 * Reads everything under `rulesDir` and checks it, collecting every problem before failing:
 * the bot refuses to start on a broken rule book, and `rules check` prints the same list.
 */
export function loadRules(rulesDir: string, disabledRules: readonly string[] = []): LoadedRules {
  const r = new Reader();
  const lexicons = join(rulesDir, 'lexicons');
  const languages = r.readAll(join(lexicons, 'languages'), LanguageSchema);
  // One schema for both kinds of lexicon; the folder says which kind a file must be.
  const lexiconsIn = <K extends 'categories' | 'risks'>(folder: K) =>
    r.readAll(join(lexicons, folder), LexiconFileSchema).flatMap((lex) => {
      if (isCategoryFile(lex.value) !== (folder === 'categories')) {
        r.problem(lex.file, 'id', `"${lex.value.id}" is not a ${folder === 'categories' ? 'content category' : 'risk'}; a file in lexicons/${folder}/ must define one`);
        return [];
      }
      if (basename(lex.file) !== fileNameOf(lex.value.id)) r.problem(lex.file, 'id', `must match the file name: rename the file to ${fileNameOf(lex.value.id)} or fix the id`);
      return [lex as Sourced<K extends 'categories' ? CategoryFile : RiskFile>];
    });
  const categories = lexiconsIn('categories');
  const risks = lexiconsIn('risks');
  const links = r.read(join(lexicons, 'links.yml'), LinksSchema)?.value;
  // What kind of post it is (reply, service notice, marketing)
  const kinds = r.readIfThere(join(lexicons, 'kinds.yml'), KindsSchema);
  // The learned layer (rules/model/): word classes it reads, and the weights `npm run train` writes.
  const wordClasses = r.readIfThere(join(rulesDir, 'model', 'word-classes.yml'), WordClassesSchema);
  const model = r.readIfThere(join(rulesDir, 'model', 'weights.json'), ModelSchema);
  // /ask: question words that point at findings
  const askTopics = r.readIfThere(join(rulesDir, 'findings', 'ask-topics.yml'), AskTopicsFileSchema);

  const rules: Sourced<z.infer<typeof RuleSchema>>[] = [];
  for (const folder of readdirSync(rulesDir).sort()) {
    const dir = join(rulesDir, folder);
    if (DATA_FOLDERS.has(folder) || !statSync(dir).isDirectory()) continue;
    for (const rule of r.readAll(dir, RuleSchema)) {
      const expected = `${folder}.${basename(rule.file).replace(YAML, '')}`;
      if (rule.value.id !== expected) r.problem(rule.file, 'id', `is "${rule.value.id}" but the path says "${expected}"; a rule's id is its path`);
      else rules.push(rule);
    }
  }
  // why: tip topics are checked against what these rules can report, unless a rule could not be read
  const { findings, tips } = readCatalog(r, rulesDir, r.problems.length === 0 ? emittableTopics(rules.map((x) => x.value)) : undefined);
  reportStrays(r, rulesDir);

  const book: RuleBook = {
    languages,
    categories,
    risks,
    links: { trackingParams: links?.tracking_params ?? [], shorteners: links?.shorteners ?? [], shopWords: links?.shop_words ?? [] },
    findings,
    rules,
    ...(wordClasses ? { wordClasses } : {}),
    ...(model ? { model } : {}),
    ...(kinds ? { kinds } : {}),
    ...(askTopics ? { askTopics } : {}),
  };
  if (r.problems.length === 0) for (const p of checkRuleBook(book)) r.problem(p.file, p.field, p.message);
  if (r.problems.length > 0) throw new RuleBookError(r.problems);
  return { book, tips, warnings: disabledRuleWarnings(book, disabledRules) };
}
