// What kind of post it is comes before what it should contain (issue 11.1): a reply to a
// customer is good when it is personal, says what happens next and moves personal data to a
// private channel; a marketing post is judged by what fans come for. The cues are data
// (rules/lexicons/kinds.yml); rules say which kinds they judge (`kinds:` in a rule file).
import { z } from 'zod';
import { BAND_RANGES, type Band } from './band.ts';
import { buildAutomaton, type Automaton } from './aho-corasick.ts';
import { requiredLiterals } from './required-literals.ts';

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
  /** Its place in the screen's tables; cues with the same expression (a kind's and a trait's) share it. */
  id: number;
}

export interface CompiledKinds {
  order: readonly { kind: Exclude<PostKind, 'marketing'>; min: number; cues: readonly CompiledCue[] }[];
  traits: readonly { trait: TraitId; cues: readonly CompiledCue[] }[];
  titles: Record<PostKind, { en: string; de: string }>;
  screen: Screen;
}

/**
 * Which cues a text might match, found in one pass: every cue's expression needs one of a few
 * strings (required-literals.ts), and a cue whose strings are all absent is not run. One automaton
 * (aho-corasick.ts) holds every such string and says, where one ends, the cues that need it.
 */
interface Screen {
  /** Every required string, with the cues needing it; null when no cue has one. */
  strings: Automaton<readonly number[]> | null;
  /** Cues with no required string: always run. */
  always: readonly boolean[];
}

/** What /iu matching folds to "s" that lower-casing leaves alone: with it in a text, every cue runs. */
const LONG_S = '\u017f';

/** The screen for cue expressions (their sources, in the order of their ids). */
function buildScreen(sources: readonly string[]): Screen {
  const needs = sources.map(requiredLiterals);
  const byString = new Map<string, number[]>();
  needs.forEach((n, id) => {
    for (const s of new Set(n ?? [])) {
      const ids = byString.get(s);
      if (ids) ids.push(id);
      else byString.set(s, [id]);
    }
  });
  return { strings: byString.size > 0 ? buildAutomaton(byString) : null, always: needs.map((n) => n === null) };
}

/** For each cue, whether the text might match it (false: it cannot). */
function mightMatch(screen: Screen, text: string): readonly boolean[] {
  const lower = text.toLowerCase();
  if (!screen.strings || lower.includes(LONG_S)) return screen.always.map(() => true);
  const out = screen.always.slice();
  const { latinSymbols, otherSymbols, symbols, next, ends } = screen.strings;
  let state = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    state = next[state * symbols + (c < 256 ? latinSymbols[c]! : (otherSymbols.get(c) ?? 0))]!;
    const here = ends[state];
    if (here !== null) for (const ids of here!) for (const id of ids) out[id] = true;
  }
  return out;
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

export function compileKinds(file: KindsFile): CompiledKinds {
  const sources: string[] = [];
  const ids = new Map<string, number>();
  const compileCue = (c: z.infer<typeof Cue>): CompiledCue => {
    const flags = c.case_sensitive ? 'u' : 'iu';
    const key = `/${c.re}/${flags}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = sources.push(c.re) - 1));
    return { re: new RegExp(c.re, flags), weight: c.weight, id };
  };
  const compile = (cues: readonly z.infer<typeof Cue>[]) => cues.map(compileCue);
  return {
    order: (['reply', 'service'] as const).map((kind) => ({ kind, min: file.kinds[kind].min, cues: compile(file.kinds[kind].cues) })),
    traits: TraitId.options.flatMap((trait) => (file.traits[trait] ? [{ trait, cues: compile(file.traits[trait]) }] : [])),
    titles: { reply: file.kinds.reply.title, service: file.kinds.service.title, marketing: file.marketing.title },
    screen: buildScreen(sources),
  };
}

/**
 * The cues' matches in one text, each expression run at most once and only when the screen says
 * it might match: the matched words, trimmed, or null.
 */
class CueMatches {
  private readonly found: (string | null | undefined)[] = [];
  constructor(
    private readonly text: string,
    private readonly maybe: readonly boolean[],
  ) {}

  of(c: CompiledCue): string | null {
    let found = this.found[c.id];
    if (found === undefined) {
      const m = this.maybe[c.id] ? c.re.exec(this.text) : null;
      this.found[c.id] = found = m ? m[0].trim() : null;
    }
    return found;
  }
}

/**
 * The post's kind and traits. `chosen` is the user's choice and wins; otherwise the first kind
 * whose matched cues reach its `min`, else marketing. Bounded work: one search for the cues'
 * required strings, then each expression that might match runs once.
 */
export function kindOf(kinds: CompiledKinds | undefined, text: string, chosen?: PostKind): KindFacts {
  const traits: KindFacts['traits'] = {};
  if (!kinds) return { kind: chosen ?? 'marketing', detected: chosen === undefined, traits };
  const matches = new CueMatches(text, mightMatch(kinds.screen, text));
  for (const { trait, cues } of kinds.traits) {
    for (const c of cues) {
      const found = matches.of(c);
      if (found === null) continue;
      traits[trait] = found;
      break;
    }
  }
  if (chosen) return { kind: chosen, detected: false, traits };
  for (const { kind, min, cues } of kinds.order) {
    let sum = 0;
    let cue: string | undefined;
    for (const c of cues) {
      const found = matches.of(c);
      if (found === null) continue;
      sum += c.weight;
      cue ??= found;
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
