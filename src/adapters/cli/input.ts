import { MAX_INPUT_CHARS } from '../../app/input-limit.ts';
import { UserError } from '../../errors.ts';

/**
 * Input from stdin, read with a limit and checked to be UTF-8. why a byte limit: without it a
 * 100 MB paste is buffered whole before anyone says "too long"; four bytes is the most one
 * character takes in UTF-8, so no post within MAX_INPUT_CHARS is cut.
 */
export const MAX_INPUT_BYTES = MAX_INPUT_CHARS * 4;

/** The first byte offset that is not part of well-formed UTF-8, or -1 when all of it is. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // lead byte → sequence length and the allowed range of the second byte (no overlongs, no surrogates, ≤ U+10FFFF)
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + n > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

/** Bytes to text; invalid UTF-8 is a UserError naming the byte, not a string of U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, where?: { line?: number }): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new UserError('not_utf8', { byte: bad + 1, ...(where?.line ? { line: where.line } : {}) });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** All of a stream as text, stopping (without reading on) as soon as it passes `maxBytes`. */
export async function readLimited(stream: NodeJS.ReadableStream, maxBytes = MAX_INPUT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) {
      // why destroy: the rest is never read; a producer writing 100 MB into the pipe gets EPIPE
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw new UserError('input_too_long', { max: MAX_INPUT_CHARS });
    }
    chunks.push(buf);
  }
  return decodeUtf8(Buffer.concat(chunks));
}

/** One line of a stream: its bytes, or that it was longer than the limit (its bytes were skipped, not kept). */
export type Line = { no: number; bytes: Buffer } | { no: number; tooLong: true };

/**
 * Lines of a stream (LF or CRLF), each at most `maxBytes`; a longer line is reported as such and
 * skipped without being buffered, and the lines after it are read as usual.
 */
export async function* readLines(stream: NodeJS.ReadableStream, maxBytes = MAX_INPUT_BYTES): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let no = 0;
  const finish = (): Line => {
    no += 1;
    if (skipping) return { no, tooLong: true };
    let bytes = Buffer.concat(parts, size);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    return { no, bytes };
  };
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    for (;;) {
      const nl = buf.indexOf(0x0a);
      const piece = nl === -1 ? buf : buf.subarray(0, nl);
      if (!skipping) {
        if (size + piece.length > maxBytes + 1) {
          skipping = true;
          parts = [];
          size = 0;
        } else {
          parts.push(piece);
          size += piece.length;
        }
      }
      if (nl === -1) break;
      yield finish();
      parts = [];
      size = 0;
      skipping = false;
      buf = buf.subarray(nl + 1);
    }
  }
  if (size > 0 || skipping) yield finish();
}
