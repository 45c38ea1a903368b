#!/usr/bin/env node
// `npm start`: the compiled bot or local chat. It builds first only when the sources or rules/
// changed since the last build (scripts/build.mjs --if-changed); otherwise it starts at once.
// why compiled: a long-running bot should not carry a TypeScript loader (about 33 MB of RSS);
// why --max-semi-space-size=2 (in package.json): V8's default young generation alone holds tens
// of MB that a bot handling one small request at a time never needs (bench:bot: ~110 MB vs ~140 MB).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from './env-file.js';

const root = fileURLToPath(new URL('..', import.meta.url));
loadEnvFile();

function build() {
  const r = spawnSync(process.execPath, [`${root}scripts/build.mjs`, '--if-changed'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

let codeIsCurrent = false;
try {
  // why the query: a throwaway copy of the module, so that after a rebuild this process imports
  // only the new build's code, never a mix of old and new
  const { buildIsCurrent } = await import('../dist/src/adapters/build-stamp.js?check');
  codeIsCurrent = buildIsCurrent(root);
} catch {
  // no build yet
}
if (!codeIsCurrent) {
  process.stderr.write('fanpage-advisor: the sources changed since the last build; building dist/ …\n');
  build();
} else {
  const { snapshotStatus } = await import('../dist/src/adapters/rules-snapshot.js');
  if (!snapshotStatus(`${root}rules`, root).fresh) build();
}
const { main } = await import('../dist/src/cli.js');
process.exitCode = await main(['start', ...process.argv.slice(2)]);
