import {
  ChannelType,
  DiscordAPIError,
  HTTPError,
  PermissionFlagsBits,
  RateLimitError,
  RESTJSONErrorCodes,
  Routes,
  SnowflakeUtil,
  type APIMessage,
  type Client,
  type GuildBasedChannel,
  type GuildMember,
} from 'discord.js';
import { PublishError, type TipFailure, type TipPublisher } from '../../app/ports.ts';
import type { Finding } from '../../core/finding.ts';
import { NO_MENTIONS } from './views/format.ts';
import { renderTip, type TipPermission } from './views/tips.ts';

/** What the bot needs in a tip channel: see it, post in it, and have its embed shown. */
export const TIP_PERMISSIONS: ReadonlyArray<readonly [TipPermission, bigint]> = [
  ['ViewChannel', PermissionFlagsBits.ViewChannel],
  ['SendMessages', PermissionFlagsBits.SendMessages],
  ['EmbedLinks', PermissionFlagsBits.EmbedLinks],
];

/** Channel types a tip can go to. */
export const TIP_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

/**
 * The tip permissions the bot lacks in a channel, from the cached roles and overwrites;
 * undefined when the bot's member isn't known, so nothing can be said.
 */
export function missingTipPermissions(channel: GuildBasedChannel, me: GuildMember | null): TipPermission[] | undefined {
  if (!me) return undefined;
  const has = channel.permissionsFor(me);
  return TIP_PERMISSIONS.filter(([, bit]) => !has.has(bit)).map(([name]) => name);
}

// Discord error codes that mean "this won't work until someone changes something".
const PERMANENT_CODES = new Map<number, TipFailure>([
  [RESTJSONErrorCodes.UnknownChannel, { code: 'channel_deleted' }],
  [RESTJSONErrorCodes.UnknownGuild, { code: 'left_server' }],
  [RESTJSONErrorCodes.MissingAccess, { code: 'no_access' }],
  [RESTJSONErrorCodes.MissingPermissions, { code: 'missing_permissions', permissions: TIP_PERMISSIONS.map(([p]) => p), known: false }],
  [RESTJSONErrorCodes.CannotSendMessagesInNonTextChannel, { code: 'not_text_channel' }],
]);

/** Sorts a Discord failure into permanent (stop and say why) and retryable (try again later). */
function classify(err: unknown): PublishError | undefined {
  if (err instanceof PublishError) return err;
  if (err instanceof DiscordAPIError) {
    const known = PERMANENT_CODES.get(Number(err.code));
    if (known) return new PublishError('permanent', known, { cause: err });
    if (err.status === 429 || err.status >= 500) return new PublishError('retryable', { code: 'platform_status', status: err.status }, { cause: err });
    // why: any other 4xx will fail the same way tomorrow; stopping shows it in /tips status
    return new PublishError('permanent', { code: 'refused', status: err.status, detail: err.message }, { cause: err });
  }
  if (err instanceof RateLimitError) return new PublishError('retryable', { code: 'rate_limited' }, { retryAfterMs: err.retryAfter, cause: err });
  if (err instanceof HTTPError) return new PublishError('retryable', { code: 'platform_status', status: err.status }, { cause: err });
  return undefined;
}

/** The bot's own tip with this text, posted after `since`, among the channel's recent messages. */
async function findEarlier(client: Client, me: string, channelId: string, text: string | undefined, since: Date): Promise<string | undefined> {
  // why: a minute's slack for clocks that disagree between machines
  const after = SnowflakeUtil.generate({ timestamp: since.getTime() - 60_000 }).toString();
  const query = new URLSearchParams({ after, limit: '100' });
  const messages = (await client.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
  return messages.find((m) => m.author.id === me && m.embeds[0]?.description === text)?.id;
}

/**
 * Posts tips through the bot's REST client, so any process can post to any server, whichever
 * shard's gateway it runs. Each message carries the caller's idempotency key (`nonce` with
 * `enforce_nonce`): Discord answers a repeat with the message the first attempt made. When an
 * earlier attempt may have got through (`since`), the channel's recent messages are searched
 * first, for when Discord has forgotten the key. Failures become a PublishError (permanent or
 * retryable); an error that may have come after Discord took the message (a network error, a
 * timeout) is passed on as it is, and the scheduler tries again with the same key.
 */
export function createTipPublisher(client: Client, findings: ReadonlyMap<string, Finding>): TipPublisher {
  // why: a process that only posts (no gateway login) learns the bot's id from the API once
  let botId: Promise<string> | undefined;
  const me = (): Promise<string> =>
    client.user ? Promise.resolve(client.user.id) : (botId ??= (client.rest.get(Routes.user('@me')) as Promise<{ id: string }>).then((u) => u.id).catch((err: unknown) => ((botId = undefined), Promise.reject(err))));
  return {
    async publish(channelId, tip, lang, { nonce, since }) {
      // What this process's gateway knows of the channel: its type, and the bot's permissions
      // in it where the server's roles are cached (this process runs the server's shard).
      // why no lookup over REST when it isn't cached: a tip is one request then, not two, and
      // Discord's global limit (50 requests a second per bot, over all its processes) is what
      // bounds a burst of tips; Discord itself refuses a channel that can't take messages
      // (Cannot send messages in a non-text channel, Unknown Channel, Missing Access).
      const cached = client.channels.cache.get(channelId);
      if (cached) {
        const guildId = cached.isDMBased() ? undefined : cached.guildId;
        if (guildId === undefined || !(TIP_CHANNEL_TYPES as readonly ChannelType[]).includes(cached.type)) {
          throw new PublishError('permanent', { code: 'not_text_channel' });
        }
        // why: without Embed Links Discord accepts the message but drops the embed, leaving an
        // empty post with a button; better to stop and say so. Elsewhere Discord's own refusal says it.
        const guild = client.guilds.cache.get(guildId);
        const channel = guild?.channels.cache.get(channelId);
        const missing = channel ? missingTipPermissions(channel, guild!.members.me) : undefined;
        if (missing && missing.length > 0) {
          throw new PublishError('permanent', { code: 'missing_permissions', permissions: missing, known: true });
        }
      }
      const rendered = renderTip(tip, findings.get(tip.finding), lang);
      if (since) {
        // why: when the search fails (no Read Message History, an outage), the key alone still guards
        const earlier = await me()
          .then((id) => findEarlier(client, id, channelId, rendered.embeds[0]?.description, since))
          .catch(() => undefined);
        if (earlier) return { messageId: earlier };
      }
      try {
        const body = { ...rendered, allowed_mentions: { parse: [] }, nonce, enforce_nonce: true };
        const message = (await client.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
        return { messageId: message.id };
      } catch (err) {
        const known = classify(err);
        if (known) throw known;
        throw err;
      }
    },
  };
}
