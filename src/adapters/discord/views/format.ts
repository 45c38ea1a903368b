// Discord's formatting rules, shared by every view: its limits, no pings, colours, and cutting
// text and embeds to fit. Everything here is a pure function of its arguments.
import { MessageFlags, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type APIEmbedField, type MessageMentionOptions } from 'discord.js';
import type { Band } from '../../../core/engine.ts';
import type { Lang } from '../../../core/post.ts';

/** Discord's documented limits; anything longer is rejected with a 400. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  total: 6000,
  content: 2000,
} as const;

/** Sent on every message: a post quoting @everyone, roles or users must never ping anyone. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

export const COLOURS: Record<Band, number> = { strong: 0x57f287, ok: 0xfee75c, weak: 0xed4245 };

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export interface Rendered {
  embeds: APIEmbed[];
  components: ButtonRow[];
}

/** Cuts text to `max` UTF-16 units with a visible "…", never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** A one-sentence private answer (errors, expired buttons, empty messages), within 2,000 characters. */
export function notice(text: string): { content: string; flags: MessageFlags.Ephemeral; allowedMentions: MessageMentionOptions } {
  return { content: truncate(text, LIMITS.content), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}

function embedSize(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

// why: below these the text stops saying anything; past them whole fields go instead
const MIN_DESCRIPTION = 300;
const MIN_FIELD = 120;

/**
 * Makes an embed acceptable to Discord: every part within its limit and the total within 6,000.
 * Over the total, the description shrinks first, then fields from the last one, then whole
 * fields go; whatever is cut ends in "…" so the reader can see it.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.author) };
  const fields: APIEmbedField[] = (embed.fields ?? []).slice(0, LIMITS.fields).map((f) => ({
    ...f,
    // why: Discord rejects empty names and values
    name: truncate(f.name || '\u200b', LIMITS.fieldName),
    value: truncate(f.value || '\u200b', LIMITS.fieldValue),
  }));
  if (fields.length > 0) out.fields = fields;
  else delete out.fields;

  const over = (): number => embedSize(out) - LIMITS.total;
  if (over() > 0 && out.description) {
    out.description = truncate(out.description, Math.max(MIN_DESCRIPTION, out.description.length - over()));
  }
  for (let i = fields.length - 1; i >= 0 && over() > 0; i--) {
    const f = fields[i]!;
    fields[i] = { ...f, value: truncate(f.value, Math.max(MIN_FIELD, f.value.length - over())) };
  }
  while (over() > 0 && fields.length > 1) {
    fields.pop();
    const last = fields[fields.length - 1]!;
    if (!last.value.endsWith('…')) fields[fields.length - 1] = { ...last, value: truncate(`${last.value}…`, LIMITS.fieldValue) };
  }
  if (over() > 0 && out.description) out.description = truncate(out.description, Math.max(1, out.description.length - over()));
  if (over() > 0 && out.title) out.title = truncate(out.title, Math.max(1, out.title.length - over()));
  return out;
}

/** Locale-formatted numbers. why: toLocaleString builds a formatter per call, which showed up in the bot benchmark's profile */
export const enNumber = new Intl.NumberFormat('en-US');
export const deNumber = new Intl.NumberFormat('de-DE');

/** Discord locales: "de" is German; every other locale gets English. */
export function langOf(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function signed(points: number): string {
  return points > 0 ? `+${points}` : `−${Math.abs(points)}`;
}

/**
 * One line of user or model text with Markdown and mention syntax shown as typed, not rendered.
 * why: one character class instead of discord.js' escapeMarkdown, whose dozen regexes showed up
 * in the benchmark's profile; on one line, only these characters and a list or heading marker at
 * the start can render
 */
export function escapeLine(line: string): string {
  return line.replace(/[\\*_~`|[\]()<>]/g, '\\$&').replace(/^(\s*)([#>+-])/, '$1\\$2').replace(/^(\s*\d+)\./, '$1\\.');
}

/** The post's start on one line, with Markdown and mention syntax shown as typed, not rendered. */
export function excerpt(post: string): string {
  return `> ${escapeLine(truncate(post.replace(/\s+/g, ' ').trim(), 200))}`;
}
