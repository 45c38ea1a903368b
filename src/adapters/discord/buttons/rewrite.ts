import { UserError } from '../../../errors.ts';
import type { Button } from '../commands/command.ts';
import { notice } from '../render.ts';
import { ui } from '../strings.ts';

/**
 * "rewrite:<ref>": shown only when a language model is configured. Seam for the LLM issue, which
 * replaces the placeholder reply with a deferred call to the rewrite use case.
 */
export const rewrite = {
  prefix: 'rewrite',
  cooldown: true,
  async execute(interaction, ctx, [ref]) {
    if (ctx.rewriter === undefined || ctx.rewriter === null) throw new UserError('llm_disabled');
    const post = ctx.posts.get(ref ?? '');
    await interaction.reply(notice(post ? ui(ctx.lang).rewriteNotReady : ui(ctx.lang).expired));
  },
} satisfies Button;
