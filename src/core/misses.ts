import type { Advisor, Report } from './engine.ts';
import { TIP_TOPICS } from './topic.ts';

/**
 * What a scored post could have done better, as topic ids shared with the tips catalogue
 * (src/core/topic.ts: category ids, privacy_ask, spam_signals, tracking_link, link_shortener, length, hashtags).
 * Daily tips prefer the topics a server's posts miss most.
 */
export function missedTopics(report: Report, advisor: Advisor): string[] {
  const topics = new Set<string>();
  const byId = new Map(advisor.rules.map((r) => [r.id, r]));
  const ids = [...report.suggestions.map((s) => s.rule), ...report.findings.filter((f) => f.points < 0).map((f) => f.id)];
  for (const id of ids) {
    const check = byId.get(id)?.check;
    if (!check) continue;
    if (check.kind === 'category') topics.add(check.category);
    else if (check.kind === 'signal') topics.add(check.signal === 'untracked_link' ? 'tracking_link' : check.signal);
    else if (check.kind === 'spam') topics.add('spam_signals');
    else if (check.kind === 'limit') topics.add('length');
    else if (check.kind === 'count' && check.of === 'hashtags') topics.add('hashtags');
    else if (check.kind === 'offer-mix') for (const c of report.categories) topics.add(c);
  }
  // why: tips may only name these topics (checked on load); anything else here would match no tip
  return [...topics].filter((t) => TIP_TOPICS.includes(t));
}
