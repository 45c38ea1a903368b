// The rules snapshot (dist/rules.snapshot): the same advisor as the YAML sources give, used only
// while rules/ and the code are what it was built from, and refreshed by every build.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scorePost } from '../../src/app/score-post.ts';
import { loadConfig } from '../../src/adapters/config.ts';
import { loadRules } from '../../src/adapters/rules-fs.ts';
import { advisorInputs, loadAdvisor, snapshotStatus, writeSnapshot, type AdvisorInputs } from '../../src/adapters/rules-snapshot.ts';
import { toJson } from '../../src/core/report-json.ts';
import { ROOT_DIR, RULES_DIR } from '../support/advisor.ts';

const defaults: AdvisorInputs = advisorInputs(loadConfig({}, ROOT_DIR));

/** A package root of its own: a copy of rules/, and a snapshot built from it. */
function packageCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'fa-snapshot-'));
  cpSync(RULES_DIR, join(root, 'rules'), { recursive: true });
  return root;
}

const corpus = join(ROOT_DIR, '..', 'shared', 'corpus', 'real-brand-posts.jsonl');
const posts: { text: string; platform: 'facebook' | 'twitter' }[] = [
  { text: 'Fans only: 20% off with code FAN20 until Sunday!', platform: 'twitter' },
  { text: 'Nur für Fans: 5 € Rabatt mit Code FAN5 bis Sonntag', platform: 'facebook' },
  { text: 'Tell us in the comments: which flavour should come back? 👇 #poll', platform: 'facebook' },
  ...(existsSync(corpus) ? readFileSync(corpus, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; platform: 'facebook' | 'twitter' }) : []),
];

describe('the rules snapshot', () => {
  it('gives the same reports as the YAML sources', () => {
    const root = packageCopy();
    const written = writeSnapshot(loadRules, join(root, 'rules'), defaults, root);
    expect(written.compiled).toBe(true);
    const warnings: string[] = [];
    const fromSnapshot = loadAdvisor(loadRules, join(root, 'rules'), defaults, (w) => warnings.push(w), root);
    const fromSources = loadAdvisor(loadRules, RULES_DIR, defaults, (w) => warnings.push(w), mkdtempSync(join(tmpdir(), 'fa-none-')));
    expect(fromSnapshot.from).toBe('snapshot');
    expect(fromSources.from).toBe('sources');
    expect(warnings).toEqual([]);
    expect(fromSnapshot.rules.tips).toEqual(fromSources.rules.tips);
    expect(posts.length).toBeGreaterThan(3);
    for (const post of posts) {
      const a = toJson(scorePost(fromSnapshot.advisor, { ...post, lang: 'auto' }));
      const b = toJson(scorePost(fromSources.advisor, { ...post, lang: 'auto' }));
      expect(a, post.text).toEqual(b);
    }
  });

  it('is stale once a file under rules/ changes: the loader says so and reads the YAML files', () => {
    const root = packageCopy();
    writeSnapshot(loadRules, join(root, 'rules'), defaults, root);
    expect(snapshotStatus(join(root, 'rules'), root)).toEqual({ fresh: true });
    appendFileSync(join(root, 'rules', 'lexicons', 'links.yml'), '\n# an edit\n');
    expect(snapshotStatus(join(root, 'rules'), root).fresh).toBe(false);
    const warnings: string[] = [];
    const loaded = loadAdvisor(loadRules, join(root, 'rules'), defaults, (w) => warnings.push(w), root);
    expect(loaded.from).toBe('sources');
    expect(warnings.join('\n')).toMatch(/rules snapshot is out of date .*changed since it was built.*npm run build/);
  });

  it('serves other settings from its checked rule book, and warns about an unknown disabled rule (issue 11)', () => {
    const root = packageCopy();
    writeSnapshot(loadRules, join(root, 'rules'), defaults, root);
    const [someRule] = loadAdvisor(loadRules, join(root, 'rules'), defaults, () => {}, root).advisor.rules;
    const other = { ...defaults, settings: { ...defaults.settings, base: 20, disabledRules: [someRule!.id] } };
    const loaded = loadAdvisor(loadRules, join(root, 'rules'), other, () => {}, root);
    expect(loaded.from).toBe('snapshot');
    expect(loaded.advisor.settings.base).toBe(20);
    expect(loaded.advisor.rules.map((r) => r.id)).not.toContain(someRule!.id);
    const typo = { ...defaults, settings: { ...defaults.settings, disabledRules: ['links.untraked'] } };
    const warned = loadAdvisor(loadRules, join(root, 'rules'), typo, () => {}, root);
    expect(warned.from).toBe('snapshot');
    expect(warned.rules.warnings).toEqual([expect.stringContaining('did you mean "links.untracked"')]);
  });

  it('is not used for a rules folder other than the package’s own (FANPAGE_RULES_DIR)', () => {
    const root = packageCopy();
    writeSnapshot(loadRules, join(root, 'rules'), defaults, root);
    const elsewhere = join(root, 'elsewhere');
    cpSync(join(root, 'rules'), elsewhere, { recursive: true });
    const warnings: string[] = [];
    expect(loadAdvisor(loadRules, elsewhere, defaults, (w) => warnings.push(w), root).from).toBe('sources');
    expect(warnings).toEqual([]);
  });

  // why in the suite: CI runs `npm ci` (which builds) and then `npm test` (which rebuilds what is
  // out of date first); a snapshot that no longer matches rules/ or the code fails here
  it('in dist/ matches rules/ and the code as they are now', () => {
    const status = snapshotStatus(RULES_DIR, ROOT_DIR);
    expect(status.reason ?? 'fresh', 'run npm run build').toBe('fresh');
  });
});
