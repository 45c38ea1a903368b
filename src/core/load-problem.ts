import { parseDocument, isNode, LineCounter, type Document } from 'yaml';
import type { z } from 'zod';

/** A problem in a data file, located for whoever edits that file. */
export interface LoadProblem {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the offending field, e.g. `check.cues.de.3`; empty for the whole file. */
  field: string;
  message: string;
}

/** `rules/offer/discount.yml:12:5  check.cues  Unrecognized key: "cuez"` */
export function formatProblem(p: LoadProblem): string {
  return `${p.file}:${p.line}:${p.col}  ${p.field || '(file)'}  ${p.message}`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: LoadProblem[] };

/**
 * Parses YAML text and validates it with a zod schema, mapping every issue back to the line and
 * column of the field in the file. Pure: the caller reads the file.
 */
export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S): Parsed<z.infer<S>> {
  // why: a generated JSON file (the model's weights, ~1 MB, 7,000 keys in one map) takes the YAML
  // parser ~0.9 s, most of it checking each key against every other; JSON.parse takes ~10 ms. Only
  // a file that fails is read again the located way, to say on which line.
  if (file.endsWith('.json')) {
    const fast = parseJsonQuietly(text);
    if (fast !== undefined) {
      const result = schema.safeParse(fast);
      if (result.success) return { ok: true, value: result.data };
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, field: '', message: e.message.split('\n')[0] ?? e.message };
      }),
    };
  }
  const result = schema.safeParse(doc.toJS({ maxAliasCount: 1000 }));
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      // why: for an unknown key, point at the key itself rather than at the object holding it
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const target = keys.length > 0 ? [...path, keys[0]!] : path;
      const pos = locate(doc, lineCounter, target, keys.length > 0);
      return { file, line: pos.line, col: pos.col, field: target.join('.'), message: issue.message };
    }),
  };
}

function locate(doc: Document, lc: LineCounter, path: (string | number)[], wantKey: boolean): { line: number; col: number } {
  // Walk up until a node exists: a missing field is reported where its parent is.
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth);
    const node = sub.length === 0 ? doc.contents : doc.getIn(sub, true);
    if (wantKey && depth === path.length && sub.length > 0) {
      const parent = sub.length === 1 ? doc.contents : doc.getIn(sub.slice(0, -1), true);
      const pair = isNode(parent) && 'items' in parent
        ? (parent.items as Array<{ key?: unknown }>).find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === sub[sub.length - 1])
        : undefined;
      if (pair && isNode(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]);
    }
    if (isNode(node) && node.range) return lc.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/** Line and column of a dotted field path (`findings.2`) in YAML text; 1:1 when it cannot be found. */
export function locateField(text: string, field: string): { line: number; col: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const path = field === '' ? [] : field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return locate(doc, lineCounter, path, false);
}

function parseJsonQuietly(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
