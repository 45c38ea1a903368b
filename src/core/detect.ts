import { CategoryId } from './category.ts';
import type { CompiledCategory, CompiledLexicon } from './cue-compiler.ts';
import { findAll, type CueIndex } from './cue-index.ts';
import type { CategoryMatch } from './cue-matcher.ts';
import { extractFeatureIds, extractFeatures, featureNames, nextWord, structuralSnippet, wordFactsOf, type CompiledWordClasses, type FeatureInput, type FeatureSpace } from './features.ts';
import type { RiskId } from './lexicon-file.ts';
import type { LinkInfo } from './links.ts';
import type { MeasureSettings, Measures } from './measure.ts';
import { predictIds, type CompiledModel, type Detection } from './model.ts';
import type { KindFacts } from './post-kind.ts';
import { spamReasons, type SpamReason, type SpamThresholds } from './spam.ts';
import { stem, type StemLang } from './stem.ts';
import type { PreparedText } from './normalise.ts';

// The detect stage: what a measured post offers and risks. The cue lexicons find categories and
// risk signals clause by clause, the spam rule's thresholds turn measures into spam reasons, and
// the learned layer decides over all of it. Reads the normalised text, its clauses and the measures.

/** Everything the engine needs to measure a post and detect what it offers, compiled once at start-up. */
export interface MeasureContext extends MeasureSettings {
  categories: readonly CompiledCategory[];
  /** Risk lexicons (privacy asks, engagement bait, text addressed to the scorer). */
  riskLexicons: readonly CompiledLexicon<RiskId>[];
  /** `categories` then `riskLexicons`, indexed by trigger word so a post is read once. */
  cueIndex: CueIndex;
  /** The spam rule's thresholds (spam.ts); without them only markup, hidden characters and lexicons count. */
  spam?: SpamThresholds;
  /** The learned layer and the word classes it reads; without them the cue lexicons decide alone. */
  wordClasses?: CompiledWordClasses;
  model?: CompiledModel;
  /** Without a model: whether features include stem bigrams (training sets this). */
  bigrams?: boolean;
}

/** A post measured and read: what the judge (the rules' checks) reads, and nothing else. */
export interface Detected extends Measures {
  /** Categories found; an id mapped to undefined is absent (what-ifs switch them off that way). */
  categories: Partial<Record<CategoryId, CategoryMatch | undefined>>;
  privacyAsk: CategoryMatch | null;
  spam: SpamReason[];
  /**
   * The learned layer's features (with a model: those it has weights for; without, every one read,
   * which is what training reads) and what it detected, with the cues that decided (for "why").
   */
  features: readonly string[];
  detections: readonly Detection[];
  /** The post's kind and service traits (post-kind.ts); the engine adds them before judging. */
  kind?: KindFacts;
}

/** The ids of the categories a post offers. */
export function presentCategories(m: Detected): CategoryId[] {
  const ids: CategoryId[] = [];
  for (const id of CategoryId.options) if (m.categories[id] !== undefined) ids.push(id);
  return ids;
}

/** What the engine reports for posts in other languages (the reply says so). */
export const OTHER_LANGUAGE_LABELS: ReadonlySet<string> = new Set(['discount', 'contest', 'purchase_cta', 'privacy_ask']);
/**
 * In French, Spanish, Italian and Dutch (training/authored has posts in each) also the labels whose
 * out-of-fold F1 on those posts is 0.80 or more; company info, events and community stay English
 * and German only (0.67–0.75 there).
 */
export const TRAINED_OTHER_LANGUAGE_LABELS: ReadonlySet<string> = new Set([...OTHER_LANGUAGE_LABELS, 'loyalty', 'exclusive', 'reviews', 'product_news', 'customer_service', 'opinion_request']);

// why: every post's categories object gets the same keys in the same order, so reads stay fast; a
// copy of one template is cheaper than adding the keys one by one
const templates = new WeakMap<readonly CompiledCategory[], Detected['categories']>();
function noCategories(categories: readonly CompiledCategory[]): Detected['categories'] {
  let template = templates.get(categories);
  if (!template) {
    template = {};
    for (const cat of categories) template[cat.id] = undefined;
    templates.set(categories, template);
  }
  return { ...template };
}

/** Detects the categories and risk signals of a measured post. */
export function detect(m: Measures, prepared: PreparedText, clauses: readonly number[], ctx: MeasureContext): Detected {
  const { clean, lower } = prepared;
  const categories = noCategories(ctx.categories);
  let privacyAsk: CategoryMatch | null = null;
  const lexiconSpam: SpamReason[] = [];
  const language = m.lang === 'other' ? null : ctx.languages[m.lang];
  if (language) {
    const found = findAll(ctx.cueIndex, prepared, clauses, language);
    for (let i = 0; i < ctx.categories.length; i++) if (found[i]) categories[ctx.categories[i]!.id] = found[i]!;
    for (let i = 0; i < ctx.riskLexicons.length; i++) {
      const match = found[ctx.categories.length + i];
      if (!match) continue;
      const id = ctx.riskLexicons[i]!.id;
      if (id === 'privacy_ask') privacyAsk = match;
      else lexiconSpam.push(id);
    }
  }
  // why: each reason once at most (one per lexicon, one per threshold)
  const spam = spamReasons(m, lexiconSpam, ctx.spam);

  let features: string[] = [];
  let detections: Detection[] = [];
  const wc = ctx.wordClasses;
  if (wc) {
    const cues: string[] = [];
    for (const cat of ctx.categories) if (categories[cat.id] !== undefined) cues.push(cat.id);
    if (privacyAsk) cues.push('privacy_ask');
    for (const s of spam) cues.push(s);
    const input: FeatureInput = { lower, clean, clauses, lang: m.textLang, platform: m.platform, cues, links: m.links, hashtags: m.hashtags, mentions: m.mentions, emojis: m.emojis, words: m.words, upperRatio: m.letters === 0 ? 0 : m.upper / m.letters, spam };
    if (!ctx.model) features = extractFeatures(input, wc, ctx.bigrams ?? false);
    else {
      // why: read straight into the model's rows; names only for what it weighed
      const read = extractFeatureIds(input, wc, ctx.model.bigrams, ctx.model.space);
      detections = predictIds(ctx.model, read.ids, read.count);
      features = featureNames(read, ctx.model.space);
    }
  }
  if (ctx.model) {
    if (!wc) detections = predictIds(ctx.model, new Int32Array(0), 0);
    // why: in other languages only the offers and signals are trained well enough to report (README, "Languages")
    if (m.lang === 'other') {
      const allowed = m.textLang === 'other' ? OTHER_LANGUAGE_LABELS : TRAINED_OTHER_LANGUAGE_LABELS;
      detections = detections.filter((d) => allowed.has(d.label));
    }
    const space = ctx.model.space;
    for (const cat of ctx.categories) {
      const d = detectionOf(detections, cat.id);
      if (!d) categories[cat.id] = undefined;
      else if (!categories[cat.id]) categories[cat.id] = { lexicon: cat.id, text: evidenceText(d, clean, m.textLang, wc, m.links, space), index: 0, cue: d.cues[0] ?? '' };
    }
    const privacy = detectionOf(detections, 'privacy_ask');
    if (!privacy) privacyAsk = null;
    else if (!privacyAsk) privacyAsk = { lexicon: 'privacy_ask', text: evidenceText(privacy, clean, m.textLang, wc, m.links, space), index: 0, cue: privacy.cues[0] ?? '' };
  }
  // why: one literal of a fixed shape. `{ ...m, categories, … }` adds each new property to a clone,
  // which costs ~7 µs a post on Node 20 (a new hidden class every time). Listing the measures here
  // is checked by a test (engine.test.ts: the detected post keeps every measure). `kind` is set
  // now so the engine's `withKind` replaces a property instead of adding one (just as slow).
  return {
    platform: m.platform,
    lang: m.lang,
    langDetected: m.langDetected,
    textLang: m.textLang,
    chars: m.chars,
    weighted: m.weighted,
    limit: m.limit,
    words: m.words,
    hashtags: m.hashtags,
    mentions: m.mentions,
    emojis: m.emojis,
    links: m.links,
    endsWithQuestion: m.endsWithQuestion,
    letters: m.letters,
    upper: m.upper,
    exclamations: m.exclamations,
    markup: m.markup,
    massMention: m.massMention,
    hidden: m.hidden,
    categories,
    privacyAsk,
    spam,
    features,
    detections,
    kind: undefined,
  };
}

// why: a post has a few detections at most; a scan beats building a map per post
function detectionOf(detections: readonly Detection[], label: string): Detection | undefined {
  for (const d of detections) if (d.label === label) return d;
  return undefined;
}

/**
 * The post's own words behind a learned detection, for messages ("Offers a deal (“…”)"): the word
 * behind the strongest stem or word-class feature, the snippet behind a structural one, or a link.
 */
function evidenceText(d: Detection, clean: string, lang: StemLang | 'other', wc: CompiledWordClasses | undefined, links: readonly LinkInfo[], space: FeatureSpace): string {
  for (const cue of d.cues) {
    const bigram = cue.startsWith('b:');
    if (cue.startsWith('w:') || bigram || (cue.startsWith('class:') && wc)) {
      // why: a bigram's first word is where its words stand in the post
      const target = cue.startsWith('w:') ? cue.slice(2) : bigram ? cue.slice(2, cue.indexOf('_', 2)) : wc!.names.indexOf(cue.slice(6));
      const factsOf = wc ? wordFactsOf(lang, wc, space) : null;
      // why nextWord: the runs /[\p{L}\p{N}]+/gu finds, without a match array per word
      const at = { start: 0 };
      for (let end = nextWord(clean, 0, at); end !== -1; end = nextWord(clean, end, at)) {
        const word = clean.slice(at.start, end);
        const w = word.toLowerCase();
        if (!wc) {
          if (typeof target === 'string' && (lang === 'other' ? w : stem(w, lang)) === target) return word;
          continue;
        }
        // why: the features' memo already knows each word's stem and classes; stemming again costs more than the model
        const facts = factsOf!(w);
        if (typeof target === 'string' ? facts.stem === target : facts.classes?.includes(target)) return word;
      }
    } else {
      const snippet = structuralSnippet(cue, clean);
      if (snippet !== undefined) return snippet;
      if (cue.startsWith('link') && links.length > 0) return (links.find((l) => l.shop || l.tracked) ?? links[0]!).url;
    }
  }
  return '';
}
