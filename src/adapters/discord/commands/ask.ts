import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../../app/ask.ts';
import { askReply } from '../llm-reply.ts';
import { NO_MENTIONS } from '../views/format.ts';
import { localized } from './localized.ts';
import type { SlashCommand } from '../handler.ts';

const text = {
  name: { en: 'ask', de: 'fragen' },
  description: { en: 'Ask what fans want; the answer comes from the research findings, with sources', de: 'Frag, was Fans wollen; die Antwort kommt aus den Forschungsbefunden, mit Quellen' },
  options: {
    question: { name: { en: 'question', de: 'frage' }, description: { en: 'e.g. What do fans want most from a brand page?', de: 'z. B. Was wollen Fans von einer Markenseite am meisten?' } },
  },
} as const;

/** `/ask question:<text>`: what fans want, answered from the findings (by the model when configured). */
export const askCommand = {
  data: localized(new SlashCommandBuilder(), text)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((o) =>
      localized(o, text.options.question)
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
