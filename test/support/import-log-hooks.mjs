// Module hooks for tests: appends every specifier that is imported to the file in
// $IMPORT_LOG, so a test can tell which packages a command loaded.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  if (process.env.IMPORT_LOG) appendFileSync(process.env.IMPORT_LOG, `${specifier}\n`);
  return next(specifier, context);
}
