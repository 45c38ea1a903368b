#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/, writes the rules snapshot (dist/rules.snapshot) and
// last the build stamp (dist/build-stamp.json, the hash of the sources just compiled).
// With --if-changed (npm start, npm test) it does only what is out of date, usually nothing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

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

async function writeStampAndSnapshot(code) {
  const { writeStamp, sourceHash } = await dist('adapters/build-stamp.js');
  if (code) writeStamp(root, sourceHash(root));
  const { writeSnapshot, advisorInputs } = await dist('adapters/rules-snapshot.js');
  const { loadConfig } = await dist('adapters/config.js');
  try {
    // why an empty environment: the snapshot holds the shipped defaults; other settings are
    // noticed at start-up and compiled from the snapshot's rule book
    writeSnapshot(join(root, 'rules'), advisorInputs(loadConfig({}, root)), root);
  } catch (err) {
    // why not fail the build (and with it npm install): a broken rules/ is reported, located,
    // by `rules check` and at start-up, which then read the YAML files
    const { rmSync } = await import('node:fs');
    rmSync(join(root, 'dist/rules.snapshot'), { force: true });
    process.stderr.write(`fanpage-advisor: no rules snapshot written:\n${err instanceof Error ? err.message : String(err)}\n`);
  }
}

if (process.argv.includes('--after-compile')) {
  await writeStampAndSnapshot(true);
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
