import { z } from 'zod';
import type { Detected } from '../detect.ts';
import type { Check } from './check.ts';
import type { Vars } from '../template.ts';
import { TraitId } from '../post-kind.ts';

const params = z.strictObject({
  kind: z.literal('signal'),
  signal: z.enum(['privacy_ask', 'untracked_link', 'link_shortener']),
  /** Does not hold when the post shows this trait: a data request sent to a private channel is not asked in public. */
  unless_trait: TraitId.optional(),
});

function untracked(m: Detected) {
  // why: a shortened link may carry campaign parameters behind the redirect; only judge full links
  const full = m.links.filter((l) => !l.shortener);
  return full.length > 0 && !full.some((l) => l.tracked) ? full[0]! : null;
}

/** Holds when a risk or format signal is present: a privacy ask, an untracked or shortened link (spam: checks/spam.ts). */
export const signal: Check<typeof params> = {
  params,
  vars: ['match', 'url'],
  reads: (p) => [p.signal === 'privacy_ask' ? 'privacyAsk' : 'links', ...(p.unless_trait ? ['kind'] : [])],
  run(m, p): Vars | null {
    if (p.unless_trait && m.kind?.traits[p.unless_trait] !== undefined) return null;
    switch (p.signal) {
      case 'privacy_ask':
        return m.privacyAsk ? { match: m.privacyAsk.text } : null;
      case 'untracked_link': {
        const link = untracked(m);
        return link ? { url: link.url } : null;
      }
      case 'link_shortener': {
        const link = m.links.find((l) => l.shortener);
        return link ? { url: link.url } : null;
      }
    }
  },
  flip(whatIf, p) {
    switch (p.signal) {
      case 'privacy_ask':
        whatIf.privacyAsk = null;
        return;
      case 'untracked_link':
        whatIf.links = whatIf.links.map((l) => ({ ...l, tracked: true }));
        return;
      case 'link_shortener':
        whatIf.links = whatIf.links.map((l) => ({ ...l, shortener: false }));
        return;
    }
  },
};
