import { Options, type ClientOptions } from 'discord.js';

/**
 * What discord.js keeps in memory, chosen on purpose: the bot scores what an interaction or a
 * mention carries and reads back only its servers, their channels and roles (permission checks for
 * tips) and itself. Everything else is not cached at all, so a burst of 2,000 commands from 2,000
 * users leaves nothing behind: no users, no members, no messages (unless `messageCacheSize` asks).
 * DM channels can't be bounded here; bot.ts sweeps them on a timer.
 */
export function cacheOptions(messageCacheSize: number): Pick<ClientOptions, 'makeCache' | 'sweepers'> {
  const self = { maxSize: 0, keepOverLimit: (x: { id: string; client: { user: { id: string } } }) => x.id === x.client.user.id };
  return {
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: messageCacheSize,
      DMMessageManager: messageCacheSize,
      GuildMessageManager: messageCacheSize,
      ApplicationCommandManager: 0,
      ApplicationEmojiManager: 0,
      AutoModerationRuleManager: 0,
      BaseGuildEmojiManager: 0,
      EntitlementManager: 0,
      GuildBanManager: 0,
      GuildEmojiManager: 0,
      GuildInviteManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      // why only itself: `guild.members.me` for the tip channel's permissions; every member who
      // runs a command arrives with the interaction and is needed only for that interaction
      GuildMemberManager: self,
      UserManager: self,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      // only when messages are cached at all (discord.message_cache_size)
      ...(messageCacheSize > 0 ? { messages: { interval: 300, lifetime: 600 } } : {}),
    },
  };
}
