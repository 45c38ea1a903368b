import {
  ApplicationIntegrationType,
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { auditPage } from '../../../app/audit-page.ts';
import { withoutTexts } from '../../../core/audit/audit.ts';
import type { AuditResult } from '../../../core/audit/result.ts';
import { parsePlatform } from '../../../core/post.ts';
import { UserError } from '../../../errors.ts';
import { ExportProblem, openExport } from '../../audit/read-export.ts';
import { auditCharts } from '../../charts/audit-charts.ts';
import type { CallContext } from '../context.ts';
import type { SlashCommand } from '../handler.ts';
import { renderAudit, renderAuditProgress } from '../views/audit.ts';
import { NO_MENTIONS } from '../views/format.ts';
import { localized } from './localized.ts';
import { platformChoices } from './post-options.ts';

const text = {
  name: { en: 'audit', de: 'audit' },
  description: { en: 'Your page’s own perception gap, from a Facebook or X export of its posts', de: 'Die Wahrnehmungslücke deiner Seite, aus einem Facebook- oder X-Export ihrer Posts' },
  upload: {
    name: { en: 'upload', de: 'hochladen' },
    description: { en: 'Audit past posts from an export (CSV from Meta Business Suite or X analytics)', de: 'Vergangene Posts aus einem Export prüfen (CSV aus Meta Business Suite oder X Analytics)' },
    file: { name: { en: 'file', de: 'datei' }, description: { en: 'The posts export: CSV (or JSONL) with post text and engagement', de: 'Der Post-Export: CSV (oder JSONL) mit Posttext und Engagement' } },
    platform: { name: { en: 'platform', de: 'plattform' }, description: { en: 'Where the posts were published (default: from the export)', de: 'Wo die Posts erschienen sind (Standard: aus dem Export)' } },
  },
  last: { name: { en: 'last', de: 'letztes' }, description: { en: 'Show this server’s last audit again', de: 'Das letzte Audit dieses Servers noch einmal zeigen' } },
} as const;

const DOWNLOAD_TIMEOUT_MS = 60_000;
/** A big export shows how far it got, at most this often (Discord allows 5 edits in 5 s per interaction). */
const PROGRESS_EVERY_MS = 3_000;

/** Manage Server, or the role the config names (by id or by name). */
function allowed(interaction: ChatInputCommandInteraction, ctx: CallContext): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const role = ctx.audit.role.trim();
  if (role === '' || !interaction.inGuild()) return false;
  const roles = interaction.member.roles;
  const ids = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return ids.some((id) => id === role || interaction.guild?.roles.cache.get(id)?.name === role);
}

function checkAllowed(interaction: ChatInputCommandInteraction, ctx: CallContext): string {
  if (!interaction.inGuild()) throw new UserError('guild_only');
  if (!allowed(interaction, ctx)) throw new UserError(ctx.audit.role.trim() ? 'audit_no_permission_role' : 'audit_no_permission', { role: ctx.audit.role.trim() });
  return interaction.guildId;
}

async function reply(interaction: ChatInputCommandInteraction, ctx: CallContext, audit: AuditResult, saved: boolean, clearProgress = false): Promise<void> {
  const charts = auditCharts(ctx.advisor, audit, { theme: 'dark', lang: ctx.lang });
  await interaction.editReply({
    ...(clearProgress ? { content: '' } : {}),
    embeds: renderAudit(ctx.advisor, audit, charts, ctx.lang, saved),
    files: charts.map((c) => new AttachmentBuilder(c.png, { name: c.name, description: c.title })),
    allowedMentions: NO_MENTIONS,
  });
}

async function upload(interaction: ChatInputCommandInteraction, ctx: CallContext): Promise<void> {
  const guildId = checkAllowed(interaction, ctx);
  const file = interaction.options.getAttachment(text.upload.file.name.en, true);
  if (file.size > ctx.audit.maxBytes) {
    throw new UserError('audit_too_big', { size: (file.size / 1024 / 1024).toFixed(1), max: String(Math.round(ctx.audit.maxBytes / 1024 / 1024)) });
  }
  const platform = parsePlatform(interaction.options.getString(text.upload.platform.name.en) ?? '');
  // why: a big export takes seconds to read and score; Discord wants an answer within 3
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const started = Date.now();
  let response: Response;
  try {
    response = await fetch(file.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    ctx.log.warn({ err, guildId }, 'audit: download failed');
    throw new UserError('audit_download');
  }
  if (!response.ok || !response.body) {
    ctx.log.warn({ status: response.status, guildId }, 'audit: download failed');
    throw new UserError('audit_download');
  }
  let audit: AuditResult;
  const now = () => (ctx.clock?.() ?? new Date()).getTime();
  let lastShown = now();
  // why a chain: an edit still on its way must not land after (and over) the answer
  let progress: Promise<unknown> = Promise.resolve();
  let showedProgress = false;
  try {
    const opened = await openExport(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), { platform });
    audit = await auditPage(ctx.advisor, opened, {
      lang: ctx.lang,
      // why: scored on the bot's scoring threads; the thread that talks to Discord only reads the file
      classify: ctx.auditScoring.classify,
      concurrency: ctx.auditScoring.concurrency,
      onProgress: (rows) => {
        const at = now();
        if (at - lastShown < PROGRESS_EVERY_MS) return;
        lastShown = at;
        showedProgress = true;
        const content = renderAuditProgress(rows, file.size > 0 ? opened.bytesRead() / file.size : 0, ctx.lang);
        progress = progress.then(() => interaction.editReply({ content, allowedMentions: NO_MENTIONS })).catch((err: unknown) => ctx.log.warn({ err, guildId }, 'audit: progress edit failed'));
      },
    });
  } catch (err) {
    if (!(err instanceof ExportProblem)) throw err;
    if (err.code === 'empty') throw new UserError('audit_empty');
    if (err.code === 'binary') throw new UserError('audit_binary');
    throw new UserError('audit_unknown_format', { found: err.found.slice(0, 25).join(', ') || '–' });
  } finally {
    await progress;
  }
  if (audit.posts === 0) {
    const first = audit.skipped[0];
    throw new UserError('audit_no_posts', { skipped: String(audit.skipped.length), first: first ? `${first.line}: ${first.reason}` : '–' });
  }
  // why: ids, counts and times only; post text never goes to the log
  ctx.log.info({ guildId, format: audit.format, posts: audit.posts, skipped: audit.skipped.length, bytes: file.size, ms: Date.now() - started }, 'audit done');
  const at = ctx.clock?.() ?? new Date();
  let saved = false;
  if (ctx.audits) {
    try {
      await ctx.audits.saveAudit(guildId, { at, lang: ctx.lang, result: ctx.audit.storePostText ? audit : withoutTexts(audit) });
      saved = true;
    } catch (err) {
      // why: the audit is done and shown all the same; only /audit last misses it
      ctx.log.warn({ err, guildId }, 'audit not saved; /audit last shows the one before');
    }
  }
  await reply(interaction, ctx, audit, saved, showedProgress);
}

async function last(interaction: ChatInputCommandInteraction, ctx: CallContext): Promise<void> {
  const guildId = checkAllowed(interaction, ctx);
  const stored = await ctx.audits?.lastAudit(guildId);
  if (!stored) throw new UserError('audit_none_yet');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await reply(interaction, ctx, stored.result, false);
}

export const audit = {
  data: localized(new SlashCommandBuilder(), text)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((s) =>
      localized(s, text.upload)
        .addAttachmentOption((o) => localized(o, text.upload.file).setRequired(true))
        .addStringOption((o) => localized(o, text.upload.platform).addChoices(...platformChoices)),
    )
    .addSubcommand((s) => localized(s, text.last)),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand();
    if (sub === text.upload.name.en) await upload(interaction, ctx);
    else await last(interaction, ctx);
  },
} satisfies SlashCommand;
