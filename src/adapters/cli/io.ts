import { readLimited } from './input.ts';
import { safeForTerminal } from './terminal-text.ts';

/** Where the CLI reads and writes; injectable so tests can run commands in-process. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The terminal this process runs in. */
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Bad command-line usage: printed as one line, exit code 2. */
export class UsageError extends Error {}

/**
 * Writes one line to stderr and returns the exit code, so a command can `return fail(…)`. Control
 * and escape characters in it (from the input it may quote) are shown escaped, never sent raw.
 */
export function fail(io: Io, message: string, code: number): number {
  io.stderr.write(`${safeForTerminal(message)}\n`);
  return code;
}

/** All of stdin as text: stops reading past the input limit, and invalid UTF-8 is a UserError. */
export function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return readLimited(stream);
}
