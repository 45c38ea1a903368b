import { MessageFlags } from 'discord.js';
import { parseKind } from '../../../core/post-kind.ts';
import type { Button } from '../handler.ts';
import { commonText } from '../views/common.ts';
import { notice } from '../views/format.ts';

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
    // why: as with the platform button, a private score is replaced, a public one answered privately
    const own = interaction.message.flags.has(MessageFlags.Ephemeral);
    await ctx.answers.reply(interaction, { ...post, kind: chosen, replyLang: ctx.lang }, { source: 'kind-button', lang: ctx.lang, ephemeral: true, update: own });
  },
} satisfies Button;
