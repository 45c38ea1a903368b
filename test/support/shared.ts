import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from './advisor.ts';

/** `../shared/`, next to this repository: the corpus and tools every checkout is given. */
export const SHARED_DIR = join(ROOT_DIR, '..', 'shared');

/**
 * A file under ../shared/, or a clear failure when it is missing. why: a test that quietly reads
 * nothing tests less than it says; a missing shared checkout should say so, not pass.
 */
export function sharedFile(relative: string): string {
  const file = join(SHARED_DIR, relative);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing. Tests read the shared corpus at run time: check out ../shared next to this repository (see README).`);
  }
  return file;
}

/** The `text` of every line of a JSON-lines file under ../shared/. */
export function sharedPostTexts(relative: string): string[] {
  return readFileSync(sharedFile(relative), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
}
