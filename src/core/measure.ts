import twitter from 'twitter-text';
import { parse as parseEmoji } from 'twemoji-parser';
import { detectLanguage, type CompiledLanguage } from './language.ts';
import type { DetectedLang, Lang, Platform, Post } from './post.ts';
import type { PreparedText } from './normalise.ts';
import { detect as guessOtherLanguage } from 'tinyld/light';
import { findLinks, type LinkFacts, type LinkInfo } from './links.ts';
import type { StemLang } from './stem.ts';
import { isWhitespace } from './whitespace.ts';
import { charKind, DIGIT_BIT, LETTER_BIT, UPPER_BIT } from './char-kinds.ts';

export type { LinkFacts, LinkInfo } from './links.ts';

// The measure stage: numbers about a post (lengths, counts, links, language, capitals, runs of
// "!"), computed once from the normalised text. It decides nothing: what counts as spam is the
// spam rule's thresholds (spam.ts), what a post offers is the detect stage (detect.ts).

/** What measuring needs from the rule book: the languages, link facts, the default language. */
export interface MeasureSettings {
  languages: Record<Lang, CompiledLanguage>;
  links: LinkFacts;
  defaultLang: Lang;
}

export const PLATFORM_LIMITS: Record<Platform, number> = { twitter: 280, facebook: 63_206 };

/** A post measured once: numbers and facts, no verdicts. */
export interface Measures {
  platform: Platform;
  lang: DetectedLang;
  langDetected: boolean;
  /** The language the words were read in: en/de, one of the other languages we stem, or other. */
  textLang: StemLang | 'other';
  /** Code points of the cleaned text. */
  chars: number;
  /** X: twitter-text weighted length (URLs 23, emoji 2). Facebook: same as chars. */
  weighted: number;
  limit: number;
  words: number;
  hashtags: number;
  mentions: number;
  emojis: number;
  links: LinkInfo[];
  endsWithQuestion: boolean;
  /** Letters, and of them upper-case, in the cleaned text. */
  letters: number;
  upper: number;
  /** The longest run of "!" in a row, and of "!" with at most three spaces between them. */
  exclamations: { run: number; spaced: number };
  /** Markup read before it was blanked: a `javascript:` link, a `<script` tag, an HTML comment that speaks to a scorer. */
  markup: { javascriptLink: boolean; scriptTag: boolean; hiddenToScorer?: boolean };
  /** The post pings everyone (@everyone, @here). */
  massMention: boolean;
  /** Removed or replaced before reading: zero-width, bidi, control characters, lone surrogates. */
  hidden: { zeroWidth: number; bidiControls: number; controls: number; loneSurrogates: number };
}

// why the sign first and the lookbehind after it: V8 scans quickly for a leading character, not
// for a leading lookbehind; "#" or "@" with a word character before it is no hashtag or mention
const HASHTAG = /#(?<![\p{L}\p{N}_&]#)[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu;
const MENTION = /@(?<![\p{L}\p{N}_@]@)[A-Za-z0-9_]{1,15}(?![A-Za-z0-9_])/gu;
const EMOJI = /\p{Extended_Pictographic}/gu;
// why: every emoji is beyond U+00FF except © and ®, which Extended_Pictographic includes
const MAYBE_EMOJI = /[\u00A9\u00AE\u0100-\uFFFF]/;
// why: below U+1100 every character weighs 1 on X (© and ® may parse as emoji, so they are excluded)
const NOT_WEIGHT_ONE = /[^\u0000-\u00A8\u00AA-\u00AD\u00AF-\u10FF]/;
// why: the code units twemoji-parser's expression can match that do not weigh 1 (© ®, the
// joiner, keycap and variation marks, the dingbat and symbol blocks, the surrogates emoji begin
// with), in coarse ranges; "€", "–", "’" and "…" are outside. A text without one holds no emoji
// entity, so the parse is spared (a test derives the units from twemoji-parser's own expression)
export const EMOJI_UNIT = /[\u00A9\u00AE\u200D\u203C\u2049\u20E3\u2122\u2139\u2194-\u2B55\u3030\u303D\u3297\u3299\uD83C-\uD83E\uDB40\uE50A\uFE0E\uFE0F]/;

function countMatches(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s) !== null) n++;
  return n;
}

/** Letters, upper-case letters and words (runs of letters and digits) in one pass, ASCII first. */
function caseCounts(s: string): { letters: number; upper: number; words: number } {
  let letters = 0;
  let upper = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let word = false;
    if (c < 128) {
      if (c >= 65 && c <= 90) {
        letters++;
        upper++;
        word = true;
      } else if (c >= 97 && c <= 122) {
        letters++;
        word = true;
      } else word = c >= 48 && c <= 57;
    } else if (c < 0xd800 || c > 0xdfff) {
      const k = charKind(c);
      if ((k & LETTER_BIT) !== 0) {
        letters++;
        word = true;
        if ((k & UPPER_BIT) !== 0) upper++;
      } else word = (k & DIGIT_BIT) !== 0;
    }
    if (word && !inWord) words++;
    inWord = word;
  }
  return { letters, upper, words };
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff) n--;
  }
  return n;
}

interface XConfig {
  scale: number;
  defaultWeight: number;
  transformedURLLength: number;
  ranges: { start: number; end: number; weight: number }[];
}

// The counting rules of X, from twitter-text itself (configuration v3: scale, weights, ranges,
// URL length); its type definitions leave `configs` out. why read on first use: the bundle loads
// twitter-text only when it is needed (scripts/build.mjs), and most posts never weigh a character
let xConfig: XConfig | undefined;
function xRules(): XConfig {
  return (xConfig ??= (twitter as unknown as { configs: { defaults: XConfig } }).configs.defaults);
}

function charWeight(X: XConfig, code: number): number {
  for (const r of X.ranges) if (code >= r.start && code <= r.end) return r.weight;
  return X.defaultWeight;
}

// why no image URLs: parse() builds one per emoji unless told how; the weight needs none
const NO_URL = { buildUrl: () => '' };

type XUrl = { url: string; indices: [number, number] };

/**
 * X's weighted length, exactly as twitter-text's parseTweet counts it: the same normalisation, URL
 * and emoji entities and character weights. why not parseTweet itself: it also tests every
 * character for validity, which costs more than the count and does not change it.
 */
export function xWeightedLength(posted: string, urls?: readonly XUrl[]): number {
  const normal = posted.normalize('NFC');
  return weigh(normal, urls ?? xUrls(normal));
}

/**
 * The weighted length of NFC text with its URL entities. Text whose characters all weigh 1 takes a
 * shortcut: URLs count 23, everything else 1. Otherwise one walk: a URL or an emoji entity starting
 * at a position weighs as one entity, any other character by its range.
 */
function weigh(normal: string, urls: readonly XUrl[]): number {
  const X = xRules();
  const first = normal.search(NOT_WEIGHT_ONE);
  if (first < 0) {
    let length = normal.length;
    for (const u of urls) length += X.transformedURLLength - u.url.length;
    return length;
  }
  // why a map for URLs: entities are looked up by start, as parseTweet does, whatever order they come in
  const urlAt = urls.length > 0 ? new Map(urls.map((u) => [u.indices[0], u.url.length])) : null;
  // The emoji entities parseTweet weighs, found left to right without overlap: walked in step.
  // why read from the character before the first EMOJI_UNIT: every entity holds a character not
  // weighing 1, which is one of those, at its start or right after it (an emoji, © or ®, or the
  // U+FE0F / U+20E3 after a keycap's digit), and the expression looks at nothing before a match, so
  // it finds the same entities there as over the whole text (a test holds the length to parseTweet's)
  const unit = normal.search(EMOJI_UNIT);
  const from = Math.max(0, unit - 1);
  const emoji = unit < 0 ? [] : parseEmoji(from > 0 ? normal.slice(from) : normal, NO_URL);
  let e = 0;
  let weighted = 0;
  for (let i = 0; i < normal.length; i++) {
    const url = urlAt?.get(i);
    if (url !== undefined) {
      weighted += X.transformedURLLength * X.scale;
      i += url - 1;
      continue;
    }
    // why: one that starts inside a skipped URL never counts
    while (e < emoji.length && emoji[e]!.indices[0] + from < i) e++;
    if (e < emoji.length && emoji[e]!.indices[0] + from === i) {
      weighted += X.defaultWeight;
      i += emoji[e]!.text.length - 1;
      continue;
    }
    // why: as parseTweet does, a surrogate pair is weighed by its second half
    const code = normal.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < normal.length) i++;
    weighted += charWeight(X, normal.charCodeAt(i));
  }
  return weighted / X.scale;
}

const OTHER_LANGS: readonly StemLang[] = ['fr', 'es', 'it', 'nl'];
const LETTER = /\p{L}/u;

/** For a post that is neither English nor German: which other language we can stem, if any. */
function otherLanguage(clean: string): StemLang | 'other' {
  const guess = guessOtherLanguage(clean.length > 2_000 ? clean.slice(0, 2_000) : clean, { only: ['fr', 'es', 'it', 'nl', 'en', 'de', 'pt', 'pl', 'tr'] });
  return (OTHER_LANGS as readonly string[]).includes(guess) ? (guess as StemLang) : 'other';
}

// why the dot first and the lookbehind after it: V8 can scan quickly for a leading character class,
// not for a leading lookbehind. A dot between two characters twitter-text allows in a domain: maybe a
// URL. Its domains allow every character but white space and ASCII punctuation other than " and `
// (a combining mark, an emoji, ™: "\u0301.sale" is a URL to it), so no letter or digit is asked for.
const URL_DOT = /[.．。｡](?<=[^\s!#-/:-@[-^_{-~][.．。｡])(?=[^\s!#-/:-@[-^_{-~])/gu;
// why: no URL is this long; a longer token is read as text (and twitter-text is quadratic on some)
const MAX_URL_TOKEN = 4_096;

/**
 * URLs as twitter-text finds them, token by token (runs of non-space), so no input makes the
 * extractor slow; only tokens with a dot between letters or digits can hold one.
 */
function xUrls(normal: string): XUrl[] {
  const out: XUrl[] = [];
  URL_DOT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_DOT.exec(normal)) !== null) {
    let start = m.index;
    while (start > 0 && !isWhitespace(normal.charCodeAt(start - 1))) start--;
    let end = m.index + 1;
    while (end < normal.length && !isWhitespace(normal.charCodeAt(end))) end++;
    // why: the rest of this token has been looked at
    URL_DOT.lastIndex = end;
    if (end - start > MAX_URL_TOKEN) continue;
    // why the white space before the token too: the extractor reads a URL's preceding character as
    // part of its match, so alone "ño.shop" would lend "ñ" as that character and yield "o.shop"
    // (one weighted character more than parseTweet counts); with it, the token reads as in the text
    const from = start > 0 ? start - 1 : 0;
    for (const u of tokenUrls(normal.slice(from, end))) out.push({ url: u.url, indices: [u.indices[0] + from, u.indices[1] + from] });
  }
  return out;
}

// why: the extractor (with its IDNA check of every host) is most of measuring an X post with a
// link, and posts repeat their links (a brand's shop, its campaign URL); what it finds in a token
// depends on the token alone, so each distinct token is read once (bounded: past this many, start again)
const TOKEN_MEMO_LIMIT = 2_000;
const tokenMemo = new Map<string, readonly { url: string; indices: [number, number] }[]>();

function tokenUrls(token: string): readonly { url: string; indices: [number, number] }[] {
  let urls = tokenMemo.get(token);
  if (urls === undefined) {
    urls = twitter.extractUrlsWithIndices(token).map((u) => ({ url: u.url, indices: u.indices }));
    if (tokenMemo.size >= TOKEN_MEMO_LIMIT) tokenMemo.clear();
    tokenMemo.set(token, urls);
  }
  return urls;
}

// why: X attaches media as a trailing t.co link and does not count it (anchored: read on the last 40 characters)
const TRAILING_MEDIA = /https?:\/\/t\.co\/[A-Za-z0-9]{1,20}$/;

/** Weighted length as X counts a post: URLs 23, emoji 2, a trailing media link not at all. */
function xLength(posted: string): number {
  const end = posted.trimEnd();
  const media = end.includes('t.co/') ? TRAILING_MEDIA.exec(end.slice(-40)) : null;
  const normal = (media ? end.slice(0, end.length - media[0].length).trimEnd() : posted).normalize('NFC');
  return weigh(normal, xUrls(normal));
}

// why: an HTML comment is invisible to fans; one that speaks to a scorer is an injected instruction (LABELS.md)
const HIDDEN_TO_SCORER = /<!--[^]{0,400}?(?:scor|classif|rating|bewert|instruction|anweisung|prompt|\b(?:ai|ki|bot|llm)\b)/i;
const MAX_GAP = 3;
// why: a question mark with only spaces and emoji after it; most posts have no "?", which one search tells
const ENDS_QUESTION = /\?[\s\p{Extended_Pictographic}\uFE0F]*$/u;

/** The longest run of "!" in a row, and of "!" with at most three spaces between them (one pass). */
function exclamationRuns(s: string): { run: number; spaced: number } {
  let run = 0;
  let spaced = 0;
  let best = 0;
  let bestSpaced = 0;
  // spaces since the last "!", or -1 when something else stood between
  let gap = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 33) {
      run++;
      spaced = gap >= 0 && gap <= MAX_GAP ? spaced + 1 : 1;
      if (run > best) best = run;
      if (spaced > bestSpaced) bestSpaced = spaced;
      gap = 0;
    } else {
      run = 0;
      gap = gap >= 0 && isWhitespace(c) ? gap + 1 : -1;
    }
  }
  return { run: best, spaced: bestSpaced };
}

/** Measures a normalised post: lengths, counts, links, language, capitals, runs of "!". */
export function measure(post: Post, prepared: PreparedText, ctx: MeasureSettings): Measures {
  const { clean, lower } = prepared;
  const guess = post.lang === 'auto' ? detectLanguage(lower, Object.values(ctx.languages), ctx.defaultLang) : null;
  // why: a post with no letters (emoji only) is in no language; it must not be called English
  const lang: DetectedLang = guess ? (LETTER.test(clean) ? guess.lang : 'other') : (post.lang as Lang);
  const textLang: StemLang | 'other' = lang !== 'other' ? lang : LETTER.test(clean) ? otherLanguage(clean) : 'other';

  // why: lengths count what would be posted (prepared.wellFormed), not the cleaned text the rules read
  const posted = prepared.wellFormed.includes('\r') ? prepared.wellFormed.replace(/\r\n?/g, '\n') : prepared.wellFormed;
  const chars = codePoints(posted);
  const limit = PLATFORM_LIMITS[post.platform];
  const links = findLinks(clean, ctx.links);
  const weighted = post.platform !== 'twitter' ? chars : xLength(posted);
  // why: most posts have no '#', '@' or emoji; a character search spares a full scan
  const hashtags = clean.includes('#') ? countMatches(HASHTAG, clean) : 0;
  const mentions = clean.includes('@') ? countMatches(MENTION, clean) : 0;
  const emojis = MAYBE_EMOJI.test(clean) ? countMatches(EMOJI, clean) : 0;
  const trimmed = clean.trimEnd();
  const { letters, upper, words } = caseCounts(clean);

  return {
    platform: post.platform,
    lang,
    langDetected: guess !== null,
    textLang,
    chars,
    weighted,
    limit,
    words,
    hashtags,
    mentions,
    emojis,
    links,
    endsWithQuestion: trimmed.includes('?') && ENDS_QUESTION.test(trimmed),
    letters,
    upper,
    exclamations: clean.includes('!') ? exclamationRuns(clean) : { run: 0, spaced: 0 },
    markup: {
      javascriptLink: prepared.withMarkup.includes(':') && /javascript\s{0,3}:/i.test(prepared.withMarkup),
      scriptTag: prepared.withMarkup.includes('<') && /<\s{0,3}script\b/i.test(prepared.withMarkup),
      hiddenToScorer: prepared.withMarkup.includes('<!--') && HIDDEN_TO_SCORER.test(prepared.withMarkup),
    },
    massMention: clean.includes('@') && /(?<![\w@])@(everyone|here)\b/.test(lower),
    hidden: {
      zeroWidth: prepared.zeroWidth,
      bidiControls: prepared.bidiControls,
      controls: prepared.controls,
      loneSurrogates: prepared.loneSurrogates,
    },
  };
}
