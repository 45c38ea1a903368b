// The post options /score and /rewrite share: slash options (Discord wants required ones first),
// how they are read, and the form that takes their place for multi-line posts.
import {
  type ChatInputCommandInteraction,
  LabelBuilder,
  ModalBuilder,
  type SlashCommandStringOption,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { Lang, parseLang, parsePlatform, Platform } from '../../../core/post.ts';
import type { CallContext } from '../context.ts';
import { rewriteText } from '../views/rewrite.ts';
import { scoreText } from '../views/score.ts';
import { localized } from './localized.ts';

const text = {
  platform: { name: { en: 'platform', de: 'plattform' }, description: { en: 'Where the post will be published', de: 'Wo der Post erscheinen soll' } },
  post: { name: { en: 'post', de: 'post' }, description: { en: 'The post text (leave empty to open a form for multi-line posts)', de: 'Der Text des Posts (leer lassen für ein Formular mit Zeilenumbrüchen)' } },
  language: { name: { en: 'language', de: 'sprache' }, description: { en: 'Language of the post (default: detect)', de: 'Sprache des Posts (Standard: erkennen)' } },
  languageChoices: { auto: { en: 'Detect', de: 'Erkennen' }, en: { en: 'English', de: 'Englisch' }, de: { en: 'German', de: 'Deutsch' } },
} as const;

const PLATFORM_LABEL: Record<Platform, string> = { facebook: 'Facebook', twitter: 'X/Twitter' };
/** Choices come from the core enums, so commands, config and rules can't disagree. */
export const platformChoices = Platform.options.map((p) => ({ name: PLATFORM_LABEL[p], value: p }));
export const languageChoices = (['auto', ...Lang.options] as const).map((l) => ({
  name: text.languageChoices[l].en,
  name_localizations: { de: text.languageChoices[l].de },
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

/** The post options as given (`public` is false for /rewrite, which has none). */
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
  const t = { ...scoreText(lang), ...rewriteText(lang) };
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

export const platformOption = (o: SlashCommandStringOption) =>
  localized(o, text.platform)
    .setRequired(true)
    .addChoices(...platformChoices);

export const postOption = (o: SlashCommandStringOption) =>
  localized(o, text.post)
    .setMaxLength(MAX_OPTION);

export const languageOption = (o: SlashCommandStringOption) =>
  localized(o, text.language)
    .addChoices(...languageChoices);
