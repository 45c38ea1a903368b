// The audit's worker thread when running from the TypeScript sources (tests, npx without a build):
// registers tsx's ES-module loader in this thread, then loads the real worker. The build runs
// classify-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: run, stats } = await import('./classify-worker.ts');
export default run;
export { stats };
