// The bundled command line (dist/bundle, what `fanpage-advisor` runs once built) answers exactly
// as the sources do: bundling changes how the code is loaded, never what it says.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import { ROOT_DIR } from './support/advisor.ts';
import { captureIo } from './support/io.ts';

const BUNDLE = join(ROOT_DIR, 'dist/bundle/cli.cjs');
const LOADER = join(ROOT_DIR, 'bin/bundle-loader.js');
// why: the in-process run below sees none of these either
const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI|DISCORD|FANPAGE)_/.test(k)));
// as bin/fanpage-advisor.js runs it: through the loader, with the build's code cache
const RUN = 'const { loadBundle } = await import(process.argv[1]); const { main } = loadBundle(process.argv[2]).exports; process.exitCode = await main(process.argv.slice(3));';

async function bundled(args: string[]) {
  const r = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', RUN, LOADER, BUNDLE, ...args], { cwd: ROOT_DIR, env: { ...clean, LOG_LEVEL: 'silent', NO_COLOR: '1' } }).catch((e: { stdout: string; stderr: string; code: number }) => e);
  return { out: r.stdout, code: 'code' in r ? r.code : 0 };
}

async function sources(args: string[]) {
  const c = captureIo('', { NO_COLOR: '1' });
  const code = await main(args, c.io);
  return { out: c.out(), code };
}

describe('dist/bundle', () => {
  it('exists after a build (npm run build writes it)', () => {
    expect(existsSync(BUNDLE)).toBe(true);
  });

  it.each([
    [['score', '--json', '--platform', 'x', 'New spring collection out now! Check it out: https://shop.example/spring']],
    [['score', '--json', '--platform', 'facebook', 'Nur für Fans: 5 € Rabatt mit Code FAN5 bis Sonntag 🎉 #fans']],
    [['score', 'REMINDER TO APPLY YOUR SPF ☀️']],
    // the language identifier, the stemmers and twitter-text load on first use in the bundle (scripts/build.mjs)
    [['score', '--json', "Profitez de 20 % de réduction sur toute la collection jusqu'à dimanche : https://boutique.example.fr/soldes 🎉"]],
    [['score', '--json', '--platform', 'x', 'Ünser Café öffnet am Samstag! 😊 Alle Details: https://www.example.de/cafe']],
    [['explain', 'discount']],
    [['findings']],
    [['ask', '--json', 'Do fans want discounts?']],
    [['rules', 'check']],
    [['--help']],
    [['--version']],
    [['score', '--platform', 'myspace', 'x']],
  ])('answers %j as the sources do', async (args) => {
    const [a, b] = await Promise.all([bundled(args), sources(args)]);
    expect(a.out).toBe(b.out);
    expect(a.code).toBe(b.code);
    expect(a.out.length + a.code).toBeGreaterThan(0);
  });
});
