import { ignoredRulesOf } from '../../app/corrections.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import { calibrate } from '../../core/audit/calibration.ts';
import type { Lang } from '../../core/post.ts';
import type { BotContext } from './context.ts';
import type { ScoredPost } from './post-cache.ts';
import type { Rendered } from './views/format.ts';
import { calibrationField } from './views/audit.ts';
import { renderScore } from './views/score.ts';

export interface ScoreInput extends ScoredPost {
  /** The UI language from the user's Discord locale; without it the post's language is used. */
  replyLang?: Lang;
}

/**
 * Scores a post, remembers it for the buttons under the reply and renders the reply.
 * Every way of scoring in Discord (slash command, form, context menu, button, mention) ends here.
 * A score in a server (`guildId`) is also remembered for choosing that server's daily tips
 * (only ids and the score, never the post's text). The rules the server ignores (/rules) are left out.
 * After a page audit in that server the reply adds what the page's own data says about the post's content.
 */
export async function scoreReply(ctx: BotContext, input: ScoreInput, source: string, guildId?: string | null): Promise<Rendered> {
  const ignoredRules = await ignoredRulesOf(ctx, guildId);
  const report = scoreAndRemember({ advisor: ctx.advisor, history: ctx.history, log: ctx.log }, { ...input, ignoredRules }, guildId);
  const ref = ctx.posts.put({ text: input.text, platform: input.platform, lang: input.lang, corrections: input.corrections });
  // why: ids and sizes only; post text never goes to the log
  ctx.log.debug({ source, chars: input.text.length, platform: report.platform, lang: report.language, score: report.score, rules: report.findings.map((f) => f.id) }, 'scored');
  // why: the study score stays as it is; the server's own audit only adds a line beside it
  const audit = guildId ? ctx.audits?.lastAudit(guildId) : undefined;
  const page = audit ? calibrationField(calibrate(ctx.advisor, audit.result, report.categories, report.replyLang), report.replyLang) : null;
  return renderScore(report, { ref, post: input.text, rewrite: ctx.rewriter !== undefined, page });
}

