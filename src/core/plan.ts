import type { Band } from './band.ts';
import type { CheckContext } from './checks/check.ts';
import type { Detected } from './detect.ts';
import { figureOf, type Finding } from './finding.ts';
import { bandRisks, sumAfter, undoFlip, whatIfCopy, type Judgement, type PlannedRule } from './judge.ts';
import type { Lang } from './post.ts';
import type { Rule } from './rule.ts';
import { render, type Vars } from './template.ts';
import { sortFew } from './sort-few.ts';

// The plan stage: what would raise the score. Each rule that could flip (a missing offer added, a
// penalty removed) is re-judged as a what-if; the changes are ranked by what they are worth.

export interface Evidence {
  finding: string;
  figure: string;
  source: string;
  year: number;
  verified: Finding['verified'];
}

export interface Suggestion {
  rule: string;
  title: string;
  text: string;
  /**
   * What following it is worth: the score's change, or the points it adds to the rules' sum when
   * that is more (removing a −30 penalty is worth 30 even while another problem holds the score
   * at 0). Suggestions rank by the sum's change, unclamped.
   */
  gain: number;
  evidence: Evidence;
}

const BAND_ORDER: Record<Band, number> = { weak: 0, ok: 1, strong: 2 };

// why: every suggestion shown names its study; the same few dozen sources, joined once
const sources = new WeakMap<Finding, string>();

function sourceOf(f: Finding): string {
  let source = sources.get(f);
  if (source === undefined) sources.set(f, (source = `${f.study.publisher}: ${f.study.title}`));
  return source;
}

function evidenceFor(rule: Rule, findings: ReadonlyMap<string, Finding>, lang: Lang): Evidence {
  const f = findings.get(rule.findings[0]!);
  if (!f) return { finding: rule.findings[0]!, figure: '', source: '', year: 0, verified: 'no' };
  return { finding: f.id, figure: figureOf(f, lang), source: sourceOf(f), year: f.study.year, verified: f.verified };
}

export interface PlanOptions {
  /** The check context for what-ifs (no wording). */
  whatIf: CheckContext;
  replyLang: Lang;
  /** Vars every suggestion may use (`{{platform}}`). */
  global: Vars;
  findings: ReadonlyMap<string, Finding>;
  /** How many suggestions to word. */
  max: number;
}

/** The suggestions for a judged post, best first: band-lowering problems, then by what they add. */
export function planSuggestions(plan: readonly PlannedRule[], now: Judgement, m: Detected, o: PlanOptions): Suggestion[] {
  const candidates: { at: number; gain: number; worth: number; problem: boolean }[] = [];
  let whatIf: Detected | null = null;
  for (let i = 0; i < plan.length; i++) {
    const { rule, check } = plan[i]!;
    if (!rule.advice || !check.flip || (rule.points > 0) === now.holds[i]) continue;
    whatIf ??= whatIfCopy(m);
    check.flip(whatIf, rule.check);
    const after = sumAfter(plan, i, now, whatIf, o.whatIf);
    // why: ranked by what the change adds to the sum, unclamped, so a fix on a post held at 0 still counts in full
    const worth = after.sum - now.sum;
    const gain = Math.max(after.score - now.score, worth);
    // why: a penalty that pulls the band down (privacy ask, spam, over the limit) is the worst problem; its fix comes first
    const problem = rule.points < 0 && (rule.band === 'weak' || BAND_ORDER[after.band] > BAND_ORDER[now.band] || bandRisks(whatIf) < bandRisks(m));
    undoFlip(whatIf, m, plan[i]!);
    if (gain > 0) candidates.push({ at: i, gain, worth, problem });
  }
  sortFew(candidates, (a, b) => Number(b.problem) - Number(a.problem) || b.worth - a.worth || b.gain - a.gain || (plan[a.at]!.rule.id < plan[b.at]!.rule.id ? -1 : 1));
  // why: wording and evidence only for the suggestions that are shown
  return candidates.slice(0, o.max).map(({ at, gain }) => {
    const rule = plan[at]!.rule;
    return {
      rule: rule.id,
      title: rule.title[o.replyLang],
      text: render(rule.suggestion[o.replyLang], now.vars[at] ?? o.global, o.global),
      gain,
      evidence: evidenceFor(rule, o.findings, o.replyLang),
    };
  });

}
