import { DiscordAPIError, RESTJSONErrorCodes, type Interaction, type Message, type RepliableInteraction } from 'discord.js';
import { unexpectedMessage, userMessage } from '../../app/messages.ts';
import type { Lang } from '../../core/post.ts';
import { UserError } from '../../errors.ts';
import { newErrorId } from '../log.ts';
import { buttons as allButtons } from './buttons/index.ts';
import type { Button, MessageCommand, Modal, SlashCommand } from './handler.ts';
import type { BotContext } from './context.ts';
import { messageCommands as allMessageCommands, modals as allModals, slashCommands as allSlashCommands } from './commands/index.ts';
import { answerMention, mentionsBot, readMention, replyTo } from './mention.ts';
import { NO_MENTIONS, notice } from './views/format.ts';
import { langOf } from './views/format.ts';
import { commonText } from './views/common.ts';

export interface RouterOptions {
  ctx: BotContext;
  cooldownSeconds: number;
  /** Milliseconds since the epoch; injected so tests can step over a cooldown without waiting. */
  now?: () => number;
  slashCommands?: readonly SlashCommand[];
  messageCommands?: readonly MessageCommand[];
  buttons?: readonly Button[];
  modals?: readonly Modal[];
}

export interface Router {
  interaction(interaction: Interaction): Promise<void>;
  message(message: Message): Promise<void>;
}

/** Per-user cooldown: `take` returns 0 when the user may go, else the whole seconds left. */
function createCooldowns(seconds: number, now: () => number) {
  const until = new Map<string, number>();
  return {
    take(userId: string): number {
      if (seconds <= 0) return 0;
      const at = now();
      const end = until.get(userId);
      if (end !== undefined && end > at) return Math.ceil((end - at) / 1000);
      // why: every entry lasts equally long and is re-inserted on use, so expired ones sit at the
      // front; dropping them here keeps the map as small as the set of recently active users
      for (const [id, e] of until) {
        if (e > at) break;
        until.delete(id);
      }
      until.delete(userId);
      until.set(userId, at + seconds * 1000);
      return 0;
    },
  };
}

/** Discord's answers when the bot may not post in a channel at all. */
const CANNOT_POST = new Set<number>([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.CannotSendMessagesToThisUser]);

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/**
 * The one place interactions and mentions are dispatched. It applies the cooldown, and it
 * answers every failure: a UserError with its own sentence, anything else with an apology and an
 * error id that is also logged. Nothing thrown here reaches the client's event emitter.
 */
export function createRouter(options: RouterOptions): Router {
  const { ctx } = options;
  const slash = byKey(options.slashCommands ?? allSlashCommands, (c) => c.data.name);
  const menus = byKey(options.messageCommands ?? allMessageCommands, (c) => c.data.name);
  const buttons = byKey(options.buttons ?? allButtons, (b) => b.prefix);
  const modals = byKey(options.modals ?? allModals, (m) => m.prefix);
  const cooldowns = createCooldowns(options.cooldownSeconds, options.now ?? Date.now);

  const throttle = (userId: string, applies: boolean | undefined): void => {
    if (!applies) return;
    const seconds = cooldowns.take(userId);
    if (seconds > 0) throw new UserError('cooldown', { seconds });
  };

  /** The sentence a user sees for a failure; unexpected ones are logged with the id they quote. */
  const explain = (err: unknown, lang: Lang, where: Record<string, unknown>): string => {
    if (err instanceof UserError) {
      ctx.log.debug({ code: err.code, ...where }, 'user error');
      return userMessage(err, lang);
    }
    const errorId = newErrorId();
    ctx.log.error({ err, errorId, ...where }, 'handler failed');
    return unexpectedMessage(errorId, lang);
  };

  const tellUser = async (interaction: RepliableInteraction, text: string): Promise<void> => {
    if (interaction.deferred && !interaction.replied) await interaction.editReply({ content: text, allowedMentions: NO_MENTIONS });
    else if (interaction.replied || interaction.deferred) await interaction.followUp(notice(text));
    else await interaction.reply(notice(text));
  };

  const dispatch = async (interaction: Interaction, lang: Lang): Promise<void> => {
    const call = { ...ctx, lang };
    if (interaction.isAutocomplete()) {
      const command = slash.get(interaction.commandName);
      if (command?.autocomplete) await command.autocomplete(interaction, call);
      else await interaction.respond([]);
    } else if (interaction.isChatInputCommand()) {
      const command = slash.get(interaction.commandName);
      if (!command) return void (await interaction.reply(notice(commonText(lang).unknownCommand)));
      throttle(interaction.user.id, command.cooldown?.(interaction));
      await command.execute(interaction, call);
    } else if (interaction.isMessageContextMenuCommand()) {
      const command = menus.get(interaction.commandName);
      if (!command) return void (await interaction.reply(notice(commonText(lang).unknownCommand)));
      throttle(interaction.user.id, command.cooldown?.(interaction));
      await command.execute(interaction, call);
    } else if (interaction.isButton()) {
      const [prefix = '', ...args] = interaction.customId.split(':');
      const button = buttons.get(prefix);
      if (!button) return void (await interaction.reply(notice(commonText(lang).expired)));
      throttle(interaction.user.id, button.cooldown);
      await button.execute(interaction, call, args);
    } else if (interaction.isModalSubmit()) {
      const [prefix = '', ...args] = interaction.customId.split(':');
      const modal = modals.get(prefix);
      if (!modal) return void (await interaction.reply(notice(commonText(lang).expired)));
      throttle(interaction.user.id, modal.cooldown);
      await modal.execute(interaction, call, args);
    }
  };

  return {
    async interaction(interaction) {
      const lang = langOf(interaction.locale);
      const command =
        interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : interaction.customId.split(':')[0];
      try {
        await dispatch(interaction, lang);
      } catch (err) {
        try {
          if (interaction.isAutocomplete()) {
            explain(err, lang, { command, guildId: interaction.guildId });
            if (!interaction.responded) await interaction.respond([]);
          } else if (interaction.isRepliable()) {
            await tellUser(interaction, explain(err, lang, { command, guildId: interaction.guildId }));
          }
        } catch (replyErr) {
          ctx.log.warn({ err: replyErr, command, guildId: interaction.guildId }, 'could not tell the user about a failure');
        }
      }
    },

    async message(message) {
      if (message.author.bot || message.system) return;
      const botId = message.client.user.id;
      if (message.inGuild() && !mentionsBot(message.content, botId)) return;
      // why: a mention carries no user locale; the server's language is the best guess for UI text
      const lang = message.inGuild() ? langOf(message.guild.preferredLocale) : 'en';
      try {
        const request = readMention(message.content, botId);
        throttle(message.author.id, request.kind === 'score');
        await answerMention(message, request, ctx, lang);
      } catch (err) {
        const command = message.inGuild() ? 'mention' : 'dm';
        if (err instanceof DiscordAPIError && CANNOT_POST.has(Number(err.code))) {
          // why: an apology would fail the same way; this is for the server's admins to fix
          ctx.log.warn({ code: err.code, command, guildId: message.guildId, channelId: message.channelId }, 'cannot answer in this channel');
          return;
        }
        try {
          await replyTo(message, { content: notice(explain(err, lang, { command, guildId: message.guildId })).content });
        } catch (replyErr) {
          ctx.log.warn({ err: replyErr, command, guildId: message.guildId }, 'could not tell the user about a failure');
        }
      }
    },
  };
}
