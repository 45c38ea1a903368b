// Which code runs: the compiled dist/ or the TypeScript sources. The build writes a stamp, a hash
// of the sources it compiled; dist/ is current exactly when the sources still hash the same.
// why not file times: a copy (`cp -r`, a checkout, a Docker layer) changes them without changing
// the code, and an incremental build leaves unchanged outputs with their old times.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash, statFingerprint } from './content-hash.ts';

/** Everything that decides what the build writes. */
const SOURCE_DIRS = ['src'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];

export const STAMP_FILE = 'dist/build-stamp.json';

export interface BuildStamp {
  sources: string;
  /** statFingerprint of the same files when they were hashed: lets a start-up skip the hashing. */
  stat?: string;
  builtAt: string;
}

/** The folder holding package.json, found upwards from this file (in src/ or in dist/src/). */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(from)}`);
    dir = up;
  }
  return dir;
}

/** Whether this module runs from the build in dist/ (compiled or bundled) rather than from the sources. */
export function runningCompiled(from: string = import.meta.url): boolean {
  return /[\\/]dist[\\/]/.test(fileURLToPath(from));
}

export function sourceHash(root: string): string {
  return contentHash(root, SOURCE_DIRS, SOURCE_FILES);
}

/** The sources' statFingerprint (see content-hash.ts): a shortcut, never the decision. */
export function sourceStat(root: string): string {
  return statFingerprint(root, SOURCE_DIRS, SOURCE_FILES);
}

export function readStamp(root: string): BuildStamp | undefined {
  try {
    return JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8')) as BuildStamp;
  } catch {
    return undefined;
  }
}

export function writeStamp(root: string, sources: string, stat: string = sourceStat(root)): void {
  writeFileSync(join(root, STAMP_FILE), `${JSON.stringify({ sources, stat, builtAt: new Date().toISOString() } satisfies BuildStamp)}\n`);
}

/**
 * dist/ was built from the sources as they are now, or it is all there is (installed without src/).
 * why the fingerprint first: hashing every source costs a one-shot command several milliseconds;
 * sizes and times that are exactly as they were when the build hashed them say the same for less.
 * Any difference (a copy, a checkout, an edit) falls back to the hash, which decides.
 */
export function buildIsCurrent(root: string): boolean {
  const stamp = readStamp(root);
  if (stamp === undefined) return false;
  if (stamp.stat !== undefined && stamp.stat === sourceStat(root)) return true;
  return stamp.sources === sourceHash(root) || !existsSync(join(root, 'src'));
}

/**
 * The hash of the code that is running: the stamp's when running from dist/ (a dist/ copied
 * without its sources still knows what it was built from), the sources' own otherwise.
 */
export function runningCodeHash(root: string): string {
  return (runningCompiled() ? readStamp(root)?.sources : undefined) ?? sourceHash(root);
}
