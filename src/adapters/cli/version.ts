import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../build-stamp.ts';

/** The version in package.json, found from the sources, their compiled copy or the bundle in dist/. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
