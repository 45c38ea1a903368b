// The functional core stays pure and the use cases stay free of concrete adapters (STYLE.md §7).
// This reads the import lines, so a violation fails here rather than in review.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from './support/advisor.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

const src = join(ROOT_DIR, 'src');
/** Libraries of pure functions on strings that a use case may call: no I/O, no platform. */
const PURE_LIBRARIES = ['fastest-levenshtein'];

describe('architecture', () => {
  it('src/core imports only zod, yaml, twitter-text (and its emoji parser), the stemmer, the language identifier, a seeded binomial sampler and other core files', () => {
    const bad = sources(join(src, 'core')).flatMap((file) =>
      imports(file)
        .filter((spec) => (spec.startsWith('.') ? relative(join(src, 'core'), join(file, '..', spec)).startsWith('..') : !['zod', 'yaml', 'twitter-text', 'twemoji-parser', 'snowball-stemmers', 'tinyld/light', '@stdlib/random-base-binomial'].includes(spec)))
        .map((spec) => `${relative(ROOT_DIR, file)} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('src/core never reads the clock, randomness or the process', () => {
    const bad = sources(join(src, 'core')).filter((file) => /\bDate\.now\(|Math\.random\(|\bprocess\.|new Date\(\)/.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(bad.map((f) => relative(ROOT_DIR, f))).toEqual([]);
  });

  it('src/app imports core, its own files and errors.ts, and no adapter or platform library', () => {
    const bad = sources(join(src, 'app')).flatMap((file) =>
      imports(file)
        .filter((spec) => (!spec.startsWith('.') && !PURE_LIBRARIES.includes(spec)) || relative(src, join(file, '..', spec)).startsWith('adapters'))
        .map((spec) => `${relative(ROOT_DIR, file)} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('only the composition root (src/main.ts) builds adapters', () => {
    // the adapters' constructors; each may be called in its own file and in src/main.ts, nowhere else in src/
    const builders = ['loadConfig', 'createLogger', 'loadRules', 'openDatabase', 'createSqliteTipStore', 'createPool', 'createPostgresTipStore', 'createPostgresCorrectionStore', 'createPostgresServerSettingsStore', 'createMemoryTipStore', 'createSqliteCorrectionStore', 'createSqliteServerSettingsStore', 'createMemoryCorrectionStore', 'createMemoryServerSettingsStore', 'createSqliteAuditStore', 'createPostgresAuditStore', 'createMemoryAuditStore', 'createSqliteLlmUsageStore', 'createPostgresLlmUsageStore', 'createMemoryLlmUsageStore', 'createClassifyPool', 'rewriterFromConfig', 'createOpenAiRewriter', 'createBot', 'createTipPublisher', 'startCron', 'poolScorer', 'inlineScorer'];
    const bad = sources(src)
      .filter((file) => relative(src, file) !== 'main.ts')
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
        return builders.filter((b) => new RegExp(`(?<!function )\\b${b}\\(`).test(text) && !new RegExp(`export function ${b}\\b`).test(text)).map((b) => `${relative(ROOT_DIR, file)} calls ${b}`);
      });
    expect(bad).toEqual([]);
  });
});
