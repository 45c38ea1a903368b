import twitter from 'twitter-text';
import { parse as parseEmoji } from 'twemoji-parser';
import { CategoryId } from './category.ts';
import { detectLanguage, type CompiledLanguage } from './language.ts';
import { findAll, type CueIndex } from './cue-index.ts';
import type { CategoryMatch, CompiledCategory, CompiledLexicon, RiskId } from './lexicon.ts';
import type { DetectedLang, Lang, Platform, Post } from './post.ts';
import type { KindFacts } from './post-kind.ts';
import { clauseStarts, prepareText } from './text.ts';
import { detect as guessOtherLanguage } from 'tinyld/light';
import { extractFeatures, wordFacts, type CompiledWordClasses } from './features.ts';
import { findLinks, type LinkFacts, type LinkInfo } from './links.ts';
import { predict, type CompiledModel, type Detection } from './model.ts';
import { stem, type StemLang } from './stem.ts';

export type { LinkFacts, LinkInfo } from './links.ts';

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
  /** The learned layer and the word classes it reads; without them the cue lexicons decide alone. */
  wordClasses?: CompiledWordClasses;
  model?: CompiledModel;
  /** Without a model: whether features include stem bigrams (training sets this). */
  bigrams?: boolean;
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
  /** Categories found; an id mapped to undefined is absent (what-ifs switch them off that way). */
  categories: Partial<Record<CategoryId, CategoryMatch | undefined>>;
  privacyAsk: CategoryMatch | null;
  spam: SpamReason[];
  /** The learned layer's features and what it detected, with the cues that decided (for "why"). */
  features: readonly string[];
  detections: readonly Detection[];
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

/**
 * X's weighted length, exactly as twitter-text's parseTweet counts it: the same normalisation, URL
 * and emoji entities and character weights. why not parseTweet itself: it also tests every
 * character for validity, which costs more than the count and does not change it. Text whose
 * characters all weigh 1 takes a shortcut: URLs count 23, everything else 1.
 */
export function xWeightedLength(posted: string, urls?: readonly { url: string; indices: [number, number] }[]): number {
  const normal = posted.normalize('NFC');
  const found = urls ?? xUrls(normal);
  if (WEIGHT_ONE.test(normal)) {
    let length = normal.length;
    for (const u of found) length += xRules().transformedURLLength - u.url.length;
    return length;
  }
  const X = xRules();
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
    weighted += charWeight(X, normal.charCodeAt(i));
  }
  return weighted / X.scale;
}

/** What the engine reports for posts in other languages (the reply says so). */
export const OTHER_LANGUAGE_LABELS: ReadonlySet<string> = new Set(['discount', 'contest', 'purchase_cta', 'privacy_ask']);
const OTHER_LANGS: readonly StemLang[] = ['fr', 'es', 'it', 'nl'];
const LETTER = /\p{L}/u;

/** For a post that is neither English nor German: which other language we can stem, if any. */
function otherLanguage(clean: string): StemLang | 'other' {
  const guess = guessOtherLanguage(clean.length > 2_000 ? clean.slice(0, 2_000) : clean, { only: ['fr', 'es', 'it', 'nl', 'en', 'de', 'pt', 'pl', 'tr'] });
  return (OTHER_LANGS as readonly string[]).includes(guess) ? (guess as StemLang) : 'other';
}

const MAYBE_URL_TOKEN = /[\p{L}\p{N}][.．。｡][\p{L}\p{N}]/u;
// why: no URL is this long; a longer token is read as text (and twitter-text is quadratic on some)
const MAX_URL_TOKEN = 4_096;

/** URLs as twitter-text finds them, token by token, so no input makes the extractor slow. */
function xUrls(normal: string): { url: string; indices: [number, number] }[] {
  const out: { url: string; indices: [number, number] }[] = [];
  const TOKEN = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(normal)) !== null) {
    const token = m[0];
    if (token.length > MAX_URL_TOKEN || !MAYBE_URL_TOKEN.test(token)) continue;
    for (const u of twitter.extractUrlsWithIndices(token)) out.push({ url: u.url, indices: [u.indices[0] + m.index, u.indices[1] + m.index] });
  }
  return out;
}

// why: X attaches media as a trailing t.co link and does not count it (anchored: read on the last 40 characters)
const TRAILING_MEDIA = /https?:\/\/t\.co\/[A-Za-z0-9]{1,20}$/;

/** Weighted length as X counts a post: URLs 23, emoji 2, a trailing media link not at all. */
function xLength(posted: string): number {
  const end = posted.trimEnd();
  const media = TRAILING_MEDIA.exec(end.slice(-40));
  const text = media ? end.slice(0, end.length - media[0].length).trimEnd() : posted;
  const normal = text.normalize('NFC');
  return xWeightedLength(text, normal === text ? xUrls(normal) : undefined);
}

/** Spam reasons that take more than one on a short post: style, not deception. */
const WEAK_SPAM: ReadonlySet<SpamReason> = new Set(['upper_case', 'exclamations', 'hashtags']);
const SHORT_POST_WORDS = 6;

/** Measures a post once: lengths, counts, links, language, content categories and risk signals. */
export function measure(post: Post, ctx: MeasureContext): Measures {
  const prepared = prepareText(post.text);
  const { clean, lower } = prepared;
  const guess = post.lang === 'auto' ? detectLanguage(lower, Object.values(ctx.languages), ctx.defaultLang) : null;
  // why: a post with no letters (emoji only) is in no language; it must not be called English
  const lang: DetectedLang = guess ? (LETTER.test(clean) ? guess.lang : 'other') : (post.lang as Lang);
  const textLang: StemLang | 'other' = lang !== 'other' ? lang : LETTER.test(clean) ? otherLanguage(clean) : 'other';

  // why: lengths count what would be posted (prepared.wellFormed), not the cleaned text the rules read
  const posted = prepared.wellFormed.replace(/\r\n?/g, '\n');
  const chars = codePoints(posted);
  const limit = PLATFORM_LIMITS[post.platform];
  const links = findLinks(clean, ctx.links);
  const weighted = post.platform !== 'twitter' ? chars : xLength(posted);
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
  const clauses = clauseStarts(clean);
  if (language) {
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
  if (clean.includes('!') && /!{3}|(?:!\s{0,3}){4}/.test(clean)) spam.push('exclamations');
  if (hashtags >= 6) spam.push('hashtags');
  if (prepared.withMarkup.includes(':') && /javascript\s{0,3}:/i.test(prepared.withMarkup)) spam.push('javascript_link');
  if (prepared.withMarkup.includes('<') && /<\s{0,3}script\b/i.test(prepared.withMarkup)) spam.push('script_tag');
  if (prepared.bidiControls > 0) spam.push('bidi_control');
  if (clean.includes('@') && /(?<![\w@])@(everyone|here)\b/.test(lower)) spam.push('mass_mention');
  // why: one style signal on a short post is emphasis ("REMINDER TO APPLY YOUR SPF"), not spam
  if (words < SHORT_POST_WORDS && spam.length === 1 && WEAK_SPAM.has(spam[0]!)) spam.length = 0;

  let features: string[] = [];
  let detections: Detection[] = [];
  if (ctx.wordClasses) {
    const cues = [...Object.keys(categories).filter((k) => categories[k as CategoryId] !== undefined), ...(privacyAsk ? ['privacy_ask'] : []), ...spam];
    features = extractFeatures(
      { lower, clean, clauses, lang: textLang, platform: post.platform, cues, links, hashtags, mentions, emojis, words, upperRatio: letters === 0 ? 0 : upper / letters, spam },
      ctx.wordClasses,
      ctx.model?.bigrams ?? ctx.bigrams ?? false,
    );
  }
  if (ctx.model) {
    detections = predict(ctx.model, features);
    // why: in other languages only the offers and signals are trained well enough to report (README, "Languages")
    if (lang === 'other') detections = detections.filter((d) => OTHER_LANGUAGE_LABELS.has(d.label));
    const decided = new Map(detections.map((d) => [d.label, d]));
    for (const cat of ctx.categories) {
      const d = decided.get(cat.id);
      if (!d) categories[cat.id] = undefined;
      else if (!categories[cat.id]) categories[cat.id] = { lexicon: cat.id, text: evidenceText(d, clean, textLang, ctx.wordClasses, links), index: 0, cue: d.cues[0] ?? '' };
    }
    const privacy = decided.get('privacy_ask');
    if (!privacy) privacyAsk = null;
    else if (!privacyAsk) privacyAsk = { lexicon: 'privacy_ask', text: evidenceText(privacy, clean, textLang, ctx.wordClasses, links), index: 0, cue: privacy.cues[0] ?? '' };
  }

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
    endsWithQuestion: /\?[\s\p{Extended_Pictographic}\uFE0F]*$/u.test(trimmed),
    categories,
    features,
    detections,
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

const WORD_TOKEN = /[\p{L}\p{N}]+/gu;

const SNIPPETS: Record<string, RegExp> = {
  percent: /\d{1,3}\s?%/,
  minus_percent: /[-−–]\s?\d{1,3}\s?%/,
  price: /[€$£]\s?\d{1,6}(?:[.,]\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?\s?(?:€|\$|£)/,
  code: /\b[A-Z]{2,12}\d{1,4}\b/,
};

/**
 * The post's own words behind a learned detection, for messages ("Offers a deal (“…”)"): the word
 * behind the strongest stem or word-class feature, the snippet behind a structural one, or a link.
 */
function evidenceText(d: Detection, clean: string, lang: StemLang | 'other', wc: CompiledWordClasses | undefined, links: readonly LinkInfo[]): string {
  for (const cue of d.cues) {
    if (cue.startsWith('w:') || (cue.startsWith('class:') && wc)) {
      const target = cue.startsWith('w:') ? cue.slice(2) : wc!.names.indexOf(cue.slice(6));
      WORD_TOKEN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = WORD_TOKEN.exec(clean)) !== null) {
        const w = m[0].toLowerCase();
        if (!wc) {
          if (typeof target === 'string' && (lang === 'other' ? w : stem(w, lang)) === target) return m[0];
          continue;
        }
        // why: the features' memo already knows each word's stem and classes; stemming again costs more than the model
        const facts = wordFacts(w, lang, wc);
        if (typeof target === 'string' ? facts.stem === target : facts.classes?.includes(target)) return m[0];
      }
    } else if (SNIPPETS[cue]) {
      const m = SNIPPETS[cue]!.exec(clean);
      if (m) return m[0];
    } else if (cue.startsWith('link') && links.length > 0) return (links.find((l) => l.shop || l.tracked) ?? links[0]!).url;
  }
  return '';
}
