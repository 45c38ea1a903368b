import type { z } from 'zod';
import type { CategoryId } from '../category.ts';
import type { Finding } from '../finding.ts';
import type { CompiledCategory } from '../cue-compiler.ts';
import type { Detected } from '../detect.ts';
import type { Lang } from '../post.ts';
import type { Vars } from '../template.ts';

/** What a check may read besides the measures: the catalog, and the language to word vars in. */
export interface CheckContext {
  categories: ReadonlyMap<CategoryId, CompiledCategory>;
  findings: ReadonlyMap<string, Finding>;
  replyLang: Lang;
  /** False while re-scoring what-ifs: only whether a rule holds matters, so skip wording its vars. */
  wording: boolean;
}

/** A kind of check. Rules (YAML) pick a kind and give its parameters; a new rule needs no code. */
export interface Check<P extends z.ZodType> {
  params: P;
  /** Placeholders this kind fills in a rule's message and suggestion. */
  vars: readonly string[];
  /** Vars when the rule's condition holds for this post, otherwise null. */
  run(m: Detected, p: z.infer<P>, ctx: CheckContext): Vars | null;
  /**
   * What this kind reads, as measure names (`weighted`) or `categories:<id>` for one category, so
   * a what-if re-checks only the rules its change can affect.
   */
  reads(p: z.infer<P>): readonly string[];
  /**
   * Turns this one condition around (added where missing, removed where present) in `whatIf`, the
   * engine's working copy of the measures (its `categories` object its own), so the engine can
   * re-score and tell what a suggestion is worth. Writes only what `reads(p)` names: the engine
   * puts those back from the post's measures before the next what-if, so one copy serves them
   * all. Absent when no single edit of the post can do that.
   */
  flip?(whatIf: Detected, p: z.infer<P>): void;
}
