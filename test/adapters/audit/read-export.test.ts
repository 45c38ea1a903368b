import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../../src/app/audit-page.ts';
import { readDate, readNumber } from '../../../src/adapters/audit/cells.ts';
import { ExportProblem, openExport, type ReadOptions } from '../../../src/adapters/audit/read-export.ts';

const FIXTURES = new URL('../../fixtures/audit/', import.meta.url);

async function readAll(name: string, options: ReadOptions = {}) {
  const opened = await openExport(createReadStream(new URL(name, FIXTURES)), options);
  const records: ExportRecord[] = [];
  for await (const r of opened.records) records.push(r);
  const posts = records.filter((r) => r.kind === 'post');
  const bad = records.filter((r) => r.kind === 'bad');
  return { opened, posts, bad };
}

async function fromText(text: string | Buffer, options: ReadOptions = {}) {
  const opened = await openExport(Readable.from([typeof text === 'string' ? Buffer.from(text) : text]), options);
  const records: ExportRecord[] = [];
  for await (const r of opened.records) records.push(r);
  return { opened, records };
}

describe('cells', () => {
  it('reads English and German numbers and "-" as empty', () => {
    expect(readNumber('1,234', '.')).toEqual({ ok: true, value: 1234 });
    expect(readNumber('1,234,567', ',')).toEqual({ ok: true, value: 1234567 });
    expect(readNumber('12.5', '.')).toEqual({ ok: true, value: 12.5 });
    expect(readNumber('1.234', ',')).toEqual({ ok: true, value: 1234 });
    expect(readNumber('1.234,5', ',')).toEqual({ ok: true, value: 1234.5 });
    expect(readNumber('1.234,5', '.')).toEqual({ ok: true, value: 1234.5 });
    expect(readNumber('0,5', ',')).toEqual({ ok: true, value: 0.5 });
    expect(readNumber(' 7 ', '.')).toEqual({ ok: true, value: 7 });
    expect(readNumber('-', '.')).toEqual({ ok: true, value: null });
    expect(readNumber('', ',')).toEqual({ ok: true, value: null });
    expect(readNumber('lots', '.')).toEqual({ ok: false });
    expect(readNumber('12a', '.')).toEqual({ ok: false });
  });

  it('reads plain counts (the quick path) exactly as the general reading does', () => {
    // digits with and without thousands commas, leading zeros, and more digits than a double holds exactly
    const cells = ['0', '7', '007', '12,345', '1,234,567', '999999999999999', '1234567890123456', '98765432109876543210', ',5', '5,', ','];
    for (let i = 0; i < 200; i++) cells.push(String((i * 7919) ** 2 % 1e12).replace(/\B(?=(\d{3})+(?!\d))/g, i % 2 ? ',' : ''));
    for (const cell of cells) {
      const digits = cell.replace(/,/g, '');
      expect(readNumber(cell, '.'), cell).toEqual(digits === '' ? { ok: false } : { ok: true, value: Number(digits) });
    }
    // with "," as the decimal mark a lone comma is a decimal point: the general reading decides
    expect(readNumber('12,5', ',')).toEqual({ ok: true, value: 12.5 });
    expect(readNumber('12345', ',')).toEqual({ ok: true, value: 12345 });
  });

  it('reads dates as the export states them, whatever the machine time zone', () => {
    expect(readDate('Tue, Jul 14, 2026')).toBe('2026-07-14');
    expect(readDate('09/28/2026 18:12')).toBe('2026-09-28');
    expect(readDate('28.09.2026 18:12')).toBe('2026-09-28');
    expect(readDate('2015-03-03 23:59 +0000')).toBe('2015-03-03');
    expect(readDate('14. Okt. 2026')).toBe('2026-10-14');
    expect(readDate('Lifetime')).toBeNull();
    expect(readDate('')).toBeNull();
  });
});

describe('formats, detected by their columns', () => {
  it('Meta Facebook: BOM, quoted header with commas, 1,234, text in Description or Title, a bad row with its line', async () => {
    const { opened, posts, bad } = await readAll('meta-facebook.csv');
    expect(opened.format).toBe('meta-facebook');
    expect(opened.platform).toBe('facebook');
    expect(opened.metric).toEqual({ name: '(Reactions + Comments + Shares + Total clicks) / Reach', numerator: ['Reactions', 'Comments', 'Shares', 'Total clicks'], denominator: 'Reach' });
    expect(posts).toHaveLength(63);
    // post 20 has "n. a." as its reach; it starts on line 24 because post 10 spans three lines
    expect(bad).toEqual([{ kind: 'bad', line: 24, reason: 'Reach is "n. a.", not a number' }]);
    const multi = posts.find((p) => p.kind === 'post' && p.id === '1226100010');
    expect(multi).toMatchObject({ line: 12 });
    expect(multi?.kind === 'post' && multi.text).toContain('\n\nDetails, sizes and terms: see "link in bio"');
    const after = posts.find((p) => p.kind === 'post' && p.id === '1226100011');
    expect(after).toMatchObject({ line: 15 });
    const first = posts[0]!;
    expect(first).toMatchObject({ id: '1226100000', date: '2026-01-05', engagement: 153 + 31 + 15 + 107, base: 6975 });
    // videos keep their text in Title
    const video = posts.find((p) => p.kind === 'post' && p.id === '1226100004');
    expect(video?.kind === 'post' && video.text.length).toBeGreaterThan(10);
  });

  it('Meta Facebook with German headers, ";" and German numbers (older file: Impressionen)', async () => {
    const { opened, posts, bad } = await readAll('meta-facebook-de.csv');
    expect(opened.format).toBe('meta-facebook');
    expect(opened.metric.denominator).toBe('Reichweite');
    expect(bad).toEqual([]);
    expect(posts).toHaveLength(24);
    expect(posts[1]).toMatchObject({ date: '2026-07-27', engagement: 1196 + 239 + 120 + 836, base: 23547 });
    // "-" in Geteilte Inhalte counts as nothing, not as a bad row
    expect(posts[3]).toMatchObject({ kind: 'post' });
  });

  it('Meta Facebook in Dutch: the header line of a real Dutch export (text in Titel, Date "Looptijd")', async () => {
    const { opened, posts, bad } = await readAll('meta-facebook-nl.csv');
    expect(opened.format).toBe('meta-facebook');
    expect(opened.metric).toEqual({ name: '(Reacties + Opmerkingen + Deelacties + Totaal aantal klikken) / Bereik', numerator: ['Reacties', 'Opmerkingen', 'Deelacties', 'Totaal aantal klikken'], denominator: 'Bereik' });
    expect(bad).toEqual([]);
    expect(posts).toHaveLength(12);
    expect(posts[0]).toMatchObject({ id: '55510', date: '2026-01-05', engagement: 120 + 3 + 0 + 40, base: 3000, text: expect.stringMatching(/^Zomeruitverkoop: tot 40% korting/) });
    // the video keeps its text in Omschrijving, the photos in Titel
    expect(posts[3]).toMatchObject({ text: expect.stringMatching(/^Win een weekendtas!/) });
  });

  it('Meta exports in German under the other names of the German interface for the same figures', async () => {
    const instagram = await fromText(
      'Beitrags-ID;Konto-ID;Kontobenutzername;Kontoname;Beschreibung;Dauer (Sek.);Veröffentlichungsdatum;Permalink;Beitragstyp;Datenkommentar;Datum;Ansichten;Beitragsreichweite;Gefällt mir;Teilungen;Follows;Kommentare;Gespeichert\n' +
        '1795;1784;nordpfad;Nordpfad;Neue Wanderschuhe sind da.;;24.07.2026 09:30;https://www.instagram.com/p/x/;Bild;;Gesamtlaufzeit;2.000;1.000;90;5;1;4;10\n',
    );
    expect(instagram.opened).toMatchObject({ format: 'meta-instagram', metric: { numerator: ['Gefällt mir', 'Kommentare', 'Teilungen', 'Gespeichert'], denominator: 'Beitragsreichweite' } });
    expect(instagram.records).toEqual([{ kind: 'post', line: 2, id: '1795', text: 'Neue Wanderschuhe sind da.', date: '2026-07-24', engagement: 109, base: 1000 }]);
  });

  it('Meta Instagram', async () => {
    const { opened, posts, bad } = await readAll('meta-instagram.csv');
    expect(opened.format).toBe('meta-instagram');
    expect(opened.metric.numerator).toEqual(['Likes', 'Comments', 'Shares', 'Saves']);
    expect(opened.metric.denominator).toBe('Reach');
    expect(bad).toEqual([]);
    expect(posts).toHaveLength(30);
    expect(posts[0]!.kind === 'post' && posts[0]!.text).toMatch(/#northtrail/);
  });

  it('X content export: "Tue, Jul 14, 2026" dates, engagements / impressions, a bad number', async () => {
    const { opened, posts, bad } = await readAll('x-content.csv');
    expect(opened.format).toBe('x-content');
    expect(opened.platform).toBe('twitter');
    expect(opened.metric).toEqual({ name: 'Engagements / Impressions', numerator: ['Engagements'], denominator: 'Impressions' });
    expect(bad).toEqual([{ kind: 'bad', line: 9, reason: 'Engagements is "lots", not a number' }]);
    expect(posts).toHaveLength(39);
    expect(posts.every((p) => p.kind === 'post' && /^2026-\d\d-\d\d$/.test(p.date ?? ''))).toBe(true);
  });

  it('X tweet activity (2015: favorites, promoted columns "-")', async () => {
    const { opened, posts, bad } = await readAll('x-activity.csv');
    expect(opened.format).toBe('x-activity');
    expect(opened.metric.name).toBe('engagements / impressions');
    expect(bad).toEqual([]);
    expect(posts).toHaveLength(30);
    expect(posts[0]!.kind === 'post' && posts[0]!.date).toMatch(/^2015-/);
  });

  it('generic JSONL with named columns; a broken line is reported and skipped', async () => {
    const { opened, posts, bad } = await readAll('generic.jsonl', { textColumn: 'message', metricColumns: ['hearts', 'talk'] });
    expect(opened.format).toBe('generic');
    expect(opened.metric.numerator).toEqual(['hearts', 'talk']);
    expect(bad).toEqual([{ kind: 'bad', line: 6, reason: 'is not valid JSON' }]);
    expect(posts).toHaveLength(20);
  });

  it('generic CSV found by its usual column names (German numbers, ";")', async () => {
    const { opened, posts } = await readAll('generic.csv');
    expect(opened.format).toBe('generic');
    expect(opened.metric).toEqual({ name: '(likes + comments) / reach', numerator: ['likes', 'comments'], denominator: 'reach' });
    expect(posts).toHaveLength(12);
    const raw = readFileSync(new URL('generic.csv', FIXTURES), 'utf8').split('\n')[1]!.split(';');
    expect(posts[0]).toMatchObject({ base: Number(raw[3]!.replace('.', '')) });
  });
});

describe('bad files', () => {
  it('an unknown export names the columns found and the ones needed', async () => {
    const error = await fromText('name,colour,size\nshirt,red,M\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportProblem);
    expect((error as ExportProblem).code).toBe('unknown_format');
    expect((error as ExportProblem).found).toEqual(['name', 'colour', 'size']);
    expect((error as ExportProblem).message).toMatch(/Columns found: name, colour, size\. Needed: a post text column/);
  });

  it('empty and binary files are refused', async () => {
    await expect(fromText('')).rejects.toMatchObject({ code: 'empty' });
    await expect(fromText('\uFEFF  \n')).rejects.toMatchObject({ code: 'empty' });
    await expect(fromText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]))).rejects.toMatchObject({ code: 'binary' });
  });

  it('rows with too few columns and a quote never closed are reported by the line they start on', async () => {
    const { records } = await fromText('Post id,Date,Post text,Impressions,Engagements\n1,"Mon, Jan 5, 2026","Hello, fans",100,5\n2,"Tue, Jan 6, 2026",short row\n\n3,"Wed, Jan 7, 2026","spans\ntwo lines",200,10\n4,"Thu, Jan 8, 2026","never closed,300,1\n5,x,y,1,1\n');
    expect(records.map((r) => [r.kind, r.line])).toEqual([['post', 2], ['bad', 3], ['post', 5], ['bad', 7]]);
    expect(records[1]).toMatchObject({ reason: 'has 3 columns, the header has 5' });
  });
});
