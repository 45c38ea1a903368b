import { MessageFlags } from 'discord.js';
import { parsePlatform } from '../../../core/post.ts';
import type { Button } from '../handler.ts';
import { NO_MENTIONS, notice } from '../views/format.ts';
import { scoreReply } from '../score-reply.ts';
import { commonText } from '../views/common.ts';

/** "platform:<ref>:<platform>": the same post scored for the other platform. */
export const platform = {
  prefix: 'platform',
  cooldown: true,
  async execute(interaction, ctx, [ref, target]) {
    const post = ctx.posts.get(ref ?? '');
    const to = parsePlatform(target ?? '');
    if (!post || !to) {
      await interaction.reply(notice(commonText(ctx.lang).expired));
      return;
    }
    const reply = await scoreReply(ctx, { ...post, platform: to, replyLang: ctx.lang }, 'platform-button', interaction.guildId);
    // why: a private score is the clicker's own, so it is replaced in place; a public one belongs
    // to the channel, so the clicker gets the other platform's score privately instead
    if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.update({ ...reply, allowedMentions: NO_MENTIONS });
    else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Button;
