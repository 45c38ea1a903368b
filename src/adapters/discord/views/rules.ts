// /rules ignore | unignore | list: the answers, in en/de.
import type { Lang } from '../../../core/post.ts';
import type { Rule } from '../../../core/rule.ts';
import { LIMITS, truncate } from './format.ts';

interface RulesText {
  ignored(rule: string): string;
  alreadyIgnored(rule: string): string;
  unignored(rule: string): string;
  none: string;
  listTitle(count: number): string;
  removedRule: string;
}

const texts: Record<Lang, RulesText> = {
  en: {
    ignored: (rule) => `From now on, every score in this server leaves out ${rule}. /rules unignore brings it back.`,
    alreadyIgnored: (rule) => `This server already ignores ${rule}. /rules list shows all it ignores.`,
    unignored: (rule) => `${rule} counts again in this server’s scores.`,
    none: 'This server ignores no rules: every score uses all of them. /rules ignore leaves one out.',
    listTitle: (n) => `This server’s scores leave out ${n === 1 ? 'this rule' : `these ${n} rules`} (/rules unignore brings one back):`,
    removedRule: 'no longer in the rule book',
  },
  de: {
    ignored: (rule) => `Ab jetzt lässt jede Bewertung auf diesem Server ${rule} weg. /regeln zulassen holt sie zurück.`,
    alreadyIgnored: (rule) => `Dieser Server ignoriert ${rule} schon. /regeln liste zeigt alles, was er ignoriert.`,
    unignored: (rule) => `${rule} zählt wieder in den Bewertungen dieses Servers.`,
    none: 'Dieser Server ignoriert keine Regeln: Jede Bewertung nutzt alle. /regeln ignorieren lässt eine weg.',
    listTitle: (n) => `Die Bewertungen dieses Servers lassen ${n === 1 ? 'diese Regel' : `diese ${n} Regeln`} weg (/regeln zulassen holt eine zurück):`,
    removedRule: 'nicht mehr im Regelwerk',
  },
};

/** "**Title** (`id`)": how a rule is named in these answers. */
export function ruleName(id: string, rule: Rule | undefined, lang: Lang): string {
  return rule ? `**${rule.title[lang]}** (\`${id}\`)` : `\`${id}\` (${texts[lang].removedRule})`;
}

export function renderIgnored(id: string, rule: Rule, changed: boolean, lang: Lang): string {
  const name = ruleName(id, rule, lang);
  return changed ? texts[lang].ignored(name) : texts[lang].alreadyIgnored(name);
}

export function renderUnignored(id: string, rule: Rule | undefined, lang: Lang): string {
  return texts[lang].unignored(ruleName(id, rule, lang));
}

export function renderIgnoredList(items: ReadonlyArray<{ id: string; rule: Rule | undefined }>, lang: Lang): string {
  const t = texts[lang];
  if (items.length === 0) return t.none;
  return truncate([t.listTitle(items.length), ...items.map((i) => `• ${ruleName(i.id, i.rule, lang)}`)].join('\n'), LIMITS.content);
}

/** An autocomplete choice: "id – title", within Discord's 100 characters. */
export function ruleChoice(id: string, rule: Rule | undefined, lang: Lang): { name: string; value: string } {
  return { name: truncate(rule ? `${id} – ${rule.title[lang]}` : id, 100), value: id };
}
