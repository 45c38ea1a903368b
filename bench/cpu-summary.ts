// Where a --cpu-prof profile's time went, by part of the bot: gateway (WebSocket frames, JSON),
// discord.js objects, REST/HTTP, scoring (src/core), rendering, logging, GC, idle.
// Run: node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/burst.bench.js; node bin/run-ts.js bench/cpu-summary.ts /tmp/prof/*.cpuprofile
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const BUCKETS: Array<[string, RegExp]> = [
  ['gateway: ws frames + zlib', /node_modules\/(ws|zlib-sync|@discordjs\/ws)\//],
  ['discord.js objects + dispatch', /node_modules\/discord\.js\/src\/(structures|managers|client\/actions|client\/websocket|util)/],
  ['REST client (@discordjs/rest, undici)', /node_modules\/(@discordjs\/rest|undici)\/|node:internal\/deps\/undici/],
  ['discord.js other', /node_modules\/discord\.js\//],
  ['@discordjs/* other (builders, collection, util)', /node_modules\/@discordjs\//],
  ['scoring (src/core, twitter-text, twemoji)', /\/src\/core\/|node_modules\/(twitter-text|twemoji-parser)\//],
  ['rendering (discord views, render)', /\/src\/adapters\/discord\/(render|views|strings)/],
  ['bot handlers + app (src/adapters/discord, src/app)', /\/src\/(adapters\/discord|app)\//],
  ['logging (pino)', /node_modules\/(pino|sonic-boom|thread-stream)\/|\/src\/adapters\/log/],
  ['SQLite', /better-sqlite3|\/store\//],
  ['worker pool (piscina)', /node_modules\/piscina\//],
  ['node internals: http/net/streams', /node:(internal\/)?(http|_http|net|stream|streams|internal\/streams)/],
];

export function summarise(file: string): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // a sample belongs to the innermost frame with a known bucket; JSON and other builtins count
  // towards their nearest caller with one
  const bucketOf = new Map<number, string>();
  const resolveBucket = (id: number): string => {
    const cached = bucketOf.get(id);
    if (cached) return cached;
    const n = byId.get(id)!;
    const { functionName, url } = n.callFrame;
    let bucket: string | undefined;
    if (functionName === '(garbage collector)') bucket = 'GC';
    else if (functionName === '(idle)') bucket = 'idle';
    else if (functionName === '(program)') bucket = '(program: native, not attributed)';
    else bucket = BUCKETS.find(([, re]) => re.test(url))?.[0];
    if (!bucket) {
      const up = parent.get(id);
      bucket = up === undefined ? `other: ${url.split('/').slice(-2).join('/') || functionName}` : resolveBucket(up);
      if (bucket === '(root)') bucket = `other: ${url.split('/').slice(-2).join('/') || functionName}`;
    }
    bucketOf.set(id, bucket);
    return bucket;
  };
  const totals = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    const b = resolveBucket(p.samples[i]!);
    totals.set(b, (totals.get(b) ?? 0) + dt);
    all += dt;
  }
  const busy = all - (totals.get('idle') ?? 0);
  const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 16);
  return [
    `${file}: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`,
    ...rows.map(([k, v]) => `  ${k.padEnd(52)} ${(v / 1e6).toFixed(2).padStart(7)} s ${k === 'idle' ? '' : `${((100 * v) / busy).toFixed(1).padStart(5)} % of busy`}`),
  ].join('\n');
}

for (const file of process.argv.slice(2)) console.log(summarise(file));
