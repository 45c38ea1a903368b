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
    for (const args of [['score', '--platform', 'myspace', 'hi'], ['score', '--lang', 'fr', 'hi'], ['frobnicate'], ['score', ''], ['score', '-n', '-5', 'hi'], ['score', '--suggestions', '-5', 'hi']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it.each([['score'], ['rewrite'], ['ask'], ['explain'], ['findings'], ['rules', 'check'], ['corrections', 'export'], ['start'], ['deploy-commands']])('%s --help and -h print that command\'s usage and exit 0', async (...command) => {
    for (const flag of ['--help', '-h']) {
      const r = await run([...command, flag]);
      expect(r.code, `${command.join(' ')} ${flag}`).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage: fanpage-advisor ${command[0]}`));
      expect(r.err).toBe('');
    }
  });

  it('-h after the post and `help score` print the usage too', async () => {
    expect((await run(['score', 'Hello fans', '-h'])).out).toMatch(/^Usage: fanpage-advisor score/);
    expect((await run(['help', 'score'])).out).toMatch(/^Usage: fanpage-advisor score/);
  });

  it('an unknown option or a missing value: one line naming it, then the command\'s usage (no stray quotes)', async () => {
    const r = await run(['score', '--bogus', 'hi']);
    expect(r.code).toBe(2);
    const [first, blank, usage] = r.err.split('\n');
    expect(first).toBe('fanpage-advisor score: unknown option --bogus');
    expect(blank).toBe('');
    expect(usage).toMatch(/^Usage: fanpage-advisor score/);
    expect(r.err).toContain('--suggestions');
    expect(r.err).not.toContain("'--");
    const missing = await run(['score', 'hi', '-n']);
    expect(missing.err.split('\n')[0]).toBe('fanpage-advisor score: option --suggestions needs a value');
    const rewrite = await run(['rewrite', '--frobnicate', 'hi']);
    expect(rewrite.err.split('\n')[0]).toBe('fanpage-advisor rewrite: unknown option --frobnicate');
    expect(rewrite.err).toContain('Usage: fanpage-advisor rewrite');
    // a command with its own option parsing still answers in one line, never a stack trace
    const audit = await run(['audit', '--frobnicate', 'x.csv']);
    expect(audit.code).toBe(2);
    expect(audit.err).not.toMatch(/^\s+at /m);
    const corrections = await run(['corrections', 'export', '--frobnicate']);
    expect(corrections.err.split('\n')[0]).toBe('fanpage-advisor corrections: unknown option --frobnicate');
  });

  it('-n -5 is one line about the range, not parseArgs\' three', async () => {
    const r = await run(['score', '-n', '-5', 'hi']);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('fanpage-advisor: --suggestions must be a whole number from 0 to 20; see fanpage-advisor score --help');
  });

  it('-n 0 shows no changes and does not claim there is nothing to add', async () => {
    const r = await run(['score', '-n', '0', '--platform', 'facebook', 'New spring collection out now!']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('Nothing to add');
    expect(r.out).not.toContain('Top changes');
    const three = await run(['score', '--platform', 'facebook', 'New spring collection out now!']);
    expect(three.out).toContain('Top changes');
  });

  it('quotes the post\'s words whole, never cut mid-word or with a dangling space', async () => {
    for (const [text, quote] of [
      ['New mugs', '“New mugs”'],
      ['Our new offers are here', '“new offers”'],
      ['Available now in stores', '“Available now in”'],
    ] as const) {
      const r = await run(['score', '-n', '0', text]);
      expect(r.out, text).toContain(quote);
      expect(r.out, text).not.toMatch(/[“„] |\s[”“]|\p{L}”\p{L}/u);
    }
    const de = await run(['score', '-n', '0', '--lang', 'de', 'Wir feiern 25 Jahre Firma']);
    expect(de.out).toContain('„25 Jahre“');
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
    expect(lines.map((l) => l.id)).toEqual(['a', 2, 'c', 'd', 'e', 7]);
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

describe('fanpage-advisor score --kind', () => {
  const JANE = "@jane_doe Sorry your order hasn't arrived! Please DM us your order number and we'll sort it out. ^Mike";

  it('says which kind it assumed and how to switch; --kind switches it', async () => {
    const auto = await run(['score', JANE]);
    expect(auto.out).toContain('Judged as a reply to a customer (recognised from “@jane_doe”). Not right? --kind service|marketing');
    expect(auto.out).not.toMatch(/in public|€5 off/);
    const marketing = await run(['score', '--json', '--kind', 'marketing', JANE]);
    const j = JSON.parse(marketing.out);
    expect(j.kind).toEqual({ name: 'marketing', detected: false });
    expect(j.suggestions.some((s: { rule: string }) => s.rule.startsWith('offer.'))).toBe(true);
    const bad = await run(['score', '--kind', 'poem', JANE]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--kind must be auto, reply, service or marketing');
  });

  it('batch lines take a kind', async () => {
    const r = await run(['score', '--jsonl'], `${JSON.stringify({ text: JANE, kind: 'marketing' })}\n${JSON.stringify({ text: JANE })}\n`);
    const [a, b] = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(a.kind).toEqual({ name: 'marketing', detected: false });
    expect(b.kind).toEqual({ name: 'reply', detected: true });
  });
});

describe('fanpage-advisor score --jsonl input fields', () => {
  it('accepts `language` as well as `lang`, and gives a line without an id its line number', async () => {
    const input = [
      JSON.stringify({ text: 'Nur heute 20 % Rabatt auf alles', platform: 'facebook', language: 'de' }),
      '',
      JSON.stringify({ id: 'x', text: 'New mugs', lang: 'en' }),
      JSON.stringify({ text: 'Hello', language: 'klingon' }),
      JSON.stringify({ text: 'Hello', lang: 'en', language: 'de' }),
    ].join('\n');
    const r = await run(['score', '--jsonl'], `${input}\n`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([1, 'x', 4, 5]);
    expect(lines[0]).toMatchObject({ language: 'de', platform: 'facebook' });
    expect(lines[2].error.reason).toContain('"language" must be auto, en or de');
    expect(lines[3].error.reason).toContain('disagree');
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

describe('fanpage-advisor findings and ask', () => {
  it('findings marks an unverified finding once', async () => {
    const r = await run(['findings']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('(unverified)');
    expect(r.out).not.toMatch(/\(unverified\) \(unverified\)|\(partly verified\) \(partly verified\)/);
  });

  it('ask finds the timing finding for a question with clock times', async () => {
    const r = await run(['ask', 'Should I post at 9am or 6pm?']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[eng-fb-timing]');
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

  it('an override problem names the variable and value, not the YAML line', async () => {
    const r = await run(['score', 'hi'], '', { FANPAGE_ENGINE_DEFAULT_PLATFORM: 'myspace' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('FANPAGE_ENGINE_DEFAULT_PLATFORM=myspace');
    expect(r.err).not.toContain('default.yaml');
  });

  it('a typo in FANPAGE_RULES_DISABLED is a warning naming the id and the nearest one; the command still runs', async () => {
    const r = await run(['score', '--json', 'hi'], '', { FANPAGE_RULES_DISABLED: 'links.untraked' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).score).toEqual(expect.any(Number));
    expect(r.err).toContain('"links.untraked"');
    expect(r.err).toContain('did you mean "links.untracked"');
  });

  it('FANPAGE_CONFIG and FANPAGE_RULES_DIR that do not exist are named', async () => {
    const r = await run(['score', 'hi'], '', { FANPAGE_CONFIG: 'no/such.yaml', FANPAGE_RULES_DIR: 'no/such/rules' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('FANPAGE_CONFIG=no/such.yaml: no such file');
    expect(r.err).toContain('FANPAGE_RULES_DIR=no/such/rules: no such folder');
  });

  it('env overrides config defaults', async () => {
    const r = await run(['score', '--json', 'New spring collection out now!'], '', { FANPAGE_ENGINE_SUGGESTIONS: '1' });
    expect(JSON.parse(r.out).suggestions).toHaveLength(1);
  });
});

describe('the installed command', () => {
  it('runs from another directory: config and rules come from the package', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'fa-cwd-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FANPAGE_')));
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT_DIR, 'bin/fanpage-advisor.js'), 'score', '--json', 'Fans only: 20% off with code FAN20'], { cwd: elsewhere, env: { ...env, LOG_LEVEL: 'silent' } });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).categories).toContain('discount');
  });

  it('FANPAGE_RULES_DIR relative to the working directory overrides the package\'s rules', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'fa-cwd-'));
    cpSync(join(ROOT_DIR, 'rules'), join(elsewhere, 'my-rules'), { recursive: true });
    const c = captureIo('', { FANPAGE_RULES_DIR: 'my-rules' });
    const code = await main(['rules', 'check'], { ...c.io, cwd: elsewhere });
    expect(code).toBe(0);
    const broken = captureIo('', { FANPAGE_RULES_DIR: 'missing-rules' });
    expect(await main(['rules', 'check'], { ...broken.io, cwd: elsewhere })).toBe(1);
    expect(broken.err()).toContain('FANPAGE_RULES_DIR=missing-rules');
  });

  it('runs from bin/ with no build step', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT_DIR, 'bin/fanpage-advisor.js'), 'score', '--json', '--platform', 'x', 'Fans only: 20% off with code FAN20'], { cwd: ROOT_DIR, env: { ...process.env, LOG_LEVEL: 'silent' } });
    const j = JSON.parse(stdout);
    expect(j.band).toBe('strong');
    expect(j.categories).toEqual(expect.arrayContaining(['discount', 'exclusive']));
  });
});
