#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/src, bundles the command line into dist/bundle, writes
// the build stamp (dist/build-stamp.json, the hash of the sources just compiled) and the rules
// snapshot (dist/rules.snapshot).
// With --if-changed (npm start, npm test) it does only what is out of date, usually nothing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (path) => import(pathToFileURL(join(root, 'dist/src', path)).href);

/** What is out of date: the compiled code, the rules snapshot, both or neither. */
async function outOfDate() {
  try {
    const { buildIsCurrent } = await dist('adapters/build-stamp.js');
    if (!buildIsCurrent(root)) return { code: true, snapshot: true };
    const { snapshotStatus } = await dist('adapters/rules-snapshot.js');
    return { code: false, snapshot: !snapshotStatus(join(root, 'rules'), root).fresh };
  } catch {
    return { code: true, snapshot: true };
  }
}

/**
 * dist/bundle/cli.cjs: the command line as one file instead of hundreds of modules, for start-up
 * (Node 20 loads each ES module with its own resolve, read and compile, and keeps no compiled
 * code between runs; bin/bundle-loader.js runs this file with V8's code cache). A command's
 * modules still run only when it imports them. The small libraries every command uses are
 * inlined; the big ones, native ones and those with worker files (discord.js, openai,
 * better-sqlite3, pino, node-cron) stay in node_modules and load only when used.
 */

/**
 * Libraries a one-shot command often does not need, each bundled into its own file under
 * dist/bundle/lib/ and read and run only on first use: the language identifier reads only posts
 * that are neither English nor German, twitter-text only the link-like tokens of X posts, the
 * stemmers the first word stemmed, yaml only a configuration or rule file (the snapshot spares
 * the rule files). Each costs 10–25 ms to compile and run at start-up (tinyld several MB of
 * heap as well). The sources import them as usual; in the bundle the import is a stand-in that
 * calls `require()` on first use.
 */
const LAZY = {
  'tinyld/light': { file: 'tinyld-light.cjs', named: ['detect'] },
  'snowball-stemmers': { file: 'snowball-stemmers.cjs', default: true },
  'twitter-text': { file: 'twitter-text.cjs', default: true },
  yaml: { file: 'yaml.cjs', named: ['parse', 'parseDocument', 'isNode'], classes: ['LineCounter'] },
  // the audit's seeded binomial draws: 408 modules, ~80 ms to load from node_modules in each thread
  '@stdlib/random-base-binomial': { file: 'stdlib-binomial.cjs', default: true },
};

function lazyLibrary(spec) {
  const { file, named = [], classes = [], default: hasDefault = false } = LAZY[spec];
  return [
    'let lib;',
    // why the path as written: the chunk's own require (see the banner) resolves it next to the chunk
    `const load = () => (lib ??= require(${JSON.stringify(`./lib/${file}`)}));`,
    // why: the same object a default import of a CommonJS module gives (esbuild's interop)
    'const whole = () => { const m = load(); return m && m.__esModule && "default" in m ? m.default : m; };',
    ...named.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
    // why return from the constructor: callers get the library's own instance
    ...classes.map((name) => `export class ${name} { constructor(...args) { return new (load().${name})(...args); } }`),
    ...(hasDefault
      ? ['export default new Proxy({}, { get: (_, key) => { const m = whole(); const v = m[key]; return typeof v === "function" ? v.bind(m) : v; }, has: (_, key) => key in whole() });']
      : []),
  ].join('\n');
}

/** Each lazy library as one CommonJS file (one read and compile instead of dozens of modules). */
async function lazyLibraryFiles(esbuild, out) {
  for (const [spec, { file }] of Object.entries(LAZY)) {
    await esbuild.build({
      absWorkingDir: root,
      stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: root, loader: 'js' },
      outfile: join(out, 'lib', file),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      charset: 'utf8',
    });
  }
}

async function bundle() {
  const INLINED = new Set(['zod', 'twemoji-parser']);
  const out = join(root, 'dist/bundle');
  // why remove first: a bundle that failed to build must not leave the previous one behind
  rmSync(out, { recursive: true, force: true });
  const esbuild = await import('esbuild');
  const plugins = [
    {
      name: 'lazy-libraries',
      setup(build) {
        build.onResolve({ filter: /^(?:tinyld\/light|snowball-stemmers|twitter-text|yaml|@stdlib\/random-base-binomial)$/ }, (args) => ({ path: args.path, namespace: 'lazy' }));
        build.onResolve({ filter: /^\.\/lib\//, namespace: 'lazy' }, (args) => ({ path: args.path, external: true }));
        build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: lazyLibrary(args.path), resolveDir: root, loader: 'js' }));
      },
    },
    {
      name: 'inline-only-small-packages',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:')) return { external: true };
          // a package that is inlined brings its own dependencies along
          if (args.importer.includes(`${sep}node_modules${sep}`)) return undefined;
          const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
          return INLINED.has(name) ? undefined : { external: true };
        });
      },
    },
  ];
  const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', charset: 'utf8', plugins };
  try {
    await esbuild.build({
      ...common,
      entryPoints: ['src/cli.ts'],
      outfile: join(out, 'cli.cjs'),
      // why CommonJS in one file: bin/bundle-loader.js runs it with V8's code cache, which Node 20
      // offers for scripts only; each command's modules still run only when it imports them
      format: 'cjs',
      // why: the sources find their package (and worker files) from import.meta.url; in the bundle that is the bundle's own URL
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
    // why the audit's worker as a file of its own: a worker thread loads its modules anew, and one
    // file instead of the ~100 modules under dist/src saves each thread a few hundred ms
    // (classify-pool.ts looks for it beside the bundle)
    await esbuild.build({
      ...common,
      entryPoints: ['src/adapters/audit/classify-worker.ts'],
      outfile: join(out, 'classify-worker.js'),
      format: 'esm',
      // why: the lazy libraries and inlined CommonJS packages call require()
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    await lazyLibraryFiles(esbuild, out);
  } catch (err) {
    rmSync(out, { recursive: true, force: true });
    process.stderr.write(`fanpage-advisor: no bundle written (the commands run dist/src instead): ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

/**
 * V8's code cache for the bundle (see bin/bundle-loader.js): written by a child process after it
 * has run the commands users run most, so the cache holds the functions they compile too.
 */
function writeCodeCache() {
  if (!existsSync(join(root, 'dist/bundle/cli.cjs'))) return;
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--code-cache'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent', NO_COLOR: '1', DISCORD_TOKEN: '' } });
  if (r.status !== 0) process.stderr.write('fanpage-advisor: no code cache written for the bundle (it runs without one, a little slower to start)\n');
}

/** In the child: load the bundle, run typical one-shot commands, write the cache. */
async function codeCacheRun() {
  const { loadBundle } = await import(pathToFileURL(join(root, 'bin/bundle-loader.js')).href);
  for (const f of readdirSync(join(root, 'dist/bundle'), { recursive: true })) if (String(f).endsWith('.cache')) rmSync(join(root, 'dist/bundle', String(f)));
  const bundle = loadBundle(join(root, 'dist/bundle/cli.cjs'));
  const { main } = bundle.exports;
  for (const args of [
    ['score', 'New spring collection out now! Fans only: 20% off with code FAN20 until Sunday'],
    ['score', '--json', '--platform', 'facebook', 'Nur für Fans: 5 € Rabatt mit Code FAN5 bis Sonntag 🎉 Jetzt bestellen: https://www.example.de/shop?utm_source=facebook'],
    ['score', '--json', "Profitez de 20 % de réduction jusqu'à dimanche : https://boutique.example.fr/soldes"],
    ['explain', 'discount'],
    ['--help'],
  ]) await main(args);
  bundle.writeCache();
}

async function writeStampAndSnapshot(code) {
  const { writeStamp, sourceHash, sourceStat } = await dist('adapters/build-stamp.js');
  if (code) {
    await bundle();
    // why the fingerprint first: a file edited while hashing then differs from it, never matches it
    const stat = sourceStat(root);
    writeStamp(root, sourceHash(root), stat);
  }
  const { writeSnapshot, advisorInputs } = await dist('adapters/rules-snapshot.js');
  const { loadConfig, writeParsedConfig } = await dist('adapters/config.js');
  try {
    writeParsedConfig(root);
  } catch (err) {
    // why not fail: the configuration is then parsed at start-up, and its errors reported there
    process.stderr.write(`fanpage-advisor: config/default.yaml not pre-parsed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  const { loadRules } = await dist('adapters/rules-fs.js');
  try {
    // why an empty environment: the snapshot holds the shipped defaults; other settings are
    // noticed at start-up and compiled from the snapshot's rule book
    writeSnapshot(loadRules, join(root, 'rules'), advisorInputs(loadConfig({}, root)), root);
  } catch (err) {
    // why not fail the build (and with it npm install): a broken rules/ is reported, located,
    // by `rules check` and at start-up, which then read the YAML files
    rmSync(join(root, 'dist/rules.snapshot'), { force: true });
    process.stderr.write(`fanpage-advisor: no rules snapshot written:\n${err instanceof Error ? err.message : String(err)}\n`);
  }
}

if (process.argv.includes('--code-cache')) {
  await codeCacheRun();
} else if (process.argv.includes('--after-compile')) {
  await writeStampAndSnapshot(true);
  // why after the snapshot: the commands it runs read the rules from it, as users' commands do
  writeCodeCache();
} else {
  const todo = process.argv.includes('--if-changed') ? await outOfDate() : { code: true, snapshot: true };
  if (todo.code) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
    // why another process: this one may hold the previous build's modules, imported to check it
    const finish = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--after-compile'], { stdio: 'inherit' });
    process.exit(finish.status ?? 1);
  } else if (todo.snapshot) {
    await writeStampAndSnapshot(false);
  }
}
