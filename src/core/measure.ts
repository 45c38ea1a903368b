import twitter from 'twitter-text';
import { parse as parseEmoji } from 'twemoji-parser';
import { CategoryId } from './category.ts';
import { detectLanguage, type CompiledLanguage } from './language.ts';
import { findAll, type CueIndex } from './cue-index.ts';
import type { CategoryMatch, CompiledCategory, CompiledLexicon, RiskId } from './lexicon.ts';
import type { DetectedLang, Lang, Platform, Post } from './post.ts';
import type { KindFacts } from './post-kind.ts';
import { clauseStarts, prepareText } from './text.ts';

/** Facts about links that are data, not code: rules/links.yml. */
export interface LinkFacts {
  trackingParams: readonly string[];
  shorteners: readonly string[];
}

/** Everything the engine needs to measure a post, compiled once at start-up. */
export interface MeasureContext {
  languages: Record<Lang, CompiledLanguage>;
  categories: readonly CompiledCategory[];
  /** Risk lexicons (privacy asks, engagement bait, text addressed to the scorer). */
  riskLexicons: readonly CompiledLexicon<RiskId>[];
  /** `categories` then `riskLexicons`, indexed by trigger word so a post is read once. */
  cueIndex: CueIndex;
  links: LinkFacts;
  defaultLang: Lang;
}

export interface LinkInfo {
  url: string;
  tracked: boolean;
  shortener: boolean;
}

export type SpamReason =
  | 'upper_case'
  | 'exclamations'
  | 'hashtags'
  | 'engagement_bait'
  | 'javascript_link'
  | 'script_tag'
  | 'bidi_control'
  | 'addressed_to_scorer'
  | 'mass_mention';

export const PLATFORM_LIMITS: Record<Platform, number> = { twitter: 280, facebook: 63_206 };

/** A post measured once; checks read these and nothing else. */
export interface Measures {
  platform: Platform;
  lang: DetectedLang;
  langDetected: boolean;
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
  /** Categories found; an id mapped to undefined is absent (what-ifs switch them off that way). */
  categories: Partial<Record<CategoryId, CategoryMatch | undefined>>;
  privacyAsk: CategoryMatch | null;
  spam: SpamReason[];
  /** Removed or replaced before reading: zero-width, bidi, control characters, lone surrogates. */
  hidden: { zeroWidth: number; bidiControls: number; controls: number; loneSurrogates: number };
  /** The post's kind and service traits (post-kind.ts); the engine adds them before judging. */
  kind?: KindFacts;
}

const HASHTAG = /(?<![\p{L}\p{N}_&])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu;
const MENTION = /(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{1,15}(?![A-Za-z0-9_])/gu;
const EMOJI = /\p{Extended_Pictographic}/gu;
// why: every emoji is beyond U+00FF except © and ®, which Extended_Pictographic includes
const MAYBE_EMOJI = /[\u00A9\u00AE\u0100-\uFFFF]/;
const MAYBE_URL = /[\p{L}\p{N}][.．。｡][\p{L}\p{N}]/u;
const NON_ASCII_LETTER = /\p{L}/u;
const NON_ASCII_UPPER = /\p{Lu}/u;
const NON_ASCII_DIGIT = /\p{N}/u;
// why: below U+1100 every character weighs 1 on X (© and ® may parse as emoji, so they are excluded)
const WEIGHT_ONE = /^[\u0000-\u00A8\u00AA-\u00AD\u00AF-\u10FF]*$/;

function countMatches(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s) !== null) n++;
  return n;
}

/** The ids of the categories a post offers. */
export function presentCategories(m: Measures): CategoryId[] {
  const ids: CategoryId[] = [];
  for (const id of CategoryId.options) if (m.categories[id] !== undefined) ids.push(id);
  return ids;
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
      const ch = s[i]!;
      if (NON_ASCII_LETTER.test(ch)) {
        letters++;
        word = true;
        if (NON_ASCII_UPPER.test(ch)) upper++;
      } else word = NON_ASCII_DIGIT.test(ch);
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
// URL length); its type definitions leave `configs` out.
const X = (twitter as unknown as { configs: { defaults: XConfig } }).configs.defaults;

function charWeight(code: number): number {
  for (const r of X.ranges) if (code >= r.start && code <= r.end) return r.weight;
  return X.defaultWeight;
}

/**
 * X's weighted length, exactly as twitter-text's parseTweet counts it: the same normalisation, URL
 * and emoji entities and character weights. why not parseTweet itself: it also tests every
 * character for validity, which costs more than the count and does not change it. Text whose
 * characters all weigh 1 takes a shortcut: URLs count 23, everything else 1.
 */
export function xWeightedLength(posted: string, urls?: readonly { url: string; indices: [number, number] }[]): number {
  const normal = posted.normalize('NFC');
  const found = urls ?? twitter.extractUrlsWithIndices(normal);
  if (WEIGHT_ONE.test(normal)) {
    let length = normal.length;
    for (const u of found) length += X.transformedURLLength - u.url.length;
    return length;
  }
  const urlAt = new Map(found.map((u) => [u.indices[0], u.url.length]));
  const emojiAt = new Map(parseEmoji(normal).map((e) => [e.indices[0], e.text.length]));
  let weighted = 0;
  for (let i = 0; i < normal.length; i++) {
    const url = urlAt.get(i);
    if (url !== undefined) {
      weighted += X.transformedURLLength * X.scale;
      i += url - 1;
      continue;
    }
    const emoji = emojiAt.get(i);
    if (emoji !== undefined) {
      weighted += X.defaultWeight;
      i += emoji - 1;
      continue;
    }
    // why: as parseTweet does, a surrogate pair is weighed by its second half
    const code = normal.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < normal.length) i++;
    weighted += charWeight(normal.charCodeAt(i));
  }
  return weighted / X.scale;
}

function linkInfo(url: string, facts: LinkFacts): LinkInfo {
  const lower = url.toLowerCase();
  const scheme = lower.indexOf('://');
  const rest = scheme >= 0 ? lower.slice(scheme + 3) : lower;
  const hostEnd = rest.search(/[/?#]/);
  const host = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  const q = lower.indexOf('?');
  const params = q < 0 ? [] : lower.slice(q + 1).split(/[&#]/).map((kv) => kv.split('=')[0] ?? '');
  return {
    url,
    tracked: params.some((p) => facts.trackingParams.some((t) => (t.endsWith('*') ? p.startsWith(t.slice(0, -1)) : p === t))),
    shortener: facts.shorteners.some((s) => host === s || host.endsWith(`.${s}`)),
  };
}

/** Measures a post once: lengths, counts, links, language, content categories and risk signals. */
export function measure(post: Post, ctx: MeasureContext): Measures {
  const prepared = prepareText(post.text);
  const { clean, lower } = prepared;
  const guess = post.lang === 'auto' ? detectLanguage(lower, Object.values(ctx.languages), ctx.defaultLang) : null;
  const lang: DetectedLang = guess ? guess.lang : (post.lang as Lang);

  // why: lengths count what would be posted (prepared.wellFormed), not the cleaned text the rules read
  const posted = prepared.wellFormed.replace(/\r\n?/g, '\n');
  const chars = codePoints(posted);
  const limit = PLATFORM_LIMITS[post.platform];
  // why: every URL twitter-text finds has a dot followed by a letter or digit; most posts have none
  const urls = MAYBE_URL.test(clean) ? twitter.extractUrlsWithIndices(clean.length > 70_000 ? clean.slice(0, 70_000) : clean) : [];
  const links = urls.map((u) => linkInfo(u.url, ctx.links));
  // why: parsing very long text with twitter-text is wasted work once it is far over the limit
  const weighted =
    post.platform !== 'twitter' ? chars
    : posted.length > 20_000 ? xWeightedLength(posted.slice(0, 20_000)) + (posted.length - 20_000) * 2
    : xWeightedLength(posted, posted === clean ? urls : undefined);
  // why: most posts have no '#', '@' or emoji; a character search spares a full scan
  const hashtags = clean.includes('#') ? countMatches(HASHTAG, clean) : 0;
  const mentions = clean.includes('@') ? countMatches(MENTION, clean) : 0;
  const emojis = MAYBE_EMOJI.test(clean) ? countMatches(EMOJI, clean) : 0;
  const trimmed = clean.trimEnd();

  // why: every post's categories object gets the same keys in the same order, so reads stay fast
  const categories: Measures['categories'] = {};
  for (const cat of ctx.categories) categories[cat.id] = undefined;
  let privacyAsk: CategoryMatch | null = null;
  const spam: SpamReason[] = [];
  const language = lang === 'other' ? null : ctx.languages[lang];
  if (language) {
    const clauses = clauseStarts(clean);
    const found = findAll(ctx.cueIndex, prepared, clauses, language);
    for (let i = 0; i < ctx.categories.length; i++) if (found[i]) categories[ctx.categories[i]!.id] = found[i]!;
    for (let i = 0; i < ctx.riskLexicons.length; i++) {
      const match = found[ctx.categories.length + i];
      if (!match) continue;
      const id = ctx.riskLexicons[i]!.id;
      if (id === 'privacy_ask') privacyAsk = match;
      else spam.push(id);
    }
  }

  const { letters, upper, words } = caseCounts(clean);
  if (letters >= 12 && upper / letters >= 0.7) spam.push('upper_case');
  if (clean.includes('!') && /!{3,}|(?:!\s*){4,}/.test(clean)) spam.push('exclamations');
  if (hashtags >= 6) spam.push('hashtags');
  if (lower.includes('javascript') && /javascript\s*:/.test(lower)) spam.push('javascript_link');
  if (clean.includes('<') && /<\s*script\b/.test(lower)) spam.push('script_tag');
  if (prepared.bidiControls > 0) spam.push('bidi_control');
  if (clean.includes('@') && /(?<![\w@])@(everyone|here)\b/.test(lower)) spam.push('mass_mention');

  return {
    platform: post.platform,
    lang,
    langDetected: guess !== null,
    chars,
    weighted,
    limit,
    words,
    hashtags,
    mentions,
    emojis,
    links,
    endsWithQuestion: /\?[\s\p{Extended_Pictographic}\uFE0F]*$/u.test(trimmed),
    categories,
    privacyAsk,
    // why: each reason is pushed once at most (one per lexicon, one per computed check)
    spam,
    hidden: {
      zeroWidth: prepared.zeroWidth,
      bidiControls: prepared.bidiControls,
      controls: prepared.controls,
      loneSurrogates: prepared.loneSurrogates,
    },
  };
}
