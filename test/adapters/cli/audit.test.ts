import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.ts';
import { captureIo } from '../../support/io.ts';
import { createClassifyPool } from '../../../src/adapters/audit/classify-pool.ts';
import { availableParallelism } from 'node:os';
import { auditCommand, auditThreads, type AuditIo } from '../../../src/adapters/cli/audit.ts';
import { loadConfig } from '../../../src/adapters/config.ts';
import { realAdvisor, realRules, ROOT_DIR } from '../../support/advisor.ts';

const advisor = realAdvisor();
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/audit/${name}`, import.meta.url));

function terminal(options: { tty?: boolean } = {}) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: 80 });
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const io: AuditIo = { stdout, stderr, env: {} };
  return { io, out: () => out, err: () => err };
}

async function run(args: string[], options: { tty?: boolean; defaultLanguage?: 'en' | 'de' | 'auto' } = {}) {
  const t = terminal(options);
  const config = { settings: { audit: { threads: 1 }, engine: { default_language: options.defaultLanguage ?? 'auto' } } };
  const code = await auditCommand(args, t.io, () => ({ advisor, config, classifyPool: (threads) => createClassifyPool({ book: realRules().book, settings: advisor.settings, defaultLang: 'en' }, threads) }));
  return { code, out: t.out(), err: t.err() };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fanpage-audit-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fanpage-advisor audit', () => {
  it('prints the mix beside the studies, engagement, best and worst posts and three recommendations', async () => {
    const { code, out, err } = await run([fixture('meta-facebook.csv')]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^Page audit: your data, 63 posts, 2026-01-05 to 2026-07-13\nformat: meta-facebook · 1 row skipped\nEngagement rate: \(Reactions \+ Comments \+ Shares \+ Total clicks\) \/ Reach/);
    expect(out).toMatch(/Discount or deal\s+16%\s+83%\s+53%\s+pivot-deals \(Pivot Conference, 2012\)/);
    expect(out).toMatch(/Discount or deal\s+n = 10\s+9\.55%\s+3\.6× \(2\.9×–4\.3×\)\s+higher/);
    expect(out).toMatch(/Best posts\n\s+11\.79%\s+score\s+\d+\s+Our summer sale/);
    expect(out.match(/^ {2}\d\. /gm)).toHaveLength(3);
    expect(out).toContain('line 24: Reach is "n. a.", not a number');
  });

  it('--json prints the contract object, the same bytes every time', async () => {
    const one = await run([fixture('x-content.csv'), '--json']);
    const two = await run([fixture('x-content.csv'), '--json']);
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    const json = JSON.parse(one.out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['format', 'posts', 'skipped', 'period', 'metric', 'mix', 'engagement', 'best', 'worst', 'recommendations']);
    expect(json).toMatchObject({ format: 'x-content', posts: 39, skipped: [{ line: 9, reason: 'Engagements is "lots", not a number' }] });
  });

  it('--out writes the charts, report.html, audit.json and calibration.json', async () => {
    const out = join(dir, 'report');
    const { code, err } = await run([fixture('meta-instagram.csv'), '--out', out, '--lang', 'de']);
    expect(code).toBe(0);
    expect(err).toMatch(/^Bericht geschrieben nach .*report: mix\.png, engagement\.png, report\.html, audit\.json, calibration\.json\n$/);
    expect((await readdir(out)).sort()).toEqual(['audit.json', 'calibration.json', 'engagement.png', 'mix.png', 'report.html']);
    const calibration = JSON.parse(await readFile(join(out, 'calibration.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(calibration)).toEqual(['format', 'posts', 'period', 'metric', 'engagement']);
  });

  it('generic exports with named columns; --since filters', async () => {
    const { code, out } = await run([fixture('generic.jsonl'), '--text-column', 'message', '--metric-column', 'hearts', '--metric-column', 'talk', '--json', '--since', '2027-01-01']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { format: string; metric: { denominator: string }; skipped: unknown[] };
    expect(json.format).toBe('generic');
    expect(json.skipped).toEqual([{ line: 6, reason: 'is not valid JSON' }]);
  });

  it('exit 1 for a file that is no known export, naming the columns found and needed', async () => {
    const file = join(dir, 'orders.csv');
    await writeFile(file, 'order,amount,country\n1,20,DE\n');
    const { code, out, err } = await run([file]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/orders\.csv: No known export format matches\. Columns found: order, amount, country\. Needed: a post text column/);
  });

  it('says why a file is no export in German with --lang de, or when the configured language is German', async () => {
    const file = join(dir, 'bestellungen.csv');
    await writeFile(file, 'Bestellung;Betrag;Land\n1;20;DE\n');
    const byOption = await run([file, '--lang', 'de']);
    expect(byOption.code).toBe(1);
    expect(byOption.err).toBe(
      `${file}: Kein bekanntes Exportformat passt. Gefundene Spalten: Bestellung, Betrag, Land. Nötig sind eine Spalte mit dem Posttext (Beschreibung oder Titel bei Meta, Post text bei X, Tweet text bei älteren X-Dateien) ` +
        'und Engagement-Spalten (Reaktionen, Kommentare, Geteilte Inhalte oder Likes, oder Engagements) mit Reichweite oder Impressionen; bei jeder anderen Datei nenne sie mit --text-column und --metric-column.\n',
    );
    expect(await run([file], { defaultLanguage: 'de' })).toEqual(byOption);
    // --lang wins over the configuration; "auto" in the configuration means English here
    expect((await run([file, '--lang', 'en'], { defaultLanguage: 'de' })).err).toMatch(/: No known export format matches\. Columns found: Bestellung, Betrag, Land\./);
    expect((await run([file])).err).toMatch(/: No known export format matches/);
    const empty = join(dir, 'leer.csv');
    await writeFile(empty, '');
    expect(await run([empty, '--lang', 'de'])).toMatchObject({ code: 1, err: `${empty}: Die Datei ist leer.\n` });
  });

  it('exit 1 for empty and binary files', async () => {
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '');
    expect(await run([empty])).toMatchObject({ code: 1, err: expect.stringMatching(/The file is empty/) });
    const xlsx = join(dir, 'posts.xlsx');
    await writeFile(xlsx, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]));
    expect(await run([xlsx])).toMatchObject({ code: 1, err: expect.stringMatching(/not text .*Export it as CSV/) });
    const headerOnly = join(dir, 'header.csv');
    await writeFile(headerOnly, 'Post id,Date,Post text,Impressions,Engagements\n');
    expect(await run([headerOnly])).toMatchObject({ code: 1, err: 'No posts could be read from this file.\n' });
  });

  it('exit 2 for bad usage and a missing file', async () => {
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringMatching(/audit needs the export file/) });
    expect(await run([join(dir, 'nope.csv')])).toMatchObject({ code: 2, err: expect.stringMatching(/no such file/) });
    expect(await run([fixture('x-content.csv'), '--since', 'yesterday'])).toMatchObject({ code: 2 });
    expect(await run([fixture('x-content.csv'), '--platform', 'myspace'])).toMatchObject({ code: 2 });
    expect(await run([fixture('x-content.csv'), '--frobnicate'])).toMatchObject({ code: 2 });
  });

  it('shows a progress bar on a terminal for a big export, never with --json or when piped', async () => {
    const big = join(dir, 'big.csv');
    const rows = ['Post id,Date,Post text,Impressions,Engagements'];
    for (let i = 0; i < 600; i++) rows.push(`${i},"Mon, Jan 5, 2026",Post number ${i} with 10% off,${1000 + i},${i % 40}`);
    await writeFile(big, `${rows.join('\n')}\n`);
    const tty = await run([big], { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.err).toMatch(/posts/);
    const piped = await run([big]);
    expect(piped.err).toBe('');
    const json = await run([big, '--json'], { tty: true });
    expect(json.err).toBe('');
  });
});

describe('threads that score an audit', () => {
  it('default to one per core (at most 4), from the configuration; FANPAGE_AUDIT_THREADS or --threads set them', () => {
    const auto = loadConfig({}, ROOT_DIR, ROOT_DIR).settings.audit.threads;
    expect(auto).toBe('auto');
    expect(auditThreads(40e6, undefined, auto)).toBe(Math.min(4, availableParallelism()));
    expect(loadConfig({ FANPAGE_AUDIT_THREADS: '3' }, ROOT_DIR, ROOT_DIR).settings.audit.threads).toBe(3);
    expect(() => loadConfig({ FANPAGE_AUDIT_THREADS: '0' }, ROOT_DIR, ROOT_DIR)).toThrow(/FANPAGE_AUDIT_THREADS|audit\.threads/);
    expect(auditThreads(40e6, undefined, 3)).toBe(3);
    expect(auditThreads(40e6, 1, 'auto')).toBe(1);
    expect(auditThreads(40e6, 2, 1)).toBe(2);
  });

  it('are not started for an export under 2 MB', () => {
    expect(auditThreads(1_999_999, 4, 'auto')).toBe(1);
    expect(auditThreads(2_000_000, 4, 'auto')).toBe(4);
  });
});

describe('audit and calibrated scores through the command line', () => {
  async function cli(args: string[]) {
    const c = captureIo();
    const code = await main(args, c.io);
    return { code, out: c.out(), err: c.err() };
  }

  it('fanpage-advisor audit is wired in and listed in --help', async () => {
    const { code, out } = await cli(['audit', fixture('x-activity.csv'), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ format: 'x-activity', posts: 30 });
    expect((await cli(['--help'])).out).toMatch(/fanpage-advisor audit <export\.csv>/);
    expect((await cli(['audit', '--help'])).out).toMatch(/--metric-column NAME/);
  });

  it('score --calibration shows the page’s evidence beside the study score, which stays the same', async () => {
    const out = join(dir, 'calibrated');
    expect((await cli(['audit', fixture('meta-facebook.csv'), '--out', out])).code).toBe(0);
    const post = 'Weekend deal: 15% off all rain jackets with code RAIN15 until Sunday.';
    const plainScore = await cli(['score', '-p', 'facebook', '--json', post]);
    const calibrated = await cli(['score', '-p', 'facebook', '--json', '--calibration', join(out, 'calibration.json'), post]);
    const before = JSON.parse(plainScore.out) as { score: number; calibration?: unknown };
    const after = JSON.parse(calibrated.out) as { score: number; calibration: { source: string; lines: { category: string; verdict: string; text: string }[] } };
    expect(after.score).toBe(before.score);
    expect(before.calibration).toBeUndefined();
    expect(after.calibration.source).toBe('your data, 63 posts, 2026-01-05 to 2026-07-13');
    expect(after.calibration.lines).toContainEqual(expect.objectContaining({ category: 'discount', verdict: 'higher', text: expect.stringMatching(/^On your page, posts with "Discount or deal" got 3\.6× the median engagement \(n = 10\)\.$/) }));
    const text = await cli(['score', '-p', 'facebook', '--calibration', join(out, 'calibration.json'), post]);
    expect(text.out).toMatch(/\n\nYour page \(your data, 63 posts, 2026-01-05 to 2026-07-13\)\n {2}On your page, posts with "Discount or deal" got 3\.6×/);
  });

  it('a missing or foreign calibration file is a clear message', async () => {
    expect(await cli(['score', '--calibration', join(dir, 'none.json'), 'Hello'])).toMatchObject({ code: 2, err: expect.stringMatching(/no such file: .*none\.json \(run "fanpage-advisor audit EXPORT --out DIR" first/) });
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, '{"posts": "many"}');
    expect(await cli(['score', '--calibration', wrong, 'Hello'])).toMatchObject({ code: 1, err: expect.stringMatching(/wrong\.json format: .*use the calibration\.json that "audit --out" writes/) });
  });
});
