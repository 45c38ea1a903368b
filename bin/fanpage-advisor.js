#!/usr/bin/env node
// `npx fanpage-advisor …` right after `npm install`, with no build step to remember: it runs the
// compiled build in dist/ when its build stamp matches the sources (npm install builds it, see
// "prepare"), and otherwise the TypeScript sources through tsx's loader, so edits show at once.
// why a stamp (a hash of the sources, see src/adapters/build-stamp.ts) and not file times: a
// copy or checkout changes the times, and an incremental build keeps old times on unchanged files.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from './env-file.js';

const root = fileURLToPath(new URL('..', import.meta.url));
loadEnvFile();

async function builtIsCurrent() {
  try {
    const { buildIsCurrent } = await import('../dist/src/adapters/build-stamp.js');
    return buildIsCurrent(root);
  } catch {
    return false;
  }
}

let main;
if (await builtIsCurrent()) {
  // the bundle (one file, with V8's code cache: see bundle-loader.js) when the build wrote one, the compiled modules otherwise
  if (existsSync(`${root}dist/bundle/cli.cjs`)) {
    const { loadBundle } = await import('./bundle-loader.js');
    ({ main } = loadBundle(`${root}dist/bundle/cli.cjs`).exports);
  } else ({ main } = await import('../dist/src/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
