import { PassThrough, Readable } from 'node:stream';
import type { Io } from '../../src/adapters/cli/io.ts';
import { ROOT_DIR } from './advisor.ts';

export interface Captured {
  io: Io;
  out(): string;
  err(): string;
}

/** An in-process terminal for the CLI: stdin from a string, stdout/stderr captured. */
export function captureIo(stdin = '', env: NodeJS.ProcessEnv = {}, tty = false): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const input = Object.assign(Readable.from(stdin === '' ? [] : [stdin]), { isTTY: tty });
  return {
    io: { stdout, stderr, stdin: input, env: { LOG_LEVEL: 'silent', ...env }, cwd: ROOT_DIR },
    out: () => out,
    err: () => err,
  };
}
