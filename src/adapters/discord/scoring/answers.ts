import { DiscordAPIError, InteractionResponseType, MessageFlags, RESTJSONErrorCodes, Routes, type RepliableInteraction, type RESTPostAPIInteractionCallbackJSONBody } from 'discord.js';
import { ignoredRulesOf } from '../../../app/corrections.ts';
import { unexpectedMessage, userMessage } from '../../../app/messages.ts';
import type { AuditStore, ServerSettingsStore, StoredAudit } from '../../../app/ports.ts';
import { rememberScore } from '../../../app/score-post.ts';
import type { ScoreHistory } from '../../../app/tips/score-history.ts';
import { calibrate } from '../../../core/audit/calibration.ts';
import type { Advisor, Corrections } from '../../../core/engine.ts';
import type { PostKind } from '../../../core/post-kind.ts';
import type { Lang, Platform } from '../../../core/post.ts';
import { UserError } from '../../../errors.ts';
import { newErrorId, type Logger } from '../../log.ts';
import type { PostCache } from '../post-cache.ts';
import { calibrationField } from '../views/audit.ts';
import { fitEmbed, NO_MENTIONS, type Rendered } from '../views/format.ts';
import type { Admission } from './admission.ts';
import type { InteractionEdits } from './edits.ts';
import type { LateInteractions } from './late.ts';
import type { Scorer } from './scorer.ts';
import type { Settler } from './settle.ts';
import type { ScoreOutcome } from './task.ts';

export interface ScoreRequest {
  text: string;
  platform: Platform;
  lang: Lang | 'auto';
  /** The UI language from the user's Discord locale; without it the post's language is used. */
  replyLang?: Lang;
  /** What the user corrected on this post ("Not right?"); kept with the post for its buttons. */
  corrections?: Corrections;
  /** The kind the user chose with the Kind button; recognised from the text when absent. */
  kind?: PostKind;
}

export interface ReplyHow {
  /** Where the request came from, for the logs (score, score-form, score-message, platform-button). */
  source: string;
  /** The user's UI language, for "busy" and error texts. */
  lang: Lang;
  ephemeral: boolean;
  /** Replace the message the clicked button sits on (a private score) instead of replying. */
  update?: boolean;
}

/** Every way of scoring in Discord ends here: acknowledge first, then score off the gateway thread. */
export interface ScoreAnswers {
  /**
   * Answers a command at once: a deferral (or, when the queue is full, a "busy, try again in N s"
   * reply), then the score or the reason it can't be scored as an edit of that first response.
   * Resolves once the first response is out; the rest follows on its own.
   */
  reply(interaction: RepliableInteraction, request: ScoreRequest, how: ReplyHow): Promise<void>;
  /** For mentions and DMs (no 3-second window): the rendered score, or a sentence for the user. */
  render(request: ScoreRequest, source: string, guildId: string | null, lang: Lang): Promise<Rendered | string>;
  readonly admission: Admission;
  readonly late: LateInteractions;
}

export interface ScoreAnswersDeps {
  scorer: Scorer;
  admission: Admission;
  late: LateInteractions;
  edits: InteractionEdits;
  posts: PostCache;
  /** Where every score in a server is remembered for choosing its tips; absent without a database. */
  history?: ScoreHistory;
  /** Score replies carry a Rewrite button (a language model is configured). */
  rewrite: boolean;
  log: Logger;
  now?: () => number;
  /** Gives a drained burst's garbage back (settle.ts); nothing when absent. */
  settler?: Settler;
  /** For the page audit's calibration line, computed on this thread from the worker's categories. */
  advisor: Advisor;
  /** Each server's last page audit; a score in a server that has one gets a "Your page" field. */
  audits?: AuditStore;
  /** Each server's ignored rules (/rules); looked up here, before the post goes to a worker. */
  serverSettings?: ServerSettingsStore;
}

/** Edits go out as raw API JSON (no discord.js in between): the same "ping nobody" as NO_MENTIONS. */
const NO_PINGS = { parse: [], replied_user: false };

/**
 * Sends an interaction's first response, given up if it can't leave before the 3-second window
 * closes. Resolves false when it was too late (given up, or refused by Discord as unknown).
 *
 * why not interaction.deferReply(): in a burst a request can wait in the connection pool past the
 * window, and then arrive where Discord refuses it; with a deadline it is never sent late. The
 * reply is edited through its token afterwards (edits.ts), so discord.js' own "deferred" state is
 * never needed.
 */
async function firstResponse(interaction: RepliableInteraction, body: RESTPostAPIInteractionCallbackJSONBody, late: LateInteractions, edits?: InteractionEdits): Promise<boolean> {
  const deadlineMs = late.remainingMs(interaction.createdTimestamp);
  if (deadlineMs <= 0) return false;
  try {
    await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, auth: false, signal: AbortSignal.timeout(deadlineMs) });
    return true;
  } catch (err) {
    if (isUnknownInteraction(err)) return false;
    if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
      // why ask (deferrals only): given up while waiting for Discord's answer, the request may
      // still have arrived in time; then the user is waiting for the result and must get it. A
      // reply that arrived carries its own text, so nothing waits on it.
      return edits ? edits.acknowledged(interaction.applicationId, interaction.token).catch(() => true) : false;
    }
    throw err;
  }
}

/** True for Discord's answer to a response after the 3-second window (or to an unknown token). */
export function isUnknownInteraction(err: unknown): boolean {
  return err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownInteraction;
}

/**
 * Results being scored or sent at once. why a limit: each result is an edit on its own
 * connection pool; more at once only makes them wait there, holding their memory.
 */
const ACTIVE_RESULTS = 16;
/**
 * Acknowledgements on their way that hold back new scoring. why: in a burst, the acknowledgements
 * of commands still arriving must not wait behind the scoring and editing of earlier ones; in
 * steady traffic fewer than this are ever in flight, so results go out at once.
 */
const ACK_GATE = 4;
/** A result waits at most this long for the acknowledgements ahead of it. */
const MAX_HOLD_MS = 2_000;

export function createScoreAnswers(deps: ScoreAnswersDeps): ScoreAnswers {
  const { scorer, admission, late, edits, posts, log } = deps;
  const now = deps.now ?? Date.now;

  let acksInFlight = 0;
  let active = 0;
  const waiting: Array<{ since: number; run: () => Promise<void> }> = [];
  const pump = (): void => {
    while (waiting.length > 0 && active < ACTIVE_RESULTS && (acksInFlight <= ACK_GATE || now() - waiting[0]!.since > MAX_HOLD_MS)) {
      const job = waiting.shift()!;
      active += 1;
      void job.run().finally(() => {
        active -= 1;
        deps.settler?.finished(admission.inFlight);
        pump();
      });
    }
    // why a timer: with acknowledgements still in flight, the oldest result must not wait forever
    if (waiting.length > 0 && active < ACTIVE_RESULTS && !holdTimer) {
      holdTimer = setTimeout(() => {
        holdTimer = undefined;
        pump();
      }, Math.max(1, MAX_HOLD_MS - (now() - waiting[0]!.since)));
    }
  };
  let holdTimer: NodeJS.Timeout | undefined;

  /**
   * why the lookups here: a worker gets plain data only, so the server's ignored rules are read
   * on this thread before the post is queued, and the audit's calibration is added afterwards
   * from the categories the worker found (the study score stays as it is).
   */
  const score = async (request: ScoreRequest, guildId: string | null): Promise<ScoreOutcome> => {
    // why started first: the audit is read while the post is scored
    const audit = lastAuditOf(guildId);
    const ignoredRules = await ignoredRulesOf({ advisor: deps.advisor, serverSettings: deps.serverSettings, log }, guildId);
    const ref = posts.put({ text: request.text, platform: request.platform, lang: request.lang, corrections: request.corrections, ...(request.kind ? { kind: request.kind } : {}) });
    const outcome = await scorer.score({ ...request, ref, rewrite: deps.rewrite, ignoredRules });
    return outcome.ok ? withCalibration(outcome, await audit) : outcome;
  };

  /** The server's last audit; a store that fails costs only the calibration, never the score. */
  const lastAuditOf = (guildId: string | null): Promise<StoredAudit | undefined> =>
    guildId && deps.audits
      ? deps.audits.lastAudit(guildId).catch((err: unknown) => {
          log.warn({ err, guildId }, "could not read the server's last audit; scoring without its calibration");
          return undefined;
        })
      : Promise.resolve(undefined);

  const withCalibration = (outcome: Extract<ScoreOutcome, { ok: true }>, audit: StoredAudit | undefined): ScoreOutcome => {
    if (!audit) return outcome;
    const page = calibrationField(calibrate(deps.advisor, audit.result, outcome.categories, outcome.replyLang), outcome.replyLang);
    const [embed, ...rest] = outcome.view.embeds;
    if (!page || !embed) return outcome;
    // why the last field: where renderScore puts it on the main thread's path (after the notes)
    return { ...outcome, view: { ...outcome.view, embeds: [fitEmbed({ ...embed, fields: [...(embed.fields ?? []), page] }), ...rest] } };
  };

  /** Keeps the score and missed topics for the server's daily tips; ids only, never the text. */
  const remember = (outcome: Extract<ScoreOutcome, { ok: true }>, source: string, guildId: string | null): void => {
    const s = outcome.summary;
    // why: ids and sizes only; post text never goes to the log
    log.debug({ source, platform: s.platform, lang: s.language, score: s.score, rules: s.rules }, 'scored');
    if (guildId) rememberScore({ history: deps.history, log }, guildId, { score: s.score, missing: s.missing });
  };

  /** After the acknowledgement: only ids and the token are kept, so the interaction object can go. */
  const finish = async (applicationId: string, token: string, guildId: string | null, request: ScoreRequest, how: ReplyHow, done: () => void): Promise<void> => {
    try {
      const outcome = await score(request, guildId);
      if (outcome.ok) {
        remember(outcome, how.source, guildId);
        await edits.editOriginal(applicationId, token, { content: '', embeds: outcome.view.embeds, components: outcome.view.components, allowed_mentions: NO_PINGS });
      } else {
        await edits.editOriginal(applicationId, token, { content: userMessage(new UserError(outcome.code, outcome.vars), how.lang), embeds: [], components: [], allowed_mentions: NO_PINGS });
      }
    } catch (err) {
      const errorId = newErrorId();
      log.error({ err, errorId, command: how.source, guildId }, 'handler failed');
      await edits
        .editOriginal(applicationId, token, { content: unexpectedMessage(errorId, how.lang), embeds: [], components: [], allowed_mentions: NO_PINGS })
        .catch((replyErr: unknown) => log.warn({ err: replyErr, command: how.source, guildId }, 'could not tell the user about a failure'));
    } finally {
      done();
    }
  };

  return {
    admission,
    late,

    async reply(interaction, request, how) {
      const ticket = admission.enter();
      if (!('done' in ticket)) {
        const content = userMessage(new UserError('busy', { seconds: ticket.retryAfterSeconds }), how.lang);
        if (!(await firstResponse(interaction, { type: InteractionResponseType.ChannelMessageWithSource, data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: NO_PINGS } }, late))) late.note();
        return;
      }
      acksInFlight += 1;
      let acknowledged: boolean;
      try {
        acknowledged = await firstResponse(
          interaction,
          how.update
            ? { type: InteractionResponseType.DeferredMessageUpdate }
            : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: how.ephemeral ? { flags: MessageFlags.Ephemeral } : {} },
          late,
          edits,
        );
      } catch (err) {
        ticket.done();
        throw err;
      } finally {
        acksInFlight -= 1;
        pump();
      }
      if (!acknowledged) {
        ticket.done();
        late.note();
        return;
      }
      // from here on only ids and the token: the interaction object can go
      const { applicationId, token, guildId } = interaction;
      waiting.push({ since: now(), run: () => finish(applicationId, token, guildId, request, how, () => ticket.done()) });
      pump();
    },

    async render(request, source, guildId, lang) {
      const ticket = admission.enter();
      if (!('done' in ticket)) return userMessage(new UserError('busy', { seconds: ticket.retryAfterSeconds }), lang);
      try {
        const outcome = await score(request, guildId);
        if (!outcome.ok) throw new UserError(outcome.code, outcome.vars);
        remember(outcome, source, guildId);
        return outcome.view;
      } finally {
        ticket.done();
      }
    },
  };
}
