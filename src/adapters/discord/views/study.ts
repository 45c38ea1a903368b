// The evidence: "Why?" under a score, /explain (one finding in full) and /study (the perception gap).
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { localPercent, type Finding } from '../../../core/finding.ts';
import type { Lang } from '../../../core/post.ts';
import { commonText } from './common.ts';
import { COLOURS, fitEmbed, LIMITS } from './format.ts';

export interface StudyText {
  whyTitle: string;
  whyEmpty: string;
  whyFooter: string;
  fans: string;
  companies: string;
  source: string;
  sources: string;
  caveat: string;
  evidence: string;
  verified: Record<'yes' | 'partial' | 'no', string>;
  studyTitle: string;
  studyIntro: string;
  studyColumns: [string, string];
  studyWho(fans: string, companies: string): string;
  studyFooter: string;
}

const studyTexts: Record<Lang, StudyText> = {
  en: {
    whyTitle: 'The evidence behind this score',
    whyEmpty: 'No rule fired and nothing is suggested, so no study is involved in this score.',
    whyFooter: 'Full text of one finding: /explain',
    fans: 'Fans',
    companies: 'Companies',
    source: 'Source',
    sources: 'Source ids',
    caveat: 'Caveat',
    evidence: 'Evidence',
    verified: {
      yes: 'Verified against the cited sources.',
      partial: 'Partly verified: read the caveat before citing it.',
      no: 'Unverified: shown for completeness, not as fact. Don’t cite it.',
    },
    studyTitle: 'What fans want vs what companies think',
    studyIntro: 'Share of fans who say they want something, and the share companies believe. The gaps are what /score looks for.',
    studyColumns: ['Fans', 'Firms'],
    studyWho: (fans, companies) => `Fans: ${fans}. Firms: ${companies}.`,
    studyFooter: '/explain <finding> shows a row in full, with its caveat.',
  },
  de: {
    whyTitle: 'Die Belege hinter dieser Bewertung',
    whyEmpty: 'Keine Regel hat gegriffen und es gibt keinen Vorschlag, daher stützt sich diese Bewertung auf keine Studie.',
    whyFooter: 'Einen Befund ganz lesen: /explain',
    fans: 'Fans',
    companies: 'Unternehmen',
    source: 'Quelle',
    sources: 'Quellen-IDs',
    caveat: 'Einschränkung',
    evidence: 'Beleglage',
    verified: {
      yes: 'An den zitierten Quellen geprüft.',
      partial: 'Teilweise belegt: Lies die Einschränkung, bevor du es zitierst.',
      no: 'Unbelegt: nur der Vollständigkeit halber, nicht als Tatsache. Nicht zitieren.',
    },
    studyTitle: 'Was Fans wollen und was Unternehmen glauben',
    studyIntro: 'Anteil der Fans, die etwas wollen, und der Anteil, den Unternehmen vermuten. Nach diesen Lücken sucht /score.',
    studyColumns: ['Fans', 'Firmen'],
    studyWho: (fans, companies) => `Fans: ${fans}. Firmen: ${companies}.`,
    studyFooter: '/explain <Befund> zeigt eine Zeile ganz, mit Einschränkung.',
  },
};

export function studyText(lang: Lang): StudyText {
  return studyTexts[lang];
}

function side(f: Finding, which: 'consumers' | 'companies', lang: Lang): string | undefined {
  const s = f[which];
  return s ? `${localPercent(s.value, lang)} – ${s.who[lang]}` : undefined;
}

function citation(f: Finding): string {
  return `${f.study.publisher}: ${f.study.title}, ${f.study.year}`;
}

/** " (partly verified)" or " (unverified…)" after a finding's title. */
export function marker(f: Finding, lang: Lang): string {
  const t = commonText(lang);
  return f.verified === 'partial' ? ` (${t.partlyVerified})` : f.verified === 'no' ? ` (${t.unverified})` : '';
}

/** "Why?": each finding behind the score with its claim, both figures, source, year and caveat. */
export function renderWhy(findings: readonly Finding[], lang: Lang): APIEmbed {
  const t = { ...commonText(lang), ...studyText(lang) };
  const fields = findings.slice(0, LIMITS.fields).map((f) => {
    const fans = side(f, 'consumers', lang);
    const firms = side(f, 'companies', lang);
    const value = [
      f.verified === 'no' ? t.verified.no : f.claim[lang],
      fans ? `**${t.fans}:** ${fans}` : '',
      firms ? `**${t.companies}:** ${firms}` : '',
      `**${t.source}:** ${citation(f)}`,
      `**${t.caveat}:** ${f.caveat[lang]}`,
    ];
    return { name: `${f.title[lang]}${marker(f, lang)}`, value: value.filter(Boolean).join('\n') };
  });
  return fitEmbed({
    title: t.whyTitle,
    color: 0x5865f2,
    description: fields.length === 0 ? t.whyEmpty : undefined,
    fields,
    footer: { text: t.whyFooter },
  });
}

/** /explain: one finding in full. An unverified one is labelled as such and its claim is hedged. */
export function renderFinding(f: Finding, lang: Lang): APIEmbed {
  const t = { ...commonText(lang), ...studyText(lang) };
  const fields: APIEmbedField[] = [];
  const fans = side(f, 'consumers', lang);
  const firms = side(f, 'companies', lang);
  if (fans) fields.push({ name: t.fans, value: fans, inline: true });
  if (firms) fields.push({ name: t.companies, value: firms, inline: true });
  fields.push({ name: t.source, value: `${citation(f)}\n${t.sources}: ${f.study.sources.join(', ')}` });
  fields.push({ name: t.evidence, value: t.verified[f.verified] });
  fields.push({ name: t.caveat, value: f.caveat[lang] });
  return fitEmbed({
    // why: an unverified finding says so in bold in the description (and its title already does)
    title: `${f.title[lang]}${f.verified === 'partial' ? marker(f, lang) : ''}`,
    color: f.verified === 'yes' ? 0x5865f2 : f.verified === 'partial' ? COLOURS.ok : 0x99aab5,
    description: f.verified === 'no' ? `**${t.verified.no}**\n${f.claim[lang]}` : f.claim[lang],
    fields,
    footer: { text: f.id },
  });
}

function pad(text: string, width: number): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return cut + ' '.repeat(Math.max(0, width - cut.length));
}

/** /study: the perception gap as one monospace table per study (fans vs companies). */
export function renderStudy(findings: readonly Finding[], lang: Lang): APIEmbed {
  const t = { ...commonText(lang), ...studyText(lang) };
  const studies = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.verified === 'no') continue;
    const key = `${f.study.publisher}|${f.study.title}|${f.study.year}`;
    studies.set(key, [...(studies.get(key) ?? []), f]);
  }
  const width = 26;
  const fields: APIEmbedField[] = [];
  for (const rows of studies.values()) {
    const first = rows[0]!;
    const header = `${pad('', width)} ${t.studyColumns[0].padStart(6)} ${t.studyColumns[1].padStart(6)}`;
    const lines = rows.map((f) => {
      const fans = f.consumers ? localPercent(f.consumers.value, lang) : '–';
      const firms = f.companies ? localPercent(f.companies.value, lang) : '–';
      return `${pad(f.title[lang], width - 1)}${f.verified === 'partial' ? '*' : ' '} ${fans.padStart(6)} ${firms.padStart(6)}`;
    });
    const who = rows.find((f) => f.consumers && f.companies) ?? first;
    const partial = rows.some((f) => f.verified === 'partial') ? `\n\\* ${t.partlyVerified}` : '';
    fields.push({
      name: `${first.study.publisher}, ${first.study.year}`,
      value: `*${first.study.title}*\n\`\`\`\n${[header, ...lines].join('\n')}\n\`\`\`${t.studyWho(who.consumers?.who[lang] ?? '–', who.companies?.who[lang] ?? '–')}${partial}`,
    });
  }
  return fitEmbed({ title: t.studyTitle, color: 0x5865f2, description: t.studyIntro, fields, footer: { text: t.studyFooter } });
}
