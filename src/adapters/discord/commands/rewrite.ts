import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { parseLang, parsePlatform } from '../../../core/post.ts';
import { UserError } from '../../../errors.ts';
import { rewriteReply } from '../llm-reply.ts';
import { NO_MENTIONS } from '../views/format.ts';
import { localized } from './localized.ts';
import type { Modal, SlashCommand } from '../handler.ts';
import { formFor, languageOption, platformOption, postOption, readOptions } from './post-options.ts';

const text = {
  name: { en: 'rewrite', de: 'umschreiben' },
  description: { en: 'Rewrite a post with a language model; only versions that score higher are shown', de: 'Lass einen Post vom Sprachmodell umschreiben; nur besser bewertete Versionen erscheinen' },
} as const;

/**
 * `/rewrite post:<text> platform:<…> [language]`: the Rewrite button for a post typed in. Without
 * `post` it opens the /score form. Without a language model it says how to enable one.
 */
export const rewrite = {
  data: localized(new SlashCommandBuilder(), text)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption(platformOption)
    .addStringOption(postOption)
    .addStringOption(languageOption),

  // why: no scoring cooldown; model requests have their own (llm.cooldown_seconds) in rewritePost

  async execute(interaction, ctx) {
    if (!ctx.rewriter) throw new UserError('llm_disabled');
    const options = readOptions(interaction, ctx);
    if (options.text === null) return void (await interaction.showModal(formFor(options, ctx.lang, 'rewrite')));
    await interaction.deferReply({ flags: MessageFlags.Ephemeral }); // a model may take seconds
    const reply = await rewriteReply(ctx, { text: options.text, platform: options.platform, lang: options.lang }, 'rewrite', { guildId: interaction.guildId, userId: interaction.user.id });
    await interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS });
  },
} satisfies SlashCommand;

/** The submitted /rewrite form: customId `rewrite-form:<language>`. */
export const rewriteForm = {
  prefix: 'rewrite-form',
  async execute(interaction, ctx, [language]) {
    if (!ctx.rewriter) throw new UserError('llm_disabled');
    const text = interaction.fields.getTextInputValue('post');
    const platformText = interaction.fields.getTextInputValue('platform');
    const platform = parsePlatform(platformText);
    if (!platform) throw new UserError('unknown_platform', { value: platformText });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const lang = parseLang(language ?? '') ?? ctx.defaults.lang;
    const reply = await rewriteReply(ctx, { text, platform, lang }, 'rewrite-form', { guildId: interaction.guildId, userId: interaction.user.id });
    await interaction.editReply({ ...reply, allowedMentions: NO_MENTIONS });
  },
} satisfies Modal;
