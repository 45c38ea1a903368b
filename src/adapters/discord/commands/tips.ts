import {
  ApplicationIntegrationType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Guild,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { DailyTips } from '../../../app/tips/daily-tips.ts';
import { Lang } from '../../../core/post.ts';
import { canonicalTimeZone, localParts, suggestTimeZones } from '../../../core/schedule.ts';
import { UserError } from '../../../errors.ts';
import { NO_MENTIONS, notice } from '../views/format.ts';
import { langOf } from '../views/format.ts';
import { renderPostNow, renderTip, renderTipsProblems, renderTipsSaved, renderTipStatus, tipsUi } from '../views/tips.ts';
import { localized } from './localized.ts';
import { missingTipPermissions, TIP_CHANNEL_TYPES } from '../tip-publisher.ts';
import type { CallContext } from '../context.ts';
import type { SlashCommand } from '../handler.ts';
import { commonText } from '../views/common.ts';

const c = {
  name: { en: 'tips', de: 'tipps' },
  description: { en: 'A daily study-backed tip for your team, posted in a channel', de: 'Jeden Tag ein Tipp mit Studienbeleg für dein Team, in einem Kanal' },
  set: {
    name: { en: 'set', de: 'einrichten' },
    description: { en: 'Choose the channel and the local time of the daily tip', de: 'Kanal und Uhrzeit (Ortszeit) für den täglichen Tipp wählen' },
    options: {
      channel: { name: { en: 'channel', de: 'kanal' }, description: { en: 'Where the tip is posted', de: 'Wo der Tipp gepostet wird' } },
      time: { name: { en: 'time', de: 'uhrzeit' }, description: { en: '24-hour local time, e.g. 09:00', de: 'Ortszeit im 24-Stunden-Format, z. B. 09:00' } },
      timezone: { name: { en: 'timezone', de: 'zeitzone' }, description: { en: 'Start typing a city, e.g. Berlin or New York', de: 'Tippe eine Stadt, z. B. Berlin oder Wien' } },
      days: { name: { en: 'days', de: 'tage' }, description: { en: 'Which days: daily (default), mon-fri, weekends, mon,wed,fri …', de: 'Welche Tage: täglich (Standard), mo-fr, wochenende, mo,mi,fr …' } },
      language: { name: { en: 'language', de: 'sprache' }, description: { en: 'Language of the tips (default: the server’s language)', de: 'Sprache der Tipps (Standard: Sprache des Servers)' } },
    },
  },
  status: {
    name: { en: 'status', de: 'status' },
    description: { en: 'When the next tip comes and how the last one went', de: 'Wann der nächste Tipp kommt und wie der letzte lief' },
  },
  off: { name: { en: 'off', de: 'aus' }, description: { en: 'Stop the daily tips', de: 'Die täglichen Tipps abschalten' } },
  now: {
    name: { en: 'now', de: 'jetzt' },
    description: { en: 'Post an extra tip now; the scheduled one still comes', de: 'Jetzt einen zusätzlichen Tipp posten; der geplante kommt trotzdem' },
  },
  preview: {
    name: { en: 'preview', de: 'vorschau' },
    description: { en: 'See the next tip yourself, without posting it', de: 'Den nächsten Tipp selbst ansehen, ohne ihn zu posten' },
  },
  languageChoices: { en: { en: 'English', de: 'Englisch' }, de: { en: 'German', de: 'Deutsch' } },
} as const;
const o = c.set.options;

const languageChoices = Lang.options.map((l) => ({ name: c.languageChoices[l].en, name_localizations: { de: c.languageChoices[l].de }, value: l }));

type Sub = 'set' | 'status' | 'off' | 'now' | 'preview';

/** Subcommands that change what the channel gets; Manage Server only. */
const MANAGING: ReadonlySet<Sub> = new Set(['set', 'off', 'now']);

// The zones offered before anything is typed: the server's likely zone first (from its locale),
// then zones that cover most people.
const COMMON_ZONES = [
  'UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome',
  'Europe/Amsterdam', 'Europe/Warsaw', 'Europe/Stockholm', 'Europe/Istanbul', 'America/New_York', 'America/Chicago',
  'America/Denver', 'America/Los_Angeles', 'America/Toronto', 'America/Mexico_City', 'America/Sao_Paulo', 'Asia/Dubai',
  'Asia/Kolkata', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney', 'Pacific/Auckland',
];
const LOCALE_ZONES: Readonly<Record<string, readonly string[]>> = {
  de: ['Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich'],
  'en-GB': ['Europe/London'],
  'en-US': ['America/New_York', 'America/Chicago', 'America/Los_Angeles'],
  fr: ['Europe/Paris'], 'es-ES': ['Europe/Madrid'], 'es-419': ['America/Mexico_City'], it: ['Europe/Rome'], nl: ['Europe/Amsterdam'],
  pl: ['Europe/Warsaw'], 'sv-SE': ['Europe/Stockholm'], da: ['Europe/Copenhagen'], no: ['Europe/Oslo'], fi: ['Europe/Helsinki'],
  cs: ['Europe/Prague'], hu: ['Europe/Budapest'], ro: ['Europe/Bucharest'], el: ['Europe/Athens'], bg: ['Europe/Sofia'],
  uk: ['Europe/Kyiv'], ru: ['Europe/Moscow'], tr: ['Europe/Istanbul'], 'pt-BR': ['America/Sao_Paulo'], ja: ['Asia/Tokyo'],
  ko: ['Asia/Seoul'], 'zh-CN': ['Asia/Shanghai'], 'zh-TW': ['Asia/Taipei'], hi: ['Asia/Kolkata'], th: ['Asia/Bangkok'],
  vi: ['Asia/Ho_Chi_Minh'], id: ['Asia/Jakarta'], he: ['Asia/Jerusalem'],
};

function likelyZones(locale: string | null | undefined): readonly string[] {
  if (!locale) return [];
  return LOCALE_ZONES[locale] ?? LOCALE_ZONES[locale.split('-')[0]!] ?? [];
}

/** "+02:00", "-05:00", "+05:30". */
function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

async function guildOf(interaction: ChatInputCommandInteraction): Promise<Guild> {
  if (!interaction.inGuild()) throw new UserError('guild_only');
  return interaction.guild ?? (await interaction.client.guilds.fetch(interaction.guildId));
}

async function reply(interaction: ChatInputCommandInteraction, text: string): Promise<void> {
  await interaction.reply(notice(text));
}

const handlers: Record<Sub, (interaction: ChatInputCommandInteraction, ctx: CallContext, tips: DailyTips, guild: Guild) => Promise<void>> = {
  async set(interaction, ctx, tips, guild) {
    const t = tipsUi(ctx.lang);
    const options = interaction.options;
    const channelId = String(options.get(o.channel.name.en, true).value);
    const channel = guild.channels.cache.get(channelId) ?? (await guild.channels.fetch(channelId).catch(() => null));
    if (!channel || !(TIP_CHANNEL_TYPES as readonly number[]).includes(channel.type)) return reply(interaction, t.notTextChannel(`<#${channelId}>`));
    const me = guild.members.me ?? (await guild.members.fetchMe().catch(() => null));
    const missing = missingTipPermissions(channel, me);
    if (missing && missing.length > 0) return reply(interaction, t.missingPermissions(`<#${channelId}>`, missing.map((p) => t.permission[p])));

    const input = {
      channelId,
      time: options.getString(o.time.name.en, true),
      tz: options.getString(o.timezone.name.en, true),
      days: options.getString(o.days.name.en) ?? undefined,
      lang: Lang.safeParse(options.getString(o.language.name.en)).data ?? langOf(guild.preferredLocale),
    };
    const result = await tips.setSchedule(guild.id, input);
    if (!result.ok) return reply(interaction, renderTipsProblems(result.problems, input, ctx.lang));
    await reply(interaction, renderTipsSaved(result.status, ctx.lang));
  },

  async status(interaction, ctx, tips, guild) {
    const status = await tips.status(guild.id);
    if (!status) return reply(interaction, tipsUi(ctx.lang).notSetUp);
    await interaction.reply({ embeds: [renderTipStatus(status, ctx.lang)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },

  async off(interaction, ctx, tips, guild) {
    const t = tipsUi(ctx.lang);
    await reply(interaction, (await tips.disable(guild.id)) ? t.turnedOff : t.notSetUp);
  },

  async now(interaction, ctx, tips, guild) {
    const t = tipsUi(ctx.lang);
    const before = await tips.status(guild.id);
    if (!before) return reply(interaction, t.notSetUp);
    if (!before.enabled) return reply(interaction, t.isOff);
    if (before.failingReason !== null) return reply(interaction, t.statusFailing(t.reason(before.failingReason)));
    // why: posting goes to Discord and may wait on a rate limit; deferring buys up to 15 minutes
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await tips.postNow(guild.id);
    const after = (await tips.status(guild.id)) ?? before;
    await interaction.editReply({ content: renderPostNow(result, after, ctx.lang), allowedMentions: NO_MENTIONS });
  },

  async preview(interaction, ctx, tips, guild) {
    const t = tipsUi(ctx.lang);
    const next = await tips.preview(guild.id);
    if (!next) return reply(interaction, t.noTips);
    const lang = (await tips.status(guild.id)) ? next.lang : langOf(guild.preferredLocale);
    const rendered = renderTip(next.tip, ctx.advisor.findings.get(next.tip.finding), lang);
    await interaction.reply({ content: t.previewNote, ...rendered, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
};

/**
 * /tips set | status | off | now | preview: a daily study-backed tip in a channel at the
 * server's local time. Discord shows the command only to members with Manage Server
 * (default_member_permissions); the handler checks again for the subcommands that change things,
 * because a server can override who sees a command.
 */
export const tips = {
  data: localized(new SlashCommandBuilder(), c)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((s) =>
      localized(s, c.set)
        .addChannelOption((x) => localized(x, o.channel).setRequired(true).addChannelTypes(...TIP_CHANNEL_TYPES))
        .addStringOption((x) => localized(x, o.time).setRequired(true).setMaxLength(10))
        .addStringOption((x) => localized(x, o.timezone).setRequired(true).setAutocomplete(true).setMaxLength(64))
        .addStringOption((x) => localized(x, o.days).setMaxLength(60))
        .addStringOption((x) => localized(x, o.language).addChoices(...languageChoices)),
    )
    .addSubcommand((s) => localized(s, c.status))
    .addSubcommand((s) => localized(s, c.off))
    .addSubcommand((s) => localized(s, c.now))
    .addSubcommand((s) => localized(s, c.preview)),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    const handler = Object.hasOwn(handlers, sub) ? handlers[sub as Sub] : undefined;
    if (!handler) return reply(interaction, commonText(ctx.lang).unknownCommand);
    const guild = await guildOf(interaction);
    if (MANAGING.has(sub as Sub) && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) throw new UserError('tips_no_permission');
    if (!ctx.tips) return reply(interaction, tipsUi(ctx.lang).unavailable);
    await handler(interaction, ctx, ctx.tips, guild);
  },

  /** Time zones for `timezone`: matches for what is typed, or the likely and common zones. */
  async autocomplete(interaction: AutocompleteInteraction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name !== o.timezone.name.en) return void (await interaction.respond([]));
    const query = focused.value.trim();
    let zones: string[];
    if (query !== '') zones = suggestTimeZones(query, 25);
    else {
      const current = interaction.guildId ? (await ctx.tips?.status(interaction.guildId))?.tz : undefined;
      const wanted = [current, ...likelyZones(interaction.guildLocale), ...likelyZones(interaction.locale), ...COMMON_ZONES];
      zones = [...new Set(wanted.map((z) => (z ? canonicalTimeZone(z) : undefined)).filter((z): z is string => z !== undefined))].slice(0, 25);
    }
    const now = (ctx.clock ?? (() => new Date()))();
    const t = tipsUi(ctx.lang);
    await interaction.respond(
      zones.map((zone) => {
        const local = localParts(now, zone);
        return { name: t.zoneChoice(zone, offsetText(local.offsetMinutes), local.time), value: zone };
      }),
    );
  },
} satisfies SlashCommand;
