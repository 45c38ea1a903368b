import { scorePost } from '../../../app/score-post.ts';
import type { CategoryId } from '../../../core/category.ts';
import type { Advisor, Corrections, Report } from '../../../core/engine.ts';
import { missedTopics } from '../../../core/misses.ts';
import type { PostKind } from '../../../core/post-kind.ts';
import type { Lang, Platform } from '../../../core/post.ts';
import type { Vars } from '../../../core/template.ts';
import { UserError, type UserErrorCode } from '../../../errors.ts';
import type { Rendered } from '../views/format.ts';
import { renderScore } from '../views/score.ts';

/** One post to score and render: plain data, so it can cross to a worker thread. */
export interface ScoreTask {
  text: string;
  platform: Platform;
  lang: Lang | 'auto';
  /** The UI language from the user's Discord locale; without it the post's language is used. */
  replyLang?: Lang;
  /** Key of the post in the bot's memory, carried by the reply's buttons. */
  ref: string;
  /** Show the Rewrite button (a language model is configured). */
  rewrite: boolean;
  /** Categories the user marked wrong or missing ("Not right?"). */
  corrections?: Corrections;
  /** Rules the server does not want (`/rules ignore`), looked up on the main thread. */
  ignoredRules?: readonly string[];
  /** The kind the user chose with the Kind button; recognised from the text when absent. */
  kind?: PostKind;
}

/** What comes back: the reply ready to send and what the score history keeps (ids only, never text). */
export type ScoreOutcome =
  | {
      ok: true;
      view: Rendered;
      summary: { score: number; platform: Platform; language: Report['language']; rules: string[]; missing: string[] };
      /** What the main thread needs to add a page audit's calibration to the reply. */
      categories: CategoryId[];
      replyLang: Lang;
    }
  /** Bad input: a UserError's code and vars (an Error's class does not survive the thread boundary). */
  | { ok: false; code: UserErrorCode; vars: Vars };

/** Scores and renders one post: the whole of the CPU work of a score reply, pure. */
export function runScoreTask(advisor: Advisor, task: ScoreTask): ScoreOutcome {
  try {
    const report = scorePost(advisor, { text: task.text, platform: task.platform, lang: task.lang, replyLang: task.replyLang, corrections: task.corrections, ignoredRules: task.ignoredRules, kind: task.kind });
    return {
      ok: true,
      view: renderScore(report, { ref: task.ref, post: task.text, rewrite: task.rewrite }),
      summary: { score: report.score, platform: report.platform, language: report.language, rules: report.findings.map((f) => f.id), missing: missedTopics(report, advisor) },
      categories: report.categories,
      replyLang: report.replyLang,
    };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, code: err.code, vars: err.vars };
    throw err;
  }
}
