import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { NO_MENTIONS, renderHelp } from '../render.ts';
import { commandText as c } from '../strings.ts';
import type { SlashCommand } from './command.ts';

export const help = {
  data: new SlashCommandBuilder()
    .setName(c.help.name.en)
    .setNameLocalizations({ de: c.help.name.de })
    .setDescription(c.help.description.en)
    .setDescriptionLocalizations({ de: c.help.description.de })
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  async execute(interaction, ctx) {
    await interaction.reply({ embeds: [renderHelp(ctx.lang)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies SlashCommand;
