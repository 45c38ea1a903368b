import { userMessage } from '../../app/messages.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import { calibrate } from '../../core/audit/calibration.ts';
import { toJson } from '../../core/report-json.ts';
import { UserError } from '../../errors.ts';
import { kindOption, POST_OPTIONS, postOptions, postText, useColor } from './args.ts';
import { scoreBatch } from './batch.ts';
import { loadCalibration, renderCalibration } from './calibration.ts';
import { fail, UsageError, type Io } from './io.ts';
import { ansi, plain, renderReport } from './render.ts';
import { parseCommand } from './usage.ts';
import type { LoadWorld } from './world.ts';

/** `fanpage-advisor score`: one post from the arguments or stdin, or many with --jsonl. */
export async function scoreCommand(args: string[], io: Io, load: LoadWorld): Promise<number> {
  const { values, positionals } = parseCommand('score', args, { ...POST_OPTIONS, kind: { type: 'string', short: 'k' }, suggestions: { type: 'string', short: 'n' }, jsonl: { type: 'boolean' }, calibration: { type: 'string' } });
  // why: the page's own evidence is read before the rule book, so a wrong path fails fast
  const calibration = values.calibration === undefined ? undefined : await loadCalibration(values.calibration);
  if (calibration && !calibration.ok) return fail(io, calibration.problem, calibration.missing ? 2 : 1);
  const { config, advisor } = load();
  const { platform, lang, replyLang } = postOptions(values, config);
  const kind = kindOption(values.kind);
  let maxSuggestions: number | undefined;
  if (values.suggestions !== undefined) {
    maxSuggestions = Number(values.suggestions);
    if (!Number.isInteger(maxSuggestions) || maxSuggestions < 0 || maxSuggestions > 20) throw new UsageError('--suggestions must be a whole number from 0 to 20');
  }
  if (values.jsonl) {
    if (positionals.length > 0) throw new UsageError('--jsonl reads posts from stdin; drop the post text argument');
    if (calibration) throw new UsageError('--calibration works with one post, not with --jsonl');
    return scoreBatch(advisor, { platform, lang, replyLang, maxSuggestions, kind }, io);
  }
  const text = await postText(positionals, io, 'fanpage-advisor score "20% off today"');
  try {
    const report = scoreAndRemember({ advisor }, { text: text.replace(/\n$/, ''), platform, lang, replyLang, maxSuggestions, kind });
    // the page's evidence stands beside the study score; it never changes it
    const page = calibration?.ok ? calibrate(advisor, calibration.data, report.categories, report.replyLang) : undefined;
    const style = useColor(values, io) ? ansi : plain;
    if (values.json) io.stdout.write(`${JSON.stringify(page ? { ...toJson(report), calibration: page } : toJson(report))}\n`);
    else io.stdout.write(`${renderReport(report, style, { changes: maxSuggestions !== 0, kindSwitch: '--kind' })}\n${page ? `\n${renderCalibration(page, report.replyLang, style)}\n` : ''}`);
    return 0;
  } catch (err) {
    if (err instanceof UserError) return fail(io, userMessage(err, replyLang ?? 'en'), 2);
    throw err;
  }
}
