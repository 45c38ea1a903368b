import type { Logger } from '../log.ts';

/** Why the bot could not connect to Discord; each has one sentence for the operator (`startFailureText`). */
export type ConnectFailure = 'token_invalid' | 'intents_disallowed' | 'unreachable';

/** Logging in failed for good: after the retries for a network problem, at once for a rejected token. */
export class DiscordConnectError extends Error {
  override readonly name = 'DiscordConnectError';
  constructor(
    readonly reason: ConnectFailure,
    readonly attempts: number,
    /** The low-level code (ECONNREFUSED, ENOTFOUND, TokenInvalid …) for the sentence and the log. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Discord login failed: ${reason} (${detail}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`, options);
  }
}

// why: failures a retry can fix: the network or Discord being away for a moment
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'ABORT_ERR']);

function codeOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return String(code);
    if ((e as Error).name === 'AbortError') return 'ABORT_ERR';
  }
  return undefined;
}

/** What a login error means: a bad token or intents (retrying won't help), a network problem (it may), or something else. */
export function classifyLoginError(err: unknown): { kind: ConnectFailure | 'unknown'; transient: boolean; code: string } {
  const code = codeOf(err) ?? (err instanceof Error ? err.name : 'unknown');
  const status = (err as { status?: unknown })?.status;
  if (code === 'TokenInvalid' || code === 'TokenMissing' || code === '4004' || status === 401) return { kind: 'token_invalid', transient: false, code };
  if (code === 'DisallowedIntents' || code === '4014') return { kind: 'intents_disallowed', transient: false, code };
  if (TRANSIENT.has(code) || (typeof status === 'number' && status >= 500)) return { kind: 'unreachable', transient: true, code: typeof status === 'number' ? `HTTP ${status}` : code };
  return { kind: 'unknown', transient: false, code };
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; doubled before each next one. */
  baseMs: number;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Logs in, retrying network failures with doubling waits; a rejected token or intents fail at
 * once. Throws DiscordConnectError for what it recognises, and the original error otherwise.
 * `reset` undoes a half-done attempt before the next one.
 */
export async function connectWithRetry(login: () => Promise<void>, reset: () => Promise<void>, options: RetryOptions): Promise<void> {
  const sleep = options.sleep ?? wait;
  for (let attempt = 1; ; attempt++) {
    try {
      await login();
      return;
    } catch (err) {
      const { kind, transient, code } = classifyLoginError(err);
      if (kind === 'unknown') throw err;
      if (!transient || attempt >= options.attempts) throw new DiscordConnectError(kind, attempt, code, { cause: err });
      const delayMs = options.baseMs * 2 ** (attempt - 1);
      options.log.warn({ attempt, of: options.attempts, code, retryInMs: delayMs }, 'could not reach Discord; retrying');
      await reset();
      await sleep(delayMs);
    }
  }
}

/** The one sentence an operator reads when the bot cannot start: what failed and what to check. */
export function startFailureText(err: DiscordConnectError, apiUrl: string | undefined): string {
  const where = apiUrl ? `the Discord API at ${apiUrl} (DISCORD_API_URL)` : 'Discord (discord.com)';
  switch (err.reason) {
    case 'token_invalid':
      return 'Discord rejected the bot token: check DISCORD_TOKEN is the token from the Developer Portal (your application → Bot → Reset Token), without quotes or spaces.';
    case 'intents_disallowed':
      return 'Discord refused the bot’s gateway intents: check the application’s settings in the Developer Portal (Bot → Privileged Gateway Intents).';
    case 'unreachable':
      return `Could not reach ${where} after ${err.attempts} attempt${err.attempts === 1 ? '' : 's'} (${err.detail}): check the internet connection, proxy or firewall${apiUrl ? ' and DISCORD_API_URL' : ''}, then start again.`;
  }
}
