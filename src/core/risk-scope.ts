// Penalties apply on the platform their evidence is about (issue 11.4): a risk lexicon with
// `platforms` (rules/lexicons/risks/*.yml) counts only there. Elsewhere its signal is set aside and the
// report carries a note, so the user learns the evidence differs between platforms.
import type { Detected } from './detect.ts';
import type { SpamReason } from './spam.ts';
import type { Platform } from './post.ts';

/** Spam reasons (risk ids) mapped to the platforms their evidence covers; absent: every platform. */
export type RiskScopes = ReadonlyMap<string, readonly Platform[]>;

export function scopeRisks(m: Detected, scopes: RiskScopes | undefined): { measures: Detected; setAside: SpamReason[] } {
  if (!scopes || scopes.size === 0 || m.spam.length === 0) return { measures: m, setAside: [] };
  const setAside = m.spam.filter((r) => scopes.get(r)?.includes(m.platform) === false);
  if (setAside.length === 0) return { measures: m, setAside };
  return { measures: { ...m, spam: m.spam.filter((r) => !setAside.includes(r)) }, setAside };
}
