import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { userMessage } from '../../app/messages.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import type { Advisor } from '../../core/engine.ts';
import { parseLang, parsePlatform, type Lang, type Platform } from '../../core/post.ts';
import { toJson } from '../../core/report-json.ts';
import { UserError } from '../../errors.ts';
import { UsageError, type Io } from './io.ts';

export interface BatchDefaults {
  platform: Platform;
  lang: Lang | 'auto';
  replyLang?: Lang;
  maxSuggestions?: number;
}

/** How often (in lines) the progress line on a terminal's stderr is redrawn. */
const PROGRESS_EVERY = 1000;

/**
 * JSON lines in, JSON lines out, in order; a bad line becomes an error object and the rest go on.
 * Output respects backpressure: while the reader (a pipe, a slow consumer) has not taken what was
 * written, no more input is read, so memory stays flat however slow the reader is.
 */
export async function scoreBatch(advisor: Advisor, defaults: BatchDefaults, io: Io): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  const progress = (io.stderr as { isTTY?: boolean }).isTTY === true;
  let lineNo = 0;
  let bad = 0;
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const ok = io.stdout.write(buffer);
    buffer = '';
    // why: without waiting for 'drain', a stalled pipe makes Node queue every result in memory
    if (!ok) await once(io.stdout, 'drain');
  };
  for await (const line of lines) {
    lineNo++;
    if (progress && lineNo % PROGRESS_EVERY === 0) io.stderr.write(`\r${lineNo.toLocaleString('en')} lines scored…`);
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const input = JSON.parse(line) as Record<string, unknown>;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new UsageError('expected a JSON object');
      id = input.id ?? null;
      if (typeof input.text !== 'string') throw new UsageError('"text" must be a string');
      const platform = typeof input.platform === 'string' ? parsePlatform(input.platform) : defaults.platform;
      if (!platform) throw new UsageError(`"platform" must be facebook, twitter or x, not "${String(input.platform)}"`);
      const lang = typeof input.lang === 'string' ? parseLang(input.lang) : defaults.lang;
      if (!lang) throw new UsageError(`"lang" must be auto, en or de, not "${String(input.lang)}"`);
      const report = scoreAndRemember({ advisor }, { text: input.text, platform, lang, replyLang: defaults.replyLang, maxSuggestions: defaults.maxSuggestions });
      buffer += `${JSON.stringify({ id, ...toJson(report) })}\n`;
    } catch (err) {
      const reason = err instanceof UserError ? userMessage(err, 'en') : err instanceof SyntaxError ? `not valid JSON (${err.message})` : err instanceof UsageError ? err.message : null;
      if (reason === null) throw err;
      bad++;
      buffer += `${JSON.stringify({ id, error: { line: lineNo, reason } })}\n`;
      io.stderr.write(`line ${lineNo}: ${reason}\n`);
    }
    if (buffer.length > 64_000) await flush();
  }
  await flush();
  if (progress && lineNo >= PROGRESS_EVERY) io.stderr.write(`\r${lineNo.toLocaleString('en')} lines scored.\n`);
  return bad > 0 ? 1 : 0;
}
