import { ApplicationIntegrationType, AttachmentBuilder, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Finding } from '../../../core/finding.ts';
import { NO_MENTIONS } from '../views/format.ts';
import { renderStudy } from '../views/study.ts';
import { localized } from './localized.ts';
import type { SlashCommand } from '../handler.ts';

const text = {
  name: { en: 'study', de: 'studie' },
  description: { en: 'What fans want vs what companies think, with figures and sources', de: 'Was Fans wollen und was Unternehmen glauben, mit Zahlen und Quellen' },
} as const;

/** The perception-gap rows, grouped by study, in the order a reader should meet them. */
export const STUDY_ROWS = [
  'ibm-r-discount',
  'ibm-r-purchase',
  'ibm-r-reviews',
  'ibm-r-exclusive',
  'ibm-r-newprod',
  'ibm-r-general',
  'ibm-r-service',
  'ibm-r-community',
  'pivot-deals',
  'pivot-rewards',
  'pivot-feedback',
  'pivot-service',
  'pivot-twitter',
  'pivot-know-asked',
  'cmoc-exclusive',
  'cmoc-peers',
  'cmoc-service',
  'cmoc-ideas',
] as const;

export const study = {
  data: localized(new SlashCommandBuilder(), text)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    const rows = STUDY_ROWS.map((id) => ctx.advisor.findings.get(id)).filter((f): f is Finding => f !== undefined);
    // the table carries every figure with its source; the chart shows the gap at a glance
    // why loaded here: the chart renderer (Skia, Chart.js) adds ~25 MB of RSS; a bot that is never asked for a chart never pays it
    const { studyChart } = await import('../../charts/audit-charts.ts');
    const chart = studyChart(rows.filter((f) => f.verified !== 'no'), { theme: 'dark', lang: ctx.lang });
    await interaction.reply({
      embeds: [{ ...renderStudy(rows, ctx.lang), image: { url: `attachment://${chart.name}` } }],
      files: [new AttachmentBuilder(chart.png, { name: chart.name, description: chart.title })],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies SlashCommand;
