import type { Message, MessageReplyOptions } from 'discord.js';
import { parsePlatform, type Lang, type Platform } from '../../core/post.ts';
import type { BotContext } from './commands/command.ts';
import { NO_MENTIONS, renderHelp } from './render.ts';
import { scoreReply } from './score-reply.ts';

export type MentionRequest = { kind: 'help'; lang?: Lang } | { kind: 'score'; text: string; platform?: Platform };

const HELP = /^(help|hilfe|\?)$/i;
const PLATFORM_PREFIX = /^(x|twitter|facebook|fb)\s*:\s*/i;

/**
 * What a mention or DM asks for. `@bot <post>` scores the post, a leading `x:` or `facebook:`
 * picks the platform, and a bare mention or "help" answers with help.
 */
export function readMention(content: string, botId: string): MentionRequest {
  const text = content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
  if (text === '') return { kind: 'help' };
  const help = HELP.exec(text);
  if (help) return { kind: 'help', lang: help[1]!.toLowerCase() === 'hilfe' ? 'de' : undefined };
  const prefix = PLATFORM_PREFIX.exec(text);
  if (prefix) return { kind: 'score', text: text.slice(prefix[0].length), platform: parsePlatform(prefix[1]!) };
  return { kind: 'score', text };
}

/** True for a guild message that names the bot in its text (not just a reply ping). */
export function mentionsBot(content: string, botId: string): boolean {
  return content.includes(`<@${botId}>`) || content.includes(`<@!${botId}>`);
}

/** Answers in the thread of the message; a deleted original must not turn the answer into an error. */
export async function replyTo(message: Message, payload: MessageReplyOptions): Promise<void> {
  await message.reply({ ...payload, allowedMentions: NO_MENTIONS, failIfNotExists: false });
}

export async function answerMention(message: Message, request: MentionRequest, ctx: BotContext, lang: Lang): Promise<void> {
  if (request.kind === 'help') return replyTo(message, { embeds: [renderHelp(request.lang ?? lang)] });
  // why: no replyLang, so the reply follows the post's own language (a mention has no user locale)
  const reply = scoreReply(ctx, { text: request.text, platform: request.platform ?? ctx.defaults.platform, lang: ctx.defaults.lang }, message.inGuild() ? 'mention' : 'dm', message.guildId);
  await replyTo(message, reply);
}
