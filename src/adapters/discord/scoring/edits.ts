import { DiscordAPIError, REST, Routes, type RESTPatchAPIWebhookWithTokenMessageJSONBody } from 'discord.js';
import type { Dispatcher } from 'undici';

/**
 * Edits of an acknowledged interaction's reply (its webhook, valid 15 minutes).
 *
 * why not interaction.editReply(): discord.js queues every webhook request behind the bot's
 * global limit of 50 requests per second, but Discord exempts interaction endpoints from it;
 * 2,000 results of a burst would trickle out over 40 s. This client has no global limit of its
 * own (per-route limits from Discord's headers still apply) and needs no token.
 */
export interface InteractionEdits {
  editOriginal(applicationId: string, token: string, body: RESTPatchAPIWebhookWithTokenMessageJSONBody): Promise<void>;
  /** Whether Discord has a first response for this token (a reply or "thinking…" message). */
  acknowledged(applicationId: string, token: string): Promise<boolean>;
}

export function createInteractionEdits(apiUrl: string | undefined, agent: Dispatcher): InteractionEdits {
  const rest = new REST({
    version: '10',
    ...(apiUrl ? { api: apiUrl } : {}),
    globalRequestsPerSecond: 1_000_000,
    agent,
    // why: each interaction's webhook is its own rate-limit bucket, used once; the default sweep
    // (hourly) would keep a handler per answered command for an hour (2,000 after a burst: ~1 MB
    // of heap snapshot, plus each token's strings)
    handlerSweepInterval: 15_000,
    hashSweepInterval: 60_000,
  });
  return {
    async editOriginal(applicationId, token, body) {
      await rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { body, auth: false });
    },
    async acknowledged(applicationId, token) {
      try {
        await rest.get(Routes.webhookMessage(applicationId, token, '@original'), { auth: false });
        return true;
      } catch (err) {
        // 404: Unknown Webhook / Unknown Message: no first response arrived
        if (err instanceof DiscordAPIError && err.status === 404) return false;
        throw err;
      }
    },
  };
}
