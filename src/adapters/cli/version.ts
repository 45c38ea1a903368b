import { readFileSync } from 'node:fs';

/** The version in package.json, found from the sources or from their compiled copy in dist/. */
export function packageVersion(): string {
  for (const up of ['../../../package.json', '../../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // not this level
    }
  }
  return 'unknown';
}
