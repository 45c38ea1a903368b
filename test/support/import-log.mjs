// `node --import ./test/support/import-log.mjs …`: turns the hooks above on.
import { register } from 'node:module';

register('./import-log-hooks.mjs', import.meta.url);
