import { MessageFlags } from 'discord.js';
import { parseKind } from '../../../core/post-kind.ts';
import type { Button } from '../handler.ts';
import { scoreReply } from '../score-reply.ts';
import { commonText } from '../views/common.ts';
import { NO_MENTIONS, notice } from '../views/format.ts';

/** "kind:<ref>:<kind>": the same post judged as another kind (a reply, a service notice, marketing). */
export const kind = {
  prefix: 'kind',
  cooldown: true,
  async execute(interaction, ctx, [ref, target]) {
    const post = ctx.posts.get(ref ?? '');
    const chosen = parseKind(target ?? '');
    if (!post || !chosen || chosen === 'auto') {
      await interaction.reply(notice(commonText(ctx.lang).expired));
      return;
    }
    const reply = await scoreReply(ctx, { ...post, kind: chosen, replyLang: ctx.lang }, 'kind-button', interaction.guildId);
    // why: as with the platform button, a private score is replaced, a public one answered privately
    if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.update({ ...reply, allowedMentions: NO_MENTIONS });
    else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Button;
