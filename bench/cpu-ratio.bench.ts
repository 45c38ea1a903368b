// npm run bench:ratio -- --base DIR: the engine's CPU time per post here and in another checkout
// (e.g. `git worktree add /tmp/base 4ab1ebe`), same generated posts, best of seven rounds each,
// interleaved. On a shared, loaded machine wall-clock posts/s swing 3–5×; CPU time per post and the
// ratio between two checkouts measured side by side stay comparable.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generate, type BenchPost } from './corpus.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, posts: { type: 'string', default: '4000' } } });
const n = Number(values.posts);

interface Engine {
  name: string;
  run: (p: BenchPost) => unknown;
}

async function engineAt(root: string): Promise<Engine> {
  const { loadRules } = await import(join(root, 'src/adapters/rules-fs.ts'));
  const { buildAdvisor } = await import(join(root, 'src/core/advisor.ts'));
  const { advise } = await import(join(root, 'src/core/engine.ts'));
  const { book } = loadRules(join(root, 'rules'));
  const advisor = buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
  return { name: root, run: (p) => advise(advisor, p) };
}

function cpuPerPost(e: Engine, posts: readonly BenchPost[]): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) e.run(posts[i % posts.length]!);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

const engines = [await engineAt(resolve('.'))];
if (values.base) engines.push(await engineAt(resolve(values.base)));
for (const [kind, posts] of [
  ['tweets (~180 chars)', generate(20_000, 180, 'twitter')],
  ['Facebook posts (2,000 chars)', generate(2_000, 2_000, 'facebook', 7)],
] as const) {
  for (const e of engines) for (const p of posts.slice(0, 2000)) e.run(p); // warm-up
  const best = engines.map(() => Infinity);
  for (let r = 0; r < 7; r++) engines.forEach((e, i) => (best[i] = Math.min(best[i]!, cpuPerPost(e, posts))));
  const line = engines.map((e, i) => `${e.name}: ${best[i]!.toFixed(1)} µs (${Math.round(1e6 / best[i]!)} posts/s of CPU)`).join('  ·  ');
  console.log(`${kind}: ${line}${engines.length > 1 ? `  ·  ratio ${(best[0]! / best[1]!).toFixed(2)}×` : ''}`);
}
