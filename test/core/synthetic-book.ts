// A small rule book for the engine's scoring tests: the real detection data (languages,
// categories, risk lexicons, findings) with a handful of rules whose points are set here, so
// tuning a rule's points in rules/ does not break tests about how scoring works.
import { buildAdvisor, type RuleBook } from '../../src/core/advisor.ts';
import type { Advisor } from '../../src/core/engine.ts';
import { RuleSchema, type Rule } from '../../src/core/rule.ts';
import { realRules } from '../support/advisor.ts';

const text = (en: string, de: string) => ({ en, de });
const examples = { flag: ['x'], pass: ['y'] };

/** The real spam rule's check: its thresholds decide what the detect stage reports as spam. */
const SPAM_CHECK = realRules().book.rules.find((r) => r.value.check.kind === 'spam')!.value.check;

/** The synthetic rules and their points; tests read the points from here, not from rules/. */
export const POINTS = { discount: 30, exclusive: 20, reviews: 10, spam: -25, onlyOverrated: -12 } as const;

const RULES: Rule[] = [
  {
    id: 'offer.discount', title: text('A deal', 'Ein Angebot'), findings: ['pivot-deals'], platforms: 'all', languages: ['en', 'de'],
    check: { kind: 'category', category: 'discount' }, points: POINTS.discount,
    message: text('Offers a deal (“{{match}}”).', 'Bietet ein Angebot („{{match}}“).'),
    suggestion: text('Add a concrete fan offer.', 'Ergänze ein konkretes Fan-Angebot.'), examples,
  },
  {
    id: 'offer.exclusive', title: text('Fans first', 'Fans zuerst'), findings: ['ibm-r-exclusive'], platforms: 'all', languages: ['en', 'de'],
    check: { kind: 'category', category: 'exclusive' }, points: POINTS.exclusive,
    message: text('Something only fans get.', 'Etwas nur für Fans.'),
    suggestion: text('Make it something only fans get.', 'Mach es zu etwas nur für Fans.'), examples,
  },
  {
    id: 'offer.reviews', title: text('Reviews', 'Bewertungen'), findings: ['ibm-r-reviews'], platforms: 'all', languages: ['en', 'de'],
    check: { kind: 'category', category: 'reviews' }, points: POINTS.reviews,
    message: text('Shows what buyers say.', 'Zeigt, was Käufer sagen.'),
    suggestion: text('Add what a buyer said.', 'Ergänze, was ein Käufer sagt.'), examples,
  },
  {
    id: 'risk.spam', title: text('Spam', 'Spam'), findings: ['ibm-no-engage-55'], platforms: 'all', languages: 'all',
    check: SPAM_CHECK, points: POINTS.spam, band: 'weak',
    message: text('Looks like spam: {{reasons}}.', 'Wirkt wie Spam: {{reasons}}.'),
    suggestion: text('Drop the spam signals.', 'Lass die Spam-Signale weg.'), examples,
  },
  {
    id: 'gap.only-overrated', title: text('Perception gap', 'Wahrnehmungslücke'), findings: ['ibm-r-newprod'], platforms: 'all', languages: ['en', 'de'],
    check: { kind: 'offer-mix', when: 'only-overrated' }, points: POINTS.onlyOverrated, band: 'weak', advice: false,
    message: text('Offers only what companies overrate: {{overrated}}.', 'Bietet nur, was Unternehmen überschätzen: {{overrated}}.'),
    suggestion: text('Add what fans come for.', 'Ergänze, wofür Fans kommen.'), examples,
  },
].map((r) => RuleSchema.parse(r));

let cached: Advisor | undefined;

/** An advisor on the real detection data and the synthetic rules above, base 35, three suggestions. */
export function syntheticAdvisor(): Advisor {
  const real = realRules().book;
  const book: RuleBook = { ...real, rules: RULES.map((value) => ({ value, file: `synthetic/${value.id}.yml` })) };
  cached ??= buildAdvisor(book, { base: 35, maxSuggestions: 3, disabledRules: [] });
  return cached;
}
