import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
} from 'discord.js';
import { NO_MENTIONS, notice } from '../render.ts';
import { scoreReply } from '../score-reply.ts';
import { commandText as c, ui } from '../strings.ts';
import type { MessageCommand } from './command.ts';

/** Right-click a message → Apps → "Score this post". Discord sends the target's content without the MessageContent intent. */
export const scoreMessage = {
  data: new ContextMenuCommandBuilder()
    .setName(c.scoreMessage.name.en)
    .setNameLocalizations({ de: c.scoreMessage.name.de })
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall),

  cooldown: (interaction) => interaction.targetMessage.content.trim() !== '',

  async execute(interaction, ctx) {
    const text = interaction.targetMessage.content;
    if (text.trim() === '') {
      await interaction.reply(notice(ui(ctx.lang).emptyTarget));
      return;
    }
    const reply = scoreReply(ctx, { text, platform: ctx.defaults.platform, lang: ctx.defaults.lang, replyLang: ctx.lang }, 'score-message', interaction.guildId);
    await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies MessageCommand;
