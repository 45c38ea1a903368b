import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { NO_MENTIONS, notice } from '../views/format.ts';
import { scoreReply } from '../score-reply.ts';
import { localized } from './localized.ts';
import type { MessageCommand } from '../handler.ts';
import { scoreText } from '../views/score.ts';

const text = { name: { en: 'Score this post', de: 'Post bewerten' } } as const;

/** Right-click a message → Apps → "Score this post". Discord sends the target's content without the MessageContent intent. */
export const scoreMessage = {
  data: localized(new ContextMenuCommandBuilder(), text)
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  cooldown: (interaction) => interaction.targetMessage.content.trim() !== '',

  async execute(interaction, ctx) {
    const text = interaction.targetMessage.content;
    if (text.trim() === '') {
      await interaction.reply(notice(scoreText(ctx.lang).emptyTarget));
      return;
    }
    const reply = await scoreReply(ctx, { text, platform: ctx.defaults.platform, lang: ctx.defaults.lang, replyLang: ctx.lang }, 'score-message', interaction.guildId);
    await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies MessageCommand;
