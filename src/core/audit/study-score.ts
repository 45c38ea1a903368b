import type { CategoryId } from '../category.ts';
import { presentCategories } from '../detect.ts';
import { detectPost, type Advisor } from '../engine.ts';
import { judge, planFor } from '../judge.ts';
import type { Lang, Post } from '../post.ts';
import { kindOf, withKind } from '../post-kind.ts';
import { scopeRisks } from '../risk-scope.ts';

/**
 * What an audit reads of a post: its study score and content categories, exactly as `advise`
 * reports them (a test holds the two together), without the rest of advise's work: no
 * suggestions (their what-ifs re-judge every rule that could flip), no worded findings, matches
 * or reasons. The same stages as advise → judgeMeasured with no options: kind, detect, the risks
 * scoped to the platform, the rules that apply, judge.
 * why: an audit scores every post of an export (100,000 in the benchmark); advise's report is
 * about 10% of the engine's time per post and the audit throws it away.
 */
export function studyScore(advisor: Advisor, post: Post): { score: number; categories: CategoryId[] } {
  const kind = kindOf(advisor.kinds, post.text);
  const m = scopeRisks(withKind(detectPost(post, advisor.measureContext), kind), advisor.riskScopes).measures;
  const replyLang: Lang = m.lang === 'other' ? advisor.measureContext.defaultLang : m.lang;
  // why wording off: only which rules hold counts for the score (judge.ts's what-ifs rely on the same)
  const now = judge(advisor.settings.base, planFor(advisor.rules, m.platform, m.lang, kind.kind), m, { categories: advisor.categories, findings: advisor.findings, replyLang, wording: false });
  return { score: now.score, categories: presentCategories(m) };
}
