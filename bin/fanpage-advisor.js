#!/usr/bin/env node
// why: `npx fanpage-advisor` must work right after `npm install`, with no build step to remember,
// so the CLI runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
