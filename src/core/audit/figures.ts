import type { CategoryId } from '../category.ts';
import type { Advisor } from '../engine.ts';
import type { Finding } from '../finding.ts';

/** "83%" → 0.83, "82.5%" → 0.825; null for figures that are not a plain share ("about 1 in 4"). */
export function shareOf(value: string | undefined): number | null {
  const m = value === undefined ? null : /^[≈>~]?\s?(\d+(?:\.\d+)?)\s?%$/.exec(value.trim());
  return m ? Number(m[1]) / 100 : null;
}

/** The finding whose consumer figure stands beside a category: the first the category cites that has one. */
export function fanFigure(advisor: Advisor, category: CategoryId): Finding | undefined {
  const ids = advisor.categories.get(category)?.findings ?? [];
  return ids.map((id) => advisor.findings.get(id)).find((f): f is Finding => f !== undefined && shareOf(f.consumers?.value) !== null);
}

