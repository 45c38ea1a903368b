import { advise, type Advisor, type Corrections, type Report } from '../core/engine.ts';
import { missedTopics } from '../core/misses.ts';
import type { Lang, Platform } from '../core/post.ts';
import type { PostKind } from '../core/post-kind.ts';
import { UserError } from '../errors.ts';
import type { Log } from './ports.ts';
import type { ScoreHistory } from './tips/score-history.ts';

/** Longest input we read; Facebook's own limit is 63,206, so this leaves room to say "too long". */
export const MAX_INPUT_CHARS = 100_000;

export interface ScoreRequest {
  text: string;
  platform: Platform;
  lang: Lang | 'auto';
  replyLang?: Lang;
  maxSuggestions?: number;
  /** What kind of post it is, when the user said so; recognised from the text otherwise. */
  kind?: PostKind;
  /** Categories the user marked wrong or missing ("Not right?"). */
  corrections?: Corrections;
  /** Rules the server does not want (`/rules ignore`). */
  ignoredRules?: readonly string[];
}

/** Checks a user's input and scores it; bad input becomes a UserError with a next step. */
export function scorePost(advisor: Advisor, req: ScoreRequest): Report {
  const text = req.text;
  if (text.trim() === '' || /^[\s\u200B-\u200D\u2060\uFEFF]*$/.test(text)) throw new UserError('empty_post');
  if (text.length > MAX_INPUT_CHARS) throw new UserError('too_long', { chars: text.length, max: MAX_INPUT_CHARS });
  // why: binary junk (a pasted file) is mostly control characters; real posts have almost none
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD]/g)?.length ?? 0;
  if (controls > 0 && controls / text.length > 0.1) throw new UserError('not_text');
  return advise(advisor, { text, platform: req.platform, lang: req.lang }, {
    replyLang: req.replyLang,
    maxSuggestions: req.maxSuggestions,
    corrections: req.corrections,
    ignoredRules: req.ignoredRules,
    kind: req.kind,
  });
}

export interface ScoreDeps {
  advisor: Advisor;
  /** Where a server's scores are remembered for its tips; nothing is remembered without it. */
  history?: ScoreHistory;
  log?: Pick<Log, 'warn'>;
}

/**
 * The use case every front end calls (Discord, the local chat, the CLI): scores a post and, when
 * it was scored for a server, remembers the score and the topics it missed so the server's tips
 * teach what its posts lack. Only ids and the score are stored, never the post's text.
 */
export function scoreAndRemember(deps: ScoreDeps, req: ScoreRequest, serverId?: string | null): Report {
  const report = scorePost(deps.advisor, req);
  if (serverId && deps.history) {
    // why: the score itself is what the user asked for: it doesn't wait for the store, and a full
    // disk or a lost database connection must not cost them the answer
    const remembered = (async () => deps.history!.record(serverId, { score: report.score, missing: missedTopics(report, deps.advisor) }))();
    remembered.catch((err: unknown) => deps.log?.warn({ err, serverId }, 'could not remember the score for daily tips'));
  }
  return report;
}
