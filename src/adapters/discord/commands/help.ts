import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { NO_MENTIONS } from '../views/format.ts';
import { renderHelp } from '../views/help.ts';
import { localized } from './localized.ts';
import type { SlashCommand } from '../handler.ts';

const text = {
  name: { en: 'help', de: 'hilfe' },
  description: { en: 'What this bot does and how to use it', de: 'Was dieser Bot kann und wie du ihn nutzt' },
} as const;

export const help = {
  data: localized(new SlashCommandBuilder(), text)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    await interaction.reply({ embeds: [renderHelp(ctx.lang)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies SlashCommand;
