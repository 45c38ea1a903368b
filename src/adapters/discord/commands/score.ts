import {
  type SlashCommandStringOption,
  ApplicationIntegrationType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { Lang, parseLang, parsePlatform, Platform } from '../../../core/post.ts';
import { UserError } from '../../../errors.ts';
import { NO_MENTIONS } from '../render.ts';
import { scoreReply } from '../score-reply.ts';
import { commandText as c, ui } from '../strings.ts';
import type { CallContext } from '../context.ts';
import type { Modal, SlashCommand } from './command.ts';

const PLATFORM_LABEL: Record<Platform, string> = { facebook: 'Facebook', twitter: 'X/Twitter' };
/** Choices come from the core enums, so commands, config and rules can't disagree. */
export const platformChoices = Platform.options.map((p) => ({ name: PLATFORM_LABEL[p], value: p }));
export const languageChoices = (['auto', ...Lang.options] as const).map((l) => ({
  name: c.languageChoices[l].en,
  name_localizations: { de: c.languageChoices[l].de },
  value: l,
}));

/** Slash options allow 6,000 characters; a modal text input 4,000. */
export const MAX_OPTION = 6_000;
const MAX_MODAL = 4_000;

export interface ScoreOptions {
  text: string | null;
  platform: Platform;
  lang: Lang | 'auto';
  isPublic: boolean;
}

/** The post options /score and /rewrite share (`public` is false for /rewrite, which has none). */
export function readOptions(interaction: ChatInputCommandInteraction, ctx: CallContext): ScoreOptions {
  const o = interaction.options;
  return {
    text: o.getString('post'),
    platform: parsePlatform(o.getString('platform') ?? '') ?? ctx.defaults.platform,
    lang: parseLang(o.getString('language') ?? '') ?? ctx.defaults.lang,
    isPublic: o.getBoolean('public') ?? false,
  };
}

/**
 * Posts have line breaks and slash options don't, so /score without `post` opens this form;
 * /rewrite opens the same form (`purpose: 'rewrite'`), submitted as `rewrite-form:<language>`.
 */
export function formFor(options: Omit<ScoreOptions, 'text'>, lang: Lang, purpose: 'score' | 'rewrite' = 'score'): ModalBuilder {
  const t = ui(lang);
  return new ModalBuilder()
    .setCustomId(purpose === 'rewrite' ? `rewrite-form:${options.lang}` : `score:${options.lang}:${options.isPublic ? 1 : 0}`)
    .setTitle(purpose === 'rewrite' ? t.rewriteModalTitle : t.modalTitle)
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(t.modalPost)
        .setDescription(t.modalPostHint)
        .setTextInputComponent(new TextInputBuilder().setCustomId('post').setStyle(TextInputStyle.Paragraph).setMaxLength(MAX_MODAL).setRequired(true)),
      new LabelBuilder()
        .setLabel(t.modalPlatform)
        .setDescription(t.modalPlatformHint)
        .setTextInputComponent(
          new TextInputBuilder().setCustomId('platform').setStyle(TextInputStyle.Short).setMaxLength(20).setRequired(true).setValue(options.platform === 'twitter' ? 'x' : 'facebook'),
        ),
    );
}

/** The post options /score and /rewrite share (Discord wants required options first). */
export const platformOption = (o: SlashCommandStringOption) =>
  o
    .setName(c.score.options.platform.name.en)
    .setNameLocalizations({ de: c.score.options.platform.name.de })
    .setDescription(c.score.options.platform.description.en)
    .setDescriptionLocalizations({ de: c.score.options.platform.description.de })
    .setRequired(true)
    .addChoices(...platformChoices);

export const postOption = (o: SlashCommandStringOption) =>
  o
    .setName(c.score.options.post.name.en)
    .setNameLocalizations({ de: c.score.options.post.name.de })
    .setDescription(c.score.options.post.description.en)
    .setDescriptionLocalizations({ de: c.score.options.post.description.de })
    .setMaxLength(MAX_OPTION);

export const languageOption = (o: SlashCommandStringOption) =>
  o
    .setName(c.score.options.language.name.en)
    .setNameLocalizations({ de: c.score.options.language.name.de })
    .setDescription(c.score.options.language.description.en)
    .setDescriptionLocalizations({ de: c.score.options.language.description.de })
    .addChoices(...languageChoices);

export const score = {
  data: new SlashCommandBuilder()
    .setName(c.score.name.en)
    .setNameLocalizations({ de: c.score.name.de })
    .setDescription(c.score.description.en)
    .setDescriptionLocalizations({ de: c.score.description.de })
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption(platformOption)
    .addStringOption(postOption)
    .addStringOption(languageOption)
    .addBooleanOption((o) =>
      o
        .setName(c.score.options.public.name.en)
        .setNameLocalizations({ de: c.score.options.public.name.de })
        .setDescription(c.score.options.public.description.en)
        .setDescriptionLocalizations({ de: c.score.options.public.description.de }),
    ),

  // why: opening the form costs nothing; only the scoring call counts against the cooldown
  cooldown: (interaction) => interaction.options.getString('post') !== null,

  async execute(interaction, ctx) {
    const options = readOptions(interaction, ctx);
    if (options.text === null) {
      await interaction.showModal(formFor(options, ctx.lang));
      return;
    }
    const reply = scoreReply(ctx, { text: options.text, platform: options.platform, lang: options.lang, replyLang: ctx.lang }, 'score', interaction.guildId);
    await interaction.reply({ ...reply, flags: options.isPublic ? undefined : MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies SlashCommand;

/** The submitted /score form: customId `score:<language>:<public 0|1>`. */
export const scoreForm = {
  prefix: 'score',
  cooldown: true,
  async execute(interaction, ctx, [language, isPublic]) {
    const text = interaction.fields.getTextInputValue('post');
    const platformText = interaction.fields.getTextInputValue('platform');
    const platform = parsePlatform(platformText);
    if (!platform) throw new UserError('unknown_platform', { value: platformText });
    const lang = parseLang(language ?? '') ?? ctx.defaults.lang;
    const reply = scoreReply(ctx, { text, platform, lang, replyLang: ctx.lang }, 'score-form', interaction.guildId);
    await interaction.reply({ ...reply, flags: isPublic === '1' ? undefined : MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Modal;
