// The loader of rules/: what each path holds, one lexicon schema for categories and risks, and the
// /ask topics checked against the findings; every problem located for the rule author.
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadRules, RuleBookError } from '../../src/adapters/rules-fs.ts';
import type { LoadProblem } from '../../src/core/load-problem.ts';
import { RULES_DIR } from '../support/advisor.ts';

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fa-rules-fs-'));
  cpSync(RULES_DIR, dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function problemsOf(dir: string): LoadProblem[] {
  try {
    loadRules(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleBookError);
    return (err as RuleBookError).problems;
  }
  throw new Error('expected a RuleBookError');
}

const lineOf = (dir: string, file: string, needle: string) => readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('loading rules/', () => {
  it('loads the real rule book', () => {
    const { book } = loadRules(RULES_DIR);
    expect(book.categories).toHaveLength(12);
    expect(book.risks.map((r) => r.value.id)).toEqual(['addressed_to_scorer', 'engagement_bait', 'privacy_ask']);
    expect(book.askTopics?.value.topics.length).toBeGreaterThan(10);
  });

  it('reads categories and risks with one schema: a tier on a risk is located', () => {
    const dir = copy();
    edit(dir, 'lexicons/risks/privacy-ask.yml', (t) => t.replace(/^id: privacy_ask$/m, 'id: privacy_ask\ntier: want'));
    const p = problemsOf(dir);
    expect(p).toEqual([expect.objectContaining({ file: expect.stringMatching(/lexicons\/risks\/privacy-ask\.yml$/), field: 'tier', line: lineOf(dir, 'lexicons/risks/privacy-ask.yml', 'tier: want') })]);
    expect(p[0]!.message).toContain('only a category has a tier');
  });

  it('says which folder a lexicon belongs in', () => {
    const dir = copy();
    renameSync(join(dir, 'lexicons/risks/privacy-ask.yml'), join(dir, 'lexicons/categories/privacy-ask.yml'));
    const p = problemsOf(dir);
    expect(p.map((x) => [x.field, x.message])).toContainEqual(['id', '"privacy_ask" is not a content category; a file in lexicons/categories/ must define one']);
  });

  it('wants kebab-case file names for lexicons', () => {
    const dir = copy();
    renameSync(join(dir, 'lexicons/categories/purchase-cta.yml'), join(dir, 'lexicons/categories/purchase_cta.yml'));
    expect(problemsOf(dir).map((x) => x.message)).toEqual(['must match the file name: rename the file to purchase-cta.yml or fix the id']);
  });

  it('checks the /ask topics against the findings, located', () => {
    const dir = copy();
    edit(dir, 'findings/ask-topics.yml', (t) => t.replace('findings: [pivot-rewards]', 'findings: [no-such-finding]'));
    const p = problemsOf(dir);
    expect(p).toEqual([expect.objectContaining({ field: 'topics.1.findings.0', line: lineOf(dir, 'findings/ask-topics.yml', 'no-such-finding') })]);
    expect(p[0]!.message).toContain('cites finding "no-such-finding"');
  });
});

describe('what each path holds', () => {
  it('reports a file where no file is read, and an unreadable required file, all at once', () => {
    const dir = copy();
    writeFileSync(join(dir, 'stray.yml'), 'id: x\n');
    writeFileSync(join(dir, 'lexicons', 'extra.yml'), 'id: x\n');
    renameSync(join(dir, 'lexicons', 'links.yml'), join(dir, 'findings', 'links.yml'));
    const p = problemsOf(dir).map((x) => `${x.file.split(/[\\/]/).slice(-2).join('/')}: ${x.message.slice(0, 40)}`);
    expect(p).toEqual([
      'lexicons/links.yml: Cannot read the file: ENOENT: no such fi',
      'findings/links.yml: is not read: rules/findings/ holds findi',
      'lexicons/extra.yml: is not read: rules/lexicons/ holds categ',
      expect.stringMatching(/^[\w-]+\/stray\.yml: is not read: rules go in rules\/<group>/),
    ]);
  });

  it('loadCatalog reports a missing folder through the same error', () => {
    expect(() => loadCatalog(join(tmpdir(), 'fa-no-such-rules'))).toThrow(RuleBookError);
  });
});

describe('the spam thresholds', () => {
  it('come from exactly one rule of kind spam', () => {
    const dir = copy();
    writeFileSync(join(dir, 'risk', 'spam-again.yml'), readFileSync(join(dir, 'risk', 'spam.yml'), 'utf8').replace('id: risk.spam', 'id: risk.spam-again'));
    expect(problemsOf(dir).map((p) => [p.field, p.message])).toEqual([['check.kind', expect.stringContaining('the spam thresholds are already given by')]]);
  });

  it('are a located problem when a threshold is not a number', () => {
    const dir = copy();
    edit(dir, 'risk/spam.yml', (t) => t.replace('hashtags: { min: 6 }', 'hashtags: { min: six }'));
    expect(problemsOf(dir)).toEqual([expect.objectContaining({ field: 'check.hashtags.min', line: lineOf(dir, 'risk/spam.yml', 'min: six') })]);
  });
});

describe('tip topics', () => {
  it('are checked against the topics the loaded rules can report', () => {
    const dir = copy();
    // without a hashtag rule no post can miss "hashtags", so a tip about it would never be preferred
    for (const f of ['facebook-too-many.yml', 'x-too-many.yml']) rmSync(join(dir, 'hashtags', f));
    const p = problemsOf(dir);
    expect(p.length).toBeGreaterThan(0);
    expect(p.every((x) => /findings\/tips\.yml$/.test(x.file) && /^tips\.\d+\.topics\.\d+$/.test(x.field) && x.message.startsWith('Unknown topic "hashtags"'))).toBe(true);
  });
});
