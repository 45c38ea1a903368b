import { MessageFlags } from 'discord.js';
import { UserError } from '../../../errors.ts';
import type { Button } from '../handler.ts';
import { rewriteReply } from '../llm-reply.ts';
import { NO_MENTIONS, notice } from '../views/format.ts';
import { commonText } from '../views/common.ts';

/**
 * "rewrite:<ref>": shown only when a language model is configured. Answers privately: it defers
 * at once (the model may take seconds), then edits in the versions that score higher, or the
 * rule-based suggestions when none does or the model fails.
 */
export const rewrite = {
  prefix: 'rewrite',
  // why: no scoring cooldown, or a click right after /score would be refused; model requests have
  // their own per-user cooldown and per-server budget (llm.*), checked in rewritePost
  async execute(interaction, ctx, [ref]) {
    // why: a button from before a restart without the model configured
    if (!ctx.rewriter) throw new UserError('llm_disabled');
    const post = ctx.posts.get(ref ?? '');
    if (!post) return void (await interaction.reply(notice(commonText(ctx.lang).expired)));
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await rewriteReply(ctx, post, 'rewrite-button', { guildId: interaction.guildId, userId: interaction.user.id });
    await interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS });
  },
} satisfies Button;
