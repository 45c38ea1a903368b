// `node --import ./test/support/import-log.mjs …`: turns the hooks above on, and logs require()
// calls too (the bundled command line is CommonJS: bin/bundle-loader.js).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

register('./import-log-hooks.mjs', import.meta.url);

const load = Module._load;
Module._load = function logged(request, ...rest) {
  if (process.env.IMPORT_LOG) appendFileSync(process.env.IMPORT_LOG, `${request}\n`);
  return load.call(this, request, ...rest);
};
