// Runs the bundled command line (dist/bundle/cli.cjs, one CommonJS file) with V8's code cache
// (dist/bundle/cli.cjs.cache), so a one-shot command skips most of the parsing and compiling of
// its code. why not plain require(): Node 20 has no compile cache for modules
// (module.enableCompileCache is Node 22); vm.Script takes V8's cached data directly.
// The build writes the cache after running a few commands (scripts/build.mjs). A cache V8
// rejects (another Node version, other flags, a changed bundle) is ignored: the code compiles as usual.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/** The bundle's exports, and a function that writes the code cache of everything compiled so far. */
export function loadBundle(file) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet: compile as usual
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    writeCache: () => writeFileSync(cacheFile, script.createCachedData()),
  };
}
