// Bad input at the command line: each gets a clear sentence, loses nothing else, and nothing from
// the input reaches the terminal raw.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scoreBatch } from '../../../src/adapters/cli/batch.ts';
import { firstInvalidUtf8, MAX_INPUT_BYTES } from '../../../src/adapters/cli/input.ts';
import { main } from '../../../src/cli.ts';
import { captureIo } from '../../support/io.ts';
import { realAdvisor } from '../../support/advisor.ts';

/** What a terminal would act on: ESC, BEL, C1 controls (CSI), carriage return, bidi overrides. */
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

const run = async (args: string[], stdin: string | Readable = '') => {
  const c = captureIo(typeof stdin === 'string' ? stdin : '');
  if (typeof stdin !== 'string') c.io.stdin = Object.assign(stdin, { isTTY: false });
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
};

describe('score --jsonl with bad lines', () => {
  it('"lang": 5 and "platform": 5 are errors for their line, like "myspace"; a missing or null one takes the default', async () => {
    const input = [
      { id: 'lang5', text: '20% off today', lang: 5 },
      { id: 'platform5', text: '20% off today', platform: 5 },
      { id: 'myspace', text: '20% off today', platform: 'myspace' },
      { id: 'array', text: '20% off today', lang: ['de'] },
      { id: 'default', text: '20% off today' },
      { id: 'null', text: '20% off today', lang: null },
    ].map((l) => JSON.stringify(l));
    const r = await run(['score', '--jsonl', '--platform', 'facebook'], `${input.join('\n')}\n`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['lang5', 'platform5', 'myspace', 'array', 'default', 'null']);
    expect(lines[0].error).toEqual({ line: 1, reason: '"lang" must be auto, en or de, not 5' });
    expect(lines[1].error).toEqual({ line: 2, reason: '"platform" must be facebook, twitter or x, not 5' });
    expect(lines[2].error).toEqual({ line: 3, reason: '"platform" must be facebook, twitter or x, not "myspace"' });
    expect(lines[3].error.reason).toBe('"lang" must be auto, en or de, not ["de"]');
    expect(lines[4]).toMatchObject({ platform: 'facebook' });
    expect(lines[5]).toMatchObject({ platform: 'facebook' });
    expect(r.code).toBe(1);
  });

  it('a line crafted to set the terminal title, clear the screen or reverse text is quoted escaped', async () => {
    const evil = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil';
    const r = await run(['score', '--jsonl'], `${JSON.stringify({ id: 1, text: 'hi', platform: evil })}\n${JSON.stringify({ id: 2, text: 'hi', lang: evil })}\n`);
    expect(r.err).not.toMatch(RAW);
    expect(r.err).toContain('line 1: "platform" must be facebook, twitter or x, not "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}evil"');
    expect(r.err).toContain('line 2: "lang"');
    // the JSON output stays JSON (machines read it), with the same reason
    expect(JSON.parse(r.out.split('\n')[0]!).error.reason).toContain('\\u{1b}]0;pwned');
  });

  it('a line that is not UTF-8 gets its own message naming the byte; the lines around it are scored', async () => {
    const ok = Buffer.from(`${JSON.stringify({ id: 'ok', text: '20% off today' })}\n`);
    const bad = Buffer.concat([Buffer.from('{"id":"bad","text":"caf'), Buffer.from([0xe9]), Buffer.from(' 20% off"}\n')]);
    const r = await run(['score', '--jsonl'], Readable.from([ok, bad, ok]));
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id ?? l.error?.line)).toEqual(['ok', 2, 'ok']);
    expect(lines[1].error).toEqual({ line: 2, reason: 'That input is not UTF-8 text (the first bad byte is number 24). Save it as UTF-8 and try again.' });
    expect(r.err).not.toContain('control characters');
  });

  it('a line past the limit is an error for that line, skipped without being kept, and reading goes on', async () => {
    const pulled: number[] = [];
    function* stream() {
      yield Buffer.from(`${JSON.stringify({ id: 'before', text: 'Win a bike!' })}\n{"id":"huge","text":"`);
      for (let i = 0; i < 64; i++) {
        pulled.push(i);
        yield Buffer.alloc(16 * 1024, 'a');
      }
      yield Buffer.from(`"}\n${JSON.stringify({ id: 'after', text: 'Win a bike!' })}\n`);
    }
    const c = captureIo();
    c.io.stdin = Object.assign(Readable.from(stream()), { isTTY: false });
    const code = await scoreBatch(realAdvisor(), { platform: 'twitter', lang: 'auto' }, c.io, 64 * 1024);
    const lines = c.out().trim().split('\n').map((l) => JSON.parse(l));
    // a line without a readable id answers with its line number as the id
    expect(lines.map((l) => l.id)).toEqual(['before', 2, 'after']);
    expect(lines[1].error).toEqual({ line: 2, reason: 'That input is longer than 100000 characters, so I stopped reading it. Paste the post itself, not a whole document.' });
    expect(pulled).toHaveLength(64);
    expect(code).toBe(1);
  });
});

describe('score with a post on stdin', () => {
  it('stops reading once the input is past the limit instead of buffering all of it', async () => {
    let pulled = 0;
    function* huge() {
      // 100 MB if read to the end
      for (let i = 0; i < 1600; i++) {
        pulled += 64 * 1024;
        yield Buffer.alloc(64 * 1024, 'a');
      }
    }
    const r = await run(['score'], Readable.from(huge()));
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('That input is longer than 100000 characters, so I stopped reading it. Paste the post itself, not a whole document.');
    expect(pulled).toBeLessThanOrEqual(MAX_INPUT_BYTES + 2 * 64 * 1024);
  });

  it('invalid UTF-8 gets its own message, not "mostly control characters"', async () => {
    const r = await run(['score'], Readable.from([Buffer.from([0x32, 0x30, 0x25, 0x20, 0xff, 0xfe, 0x6f, 0x66, 0x66])]));
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('That input is not UTF-8 text (the first bad byte is number 5). Save it as UTF-8 and try again.');
  });

  it('a few control characters among the text are scored, with a note', async () => {
    const r = await run(['score', '--json'], 'ctrl\u0001\u0002\u001b[31mred\u001b[0m 5% off until Sunday');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).notes).toContain('hidden_characters');
  });

  it('an option value with escape sequences is quoted escaped in the usage error', async () => {
    const r = await run(['score', '--platform', '\u001b]0;pwned\u0007', 'hello']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(RAW);
    expect(r.err).toContain('\\u{1b}]0;pwned\\u{7}');
  });
});

describe('UTF-8 check', () => {
  it('finds the first byte that is not well-formed UTF-8 (overlongs, surrogates, truncation)', () => {
    expect(firstInvalidUtf8(Buffer.from('héllo 👍🏽 ok'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xf0, 0x9f, 0x91]))).toBe(2); // cut off
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
  });
});
