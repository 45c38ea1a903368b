#!/usr/bin/env node
// `npm start`: the compiled bot or local chat (`npm run build` writes dist/ first, see prestart).
// why compiled: a long-running bot should not carry a TypeScript loader (about 33 MB of RSS);
// why --expose-gc (in package.json): after a burst drains, the bot runs one full collection
// (src/adapters/discord/scoring/settle.ts) so RSS comes back down.
// why --max-semi-space-size=2 (in package.json): V8's default young generation alone holds tens
// of MB that a bot handling one small request at a time never needs (bench:bot: ~110 MB vs ~140 MB).
const { main } = await import('../dist/src/cli.js');
process.exitCode = await main(['start', ...process.argv.slice(2)]);
