// The rule book validated and compiled once, at build time, into one file: start-up then reads
// that file instead of parsing YAML, validating it and compiling every lexicon (most of a
// one-shot command's time). The layer wraps whatever loader it is given and buildAdvisor: it stores
// their results, keyed by a hash of every file under rules/ and of the code that produced them.
// When either hash differs the snapshot is stale: the loader says so and reads the YAML sources.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { buildAdvisor } from '../core/advisor.ts';
import type { Advisor, EngineSettings } from '../core/engine.ts';
import type { Lang } from '../core/post.ts';
import { packageRoot, runningCodeHash } from './build-stamp.ts';
import type { AppConfig } from './config.ts';
import { contentHash, statFingerprint } from './content-hash.ts';
import { disabledRuleWarnings, type LoadedRules } from './rules-fs.ts';

/** The rule book's loader (rules-fs.ts: read, parse, validate), given by the composition root. */
export type LoadRules = (rulesDir: string, disabledRules: readonly string[]) => LoadedRules;

export const SNAPSHOT_FILE = 'dist/rules.snapshot';
const FORMAT = 2;

/** What the snapshot was built from; all of it must still hold for the snapshot to be used. */
interface Header {
  format: number;
  /** contentHash of every file under the rules folder. */
  rules: string;
  /** statFingerprint of the same files, taken before hashing them: a shortcut past the hashing at start-up. */
  rulesStat?: string;
  /** The code that loaded and compiled them (see build-stamp.ts). */
  code: string;
  /** The engine settings the advisor was compiled with (config/default.yaml). */
  settings: string;
  /** false when the compiled advisor could not be stored faithfully: only the rule book is. */
  compiled: boolean;
  /** V8 writes and parses the snapshot, and its Unicode tables decide what a pattern matches. */
  v8: string;
}

interface Payload {
  rules: LoadedRules;
  advisor: Advisor | null;
  /** The advisor's regular expressions, created on first use. */
  regexps?: Lazy[];
  /**
   * The rule book's model file (rules/model/weights.json, a quarter of the snapshot), serialized on
   * its own and read on first use: the compiled advisor holds the weights already, so a one-shot
   * command never needs it (worker threads and other settings compile from it).
   */
  model?: Uint8Array;
}

export interface AdvisorInputs {
  settings: EngineSettings;
  defaultLang: Lang;
}

export interface LoadedAdvisor {
  rules: LoadedRules;
  advisor: Advisor;
  /** Where the rule book came from this time. */
  from: 'snapshot' | 'sources';
}

/** The engine settings a configuration asks for. */
export function advisorInputs(config: AppConfig): AdvisorInputs {
  const e = config.settings.engine;
  return {
    settings: { base: e.base, maxSuggestions: e.suggestions, disabledRules: config.settings.rules.disabled },
    defaultLang: e.default_language === 'de' ? 'de' : 'en',
  };
}

/**
 * Only plain data survives a round trip through V8's serializer unchanged: objects, arrays, Map,
 * Set, RegExp, typed arrays, primitives. A function throws in serialize(); a class instance would come back as
 * a plain object, so it is refused here (checked at build time, never at start-up).
 */
function sameData(a: unknown, b: unknown, seen = new Map<object, unknown>()): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b) || (typeof a === 'number' && a === b);
  if (typeof b !== 'object' || b === null) return false;
  if (seen.has(a)) return seen.get(a) === b;
  seen.set(a, b);
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (a instanceof RegExp) return b instanceof RegExp && a.source === b.source && a.flags === b.flags;
  // typed arrays (model weights) are stored as what they are, element by element
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    return x.length === y.length && Array.prototype.every.call(x, (v, i) => Object.is(v, y[i]));
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (m.size !== a.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !sameData(v, m.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set) return b instanceof Set && a.size === b.size && [...a].every((v) => (typeof v === 'object' && v !== null ? false : b.has(v)));
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen));
}

// why lazy regular expressions: V8 parses a RegExp's pattern when it is created, and the compiled
// lexicons hold about 1,500 of them, most with Unicode property classes, which take ~200 ms to
// parse; one post needs only a few. The snapshot stores each as its source and flags plus the
// object and key it sits at (V8's serializer keeps object identity, so `at` is a reference to an
// object already in the snapshot, not a copy); loading puts a getter there that creates the
// RegExp on first use and then stores it as a plain value. (Walking the whole graph to find them
// would cost more than the parse saved.)
type Lazy = { at: object; key: string; source: string; flags: string };

/**
 * Replaces every RegExp held by an object property with null and returns where each was. One in
 * an array, a Set or directly under a Map key stays as it is (created when the snapshot is read).
 */
function takeRegExps(root: object): Lazy[] {
  const found: Lazy[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node) || node instanceof RegExp || node instanceof Set || ArrayBuffer.isView(node)) return;
    seen.add(node);
    if (node instanceof Map) {
      for (const v of node.values()) walk(v);
    } else if (Array.isArray(node)) {
      for (const v of node) walk(v);
    } else {
      const o = node as Record<string, unknown>;
      for (const key of Object.keys(o)) {
        const v = o[key];
        if (v instanceof RegExp) {
          found.push({ at: o, key, source: v.source, flags: v.flags });
          o[key] = null;
        } else walk(v);
      }
    }
  };
  walk(root);
  return found;
}

function putLazyRegExps(lazy: readonly Lazy[]): void {
  for (const { at, key, source, flags } of lazy) {
    Object.defineProperty(at, key, {
      configurable: true,
      enumerable: true,
      get(this: object) {
        const value = new RegExp(source, flags);
        Object.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: true });
        return value;
      },
    });
  }
}

function putLazyModel(book: LoadedRules['book'], bytes: Uint8Array): void {
  Object.defineProperty(book, 'model', {
    configurable: true,
    enumerable: true,
    get(this: object) {
      const value = deserialize(bytes) as unknown;
      Object.defineProperty(this, 'model', { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
  });
}

function settingsKey(inputs: AdvisorInputs): string {
  return JSON.stringify([inputs.settings, inputs.defaultLang]);
}

/**
 * Loads and checks `rulesDir`, compiles it and writes the snapshot (npm run build). Returns
 * whether the compiled advisor could be stored, or only the checked rule book.
 */
export function writeSnapshot(load: LoadRules, rulesDir: string, inputs: AdvisorInputs, root = packageRoot()): { file: string; compiled: boolean; bytes: number } {
  const rulesStat = statFingerprint(rulesDir, ['.']);
  const rules = load(rulesDir, inputs.settings.disabledRules);
  const advisor = buildAdvisor(rules.book, inputs.settings, inputs.defaultLang);
  let payload: Buffer;
  let compiled = true;
  try {
    const copy = deserialize(serialize({ rules, advisor } satisfies Payload)) as Payload;
    if (!sameData({ rules, advisor }, copy)) throw new Error('not plain data');
    const { model, ...book } = copy.rules.book;
    const lean = { ...copy, rules: { ...copy.rules, book } };
    payload = serialize({ ...lean, regexps: takeRegExps(lean), ...(model ? { model: serialize(model) } : {}) } satisfies Payload);
  } catch {
    // why: a compiled form holding functions or class instances cannot be stored; the checked
    // rule book still can, which saves the YAML parsing and validation
    compiled = false;
    payload = serialize({ rules, advisor: null } satisfies Payload);
  }
  const header: Header = { format: FORMAT, rules: contentHash(rulesDir, ['.']), rulesStat, code: runningCodeHash(root), settings: settingsKey(inputs), compiled, v8: process.versions.v8 };
  const file = join(root, SNAPSHOT_FILE);
  mkdirSync(dirname(file), { recursive: true });
  // why write-then-rename: a CLI starting during a build never reads half a file
  writeFileSync(`${file}.tmp`, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), payload]));
  renameSync(`${file}.tmp`, file);
  return { file, compiled, bytes: payload.length };
}

type Snapshot = { ok: true; header: Header; payload: Buffer } | { ok: false; stale?: string };

function readSnapshot(rulesDir: string, root: string): Snapshot {
  let data: Buffer;
  try {
    data = readFileSync(join(root, SNAPSHOT_FILE));
  } catch {
    return { ok: false };
  }
  const end = data.indexOf(10);
  let header: Header;
  try {
    header = JSON.parse(data.subarray(0, end).toString('utf8')) as Header;
  } catch {
    return { ok: false, stale: 'it is damaged' };
  }
  if (header.format !== FORMAT) return { ok: false, stale: 'it was written by another version' };
  if (header.v8 !== process.versions.v8) return { ok: false, stale: 'it was built with another version of Node' };
  if (header.code !== runningCodeHash(root)) return { ok: false, stale: 'the code changed since it was built' };
  // why the fingerprint first: see buildIsCurrent (build-stamp.ts); the content hash decides
  if ((header.rulesStat === undefined || header.rulesStat !== statFingerprint(rulesDir, ['.'])) && header.rules !== contentHash(rulesDir, ['.'])) return { ok: false, stale: `${rulesDir} changed since it was built` };
  return { ok: true, header, payload: data.subarray(end + 1) };
}

/** Whether the snapshot matches rules/ and the code as they are now; `reason` says why not. */
export function snapshotStatus(rulesDir: string, root = packageRoot()): { fresh: boolean; reason?: string } {
  const s = readSnapshot(resolve(rulesDir), root);
  return s.ok ? { fresh: true } : { fresh: false, reason: s.stale ?? 'there is none (npm run build writes it)' };
}

/**
 * The rule book and the advisor compiled from it: from the snapshot when it is current, from the
 * YAML sources otherwise (saying why on `warn` when a snapshot exists but is stale). Only the
 * package's own rules folder is snapshotted; any other FANPAGE_RULES_DIR is read from its files.
 */
export function loadAdvisor(load: LoadRules, rulesDir: string, inputs: AdvisorInputs, warn: (line: string) => void, root = packageRoot()): LoadedAdvisor {
  if (resolve(rulesDir) === join(root, 'rules')) {
    const s = readSnapshot(resolve(rulesDir), root);
    if (s.ok) {
      const payload = deserialize(s.payload) as Payload;
      putLazyRegExps(payload.regexps ?? []);
      if (payload.model) putLazyModel(payload.rules.book, payload.model);
      if (payload.advisor && s.header.settings === settingsKey(inputs)) return { rules: payload.rules, advisor: payload.advisor, from: 'snapshot' };
      // why: other settings may disable rules; an id no rule has is a warning, as from the sources
      const rules = { ...payload.rules, warnings: disabledRuleWarnings(payload.rules.book, inputs.settings.disabledRules) };
      return { rules, advisor: buildAdvisor(payload.rules.book, inputs.settings, inputs.defaultLang), from: 'snapshot' };
    }
    if (s.stale) warn(`fanpage-advisor: the rules snapshot is out of date (${s.stale}); reading ${rulesDir} from its YAML files instead. Run npm run build to refresh it.`);
  }
  const rules = load(rulesDir, inputs.settings.disabledRules);
  return { rules, advisor: buildAdvisor(rules.book, inputs.settings, inputs.defaultLang), from: 'sources' };
}
