import type { Advisor } from '../core/engine.ts';
import type { Finding } from '../core/finding.ts';

export type Explained = { found: true; findings: Finding[] } | { found: false; suggestions: string[] };

/**
 * What `explain <what>` shows, in the CLI and in the local chat alike: a finding by its id, or
 * the findings behind a category (`discount`) or a rule (`offer.discount`); otherwise the ids
 * that come closest, so the next try works.
 */
export function explainLookup(advisor: Advisor, what: string): Explained {
  const key = what.trim();
  const ids =
    advisor.findings.has(key) ? [key]
    : advisor.categories.get(key as never)?.findings
      ?? advisor.rules.find((r) => r.id === key)?.findings
      ?? [];
  const findings = ids.flatMap((id) => advisor.findings.get(id) ?? []);
  if (findings.length > 0) return { found: true, findings };
  const all = [...advisor.findings.keys(), ...advisor.categories.keys()];
  const lower = key.toLowerCase();
  const close = all.filter((id) => id.includes(lower) || lower.includes(id.split('-').pop() ?? id)).slice(0, 5);
  return { found: false, suggestions: close.length > 0 ? close : all.slice(0, 5) };
}
