// config/default.yaml pre-parsed by the build (dist/config.parsed.json) is used only while the
// file reads exactly as it did when parsed; any edit is parsed afresh.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PARSED_CONFIG_FILE, writeParsedConfig } from '../../src/adapters/config.ts';
import { ROOT_DIR } from '../support/advisor.ts';

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fa-config-'));
  cpSync(join(ROOT_DIR, 'config'), join(dir, 'config'), { recursive: true });
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'dist'));
  return dir;
}

describe('the pre-parsed configuration', () => {
  it('gives the same settings as parsing the YAML', () => {
    const dir = home();
    const parsed = loadConfig({}, dir, dir);
    expect(writeParsedConfig(dir)).toBe(true);
    expect(loadConfig({}, dir, dir)).toEqual(parsed);
  });

  it('is used only while the file reads as it did: an edited file is parsed afresh', () => {
    const dir = home();
    writeParsedConfig(dir);
    // a cache that says something else for the same text shows whether it was read
    const cache = JSON.parse(readFileSync(join(dir, PARSED_CONFIG_FILE), 'utf8')) as { text: string; value: { engine: { base: number } } };
    cache.value.engine.base = 7;
    writeFileSync(join(dir, PARSED_CONFIG_FILE), JSON.stringify(cache));
    expect(loadConfig({}, dir, dir).settings.engine.base).toBe(7);
    const file = join(dir, 'config/default.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/base: \d+/, 'base: 41'));
    expect(loadConfig({}, dir, dir).settings.engine.base).toBe(41);
  });
});
