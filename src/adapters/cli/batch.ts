import { once } from 'node:events';
import { userMessage } from '../../app/messages.ts';
import { MAX_INPUT_CHARS } from '../../app/input-limit.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import type { Advisor } from '../../core/engine.ts';
import { parseLang, parsePlatform, type Lang, type Platform } from '../../core/post.ts';
import { toJson } from '../../core/report-json.ts';
import { UserError } from '../../errors.ts';
import { decodeUtf8, MAX_INPUT_BYTES, readLines } from './input.ts';
import { UsageError, type Io } from './io.ts';
import { quoteForTerminal, safeForTerminal } from './terminal-text.ts';
import { parseKind, type PostKind } from '../../core/post-kind.ts';

export interface BatchDefaults {
  platform: Platform;
  lang: Lang | 'auto';
  replyLang?: Lang;
  maxSuggestions?: number;
  kind?: PostKind;
}

/**
 * A field that may be left out (then the default applies) but, when given, must be one of the
 * names: `"lang": 5` is an error for its line like `"myspace"`, never silently the default.
 */
function choice<T>(input: Record<string, unknown>, field: string, parse: (value: string) => T | undefined, fallback: T, allowed: string): T {
  if (!(field in input) || input[field] === null) return fallback;
  const value = input[field];
  const parsed = typeof value === 'string' ? parse(value) : undefined;
  if (parsed === undefined) {
    const shown = typeof value === 'string' ? `"${quoteForTerminal(value)}"` : quoteForTerminal(JSON.stringify(value) ?? String(value));
    throw new UsageError(`"${field}" must be ${allowed}, not ${shown}`);
  }
  return parsed;
}

/** How often (in lines) the progress line on a terminal's stderr is redrawn. */
const PROGRESS_EVERY = 1000;

/**
 * JSON lines in, JSON lines out, in order; a bad line becomes an error object and the rest go on.
 * Output respects backpressure: while the reader (a pipe, a slow consumer) has not taken what was
 * written, no more input is read, so memory stays flat however slow the reader is.
 */
export async function scoreBatch(advisor: Advisor, defaults: BatchDefaults, io: Io, maxLineBytes = MAX_INPUT_BYTES): Promise<number> {
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
  for await (const read of readLines(io.stdin, maxLineBytes)) {
    lineNo = read.no;
    if (progress && lineNo % PROGRESS_EVERY === 0) io.stderr.write(`\r${lineNo.toLocaleString('en')} lines scored…`);
    let id: unknown = lineNo;
    try {
      // why per line: one line too long or not UTF-8 costs that line only, and is never buffered whole
      if ('tooLong' in read) throw new UserError('input_too_long', { max: MAX_INPUT_CHARS });
      const line = decodeUtf8(read.bytes);
      if (line.trim() === '') continue;
      const input = JSON.parse(line) as Record<string, unknown>;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new UsageError('expected a JSON object');
      // why: without an id the caller can still match answers to lines
      id = input.id ?? lineNo;
      if (typeof input.text !== 'string') throw new UsageError('"text" must be a string');
      const platform = choice<Platform>(input, 'platform', parsePlatform, defaults.platform, 'facebook, twitter or x');
      // why: `language` is what the output calls it, so a report fed back in must work
      if (typeof input.lang === 'string' && typeof input.language === 'string' && parseLang(input.lang) !== parseLang(input.language)) throw new UsageError('"lang" and "language" disagree; give one');
      const langField = input.lang !== undefined && input.lang !== null ? 'lang' : 'language';
      const lang = choice<Lang | 'auto'>(input, langField, parseLang, defaults.lang, 'auto, en or de');
      const chosen = choice<PostKind | 'auto'>(input, 'kind', parseKind, 'auto', 'auto, reply, service or marketing');
      const kind = chosen === 'auto' ? defaults.kind : chosen;
      const report = scoreAndRemember({ advisor }, { text: input.text, platform, lang, replyLang: defaults.replyLang, maxSuggestions: defaults.maxSuggestions, kind });
      buffer += `${JSON.stringify({ id, ...toJson(report) })}\n`;
    } catch (err) {
      const reason = err instanceof UserError ? userMessage(err, 'en') : err instanceof SyntaxError ? `not valid JSON (${err.message})` : err instanceof UsageError ? err.message : null;
      if (reason === null) throw err;
      bad++;
      buffer += `${JSON.stringify({ id, error: { line: lineNo, reason } })}\n`;
      io.stderr.write(`line ${lineNo}: ${safeForTerminal(reason)}\n`);
    }
    if (buffer.length > 64_000) await flush();
  }
  await flush();
  if (progress && lineNo >= PROGRESS_EVERY) io.stderr.write(`\r${lineNo.toLocaleString('en')} lines scored.\n`);
  return bad > 0 ? 1 : 0;
}
