import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.ts';
import { captureIo } from '../../support/io.ts';
import { ROOT_DIR } from '../../support/advisor.ts';

const run = async (args: string[], stdin = '', env: NodeJS.ProcessEnv = {}) => {
  const c = captureIo(stdin, env);
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
};

describe('fanpage-advisor score', () => {
  it('prints a short readable answer', async () => {
    const r = await run(['score', '--platform', 'twitter', 'New spring collection out now! Check it out: https://shop.example/spring']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Score \d+\/100 · (strong|ok|weak)/);
    expect(r.out).toContain('Top changes');
    expect(r.out).toMatch(/1\. \+\d+ points: /);
    expect(r.out).toContain('Pivot Conference');
    expect(r.out).toMatch(/\/280 weighted characters/);
  });

  it('reads the post from stdin and answers in German', async () => {
    const r = await run(['score', '--platform', 'facebook'], 'Nur für Fans: 5 € Rabatt mit Code FAN5 bis Sonntag\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Bewertung \d+\/100 · stark/);
    expect(r.out).toContain('Das passt');
  });

  it('accepts x as an alias of twitter', async () => {
    const r = await run(['score', '--json', '--platform', 'x', 'Hello fans']);
    expect(JSON.parse(r.out).platform).toBe('twitter');
  });

  it('--json prints one object of the documented shape', async () => {
    const r = await run(['score', '--json', '--platform', 'facebook', '20% off today only']);
    const j = JSON.parse(r.out);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(j.categories).toContain('discount');
    expect(j).toMatchObject({ platform: 'facebook', language: 'en', length: { limit: 63_206 } });
  });

  it('exits 2 with a one-line reason on bad usage', async () => {
    for (const args of [['score', '--platform', 'myspace', 'hi'], ['score', '--lang', 'fr', 'hi'], ['score', '--bogus', 'hi'], ['frobnicate'], ['score', '']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('explains an empty post kindly', async () => {
    const r = await run(['score', '   ']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('That post is empty');
  });
});

describe('fanpage-advisor score --jsonl', () => {
  it('keeps order and ids, reports a bad line and carries on', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: '20% off today', platform: 'facebook', lang: 'en' }),
      '{not json',
      JSON.stringify({ id: 'c', text: '', platform: 'twitter' }),
      JSON.stringify({ id: 'd', text: 'Jetzt neu: unsere Suppe', platform: 'x', lang: 'de' }),
      JSON.stringify({ id: 'e', text: 'hello', platform: 'myspace' }),
      JSON.stringify({ id: 7, text: 'Giveaway! Win a bike' }),
    ].join('\n');
    const r = await run(['score', '--jsonl'], `${input}\n`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'c', 'd', 'e', 7]);
    expect(lines[0].categories).toContain('discount');
    expect(lines[1].error).toMatchObject({ line: 2 });
    expect(lines[2].error.reason).toContain('empty');
    expect(lines[3]).toMatchObject({ platform: 'twitter', language: 'de' });
    expect(lines[4].error.reason).toContain('platform');
    expect(lines[5].categories).toContain('contest');
    expect(r.err).toContain('line 2:');
    expect(r.code).toBe(1);
  });
});

describe('fanpage-advisor explain and rules check', () => {
  it('explains a category with figures, source and caveat', async () => {
    const r = await run(['explain', 'discount']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('83%');
    expect(r.out).toContain('Pivot Conference');
    expect(r.out).toContain('Caveat:');
  });

  it('explains in German and suggests ids for an unknown one', async () => {
    expect((await run(['explain', 'pivot-rewards', '--lang', 'de'])).out).toContain('70 %');
    const r = await run(['explain', 'discounts']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ibm-r-discount');
  });

  it('rules check passes on the real rules', async () => {
    const r = await run(['rules', 'check']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ rules, 12 categories/);
  });

  it('rules check names file, line and field of every problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fa-rules-'));
    cpSync(join(ROOT_DIR, 'rules'), dir, { recursive: true });
    writeFileSync(join(dir, 'offer', 'contest.yml'), 'id: offer.contest\ntitle: { en: A, de: B }\nfindings: [no-such-finding]\nplatforms: all\nlanguages: [en]\ncheck: { kind: category, category: contest }\npoints: 5\nwieght: 3\nmessage: { en: a, de: b }\nsuggestion: { en: "{{nope}}", de: b }\nexamples: { flag: [x], pass: [y] }\n');
    const r = await run(['rules', 'check'], '', { FANPAGE_RULES_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/offer\/contest\.yml:8:1 {2}wieght {2}Unrecognized key/);
  });

  it('rules check reports an example that disagrees with the engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fa-rules-'));
    cpSync(join(ROOT_DIR, 'rules'), dir, { recursive: true });
    const file = join(dir, 'offer', 'discount.yml');
    const { readFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('text: "New spring collection out now!" }', 'text: "Everything 50% off today" }'));
    const r = await run(['rules', 'check'], '', { FANPAGE_RULES_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.err).toContain('example should pass offer.discount: “Everything 50% off today”');
  });
});

describe('configuration', () => {
  it('reports every problem at once with the variable name', async () => {
    const r = await run(['score', 'hi'], '', { LOG_LEVEL: 'loud', FANPAGE_ENGINE_SUGGESTIONS: 'many', DISCORD_API_URL: 'not a url' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('LOG_LEVEL');
    expect(r.err).toContain('FANPAGE_ENGINE_SUGGESTIONS');
    expect(r.err).toContain('DISCORD_API_URL');
  });

  it('env overrides config defaults', async () => {
    const r = await run(['score', '--json', 'New spring collection out now!'], '', { FANPAGE_ENGINE_SUGGESTIONS: '1' });
    expect(JSON.parse(r.out).suggestions).toHaveLength(1);
  });
});

describe('the installed command', () => {
  it('runs from bin/ with no build step', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT_DIR, 'bin/fanpage-advisor.js'), 'score', '--json', '--platform', 'x', 'Fans only: 20% off with code FAN20'], { cwd: ROOT_DIR, env: { ...process.env, LOG_LEVEL: 'silent' } });
    const j = JSON.parse(stdout);
    expect(j.band).toBe('strong');
    expect(j.categories).toEqual(expect.arrayContaining(['discount', 'exclusive']));
  });
});
