import { describe, expect, it } from 'vitest';
import { quoteForTerminal, safeForTerminal } from '../../../src/adapters/cli/terminal-text.ts';

// what a terminal acts on: ESC (CSI, OSC), C1 CSI, BEL, backspace, carriage return, bidi overrides
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

describe('text from the input, printed in a terminal', () => {
  it('a value that would set the title, clear the screen or reverse the line is shown escaped', () => {
    const title = '\u001b]0;pwned\u0007';
    const clear = '\u001b[2J\u001b[H';
    const c1 = '\u009b31m';
    const bidi = 'abc\u202edef';
    expect(quoteForTerminal(title)).toBe('\\u{1b}]0;pwned\\u{7}');
    expect(quoteForTerminal(clear)).toBe('\\u{1b}[2J\\u{1b}[H');
    expect(quoteForTerminal(c1)).toBe('\\u{9b}31m');
    expect(quoteForTerminal(bidi)).toBe('abc\\u{202e}def');
    expect(quoteForTerminal('a\r\nb\tc')).toBe('a\\r\\nb\\tc');
    for (const v of [title, clear, c1, bidi, 'x\u0000y\u007f']) expect(quoteForTerminal(v)).not.toMatch(RAW);
  });

  it('a long value is cut at 60 characters as seen, emoji and accents counted once', () => {
    expect(quoteForTerminal('👍🏽'.repeat(100))).toBe(`${'👍🏽'.repeat(60)}…`);
    expect(quoteForTerminal('e\u0301'.repeat(61))).toBe(`${'e\u0301'.repeat(60)}…`);
    expect(quoteForTerminal('myspace')).toBe('myspace');
  });

  it('a whole message keeps its line breaks and tabs but loses every control sequence', () => {
    expect(safeForTerminal('line 1: "\u001b[31mred"\n\tnext')).toBe('line 1: "\\u{1b}[31mred"\n\tnext');
  });
});
