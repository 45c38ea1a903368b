import type { Advisor, Report } from './engine.ts';
import { topicsOf } from './topic.ts';

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
    // why: the perception-gap check is about the categories the post offers, not all it could
    for (const t of check.kind === 'offer-mix' ? report.categories : topicsOf(check)) topics.add(t);
  }
  return [...topics];
}
