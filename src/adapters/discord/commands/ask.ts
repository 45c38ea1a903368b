import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../../app/ask.ts';
import { askReply } from '../llm-reply.ts';
import { NO_MENTIONS } from '../render.ts';
import { commandText as c } from '../strings.ts';
import type { SlashCommand } from './command.ts';

/** `/ask question:<text>`: what fans want, answered from the findings (by the model when configured). */
export const askCommand = {
  data: new SlashCommandBuilder()
    .setName(c.ask.name.en)
    .setNameLocalizations({ de: c.ask.name.de })
    .setDescription(c.ask.description.en)
    .setDescriptionLocalizations({ de: c.ask.description.de })
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((o) =>
      o
        .setName(c.ask.options.question.name.en)
        .setNameLocalizations({ de: c.ask.options.question.name.de })
        .setDescription(c.ask.options.question.description.en)
        .setDescriptionLocalizations({ de: c.ask.options.question.description.de })
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_CHARS),
    ),

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    // why: a model can take seconds, past Discord's 3 s; the findings alone answer at once
    if (ctx.rewriter) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await askReply(ctx, question, 'ask', { guildId: interaction.guildId, userId: interaction.user.id });
    if (interaction.deferred) await interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS });
    else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies SlashCommand;
