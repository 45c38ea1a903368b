import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { ignoreRule, listIgnoredRules, searchRules, unignoreRule } from '../../../app/corrections.ts';
import { UserError } from '../../../errors.ts';
import type { CallContext } from '../context.ts';
import type { SlashCommand } from '../handler.ts';
import { notice } from '../views/format.ts';
import { renderIgnored, renderIgnoredList, renderUnignored, ruleChoice } from '../views/rules.ts';
import { localized } from './localized.ts';

const rule = { name: { en: 'rule', de: 'regel' }, description: { en: 'The rule’s id; start typing to pick from the list', de: 'Die ID der Regel; tippe los und wähle aus der Liste' } };
const c = {
  name: { en: 'rules', de: 'regeln' },
  description: { en: 'Rules this server doesn’t want in its scores', de: 'Regeln, die dieser Server nicht in seinen Bewertungen will' },
  ignore: { name: { en: 'ignore', de: 'ignorieren' }, description: { en: 'Leave a rule out of every score in this server', de: 'Eine Regel in jeder Bewertung auf diesem Server weglassen' } },
  unignore: { name: { en: 'unignore', de: 'zulassen' }, description: { en: 'Let an ignored rule count again', de: 'Eine ignorierte Regel wieder zählen lassen' } },
  list: { name: { en: 'list', de: 'liste' }, description: { en: 'The rules this server ignores', de: 'Die Regeln, die dieser Server ignoriert' } },
} as const;

type Sub = 'ignore' | 'unignore' | 'list';

function guildIdOf(interaction: ChatInputCommandInteraction): string {
  if (!interaction.inGuild()) throw new UserError('guild_only');
  return interaction.guildId;
}

const handlers: Record<Sub, (interaction: ChatInputCommandInteraction, ctx: CallContext, guildId: string) => Promise<string>> = {
  async ignore(interaction, ctx, guildId) {
    const { rule: found, changed } = await ignoreRule(ctx, guildId, interaction.options.getString(rule.name.en, true));
    return renderIgnored(found.id, found, changed, ctx.lang);
  },
  async unignore(interaction, ctx, guildId) {
    const { id, rule: found } = await unignoreRule(ctx, guildId, interaction.options.getString(rule.name.en, true));
    return renderUnignored(id, found, ctx.lang);
  },
  async list(_interaction, ctx, guildId) {
    return renderIgnoredList(await listIgnoredRules(ctx, guildId), ctx.lang);
  },
};

/**
 * /rules ignore | unignore | list: a per-server list of rules its scores leave out. Discord shows
 * the command to members with Manage Server (default_member_permissions); the handler checks
 * again for the subcommands that change the list, because a server can override who sees it.
 */
export const rules = {
  data: localized(new SlashCommandBuilder(), c)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((s) => localized(s, c.ignore).addStringOption((o) => localized(o, rule).setRequired(true).setAutocomplete(true).setMaxLength(100)))
    .addSubcommand((s) => localized(s, c.unignore).addStringOption((o) => localized(o, rule).setRequired(true).setAutocomplete(true).setMaxLength(100)))
    .addSubcommand((s) => localized(s, c.list)),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand() as Sub;
    if (!Object.hasOwn(handlers, sub)) throw new UserError('not_allowed');
    const guildId = guildIdOf(interaction);
    if (sub !== 'list' && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) throw new UserError('rules_no_permission');
    await interaction.reply(notice(await handlers[sub](interaction, ctx, guildId)));
  },

  /** `ignore`: every rule matching what is typed; `unignore`: the server's ignored rules. */
  async autocomplete(interaction, ctx) {
    const query = interaction.options.getFocused().trim().toLowerCase();
    if (interaction.options.getSubcommand() === c.unignore.name.en) {
      const ignored = interaction.guildId ? await listIgnoredRules(ctx, interaction.guildId).catch(() => []) : [];
      const hits = ignored.filter((i) => i.id.toLowerCase().includes(query) || (i.rule?.title[ctx.lang].toLowerCase().includes(query) ?? false));
      return void (await interaction.respond(hits.slice(0, 25).map((i) => ruleChoice(i.id, i.rule, ctx.lang))));
    }
    await interaction.respond(searchRules(ctx.advisor, query, ctx.lang).map((r) => ruleChoice(r.id, r, ctx.lang)));
  },
} satisfies SlashCommand;
