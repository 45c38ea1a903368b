import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { parseLang, parsePlatform } from '../../../core/post.ts';
import { UserError } from '../../../errors.ts';
import { scoreReply } from '../score-reply.ts';
import { NO_MENTIONS } from '../views/format.ts';
import type { Modal, SlashCommand } from '../handler.ts';
import { localized } from './localized.ts';
import { formFor, languageOption, platformOption, postOption, readOptions } from './post-options.ts';

const text = {
  name: { en: 'score', de: 'bewerten' },
  description: { en: 'Score a planned post and get the changes that raise it most', de: 'Bewerte einen geplanten Post und erhalte die wirksamsten Änderungen' },
  options: {
    public: { name: { en: 'public', de: 'öffentlich' }, description: { en: 'Show the result to the whole channel (default: only you)', de: 'Ergebnis allen im Kanal zeigen (Standard: nur dir)' } },
  },
} as const;

export const score = {
  data: localized(new SlashCommandBuilder(), text)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption(platformOption)
    .addStringOption(postOption)
    .addStringOption(languageOption)
    .addBooleanOption((o) => localized(o, text.options.public)),

  // why: opening the form costs nothing; only the scoring call counts against the cooldown
  cooldown: (interaction) => interaction.options.getString('post') !== null,

  async execute(interaction, ctx) {
    const options = readOptions(interaction, ctx);
    if (options.text === null) {
      await interaction.showModal(formFor(options, ctx.lang));
      return;
    }
    const reply = await scoreReply(ctx, { text: options.text, platform: options.platform, lang: options.lang, replyLang: ctx.lang }, 'score', interaction.guildId);
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
    const reply = await scoreReply(ctx, { text, platform, lang, replyLang: ctx.lang }, 'score-form', interaction.guildId);
    await interaction.reply({ ...reply, flags: isPublic === '1' ? undefined : MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Modal;
