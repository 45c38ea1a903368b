import twitter from 'twitter-text';
import { PLATFORM_LIMITS, xWeightedLength } from './measure.ts';
import type { DetectedLang, Platform } from './post.ts';
import { prepareText } from './normalise.ts';

/**
 * Facts of a post that a rewrite must keep. Hashtags are deliberately not facts: the rules
 * themselves ask to drop or change hashtags, so guarding them would block the fixes we ask for.
 */
export type FactKind = 'url' | 'amount' | 'code' | 'date' | 'handle' | 'product';

export interface Fact {
  kind: FactKind;
  /** As written in the post. */
  value: string;
}

/** Why a rewritten variant was dropped. Stable ids: tests, logs and JSON output use them. */
export type GuardReason =
  | 'empty'
  | 'url_dropped'
  | 'new_url'
  | 'price_changed'
  | 'code_dropped'
  | 'date_changed'
  | 'handle_dropped'
  | 'product_dropped'
  | 'invented_offer'
  | 'invented_date'
  | 'new_mention'
  | 'mass_mention'
  | 'over_limit'
  | 'prompt_echo';

export interface GuardProblem {
  reason: GuardReason;
  /** The token concerned (post content: show it to the poster, never log it). */
  value: string;
}

export type GuardVerdict = { ok: true } | { ok: false; reasons: GuardReason[]; problems: GuardProblem[] };

export interface GuardContext {
  platform: Platform;
  /** The original post's language; only English gets the capitalised-word product heuristic. */
  lang: DetectedLang;
}

const NUM = String.raw`\d+(?:[.,]\d+)*`;
const SP = String.raw`[ \u00A0\u202F]?`;
const CUR_SYMBOL = String.raw`US\$|[$€£¥]`;
const CUR_WORD = String.raw`EUR|USD|GBP|CHF|Euros?|euros?|Dollars?|dollars?|Cents?|cents?|ct|pence`;
const AMOUNT = new RegExp(
  String.raw`(?:(?:${CUR_SYMBOL})${SP}${NUM}|(?:EUR|USD|GBP|CHF)${SP}${NUM}|(?<![\p{L}\p{N}.,])${NUM}p(?![\p{L}\p{N}])|${NUM}${SP}(?:${CUR_SYMBOL}|%|(?:${CUR_WORD}|percent|per cent|Prozent|prozent|pct)(?![\p{L}])))`,
  'gu',
);
// why: a code is an all-caps token with a digit (FAN5, SPRING20), or whatever all-caps/digit token follows "code", "Gutschein" …
const CODE_TOKEN = /(?<![\p{L}\p{N}_-])(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z0-9]{3,20}(?![\p{L}\p{N}_-])/gu;
const CODE_CUE = /(?:gutscheincode|rabattcode|promocode|code|coupon|promo|voucher|gutschein)(?![\p{L}])\s*[:=]?\s*["'„“‚‘»«]?([A-Za-z0-9][A-Za-z0-9_-]{2,19})(?![\p{L}\p{N}])/giu;
const MONTHS =
  'January|February|March|April|June|July|August|September|October|November|December|Januar|Jänner|Februar|März|Mai|Juni|Juli|Oktober|Dezember';
const MONTHS_SHORT = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Okt|Dez';
const WEEKDAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag';
// why: case-sensitive on purpose: "morgen" (tomorrow) is a date, "Guten Morgen" is a greeting
const DATE = new RegExp(
  [
    String.raw`\d{4}-\d{2}-\d{2}`,
    String.raw`\d{1,2}[./]\d{1,2}(?:[./](?:\d{4}|\d{2}))?\.?`,
    String.raw`\d{1,2}:\d{2}(?:\s?(?:[ap]\.?m\.?|[AP]M|Uhr))?`,
    String.raw`\d{1,2}\s?(?:[ap]\.m\.|[ap]m|[AP]M|Uhr|o'clock)(?![\p{L}])`,
    String.raw`\d{1,2}(?:st|nd|rd|th|\.)?\s(?:of\s)?(?:${MONTHS}|${MONTHS_SHORT}|May)(?![\p{L}])`,
    String.raw`(?:${MONTHS}|${MONTHS_SHORT}|May)\.?\s\d{1,2}(?:st|nd|rd|th)?(?![\p{N}])`,
    // why: "May" alone is usually the verb and "Jan" a name, so only full month names count on their own
    String.raw`(?<![\p{L}])(?:${MONTHS}|${WEEKDAYS})(?![\p{L}])`,
    String.raw`(?<![\p{L}])(?:[Tt]oday|[Tt]onight|[Tt]omorrow|[Tt]his weekend|[Hh]eute|morgen|[Üü]bermorgen|Wochenende|[Ww]eekend)(?![\p{L}])`,
  ].join('|'),
  'gu',
);
const HANDLE = /(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{1,15}(?![A-Za-z0-9_])/gu;
const CHAT_MENTION = /<@[!&]?\d+>|<#\d+>/g;
const MASS_MENTION = /(?<![\w@])@(?:everyone|here)\b/i;
const HASHTAG = /(?<![\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
/** `[your fan-only offer]`: a bracket with no digits or currency is a placeholder, not a claim. */
const PLACEHOLDER = /\[[^\[\]\d$€£¥%\n]{1,60}\]/g;
const OFFER_PHRASE =
  /(?<![\p{L}])(?:free (?:shipping|delivery|gift|sample|trial|drink|coffee|download)|for free|gratis|kostenlos\p{L}*|versandkostenfrei|bogo|buy one,? get one|\d\s?(?:for|für)\s?\d|half price|halber preis|zum halben preis)(?![\p{L}])/giu;

// Product names are approximated; see productNames.
const CAMEL = /(?<![\p{L}\p{N}])\p{L}*\p{Ll}\p{Lu}[\p{L}\p{N}]*/gu;
const LETTER_DIGIT = /(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]*\p{L})(?=[\p{L}\p{N}]*\p{N})[\p{L}\p{N}]{2,}(?![\p{L}\p{N}])/gu;
const ORDINAL = /^\d+(?:st|nd|rd|th|er|te|ter|tes|ten|h|x)$/i;
const NAME_NUMBER = /(?<![\p{L}\p{N}])(\p{Lu}\p{L}+)\s(\d{1,4}\p{L}?)(?![\p{N}.,:%€$£]|\s?(?:€|%|Uhr|[ap]\.?m\b))/gu;
const TRADEMARK = /([\p{L}\p{N}][\p{L}\p{N}-]*)\s?[™®]/gu;
const CAPITALISED = /(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}'’-]*\p{L}/gu;
// why: capitalised function words ("Only 3 left", "Up to 5") are not names
const NOT_NAMES = new Set(
  'I Im Ive Id Ill A An The This That These Those Our Your My We You He She It They Only Just Now New Up To Top No Nr Bis Ab Nur Jetzt Mit Für Und Der Die Das Ein Eine Unser Unsere Dein Deine Ihr Alle All Get Buy Save Over Under Über Unter Day Days Tag Tage Step Schritt Seite Page Part Teil Week Woche Season Staffel Episode Folge Level Round Runde Size Größe Pack Set Get And Or For With From At In On By Of Happy Hello Hi Hey Hallo'.split(' '),
);

function all(re: RegExp, text: string): RegExpExecArray[] {
  re.lastIndex = 0;
  return [...text.matchAll(re)];
}

/** Replaces spans with spaces of equal length so later patterns neither see them nor merge across them. */
function blank(text: string, res: readonly RegExp[]): string {
  let out = text;
  for (const re of res) out = out.replace(re, (m) => ' '.repeat(m.length));
  return out;
}

// why: twitter-text only knows real TLDs; a link with an explicit scheme is a link whatever its host
const SCHEME_URL = /https?:\/\/[^\s<>"'“”‘’»«)\]]+[^\s<>"'“”‘’»«)\].,;:!?…]/giu;

/** Links as X counts them, plus any http(s) link whose host twitter-text does not recognise. */
function urlsOf(text: string): string[] {
  const explicit = all(SCHEME_URL, text).map((m) => m[0]);
  let rest = text;
  for (const u of explicit) rest = rest.split(u).join(' '.repeat(u.length));
  return unique([...explicit, ...twitter.extractUrls(rest)]);
}

function withoutUrls(text: string): string {
  let out = text;
  for (const u of urlsOf(text).sort((a, b) => b.length - a.length)) out = out.split(u).join(' '.repeat(u.length));
  return out;
}

/** "5 €", "€5" and "5€" are the same amount: currency and number, spacing and order ignored. */
function amountKey(raw: string): string {
  const s = raw.replace(/[ \u00A0\u202F]/g, '');
  const num = s.match(/\d+(?:[.,]\d+)*/)?.[0] ?? s;
  const unit = s.replace(num, '').toLowerCase();
  const canonical =
    /^(?:%|per ?cent|prozent|pct)$/.test(unit) ? '%'
    : /^(?:€|eur|euros?)$/.test(unit) ? '€'
    : /^(?:us\$|\$|usd|dollars?)$/.test(unit) ? '$'
    : /^(?:£|gbp)$/.test(unit) ? '£'
    : /^(?:p|pence)$/.test(unit) ? 'p'
    : unit;
  return `${canonical}${num}`;
}

function normalise(text: string): string {
  return text.normalize('NFC').replace(/[\u00A0\u202F\t]/g, ' ');
}

function codesOf(text: string): string[] {
  const codes = all(CODE_TOKEN, text).map((m) => m[0]);
  for (const m of all(CODE_CUE, text)) {
    const token = m[1]!;
    if (/^[A-Z0-9_-]+$/.test(token) || /\d/.test(token)) codes.push(token);
  }
  return codes;
}

function datesOf(text: string): string[] {
  return all(DATE, text).map((m) => m[0].trim());
}

/**
 * Approximate product names, all kept case-sensitively:
 * - CamelCase words (ScentCapture, iPhone),
 * - words mixing letters and digits (X200, Aero2, 4K), ordinals excepted,
 * - a capitalised word followed by a short number ("Aero 2", "Pixel 8a"), unless the word is a
 *   function word ("Only 3") or the number is a price, percentage, date or time,
 * - the word before ™ or ®,
 * - in English only, capitalised words inside a sentence, skipping title-case lines. German
 *   capitalises every noun, so there this rule would freeze the whole post.
 */
function productNames(text: string, lang: DetectedLang): string[] {
  const names: string[] = [];
  for (const m of all(CAMEL, text)) names.push(m[0]);
  for (const m of all(LETTER_DIGIT, text)) if (!ORDINAL.test(m[0]) && !/^\d+[kKmM]?$/.test(m[0])) names.push(m[0]);
  for (const m of all(NAME_NUMBER, text)) if (!NOT_NAMES.has(m[1]!.replace(/['’]/g, '')) && !isDateWord(m[1]!)) names.push(`${m[1]} ${m[2]}`);
  for (const m of all(TRADEMARK, text)) names.push(m[1]!);
  if (lang === 'en') {
    for (const line of text.split('\n')) {
      const inner = [...line.matchAll(/\p{L}[\p{L}'’-]*/gu)].filter((m) => !sentenceStart(line, m.index));
      const capitalised = inner.filter((m) => /^\p{Lu}/u.test(m[0])).length;
      if (inner.length >= 3 && capitalised / inner.length >= 0.6) continue; // a title-case line says nothing about names
      for (const m of all(CAPITALISED, line)) {
        const word = m[0];
        if (NOT_NAMES.has(word.replace(/['’]/g, '')) || isDateWord(word)) continue;
        if (word === word.toUpperCase()) continue; // shouting, which the spam rule asks to fix
        if (sentenceStart(line, m.index)) continue;
        names.push(word);
      }
    }
  }
  return names;
}

const DATE_WORD = new RegExp(`^(?:${MONTHS}|${MONTHS_SHORT}|May|${WEEKDAYS}|Today|Tonight|Tomorrow|Heute|Wochenende|Weekend)$`);

function isDateWord(word: string): boolean {
  return DATE_WORD.test(word);
}

function sentenceStart(line: string, index: number): boolean {
  const before = line.slice(0, index).replace(/[\s"'“”„‚‘’«»(\[\p{Extended_Pictographic}\uFE0F*–—-]+$/u, '');
  return before === '' || /[.!?:;…]$/.test(before);
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

function containsWord(text: string, token: string, caseSensitive = true): boolean {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, caseSensitive ? 'u' : 'iu').test(text);
}

/** The facts of a post a rewrite must keep: URLs, amounts, codes, dates, @handles, product names. */
export function extractFacts(text: string, lang: DetectedLang): Fact[] {
  const t = normalise(text);
  const urls = urlsOf(t);
  const rest = blank(withoutUrls(t), [HASHTAG, CHAT_MENTION]);
  const handles = all(HANDLE, rest).map((m) => m[0]).filter((h) => !/^@(?:everyone|here)$/i.test(h));
  const noHandles = blank(rest, [HANDLE]);
  const amounts = all(AMOUNT, noHandles).map((m) => m[0]);
  const noAmounts = blank(noHandles, [AMOUNT]);
  const dates = datesOf(noAmounts);
  const codes = codesOf(noAmounts);
  const products = productNames(blank(noAmounts, [DATE]), lang).filter((p) => !codes.includes(p));
  const facts: Fact[] = [];
  const add = (kind: FactKind, values: string[]) => unique(values).forEach((value) => facts.push({ kind, value }));
  add('url', urls);
  add('amount', amounts);
  add('code', codes);
  add('date', dates);
  add('handle', [...handles, ...all(CHAT_MENTION, t).map((m) => m[0])]);
  add('product', products);
  return facts;
}

/** The posted length the engine uses: X weighted length (URLs 23, emoji 2) or code points. */
export function postedLength(text: string, platform: Platform): { weighted: number; limit: number } {
  const posted = prepareText(text).wellFormed.replace(/\r\n?/g, '\n');
  const weighted = platform === 'twitter' ? xWeightedLength(posted) : [...posted].length;
  return { weighted, limit: PLATFORM_LIMITS[platform] };
}

/**
 * Checks a model's rewrite against the original: every fact kept, nothing offered that the
 * original does not offer, no new mentions, within the platform limit. Placeholders in square
 * brackets without digits (`[your fan-only offer]`) are allowed and ignored.
 */
export function guardVariant(original: string, variant: string, ctx: GuardContext): GuardVerdict {
  const problems: GuardProblem[] = [];
  const add = (reason: GuardReason, value: string) => problems.push({ reason, value });
  const v = normalise(variant);
  if (v.trim() === '') return { ok: false, reasons: ['empty'], problems: [{ reason: 'empty', value: '' }] };

  const facts = extractFacts(original, ctx.lang);
  const vUrls = urlsOf(v);
  const vRest = blank(withoutUrls(v), [HASHTAG]);
  const vBare = blank(vRest, [PLACEHOLDER, CHAT_MENTION, HANDLE]);
  const vAmounts = all(AMOUNT, vBare).map((m) => m[0]);
  const vAmountKeys = new Set(vAmounts.map(amountKey));
  const vNoAmounts = blank(vBare, [AMOUNT]);
  const vDates = datesOf(vNoAmounts).map((d) => d.toLowerCase().replace(/\s+/g, ' '));
  const vCodes = codesOf(vNoAmounts);

  for (const f of facts) {
    switch (f.kind) {
      case 'url':
        if (!vUrls.includes(f.value)) add('url_dropped', f.value);
        break;
      case 'amount':
        if (!vAmountKeys.has(amountKey(f.value))) add('price_changed', f.value);
        break;
      case 'code':
        if (!containsWord(vRest, f.value)) add('code_dropped', f.value);
        break;
      case 'date':
        if (!vDates.includes(f.value.toLowerCase().replace(/\s+/g, ' '))) add('date_changed', f.value);
        break;
      case 'handle':
        if (!containsWord(v, f.value, !f.value.startsWith('@'))) add('handle_dropped', f.value);
        break;
      case 'product':
        if (!containsWord(vRest, f.value)) add('product_dropped', f.value);
        break;
    }
  }

  const o = normalise(original);
  const oUrls = new Set(urlsOf(o));
  for (const u of vUrls) if (!oUrls.has(u)) add('new_url', u);
  const kept = (kind: FactKind) => new Set(facts.filter((f) => f.kind === kind).map((f) => f.value));
  const oAmountKeys = new Set([...kept('amount')].map(amountKey));
  for (const a of vAmounts) if (!oAmountKeys.has(amountKey(a))) add('invented_offer', a);
  const oCodes = kept('code');
  for (const c of vCodes) if (!oCodes.has(c)) add('invented_offer', c);
  const oLower = o.toLowerCase();
  for (const m of all(OFFER_PHRASE, vBare)) if (!oLower.includes(m[0].toLowerCase())) add('invented_offer', m[0]);
  const oDates = new Set([...kept('date')].map((d) => d.toLowerCase().replace(/\s+/g, ' ')));
  for (const d of vDates) if (!oDates.has(d)) add('invented_date', d);

  if (MASS_MENTION.test(v)) add('mass_mention', v.match(MASS_MENTION)![0]);
  const oHandles = new Set([...kept('handle')].map((h) => h.toLowerCase()));
  const vHandles = [...all(HANDLE, blank(v, [HASHTAG])).map((m) => m[0]), ...all(CHAT_MENTION, v).map((m) => m[0])];
  for (const h of vHandles) if (!/^@(?:everyone|here)$/i.test(h) && !oHandles.has(h.toLowerCase())) add('new_mention', h);

  const { weighted, limit } = postedLength(variant, ctx.platform);
  if (weighted > limit) add('over_limit', `${weighted}/${limit}`);
  if (/<<<|>>>|\b(?:POST|FINDINGS|QUESTION)>>>/.test(v) && !/<<<|>>>/.test(o)) add('prompt_echo', '<<< >>>');

  if (problems.length === 0) return { ok: true };
  const seen = new Set<string>();
  const deduped = problems.filter((p) => !seen.has(`${p.reason}\0${p.value}`) && seen.add(`${p.reason}\0${p.value}`));
  return { ok: false, reasons: unique(deduped.map((p) => p.reason)) as GuardReason[], problems: deduped };
}
