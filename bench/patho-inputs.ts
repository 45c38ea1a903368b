// Generated inputs that made parts of the engine quadratic (issue 15) and a normal post to compare
// them with. Shared by the pathological-input test (test/core/patho.test.ts) and `npm run bench:patho`.

/** Each family at `chars` characters. */
export const PATHO_FAMILIES: Record<string, (chars: number) => string> = {
  'punctuation runs (. ! ? : ; …)': (n) => fill('.!?:;…', n),
  'dots without spaces': (n) => fill('.', n),
  'long digit runs': (n) => fill('1234567890', n),
  'digits then percent': (n) => `${fill('9', n - 1)}%`,
  'newline runs': (n) => fill('\n', n),
  'newlines with spaces': (n) => fill('\n \n', n),
  'a.a.a.': (n) => fill('a.', n),
  'www.www.': (n) => fill('www.', n),
  '1.1.1.': (n) => fill('1.', n),
  'unclosed html comments': (n) => fill('<!--x', n),
  'open tags': (n) => fill('<a ', n),
  'bidi overrides': (n) => fill('\u202Eab', n),
  'combining marks': (n) => fill('a\u0336', n),
  'scheme-like runs': (n) => fill('a+', n),
  'hashtag runs': (n) => fill('#a', n),
  'exclamation with spaces': (n) => fill('! ', n),
};

function fill(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

const WORDS = 'Our new autumn menu is here with pumpkin soup and fresh bread, 20% off for members until Sunday. Visit us in store or order online at https://shop.example.com/menu. '.split(' ');

/** An ordinary post of about `chars` characters. */
export function normalPost(chars: number): string {
  let s = '';
  for (let i = 0; s.length < chars; i++) s += `${WORDS[i % WORDS.length]} `;
  return s.slice(0, chars);
}
