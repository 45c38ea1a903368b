// Reads a page export (CSV from Meta Business Suite or X analytics, any CSV or JSONL) as a stream
// of posts. Only the current record is held in memory. Bad rows come out as `bad` records with
// the physical line where they start, and the rest goes on.
import { parse } from 'csv-parse';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { AuditSource, ExportRecord } from '../../app/audit-page.ts';
import type { ExportFormat, Metric } from '../../core/audit/result.ts';
import type { Platform } from '../../core/post.ts';
import { readDate, readNumber, type DecimalMark } from './cells.ts';
import { FORMATS, GENERIC, normalise, type Column } from './formats.ts';

export interface ReadOptions {
  /** Overrides the platform the format implies (e.g. a generic export of tweets). */
  platform?: Platform;
  /** Generic exports: the column with the post text. */
  textColumn?: string;
  /** Generic exports: the engagement columns (summed). */
  metricColumns?: readonly string[];
}

export interface OpenedExport extends AuditSource {
  records: AsyncGenerator<ExportRecord>;
  /** Bytes consumed so far, for a progress bar. */
  bytesRead(): number;
}

export type ExportProblemCode = 'empty' | 'binary' | 'unknown_format';

/** The file is not an export we can read; `found` and `needed` say why in the user's terms. */
export class ExportProblem extends Error {
  override readonly name = 'ExportProblem';
  constructor(
    readonly code: ExportProblemCode,
    readonly found: readonly string[] = [],
    readonly needed = '',
  ) {
    super(
      code === 'empty'
        ? 'The file is empty.'
        : code === 'binary'
          ? 'The file is not text (is it a spreadsheet? Export it as CSV).'
          : `No known export format matches. Columns found: ${found.join(', ') || '(none)'}. Needed: ${needed}.`,
    );
  }
}

const NEEDED =
  'a post text column (Description or Title for Meta, Post text for X, Tweet text for older X files) and engagement columns ' +
  '(Reactions, Comments, Shares or Likes, or Engagements) with Reach or Impressions; for any other file name them with --text-column and --metric-column';

const HEAD_BYTES = 64 * 1024;

/** Where each logical column sits in the header, or -1. */
type Locate = (column: Column) => number;

interface Plan {
  format: ExportFormat;
  platform: Platform;
  metric: Metric;
  id: number;
  text: number[];
  date: number[];
  numerator: number[];
  denominator: number;
}

function locator(header: readonly string[]): Locate {
  const keys = header.map(normalise);
  return (column) => keys.findIndex((k) => column.includes(k));
}

function planFor(header: readonly string[], options: ReadOptions): Plan | null {
  const at = locator(header);
  const name = (i: number) => header[i]!.replace(/^\uFEFF/, '').trim();
  const present = (cols: readonly Column[]) => cols.map(at).filter((i) => i >= 0);
  if (!options.textColumn && !options.metricColumns?.length) {
    for (const spec of FORMATS) {
      if (!spec.signature.every((c) => at(c) >= 0)) continue;
      const numerator = spec.numerator.map((cols) => cols.map(at)).find((idx) => idx.every((i) => i >= 0));
      const denominator = spec.denominator.map(at).find((i) => i >= 0);
      const text = present(spec.text);
      if (!numerator || denominator === undefined || text.length === 0) continue;
      const parts = numerator.map(name);
      return {
        format: spec.format,
        platform: options.platform ?? spec.platform,
        metric: { name: `${parts.length > 1 ? `(${parts.join(' + ')})` : parts[0]} / ${name(denominator)}`, numerator: parts, denominator: name(denominator) },
        id: at(spec.id),
        text,
        date: present(spec.date),
        numerator,
        denominator,
      };
    }
  }
  // generic: named columns, or the usual names
  const byName = (wanted: string) => at([normalise(wanted)]);
  const text = options.textColumn ? [byName(options.textColumn)] : present([GENERIC.text]);
  const numerator = options.metricColumns?.length ? options.metricColumns.map(byName) : GENERIC.metrics.map((m) => at([m])).filter((i) => i >= 0);
  if (text.length === 0 || text[0]! < 0 || numerator.length === 0 || numerator.some((i) => i < 0)) return null;
  const denominator = at(GENERIC.denominator);
  const parts = numerator.map(name);
  const sum = parts.length > 1 ? `(${parts.join(' + ')})` : parts[0]!;
  return {
    format: 'generic',
    platform: options.platform ?? 'facebook',
    metric: denominator >= 0 ? { name: `${sum} / ${name(denominator)}`, numerator: parts, denominator: name(denominator) } : { name: `${sum} per post (no reach or impressions column)`, numerator: parts, denominator: '' },
    id: at(GENERIC.id),
    text,
    date: present([GENERIC.date]),
    numerator,
    denominator,
  };
}

function isBinary(head: Buffer): boolean {
  const sample = head.subarray(0, 8192);
  let controls = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) controls++;
  }
  return sample.length > 0 && controls / sample.length > 0.05;
}

/** The separator of the header line: the most common of , ; and tab outside quotes. */
function sniffDelimiter(head: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of head) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![1] > 0 ? Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0] : ',';
}

/** German exports write 1.234,5; their header is German or their separator is ";". */
function decimalMarkOf(delimiter: string, header: readonly string[]): DecimalMark {
  const german = header.some((h) => /[äöüß]|beitrag|reichweite|kommentare|datum|beschreibung/i.test(h));
  return delimiter === ';' || german ? ',' : '.';
}

/**
 * Physical lines a record took: one, plus the line breaks inside its quoted fields (kept as
 * written, "\r\n" included). Cheaper than asking the parser for each record's raw text.
 */
function linesOf(record: readonly string[]): number {
  let n = 1;
  for (const field of record) for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

/** Turns one row of cells into a post, or says what is wrong with it. */
function toRecord(plan: Plan, cells: readonly string[], headerLength: number, header: readonly string[], line: number, mark: DecimalMark): ExportRecord {
  if (cells.length < headerLength || cells.slice(headerLength).some((c) => c.trim() !== '')) {
    return { kind: 'bad', line, reason: `has ${cells.length} columns, the header has ${headerLength}` };
  }
  let engagement = 0;
  for (const i of plan.numerator) {
    const cell = readNumber(cells[i] ?? '', mark);
    if (!cell.ok) return { kind: 'bad', line, reason: `${header[i]!.trim()} is "${(cells[i] ?? '').slice(0, 40)}", not a number` };
    engagement += cell.value ?? 0;
  }
  let base: number | null = null;
  if (plan.denominator >= 0) {
    const cell = readNumber(cells[plan.denominator] ?? '', mark);
    if (!cell.ok) return { kind: 'bad', line, reason: `${header[plan.denominator]!.trim()} is "${(cells[plan.denominator] ?? '').slice(0, 40)}", not a number` };
    base = cell.value;
  } else {
    base = 1;
  }
  let text = '';
  for (const i of plan.text) {
    const t = (cells[i] ?? '').trim();
    if (t !== '' && t !== '-') {
      text = t;
      break;
    }
  }
  let date: string | null = null;
  for (const i of plan.date) if ((date = readDate(cells[i] ?? '')) !== null) break;
  const id = plan.id >= 0 && cells[plan.id]?.trim() ? cells[plan.id]!.trim() : `line ${line}`;
  return { kind: 'post', line, id, text, date, engagement, base };
}

async function readHead(source: AsyncIterator<Buffer | string>): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < HEAD_BYTES) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(parts), done: true };
    const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    parts.push(b);
    size += b.length;
  }
  return { head: Buffer.concat(parts), done: false };
}

/**
 * Opens an export: detects CSV or JSONL, the separator and the format from the header, and
 * returns the posts as an async stream. Throws ExportProblem when the file is empty, binary or
 * matches no format (with the columns found and the ones needed).
 */
export async function openExport(input: AsyncIterable<Buffer | string>, options: ReadOptions = {}): Promise<OpenedExport> {
  const iterator = input[Symbol.asyncIterator]();
  const { head, done } = await readHead(iterator);
  let bytes = head.length;
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      bytes += b.length;
      yield b;
    }
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new ExportProblem('empty');
  if (isBinary(head)) throw new ExportProblem('binary');
  const opened = text.trimStart().startsWith('{') ? await openJsonl(all(), options) : await openCsv(all(), text, options);
  return { ...opened, bytesRead: () => bytes };
}

async function openCsv(stream: AsyncGenerator<Buffer>, head: string, options: ReadOptions): Promise<Omit<OpenedExport, 'bytesRead'>> {
  const delimiter = sniffDelimiter(head);
  const parser = Readable.from(stream).pipe(
    parse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, skip_records_with_error: true }),
  );
  // why: with relaxed quotes and column counts the only parse error left is a quote never closed,
  // found at the end of input; thrown from the stream's flush it would escape the iterator
  const failures: { code?: string; lines?: number }[] = [];
  parser.on('skip', (error: { code?: string; lines?: number }) => failures.push(error));
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const first = await rows.next();
  if (first.done) throw new ExportProblem('empty');
  const header = first.value;
  const plan = planFor(header, options);
  if (!plan) throw new ExportProblem('unknown_format', header.map((h) => h.replace(/^\uFEFF/, '').trim()).filter((h) => h !== ''), NEEDED);
  const mark = decimalMarkOf(delimiter, header);
  let line = 1 + linesOf(header);
  async function* records(): AsyncGenerator<ExportRecord> {
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      const record = next.value;
      const start = line;
      line += linesOf(record);
      if (record.every((c) => c.trim() === '')) continue;
      yield toRecord(plan!, record, header.length, header, start, mark);
    }
    for (const f of failures) {
      yield f.code === 'CSV_QUOTE_NOT_CLOSED'
        ? { kind: 'bad', line, reason: 'a quoted text starts here and is never closed; the rest of the file could not be read' }
        : { kind: 'bad', line: f.lines ?? line, reason: `could not be read (${f.code ?? 'CSV error'})` };
    }
  }
  return { format: plan.format, platform: plan.platform, metric: plan.metric, records: records() };
}

async function openJsonl(stream: AsyncGenerator<Buffer>, options: ReadOptions): Promise<Omit<OpenedExport, 'bytesRead'>> {
  const lines = createInterface({ input: Readable.from(stream), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNo = 0;
  let firstObject: Record<string, unknown> | undefined;
  const pending: ExportRecord[] = [];
  // the first line that parses gives the columns
  while (!firstObject) {
    const next = await lines.next();
    if (next.done) throw new ExportProblem('empty');
    lineNo++;
    if (next.value.trim() === '') continue;
    try {
      const value = JSON.parse(next.value) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) firstObject = value as Record<string, unknown>;
      else pending.push({ kind: 'bad', line: lineNo, reason: 'is not a JSON object' });
    } catch {
      pending.push({ kind: 'bad', line: lineNo, reason: 'is not valid JSON' });
    }
  }
  const header = Object.keys(firstObject);
  const plan = planFor(header, options);
  if (!plan) throw new ExportProblem('unknown_format', header, NEEDED);
  const cellsOf = (o: Record<string, unknown>) => header.map((k) => (o[k] === null || o[k] === undefined ? '' : String(o[k])));
  const firstLine = lineNo;
  async function* records(): AsyncGenerator<ExportRecord> {
    yield* pending;
    yield toRecord(plan!, cellsOf(firstObject!), header.length, header, firstLine, '.');
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      lineNo++;
      if (next.value.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(next.value);
      } catch {
        yield { kind: 'bad', line: lineNo, reason: 'is not valid JSON' };
        continue;
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) yield { kind: 'bad', line: lineNo, reason: 'is not a JSON object' };
      else yield toRecord(plan!, cellsOf(value as Record<string, unknown>), header.length, header, lineNo, '.');
    }
  }
  return { format: plan.format, platform: plan.platform, metric: plan.metric, records: records() };
}
