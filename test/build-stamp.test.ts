// Which code the commands run (bin/fanpage-advisor.js, bin/start.js): dist/ when its build stamp
// matches the sources, the sources otherwise; and `npm start` builds only when something changed.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from './support/advisor.ts';

const run = promisify(execFile);

/** A copy of the built package, made as `cp -r` makes one: every file gets a new time. */
function copyPackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'fa-copy-'));
  for (const part of ['src', 'dist', 'bin', 'scripts', 'config', 'rules', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(ROOT_DIR, part), join(root, part), { recursive: true, preserveTimestamps: false });
  }
  symlinkSync(join(ROOT_DIR, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** Marks the built copy only (compiled modules and bundle), so the output tells which of the two ran. */
function markDist(root: string): void {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.c?js$/.test(e.name) ? [join(dir, e.name)] : []));
  let marked = 0;
  for (const file of files(join(root, 'dist'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('fanpage-advisor – does a planned')) continue;
    writeFileSync(file, text.replace('fanpage-advisor – does a planned', 'COMPILED fanpage-advisor – does a planned'));
    marked++;
  }
  expect(marked).toBeGreaterThan(0);
}

async function help(root: string): Promise<string> {
  return (await run(process.execPath, [join(root, 'bin/fanpage-advisor.js'), '--help'], { cwd: root })).stdout;
}

describe('bin/fanpage-advisor.js chooses dist/ or the sources by the build stamp', () => {
  let root: string;
  beforeAll(() => {
    root = copyPackage();
    markDist(root);
  });

  it('runs dist/ from a copy whose sources are newer on disk but unchanged', async () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/cli.ts'), later, later);
    expect(await help(root)).toContain('COMPILED');
  });

  it('runs the sources once a source file changes', async () => {
    const file = join(root, 'src/adapters/cli/help.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('fanpage-advisor – does a planned', 'EDITED fanpage-advisor – does a planned'));
    const old = new Date(2000, 0, 1);
    utimesSync(file, old, old);
    const out = await help(root);
    expect(out).toContain('EDITED');
    expect(out).not.toContain('COMPILED');
  });
});

it('runs dist/ when the package ships without its sources', async () => {
  const root = copyPackage();
  markDist(root);
  rmSync(join(root, 'src'), { recursive: true });
  expect(await help(root)).toContain('COMPILED');
});

describe('npm start (bin/start.js)', () => {
  it('starts without building when nothing changed, and builds once the sources changed', async () => {
    const root = copyPackage();
    const env = { ...process.env, DISCORD_TOKEN: '', DATA_DIR: join(root, 'data'), LOG_LEVEL: 'silent' };
    const start = () => {
      const child = execFile(process.execPath, [join(root, 'bin/start.js')], { cwd: root, env });
      child.stdin!.end('/quit\n');
      return new Promise<{ stderr: string; code: number | null }>((resolve) => {
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ stderr, code }));
      });
    };
    const unchanged = await start();
    expect(unchanged.code).toBe(0);
    expect(unchanged.stderr).toContain('local chat');
    expect(unchanged.stderr).not.toMatch(/build/i);

    const file = join(root, 'src/cli.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n// an edit\n`);
    const changed = await start();
    expect(changed.code).toBe(0);
    expect(changed.stderr).toMatch(/changed since the last build; building/);
    expect(changed.stderr).toContain('local chat');
    const again = await start();
    expect(again.stderr).not.toMatch(/build/i);
  }, 120_000);
});
