#!/usr/bin/env node
// `npx fanpage-advisor …` right after `npm install`, with no build step to remember: it runs the
// compiled build in dist/ when that is newer than every source file (npm install builds it, see
// "prepare"), and otherwise the TypeScript sources through tsx's loader, so edits show at once.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function builtIsCurrent() {
  try {
    return statSync(`${root}dist/src/cli.js`).mtimeMs >= newest(`${root}src`);
  } catch {
    return false;
  }
}

let main;
if (builtIsCurrent()) {
  ({ main } = await import('../dist/src/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
