import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One hash of the contents and relative paths of every file under `dirs` (recursively) and of the
 * single `files` given. File times play no part: a copy (`cp -r`, a checkout, a Docker layer) of
 * the same sources has the same hash, and a touched but unchanged file changes nothing.
 * Missing dirs and files count as empty, so a hash never throws.
 */
export function contentHash(root: string, dirs: readonly string[], files: readonly string[] = []): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch {
      return;
    }
    // why the separators: "a" + "bc" and "ab" + "c" must not hash alike
    hash.update(`${relative(root, path)}\0${data.length}\0`);
    hash.update(data);
  };
  eachFile(root, dirs, files, add);
  return hash.digest('hex').slice(0, 32);
}

/**
 * A cheap stand-in for `contentHash` that reads no file: the relative paths, sizes and
 * modification times of the same files. Only ever a shortcut to say "unchanged": when it equals
 * the one recorded together with a content hash, the contents are what was hashed then; when it
 * differs (a copy, a checkout, a touch), the caller hashes the contents, which decide.
 */
export function statFingerprint(root: string, dirs: readonly string[], files: readonly string[] = []): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    let s;
    try {
      s = statSync(path);
    } catch {
      return;
    }
    hash.update(`${relative(root, path)}\0${s.size}\0${s.mtimeMs}\0${s.ino}\0`);
  };
  eachFile(root, dirs, files, add);
  return hash.digest('hex').slice(0, 32);
}

/** Every file under `dirs` (recursively, in name order) and then the single `files`, as full paths. */
function eachFile(root: string, dirs: readonly string[], files: readonly string[], visit: (path: string) => void): void {
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) visit(path);
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  for (const file of files) visit(join(root, file));
}
