// twemoji-parser ships no types; twitter-text uses it to find emoji, and so does measure.ts.
declare module 'twemoji-parser' {
  export interface EmojiEntity {
    type: string;
    text: string;
    url: string;
    indices: [number, number];
  }
  export function parse(text: string, options?: Record<string, unknown>): EmojiEntity[];
}
