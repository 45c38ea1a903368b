import { DiscordAPIError, HTTPError, RateLimitError, type Client } from 'discord.js';
import type { APIEmbed } from 'discord.js';
import { PublishError, type TipPublisher } from '../../app/ports.ts';
import { figureOf } from '../../core/checks/offer-mix.ts';
import type { Finding } from '../../core/finding.ts';
import type { Lang } from '../../core/post.ts';
import type { Tip } from '../../core/tip.ts';
import { NO_MENTIONS, fitEmbed } from './render.ts';

/** customId of the "Score a post" button under a tip; the router opens the /score modal for it. */
export const SCORE_MODAL_BUTTON = 'score-modal';

const TIP_COLOUR = 0x5865f2;

/** A tip as an embed: one actionable sentence, the figure behind it with study and year. */
export function renderTip(tip: Tip, finding: Finding | undefined, lang: Lang): { embeds: APIEmbed[]; components: unknown[] } {
  const partly = finding?.verified === 'partial' ? (lang === 'de' ? ' · teilweise belegt' : ' · partly verified') : '';
  const embed: APIEmbed = {
    title: lang === 'de' ? 'Tipp des Tages' : 'Tip of the day',
    description: tip.text[lang],
    color: TIP_COLOUR,
    fields: finding
      ? [{ name: lang === 'de' ? 'Beleg' : 'Evidence', value: `${figureOf(finding, lang)}\n${finding.study.publisher}, ${finding.study.year}${partly}` }]
      : [],
    footer: { text: `${finding?.id ?? tip.finding} · /explain ${tip.finding}` },
  };
  return {
    embeds: [fitEmbed(embed)],
    components: [
      {
        type: 1,
        components: [{ type: 2, style: 1, custom_id: SCORE_MODAL_BUTTON, label: lang === 'de' ? 'Post bewerten' : 'Score a post' }],
      },
    ],
  };
}

// Discord error codes that mean "this will not work until someone changes something".
const PERMANENT_CODES = new Map<number, string>([
  [10003, 'the channel was deleted'],
  [50001, 'the bot has no access to the channel'],
  [50013, 'the bot lacks permission to post there (View Channel, Send Messages, Embed Links)'],
  [50008, 'the channel is not a text channel'],
]);

/** Posts tips through the bot's client and sorts failures into permanent and retryable. */
export function createTipPublisher(client: Client, findings: ReadonlyMap<string, Finding>): TipPublisher {
  return {
    async publish(channelId, tip, lang) {
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel || !channel.isSendable()) throw new PublishError('permanent', 'the channel is not a text channel the bot can post in');
        const message = await channel.send({ ...renderTip(tip, findings.get(tip.finding), lang), allowedMentions: NO_MENTIONS } as never);
        return { messageId: message.id };
      } catch (err) {
        if (err instanceof PublishError) throw err;
        if (err instanceof DiscordAPIError) {
          const code = typeof err.code === 'number' ? err.code : Number(err.code);
          const known = PERMANENT_CODES.get(code);
          if (known || err.status === 403 || err.status === 404) throw new PublishError('permanent', known ?? `Discord refused the post (${err.status})`, { cause: err });
          if (err.status === 429 || err.status >= 500) throw new PublishError('retryable', `Discord answered ${err.status}`, { cause: err });
          throw new PublishError('permanent', `Discord refused the post (${err.status} ${err.message})`, { cause: err });
        }
        if (err instanceof RateLimitError) throw new PublishError('retryable', 'rate limited by Discord', { retryAfterMs: err.retryAfter, cause: err });
        if (err instanceof HTTPError) throw new PublishError('retryable', `Discord answered ${err.status}`, { cause: err });
        // why: a network error may or may not have delivered; the scheduler treats unknown errors as in doubt
        throw err;
      }
    },
  };
}
