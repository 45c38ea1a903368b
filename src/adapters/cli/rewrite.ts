import { userMessage } from '../../app/messages.ts';
import { LlmUnavailable, rewritePost } from '../../app/rewrite-post.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import { toJson } from '../../core/report-json.ts';
import { UserError } from '../../errors.ts';
import { POST_OPTIONS, postOptions, postText, useColor } from './args.ts';
import { fail, type Io } from './io.ts';
import { ansi, plain, renderReport } from './render.ts';
import { renderRewrite } from './render-rewrite.ts';
import { parseCommand } from './usage.ts';
import type { LoadWorld } from './world.ts';

/** `fanpage-advisor rewrite`: the model's rewrites, kept only when they score higher. */
export async function rewriteCommand(args: string[], io: Io, load: LoadWorld): Promise<number> {
  const { values, positionals } = parseCommand('rewrite', args, POST_OPTIONS);
  const world = load();
  const { platform, lang, replyLang } = postOptions(values, world.config);
  const rewriter = await world.rewriter();
  const text = await postText(positionals, io, 'fanpage-advisor rewrite "New mugs are in"');
  const style = useColor(values, io) ? ansi : plain;
  if (!rewriter) {
    // why: a one-shot command is not restarted; it is run again once the model is configured
    const message = userMessage(new UserError('llm_not_configured'), replyLang ?? 'en');
    if (values.json) {
      let report;
      try {
        report = toJson(scoreAndRemember({ advisor: world.advisor }, { text: text.replace(/\n$/, ''), platform, lang, replyLang }));
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
      }
      io.stdout.write(`${JSON.stringify({ original: report ?? null, improved: [], rejected: [], fallback: report?.suggestions ?? [], error: { code: 'llm_not_configured', message } })}\n`);
    }
    return fail(io, message, 1);
  }
  try {
    const result = await rewritePost({ advisor: world.advisor, rewriter, text: text.replace(/\n$/, ''), platform, lang, replyLang, variants: world.config.settings.llm.variants });
    if (values.json) {
      const improved = result.improved.map((v) => ({ text: v.text, changes: v.changes, score: v.report.score, band: v.report.band, gain: v.gain, length: v.report.length }));
      io.stdout.write(`${JSON.stringify({ original: toJson(result.original), improved, rejected: result.rejected, fallback: toJson({ ...result.original, suggestions: result.fallback }).suggestions })}\n`);
    } else io.stdout.write(`${renderRewrite(result, style)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof LlmUnavailable) {
      const report = err.report;
      if (values.json) io.stdout.write(`${JSON.stringify({ original: toJson(report), improved: [], rejected: [], fallback: toJson(report).suggestions, error: { code: err.code, kind: err.kind, message: userMessage(err, report.replyLang) } })}\n`);
      else io.stdout.write(`${renderReport(report, style)}\n`);
      return fail(io, userMessage(err, report.replyLang), 1);
    }
    if (err instanceof UserError) return fail(io, userMessage(err, replyLang ?? 'en'), 2);
    throw err;
  }
}
