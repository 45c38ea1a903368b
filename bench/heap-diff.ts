// Compares two V8 heap snapshots by constructor: what grew between them (count and self size).
// Used by bench:burst to show what a second identical burst leaves behind.
import { readFileSync } from 'node:fs';

interface Totals {
  count: number;
  size: number;
}

function byConstructor(file: string): Map<string, Totals> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snapshot.snapshot.meta.node_types[0];
  const totals = new Map<string, Totals>();
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!]!;
    // why: strings and code are grouped by kind; objects by their constructor's name
    const key = type === 'object' || type === 'closure' ? `${type === 'closure' ? 'closure ' : ''}${strings[nodes[i + nameAt]!]}` : `(${type})`;
    const t = totals.get(key) ?? { count: 0, size: 0 };
    t.count += 1;
    t.size += nodes[i + sizeAt]!;
    totals.set(key, t);
  }
  return totals;
}

/** The constructors whose self size changed most from `before` to `after`, as a small table. */
export function summariseHeapDiff(before: string, after: string, top = 15): string {
  const a = byConstructor(before);
  const b = byConstructor(after);
  const sum = (m: Map<string, Totals>) => [...m.values()].reduce((s, t) => s + t.size, 0);
  const rows = [...new Set([...a.keys(), ...b.keys()])]
    .map((key) => {
      const x = a.get(key) ?? { count: 0, size: 0 };
      const y = b.get(key) ?? { count: 0, size: 0 };
      return { key, dCount: y.count - x.count, dSize: y.size - x.size, size: y.size };
    })
    .sort((p, q) => Math.abs(q.dSize) - Math.abs(p.dSize))
    .slice(0, top);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  return [
    `heap (live objects after GC): ${kb(sum(a))} → ${kb(sum(b))} (${kb(sum(b) - sum(a))})`,
    'constructor                                  Δ count      Δ self size   size after',
    ...rows.map((r) => `${r.key.slice(0, 44).padEnd(44)} ${String(r.dCount).padStart(8)} ${kb(r.dSize).padStart(14)} ${kb(r.size).padStart(12)}`),
  ].join('\n');
}
