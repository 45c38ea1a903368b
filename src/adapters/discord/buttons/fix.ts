import { ComponentType, MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { correctScore, ignoredRulesOf } from '../../../app/corrections.ts';
import { scorePost } from '../../../app/score-post.ts';
import { CategoryId } from '../../../core/category.ts';
import type { Lang } from '../../../core/post.ts';
import type { CallContext } from '../context.ts';
import type { Button, Modal } from '../handler.ts';
import { commonText } from '../views/common.ts';
import { correctionText, renderCorrectionForm, renderRescored } from '../views/corrections.ts';
import { NO_MENTIONS, notice } from '../views/format.ts';
import { renderScore } from '../views/score.ts';

const titleOf = (ctx: CallContext) => (id: CategoryId, lang: Lang) => ctx.advisor.categories.get(id)?.title[lang] ?? id;

/** "fix:<ref>": "Not right?" under a score opens the form to mark categories wrong or missing. */
export const fix = {
  prefix: 'fix',
  async execute(interaction, ctx, [ref]) {
    const post = ctx.posts.get(ref ?? '');
    if (!post) return void (await interaction.reply(notice(commonText(ctx.lang).expired)));
    // why: the form lists what the score shown found, so it scores as that reply did
    const report = scorePost(ctx.advisor, { ...post, ignoredRules: await ignoredRulesOf(ctx, interaction.guildId) });
    await interaction.showModal(renderCorrectionForm(ref!, report, titleOf(ctx), ctx.lang));
  },
} satisfies Button;

/** The chosen category ids of a select in the form; none when the list was left out or empty. */
function chosen(interaction: ModalSubmitInteraction, customId: string): CategoryId[] {
  const field = interaction.fields.fields.get(customId);
  if (!field || field.type !== ComponentType.StringSelect) return [];
  return field.values.flatMap((v) => CategoryId.safeParse(v).data ?? []);
}

function shared(interaction: ModalSubmitInteraction): boolean {
  const field = interaction.fields.fields.get('share');
  return field?.type === ComponentType.Checkbox && field.value === true;
}

/**
 * The submitted "Not right?" form (`fix:<ref>`): re-scores at once with the correction and keeps
 * it (the text only when "share" is ticked). A private score is replaced in place; a public one
 * belongs to the channel, so the user gets the corrected score privately.
 */
export const fixForm = {
  prefix: 'fix',
  // why: no scoring cooldown; the form is submitted seconds after the score it corrects, and a
  // refusal then would cost the user the correction they just made
  async execute(interaction, ctx, [ref]) {
    const post = ctx.posts.get(ref ?? '');
    if (!post) return void (await interaction.reply(notice(commonText(ctx.lang).expired)));
    const correction = { wrong: chosen(interaction, 'wrong'), missing: chosen(interaction, 'missing') };
    const share = shared(interaction);
    const { report, corrections } = await correctScore(ctx, { ...post, replyLang: ctx.lang, earlier: post.corrections, correction, share }, interaction.guildId);
    const changed = correction.wrong.length > 0 || correction.missing.length > 0;
    const next = ctx.posts.put({ ...post, corrections });
    const t = correctionText(ctx.lang);
    const reply = { content: changed ? renderRescored(corrections, share, titleOf(ctx), ctx.lang) : t.nothingChanged, ...renderScore(report, { ref: next, post: post.text, rewrite: ctx.rewriter !== undefined }), allowedMentions: NO_MENTIONS };
    if (interaction.isFromMessage() && interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.update(reply);
    else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
  },
} satisfies Modal;
