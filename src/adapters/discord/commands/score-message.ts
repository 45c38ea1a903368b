import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
} from 'discord.js';
import { notice } from '../views/format.ts';
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
    await ctx.answers.reply(interaction, { text, platform: ctx.defaults.platform, lang: ctx.defaults.lang, replyLang: ctx.lang }, { source: 'score-message', lang: ctx.lang, ephemeral: true });
  },
} satisfies MessageCommand;
