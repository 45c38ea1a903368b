import { scorePost } from '../../app/score-post.ts';
import type { Report } from '../../core/engine.ts';
import { missedTopics } from '../../core/misses.ts';
import type { Lang } from '../../core/post.ts';
import type { BotContext } from './commands/command.ts';
import type { ScoredPost } from './post-cache.ts';
import { renderScore, type Rendered } from './render.ts';

export interface ScoreInput extends ScoredPost {
  /** The UI language from the user's Discord locale; without it the post's language is used. */
  replyLang?: Lang;
}

/**
 * Scores a post, remembers it for the buttons under the reply and renders the reply.
 * Every way of scoring in Discord (slash command, form, context menu, button, mention) ends here.
 * A score in a server (`guildId`) is also remembered for choosing that server's daily tips.
 */
export function scoreReply(ctx: BotContext, input: ScoreInput, source: string, guildId?: string | null): Rendered {
  const report = scorePost(ctx.advisor, input);
  const ref = ctx.posts.put({ text: input.text, platform: input.platform, lang: input.lang });
  // why: ids and sizes only; post text never goes to the log
  ctx.log.debug({ source, chars: input.text.length, platform: report.platform, lang: report.language, score: report.score, rules: report.findings.map((f) => f.id) }, 'scored');
  if (guildId) rememberScore(ctx, guildId, report, source);
  return renderScore(report, { ref, post: input.text, rewrite: ctx.rewriter !== undefined });
}

/**
 * Keeps the score and the topics the post missed, so the server's daily tips teach what its posts
 * lack. Only ids and the score are stored, never the post's text (`discord.store_post_text` is
 * off by default, and there is nowhere to put the text either way).
 */
function rememberScore(ctx: BotContext, guildId: string, report: Report, source: string): void {
  if (!ctx.tips) return;
  try {
    ctx.tips.recordScore(guildId, { score: report.score, missing: missedTopics(report, ctx.advisor) });
  } catch (err) {
    // why: the score itself is what the user asked for; a full disk must not cost them the answer
    ctx.log.warn({ err, guildId, source }, 'could not remember the score for daily tips');
  }
}
