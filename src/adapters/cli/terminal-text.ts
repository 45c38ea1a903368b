/**
 * Text from the input, made safe to print in a terminal. A crafted JSONL line could otherwise set
 * the terminal's title, clear the screen or reorder what the user reads (ESC sequences, C1
 * controls such as CSI, bidi overrides) when an error message quotes it back.
 */

/** Controls and invisible format characters that a terminal would act on or hide. */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

/** Longest quote of a user's value in a message, in characters as seen. */
const MAX_QUOTE = 60;

/**
 * `value` for an error message: every control or invisible format character shown as `\u{1b}`
 * (line breaks and tabs as `\n`, `\t`), cut to 60 visible characters with "…".
 */
export function quoteForTerminal(value: string): string {
  const shown = value.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  const chars = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(shown.slice(0, MAX_QUOTE * 8))].map((s) => s.segment);
  return chars.length > MAX_QUOTE ? `${chars.slice(0, MAX_QUOTE).join('')}…` : chars.join('');
}

/** Any text bound for the terminal (a message that may carry input): controls replaced, layout kept. */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
