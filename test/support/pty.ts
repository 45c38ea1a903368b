// A real pseudo-terminal for end-to-end tests of interactive commands, through util-linux's
// `script` (on every Debian system): the command sees a TTY on stdin and stdout, so readline
// runs in terminal mode with raw keys, echo, line editing and bracketed paste.
import { spawn, spawnSync } from 'node:child_process';

export const HAVE_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

export interface Pty {
  /** Writes keys as a terminal would send them (\r for Enter, \x1b[A for ↑, …). */
  send(keys: string): void;
  /** Everything the command wrote so far, escape sequences included. */
  output(): string;
  /** Resolves once the output after `from` matches; rejects with the output after a timeout. */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  kill(): void;
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export function runInPty(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Pty {
  const child = spawn('script', ['-qfec', argv.map(quote).join(' '), '/dev/null'], { cwd: options.cwd, env: { TERM: 'xterm', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    send: (keys) => void child.stdin.write(keys),
    output: () => out,
    waitFor(pattern, from = 0, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.slice(from).match(pattern);
          if (!m) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; the terminal showed:\n${JSON.stringify(out.slice(from))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
