import type { Message, MessageReplyOptions } from 'discord.js';
import { parsePlatform, type Lang, type Platform } from '../../core/post.ts';
import type { BotContext } from './context.ts';
import { askReply } from './llm-reply.ts';
import { NO_MENTIONS } from './views/format.ts';
import { renderHelp } from './views/help.ts';
import { scoreReply } from './score-reply.ts';

export type MentionRequest = { kind: 'help'; lang?: Lang } | { kind: 'score'; text: string; platform?: Platform } | { kind: 'ask'; question: string };

const HELP = /^(help|hilfe|\?)$/i;
const PLATFORM_PREFIX = /^(x|twitter|facebook|fb)\s*:\s*/i;
const ASK_PREFIX = /^(ask|frage)\s*:\s*/i;

/** Longest text taken as a question without the `ask:` prefix; posts are usually longer. */
const SHORT_QUESTION = 200;
const QUESTION_WORD =
  /^(?:what|which|why|how|when|where|who|do|does|did|is|are|should|would|could|can|will|was|welche[rsnm]?|warum|wieso|weshalb|wie|wann|wo|wer|wollen|will|mögen|soll|sollte|sollten|sind|ist|lohnt|brauchen|gibt|können|kann)(?![\p{L}])/iu;
const AUDIENCE = /(?<![\p{L}])(?:fans?|followers?|follower(?:n|innen)?|abonnent(?:en|innen)?)(?![\p{L}])/iu;

/**
 * True for a short question about fans, which is answered from the research rather than scored:
 * one line of at most 200 characters that opens with a question word ("what", "how", "wollen" …),
 * ends with "?", names fans or followers, and has no link, hashtag or mention. "Hey fans! Which
 * colour do you want?" stays a post to score; so does anything behind `x:` or `facebook:`.
 */
export function looksLikeQuestion(text: string): boolean {
  return (
    text.length <= SHORT_QUESTION &&
    text.endsWith('?') &&
    !text.includes('\n') &&
    QUESTION_WORD.test(text) &&
    AUDIENCE.test(text) &&
    !/https?:\/\/|www\.|#[\p{L}\p{N}]|@|<[@#]/iu.test(text)
  );
}

/**
 * What a mention or DM asks for. `@bot <post>` scores the post, a leading `x:` or `facebook:`
 * picks the platform, a bare mention or "help" answers with help, and `ask:` / `frage:` or a
 * short question about fans (see looksLikeQuestion) is answered from the research.
 */
export function readMention(content: string, botId: string): MentionRequest {
  const text = content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
  if (text === '') return { kind: 'help' };
  const help = HELP.exec(text);
  if (help) return { kind: 'help', lang: help[1]!.toLowerCase() === 'hilfe' ? 'de' : undefined };
  const prefix = PLATFORM_PREFIX.exec(text);
  if (prefix) return { kind: 'score', text: text.slice(prefix[0].length), platform: parsePlatform(prefix[1]!) };
  const ask = ASK_PREFIX.exec(text);
  if (ask) return { kind: 'ask', question: text.slice(ask[0].length) };
  if (looksLikeQuestion(text)) return { kind: 'ask', question: text };
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
  if (request.kind === 'ask') {
    // why: a model can take seconds; "typing…" shows the question arrived. Best effort only.
    if (ctx.rewriter && message.channel.isSendable()) message.channel.sendTyping().catch(() => undefined);
    // why: no user locale on a message; the answer and its labels follow the question's language
    return replyTo(message, await askReply({ ...ctx, lang }, request.question, message.inGuild() ? 'mention-ask' : 'dm-ask', { guildId: message.guildId, userId: message.author.id }));
  }
  // why: no replyLang, so the reply follows the post's own language (a mention has no user locale)
  const reply = await scoreReply(ctx, { text: request.text, platform: request.platform ?? ctx.defaults.platform, lang: ctx.defaults.lang }, message.inGuild() ? 'mention' : 'dm', message.guildId);
  await replyTo(message, reply);
}
