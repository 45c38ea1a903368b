// Settings from .env (read by both entry points in bin/) and .env.example documenting them all.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from './support/advisor.ts';

const run = promisify(execFile);

async function score(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FANPAGE_')));
  const r = await run(process.execPath, [join(ROOT_DIR, 'bin/fanpage-advisor.js'), 'score', '--json', 'New spring collection out now'], { cwd, env: { ...clean, LOG_LEVEL: 'silent', ...env } });
  return { suggestions: (JSON.parse(r.stdout) as { suggestions: unknown[] }).suggestions.length, stderr: r.stderr };
}

describe('.env', () => {
  it('is read from the working directory; the environment wins over it; no file is fine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fa-env-'));
    const where = { FANPAGE_CONFIG: join(ROOT_DIR, 'config/default.yaml'), FANPAGE_RULES_DIR: join(ROOT_DIR, 'rules') };
    const none = await score(dir, where);
    expect(none.suggestions).toBe(3);
    expect(none.stderr).not.toMatch(/\.env/);
    writeFileSync(join(dir, '.env'), `# my settings\nFANPAGE_CONFIG=${where.FANPAGE_CONFIG}\nFANPAGE_RULES_DIR="${where.FANPAGE_RULES_DIR}"\nFANPAGE_ENGINE_SUGGESTIONS=1\n`);
    expect((await score(dir)).suggestions).toBe(1);
    expect((await score(dir, { FANPAGE_ENGINE_SUGGESTIONS: '2' })).suggestions).toBe(2);
  });
});

describe('.env.example', () => {
  it('documents every environment variable the code reads', () => {
    const example = readFileSync(join(ROOT_DIR, '.env.example'), 'utf8');
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
    const names = new Set<string>();
    for (const file of files(join(ROOT_DIR, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
      // the validated variables of the configuration schema: `NAME: z.…`
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): z\./gm)) names.add(m[1]!);
    }
    expect(names.size).toBeGreaterThan(8);
    const missing = [...names].filter((n) => !new RegExp(`^#? ?${n}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });
});
