// twemoji-parser ships no types. twitter-text's parseTweet finds emoji with its parse(); measure.ts
// runs the expression parse() runs (a CommonJS module whose `default` export is a global RegExp).
declare module 'twemoji-parser/dist/lib/regex.js' {
  const regex: RegExp | { default: RegExp };
  export default regex;
}
