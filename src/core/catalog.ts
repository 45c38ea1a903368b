import type { Finding } from './finding.ts';
import { locateField, type LoadProblem } from './load-problem.ts';
import type { Tip } from './tip.ts';

/** Longest tip text accepted, per language. Discord allows 4096 in an embed description; tips stay short. */
export const TIP_MAX_CHARS = 300;

/** A catalogue file: its name for messages, and its YAML text so problems can point at a line. */
export interface CatalogSource {
  file: string;
  text?: string;
}

export interface CatalogSources {
  findings: CatalogSource;
  tips: CatalogSource;
}

const defaultSources: CatalogSources = { findings: { file: 'rules/findings/findings.yml' }, tips: { file: 'rules/findings/tips.yml' } };

/**
 * Cross-checks the findings and tips catalogues: unique ids, every tip cites an existing finding
 * that is not `verified: no`, every tip topic is one the engine can report with the loaded rules
 * (`topics`, from src/core/topic.ts; not checked without it), tip texts are non-blank and short, and every percentage in a tip
 * appears in its finding's claim, consumers or companies figure (in either language).
 * Pass `sources` with the YAML texts to get real line numbers; without them problems point at 1:1.
 */
export function checkCatalog(
  findings: readonly Finding[],
  tips: readonly Tip[],
  sources: CatalogSources = defaultSources,
  topics?: readonly string[],
): LoadProblem[] {
  const atFinding = locator(sources.findings);
  const atTip = locator(sources.tips);
  const problems = [...duplicateIds(findings, 'findings', atFinding), ...duplicateIds(tips, 'tips', atTip)];

  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);

  tips.forEach((tip, i) => {
    tip.topics.forEach((topic, t) => {
      if (topics && !topics.includes(topic)) {
        problems.push(atTip(['tips', i, 'topics', t], `Unknown topic "${topic}": the engine never reports it with these rules, so the tip would never be preferred. Use one of: ${topics.join(', ')}.`));
      }
    });
    const finding = byId.get(tip.finding);
    if (!finding) {
      problems.push(atTip(['tips', i, 'finding'], `Unknown finding "${tip.finding}". Cite an id that exists in ${sources.findings.file}.`));
    } else if (finding.verified === 'no') {
      problems.push(
        atTip(['tips', i, 'finding'], `Finding "${finding.id}" is marked verified: no, so no tip may cite it. Cite a verified finding instead.`),
      );
    }
    const allowed = finding ? findingFigures(finding) : undefined;
    for (const lang of ['en', 'de'] as const) {
      const text = tip.text[lang];
      const path = ['tips', i, 'text', lang];
      if (text.trim() === '') problems.push(atTip(path, 'Tip text is blank. Write the tip in both languages.'));
      const length = [...text].length;
      if (length > TIP_MAX_CHARS) {
        problems.push(atTip(path, `Tip text has ${length} characters; keep it to ${TIP_MAX_CHARS} or fewer.`));
      }
      if (!finding || !allowed) continue;
      for (const figure of percentFigures(text)) {
        if (allowed.has(figure)) continue;
        const known = [...allowed].map((f) => `${f}%`).join(', ') || 'none';
        problems.push(
          atTip(
            path,
            `"${figure}%" does not appear in finding ${finding.id} (claim, consumers or companies; it has: ${known}). ` +
              'Use a figure from that finding, or cite the finding that has it.',
          ),
        );
      }
    }
  });
  return problems;
}

/**
 * Every percentage in a text, normalised so "61 %" = "61%" and "82,5 %" = "82.5%". Both ends of a
 * range count ("59–63 %" gives 59 and 63). Returns the numbers as strings, e.g. ["61", "82.5"].
 */
export function percentFigures(text: string): string[] {
  const figures: string[] = [];
  const number = String.raw`\d+(?:[.,]\d+)?`;
  const re = new RegExp(String.raw`(${number})(?:\s?[–-]\s?(${number}))?\s?%`, 'gu');
  for (const m of text.matchAll(re)) {
    for (const raw of [m[1], m[2]]) if (raw !== undefined) figures.push(String(Number(raw.replace(',', '.'))));
  }
  return figures;
}

function findingFigures(f: Finding): Set<string> {
  const texts = [f.claim.en, f.claim.de, f.consumers?.value ?? '', f.companies?.value ?? ''];
  return new Set(texts.flatMap(percentFigures));
}

type Locate = (path: (string | number)[], message: string) => LoadProblem;

function duplicateIds(items: readonly { id: string }[], key: 'findings' | 'tips', at: Locate): LoadProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: LoadProblem[] = [];
  items.forEach((item, i) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) {
      firstIndex.set(item.id, i);
      return;
    }
    const firstLine = at([key, first, 'id'], '').line;
    const what = key === 'findings' ? 'finding' : 'tip';
    problems.push(at([key, i, 'id'], `Duplicate ${what} id "${item.id}", first used at line ${firstLine}. Give each ${what} its own id.`));
  });
  return problems;
}

/** Builds a function that turns a field path into a located problem, using the YAML text when given. */
function locator(source: CatalogSource): Locate {
  return (path, message) => {
    const field = path.join('.');
    const pos = source.text === undefined ? { line: 1, col: 1 } : locateField(source.text, field);
    return { file: source.file, line: pos.line, col: pos.col, field, message };
  };
}
