import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { z } from 'zod';
import { checkCatalog } from '../core/catalog.ts';
import { FindingsFileSchema, type Finding } from '../core/finding.ts';
import { formatProblem, parseYaml, type LoadProblem } from '../core/load-problem.ts';
import { TipsFileSchema, type Tip } from '../core/tip.ts';

export const FINDINGS_FILE = 'findings/findings.yml';
export const TIPS_FILE = 'findings/tips.yml';

/** The findings or tips catalogue is broken. `problems` holds every problem found, located. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly problems: LoadProblem[];

  constructor(problems: LoadProblem[]) {
    const n = problems.length;
    super([...problems.map(formatProblem), `${n} problem${n === 1 ? '' : 's'} in the findings and tips catalogue.`].join('\n'));
    this.problems = problems;
  }
}

export interface Catalog {
  findings: Finding[];
  tips: Tip[];
}

/** Reads `<rulesDir>/findings/findings.yml`, validates it and checks its ids are unique. Throws CatalogError. */
export function loadFindings(rulesDir: string): Finding[] {
  const findings = read(rulesDir, FINDINGS_FILE, FindingsFileSchema);
  if (!findings.ok) throw new CatalogError(findings.problems);
  const tips = { file: display(join(rulesDir, TIPS_FILE)) };
  return ok(findings.value.findings, checkCatalog(findings.value.findings, [], { findings: findings.source, tips }));
}

/**
 * Reads `<rulesDir>/findings/tips.yml` and checks it against `<rulesDir>/findings/findings.yml`, since a tip is only
 * valid if the finding it cites is. Throws CatalogError listing the problems of both files.
 */
export function loadTips(rulesDir: string): Tip[] {
  return loadCatalog(rulesDir).tips;
}

/** Reads and cross-checks both catalogue files; throws one CatalogError listing every problem. */
export function loadCatalog(rulesDir: string): Catalog {
  const findings = read(rulesDir, FINDINGS_FILE, FindingsFileSchema);
  const tips = read(rulesDir, TIPS_FILE, TipsFileSchema);
  if (!findings.ok || !tips.ok) {
    throw new CatalogError([...(findings.ok ? [] : findings.problems), ...(tips.ok ? [] : tips.problems)]);
  }
  const catalog = { findings: findings.value.findings, tips: tips.value.tips };
  return ok(catalog, checkCatalog(catalog.findings, catalog.tips, { findings: findings.source, tips: tips.source }));
}

type Read<T> =
  | { ok: true; value: T; source: { file: string; text: string } }
  | { ok: false; problems: LoadProblem[] };

function read<S extends z.ZodType>(rulesDir: string, name: string, schema: S): Read<z.infer<S>> {
  const file = display(join(rulesDir, name));
  let text: string;
  try {
    text = readFileSync(join(rulesDir, name), 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [{ file, line: 1, col: 1, field: '', message: `Cannot read the file: ${reason}` }] };
  }
  const parsed = parseYaml(text, file, schema);
  return parsed.ok ? { ok: true, value: parsed.value, source: { file, text } } : parsed;
}

function ok<T>(value: T, problems: LoadProblem[]): T {
  if (problems.length > 0) throw new CatalogError(problems);
  return value;
}

// why: messages name files relative to the working directory (`rules/findings/tips.yml:12:5`) when they can
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
