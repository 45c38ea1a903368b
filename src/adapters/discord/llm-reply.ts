import type { APIEmbed } from 'discord.js';
import { ask } from '../../app/ask.ts';
import { userMessage } from '../../app/messages.ts';
import { LlmUnavailable, rewritePost } from '../../app/rewrite-post.ts';
import type { Finding } from '../../core/finding.ts';
import { newErrorId } from '../log.ts';
import type { CallContext } from './context.ts';
import type { ScoredPost } from './post-cache.ts';
import { renderAnswer } from './views/ask.ts';
import { renderRewrite, renderRewriteUnavailable } from './views/rewrite.ts';

/** Who asks, for the model's per-server budget and per-user cooldown. */
export interface Asker {
  guildId: string | null;
  userId: string;
}

function requester(who: Asker): { serverId?: string; userId: string } {
  return who.guildId ? { serverId: who.guildId, userId: who.userId } : { userId: who.userId };
}

/**
 * Rewrites a post and renders the answer; every way of rewriting in Discord (button, /rewrite,
 * its form) ends here. The caller has already deferred: a model can take seconds.
 * A model that fails (timeout, 429, 5xx, unusable answer) is not an error for the user: they get
 * its sentence, the rule-based suggestions and an error id, which is logged with the kind of
 * failure (never the post or the model's text). Other UserErrors (cooldown, budget, an empty
 * post) go to the router, which edits them into the deferred reply.
 */
export async function rewriteReply(ctx: CallContext, post: ScoredPost, source: string, who: Asker): Promise<{ embeds: APIEmbed[] }> {
  try {
    const result = await rewritePost({
      advisor: ctx.advisor,
      rewriter: ctx.rewriter,
      text: post.text,
      platform: post.platform,
      lang: post.lang,
      replyLang: ctx.lang,
      variants: ctx.defaults.variants,
      limits: ctx.llmLimits,
      who: requester(who),
      log: ctx.log,
    });
    return { embeds: [renderRewrite(result, post.text)] };
  } catch (err) {
    if (!(err instanceof LlmUnavailable)) throw err;
    const errorId = newErrorId();
    const status = err.cause instanceof Error && 'status' in err.cause ? err.cause.status : undefined;
    ctx.log.warn({ errorId, kind: err.kind, status, command: source, guildId: who.guildId }, 'rewrite failed: language model unavailable; rule-based suggestions shown');
    return { embeds: [renderRewriteUnavailable(err.report, userMessage(err, err.report.replyLang), errorId, post.text)] };
  }
}

/**
 * Answers a question about what fans want from the findings, with the model when one is
 * configured and its limits allow; /ask and questions in mentions end here.
 */
export async function askReply(ctx: CallContext, question: string, source: string, who: Asker): Promise<{ embeds: APIEmbed[] }> {
  const result = await ask({ advisor: ctx.advisor, question, rewriter: ctx.rewriter, limits: ctx.llmLimits, who: requester(who), log: ctx.log });
  // why: ids and sizes only; the question stays out of the log like post text does
  ctx.log.info({ source, chars: question.length, lang: result.lang, usedLlm: result.usedLlm, llmSkipped: result.llmSkipped, findings: result.findings, guildId: who.guildId }, 'answered');
  const findings = result.findings.map((id) => ctx.advisor.findings.get(id)).filter((f): f is Finding => f !== undefined);
  return { embeds: [renderAnswer(result, question, findings)] };
}
