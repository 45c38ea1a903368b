// How export cells are read: numbers in English or German notation, "-" for empty, and dates in
// the shapes Meta and X write them. Dates stay as the export states them (no time-zone change).

/** Which character separates decimals in this file: German exports use "," (and usually ";"). */
export type DecimalMark = '.' | ',';

export type NumberCell = { ok: true; value: number | null } | { ok: false };

const EMPTY = new Set(['', '-', '–', '—', 'n/a', 'N/A', 'null']);

/**
 * "1,234" → 1234, "1.234,5" → 1234.5 (German), "12.5" → 12.5, "-" and "" → null (empty).
 * When both marks appear, the last one is the decimal mark; otherwise the file's mark decides.
 */
export function readNumber(raw: string, mark: DecimalMark): NumberCell {
  const plain = plainCount(raw, mark);
  if (plain >= 0) return { ok: true, value: plain };
  const s = raw.trim().replace(/[\u00A0\u202F' ]/g, '');
  if (EMPTY.has(s)) return { ok: true, value: null };
  let normal: string;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) normal = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  else if (comma >= 0) normal = mark === ',' && !/^-?\d{1,3}(,\d{3}){2,}$/.test(s) ? s.replace(',', '.') : s.replace(/,/g, '');
  else if (dot >= 0 && mark === ',') normal = /^-?\d{1,3}(\.\d{3})+$/.test(s) ? s.replace(/\./g, '') : s;
  else normal = s;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(normal)) return { ok: false };
  return { ok: true, value: Number(normal) };
}

/**
 * The common cell, read without regular expressions: ASCII digits only, or digits with thousands
 * commas in a file that writes decimals with "." ("12,345"). -1 for anything else (readNumber's
 * general path then reads it). why: an export has four or five such cells per row, 500,000 in a
 * big file. At most 15 digits, so adding them up is exact and equals Number() of the same digits.
 */
function plainCount(raw: string, mark: DecimalMark): number {
  const n = raw.length;
  if (n === 0 || n > 20) return -1;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c !== 44 || mark !== '.') return -1;
  }
  return digits > 0 && digits <= 15 ? value : -1;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  // German month abbreviations that differ from English
  mär: 3, mrz: 3, mai: 5, okt: 10, dez: 12,
};

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2200) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The calendar date a cell states, as YYYY-MM-DD, read from its text alone:
 * "2026-07-14 18:12 +0000", "09/28/2026 18:12" (US, Meta), "28.09.2026 18:12" (German),
 * "Tue, Jul 14, 2026" (X), "14. Juli 2026". null when the cell holds no date ("Lifetime", "").
 */
export function readDate(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(s);
  if (m) return iso(+m[3]!, +m[1]!, +m[2]!);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(s);
  if (m) return iso(+m[3]!, +m[2]!, +m[1]!);
  m = /(?:^|[\s,])([A-Za-zä]{3})[a-zä]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(s);
  if (m && MONTHS[m[1]!.toLowerCase()]) return iso(+m[3]!, MONTHS[m[1]!.toLowerCase()]!, +m[2]!);
  m = /(\d{1,2})\.?\s+([A-Za-zä]{3})[a-zä]*\.?\s+(\d{4})/.exec(s);
  if (m && MONTHS[m[2]!.toLowerCase()]) return iso(+m[3]!, MONTHS[m[2]!.toLowerCase()]!, +m[1]!);
  return null;
}
