import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths that may hold secrets; pino replaces their values before anything is written. */
const REDACT = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'config.discord.token',
  'config.llm.apiKey',
];

/** The root logger: JSON lines on stderr (stdout belongs to CLI output), secrets redacted. */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { app: 'fanpage-advisor' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

/** A short id users can quote and operators can grep for. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}
