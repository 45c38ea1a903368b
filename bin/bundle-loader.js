// Runs the bundled command line (dist/bundle/cli.cjs, one CommonJS file) with V8's code cache
// (dist/bundle/cli.cjs.cache), so a one-shot command skips most of the parsing and compiling of
// its code; the libraries it loads on first use (dist/bundle/lib/*.cjs) get theirs too.
// why not plain require(): Node 20 has no compile cache for modules (module.enableCompileCache
// is Node 22); vm.Script takes V8's cached data directly.
// The build writes the caches after running a few commands (scripts/build.mjs). A cache V8
// rejects (another Node version, other flags, a changed file) is ignored: the code compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/** Runs one CommonJS file through vm.Script with its cache, if any. */
function runCached(file, require) {
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache yet: compile as usual
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require ?? createRequire(file), module, file, dirname(file));
  return { file, script, exports: module.exports, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The bundle's exports, and a function that writes the code caches of everything compiled so far. */
export function loadBundle(file) {
  const plain = createRequire(file);
  const libs = new Map();
  // why a require of our own: the bundle loads its lazy libraries as `./lib/<name>.cjs` (see scripts/build.mjs)
  const require = (id) => {
    if (!id.startsWith('./lib/')) return plain(id);
    const path = join(dirname(file), id);
    let lib = libs.get(path);
    if (!lib) libs.set(path, (lib = runCached(path)));
    return lib.exports;
  };
  Object.assign(require, { resolve: plain.resolve, cache: plain.cache, main: plain.main, extensions: plain.extensions });
  const main = runCached(file, require);
  return {
    exports: main.exports,
    cacheUsed: main.cacheUsed,
    writeCache: () => {
      for (const { file: f, script } of [main, ...libs.values()]) writeFileSync(`${f}.cache`, script.createCachedData());
    },
  };
}
