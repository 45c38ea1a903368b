// The scoring worker thread when running from the TypeScript sources (tests, npx without a build):
// registers tsx's ES-module loader in this thread, then loads the real worker, as the audit's
// worker does (classify-worker.dev.mjs). The build runs worker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: score, classify } = await import('./worker.ts');
export default score;
export { classify };
