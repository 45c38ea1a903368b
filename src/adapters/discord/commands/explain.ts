import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Finding } from '../../../core/finding.ts';
import type { Lang } from '../../../core/post.ts';
import { UserError } from '../../../errors.ts';
import { NO_MENTIONS, truncate } from '../views/format.ts';
import { renderFinding } from '../views/study.ts';
import { localized } from './localized.ts';
import type { SlashCommand } from '../handler.ts';

const text = {
  name: { en: 'explain', de: 'erklären' },
  description: { en: 'One research finding in full: figures, source, year, caveat', de: 'Ein Forschungsbefund ganz: Zahlen, Quelle, Jahr, Einschränkung' },
  options: {
    finding: { name: { en: 'finding', de: 'befund' }, description: { en: 'Start typing a topic, e.g. discounts', de: 'Tippe ein Thema, z. B. Rabatte' } },
  },
} as const;

/** Discord shows at most 25 autocomplete choices, each name ≤ 100 characters. */
const MAX_CHOICES = 25;

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Findings whose id or title (in either language) contains the query; the user's language ranks first. */
export function matchFindings(findings: Iterable<Finding>, query: string, lang: Lang): Finding[] {
  const q = fold(query.trim());
  const ranked: { f: Finding; rank: number }[] = [];
  for (const f of findings) {
    const own = fold(f.title[lang]);
    const rank = q === '' ? 3 : f.id === q ? 0 : own.startsWith(q) ? 1 : own.includes(q) || f.id.includes(q) ? 2 : fold(f.title[lang === 'de' ? 'en' : 'de']).includes(q) ? 3 : -1;
    if (rank >= 0) ranked.push({ f, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.f);
}

export const explain = {
  data: localized(new SlashCommandBuilder(), text)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((o) =>
      localized(o, text.options.finding)
        .setRequired(true)
        .setAutocomplete(true),
    ),

  async autocomplete(interaction, ctx) {
    const matches = matchFindings(ctx.advisor.findings.values(), interaction.options.getFocused(), ctx.lang);
    await interaction.respond(matches.slice(0, MAX_CHOICES).map((f) => ({ name: truncate(`${f.title[ctx.lang]} (${f.id})`, 100), value: f.id })));
  },

  async execute(interaction, ctx) {
    const value = interaction.options.getString('finding', true);
    const finding = ctx.advisor.findings.get(value.trim()) ?? matchFindings(ctx.advisor.findings.values(), value, ctx.lang)[0];
    if (!finding) throw new UserError('unknown_finding', { value, suggestions: [...ctx.advisor.findings.keys()].slice(0, 3).join(', ') });
    await interaction.reply({ embeds: [renderFinding(finding, ctx.lang)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies SlashCommand;
