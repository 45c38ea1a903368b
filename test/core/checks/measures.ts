// Hand-made measures and context for the check table tests: each row states only what it is about.
import type { CategoryId } from '../../../src/core/category.ts';
import type { Check, CheckContext } from '../../../src/core/checks/check.ts';
import type { CompiledCategory } from '../../../src/core/cue-compiler.ts';
import type { Detected } from '../../../src/core/detect.ts';
import { whatIfCopy } from '../../../src/core/judge.ts';
import type { z } from 'zod';

/** A short English Facebook post with nothing in it, changed by `over`. */
export function measures(over: Partial<Detected> = {}): Detected {
  return {
    platform: 'facebook',
    lang: 'en',
    langDetected: true,
    textLang: 'en',
    chars: 40,
    weighted: 40,
    limit: 63_206,
    words: 8,
    hashtags: 0,
    mentions: 0,
    emojis: 0,
    links: [],
    endsWithQuestion: false,
    letters: 30,
    upper: 2,
    exclamations: { run: 0, spaced: 0 },
    markup: { javascriptLink: false, scriptTag: false },
    massMention: false,
    categories: {},
    privacyAsk: null,
    spam: [],
    features: [],
    detections: [],
    hidden: { zeroWidth: 0, bidiControls: 0, controls: 0, loneSurrogates: 0 },
    ...over,
  };
}

/** A category found in the post, with the words that matched. */
export function found(lexicon: CategoryId | 'privacy', text: string = lexicon) {
  return { lexicon, text, index: 0, cue: text };
}

/** Two categories: `discount` (fans value it, fans want it) and `product_news` (companies overrate it). */
const categories = new Map<CategoryId, CompiledCategory>([
  ['discount', { id: 'discount', tier: 'want', title: { en: 'A deal', de: 'Ein Angebot' }, findings: [] } as unknown as CompiledCategory],
  ['product_news', { id: 'product_news', tier: 'overrated', title: { en: 'Product news', de: 'Produktneuheit' }, findings: [] } as unknown as CompiledCategory],
  ['company_info', { id: 'company_info', tier: 'overrated', title: { en: 'About the company', de: 'Über das Unternehmen' }, findings: [] } as unknown as CompiledCategory],
]);

export function context(over: Partial<CheckContext> = {}): CheckContext {
  return { categories, findings: new Map(), replyLang: 'en', wording: true, ...over };
}

/** The measures with one check's condition turned around, the way the plan stage does it: in a working copy. */
export function flipped<P extends z.ZodType>(check: Check<P>, m: Detected, p: z.infer<P>): Detected {
  const whatIf = whatIfCopy(m);
  check.flip!(whatIf, p);
  return whatIf;
}
