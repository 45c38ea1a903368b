// What kind of post it is comes before what it should contain (issue 11.1): a reply to a
// customer is good when it is personal, says what happens next and moves personal data to a
// private channel; a marketing post is judged by what fans come for. The cues are data
// (rules/lexicons/kinds.yml); rules say which kinds they judge (`kinds:` in a rule file).
import { z } from 'zod';
import { BAND_RANGES, type Band } from './band.ts';

export const PostKind = z.enum(['reply', 'service', 'marketing']);
export type PostKind = z.infer<typeof PostKind>;

/** What a post does that matters for service: addresses someone, moves data to a private channel, says what happens next. */
export const TraitId = z.enum(['personal', 'private_channel', 'next_step']);
export type TraitId = z.infer<typeof TraitId>;

const Bilingual = z.strictObject({ en: z.string().min(1), de: z.string().min(1) });

/** A regular expression (Unicode, case-insensitive) and what one match counts. */
const Cue = z.strictObject({
  re: z.string().min(1).refine((s) => {
    try {
      new RegExp(s, 'iu');
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression'),
  weight: z.number().int().min(1).max(5).default(1),
  /** Matched against the original case (for `^Mike` signatures, names after "Hi"). */
  case_sensitive: z.boolean().default(false),
});

const KindDef = z.strictObject({
  title: Bilingual,
  /** Sum of matched cue weights at which a post counts as this kind. */
  min: z.number().int().min(1).max(10),
  cues: z.array(Cue).min(1),
});

export const KindsSchema = z.strictObject({
  /** Tried in this order; a post none of them claims is `marketing`. */
  kinds: z.strictObject({ reply: KindDef, service: KindDef }),
  marketing: z.strictObject({ title: Bilingual }),
  traits: z.record(TraitId, z.array(Cue).min(1)),
  examples: z
    .array(
      z.strictObject({
        text: z.string().min(1),
        kind: PostKind,
        traits: z.array(TraitId).optional(),
        note: z.string().optional(),
      }),
    )
    .min(3),
});
export type KindsFile = z.infer<typeof KindsSchema>;

interface CompiledCue {
  re: RegExp;
  weight: number;
}

export interface CompiledKinds {
  order: readonly { kind: Exclude<PostKind, 'marketing'>; min: number; cues: readonly CompiledCue[] }[];
  traits: readonly { trait: TraitId; cues: readonly CompiledCue[] }[];
  titles: Record<PostKind, { en: string; de: string }>;
}

/** What the engine knows about the post's kind, for the rules that judge it and for the reply. */
export interface KindFacts {
  kind: PostKind;
  /** False when the user chose the kind (`--kind`, the button, `/kind`). */
  detected: boolean;
  /** The words that made it this kind, for "judged as a reply (“@jane_doe”)". */
  cue?: string;
  /** What the post does, with the words that show it. */
  traits: Partial<Record<TraitId, string | undefined>>;
}

function compileCue(c: z.infer<typeof Cue>): CompiledCue {
  return { re: new RegExp(c.re, c.case_sensitive ? 'u' : 'iu'), weight: c.weight };
}

export function compileKinds(file: KindsFile): CompiledKinds {
  return {
    order: (['reply', 'service'] as const).map((kind) => ({ kind, min: file.kinds[kind].min, cues: file.kinds[kind].cues.map(compileCue) })),
    traits: TraitId.options.flatMap((trait) => (file.traits[trait] ? [{ trait, cues: file.traits[trait].map(compileCue) }] : [])),
    titles: { reply: file.kinds.reply.title, service: file.kinds.service.title, marketing: file.marketing.title },
  };
}

function firstMatch(cues: readonly CompiledCue[], text: string): string | undefined {
  for (const c of cues) {
    const m = c.re.exec(text);
    if (m) return m[0].trim();
  }
  return undefined;
}

/**
 * The post's kind and traits. `chosen` is the user's choice and wins; otherwise the first kind
 * whose matched cues reach its `min`, else marketing. Bounded work: each cue runs once.
 */
export function kindOf(kinds: CompiledKinds | undefined, text: string, chosen?: PostKind): KindFacts {
  const traits: KindFacts['traits'] = {};
  if (!kinds) return { kind: chosen ?? 'marketing', detected: chosen === undefined, traits };
  for (const { trait, cues } of kinds.traits) {
    const found = firstMatch(cues, text);
    if (found !== undefined) traits[trait] = found;
  }
  if (chosen) return { kind: chosen, detected: false, traits };
  for (const { kind, min, cues } of kinds.order) {
    let sum = 0;
    let cue: string | undefined;
    for (const c of cues) {
      const m = c.re.exec(text);
      if (!m) continue;
      sum += c.weight;
      cue ??= m[0].trim();
    }
    if (sum >= min) return { kind, detected: true, cue, traits };
  }
  return { kind: 'marketing', detected: true, traits };
}

/**
 * The measures with the post's kind, for the rules that judge it. Detection is left as it is: a
 * data request by DM is still reported as `privacy_ask` (LABELS.md); whether it is penalised is the
 * rules' call (service.privacy-public holds only when no private channel is offered).
 */
export function withKind<M extends object>(m: M, kind: KindFacts): M & { kind: KindFacts } {
  return { ...m, kind };
}

/** The band of a reply or service notice: its score's range (band.ts), since it offers no deals to rank by tier. */
export function bandFromScore(sum: number): Band {
  const score = Math.round(sum);
  return score >= BAND_RANGES.strong[0] ? 'strong' : score >= BAND_RANGES.ok[0] ? 'ok' : 'weak';
}

/** Accepts what users type for a kind (`reply`, `service`, `marketing`, `auto`, German too). */
export function parseKind(input: string): PostKind | 'auto' | undefined {
  const key = input.trim().toLowerCase();
  if (key === 'auto') return 'auto';
  if (['reply', 'answer', 'antwort', 'customer-reply', 'service-reply'].includes(key)) return 'reply';
  if (['service', 'notice', 'service-notice', 'hinweis', 'servicehinweis', 'störung'].includes(key)) return 'service';
  if (['marketing', 'promo', 'post', 'werbung'].includes(key)) return 'marketing';
  return undefined;
}
