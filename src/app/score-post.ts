import { advise, detectPost, judgeMeasured, type Advisor, type Corrections, type Report } from '../core/engine.ts';
import { missedTopics } from '../core/misses.ts';
import type { Lang, Platform } from '../core/post.ts';
import { kindOf, type PostKind } from '../core/post-kind.ts';
import { UserError } from '../errors.ts';
import { MAX_INPUT_CHARS } from './input-limit.ts';
import type { Log } from './ports.ts';
import type { ScoreHistory } from './tips/score-history.ts';


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

/** Up to this many UTF-16 units the count is exact (Intl.Segmenter); above, Node 20's segmenter turns quadratic. */
const EXACT_UP_TO = 10_000;
/** What joins onto the character before it: marks, variation selectors, skin tones, tags; a ZWJ also swallows the next one. */
const JOINING = /[\p{M}\uFE00-\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u200D./gu;

/** Characters as a reader counts them: an emoji with its skin tone, or a letter with its accent, is one. */
export function visibleLength(text: string): number {
  if (text.length <= EXACT_UP_TO) {
    let n = 0;
    for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n += 1;
    return n;
  }
  // linear and close (flags count as two): only ever quoted in a "too long" message
  let codePoints = 0;
  for (const _ of text) codePoints += 1;
  let joined = 0;
  for (const m of text.matchAll(JOINING)) joined += m[0].length > 1 && m[0][0] === '\u200D' ? 2 : 1;
  return codePoints - joined;
}

const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD]/g;

/** Checks a user's input and scores it; bad input becomes a UserError with a next step. */
export function scorePost(advisor: Advisor, req: ScoreRequest): Report {
  checkInput(req.text);
  return advise(advisor, { text: req.text, platform: req.platform, lang: req.lang }, {
    replyLang: req.replyLang,
    maxSuggestions: req.maxSuggestions,
    corrections: req.corrections,
    ignoredRules: req.ignoredRules,
    kind: req.kind,
  });
}

/**
 * Scores a post as detected and again with the user's corrections, from one reading of it
 * (normalise → … → detect once, judge twice): `correct` picks the corrections from the first report.
 */
export function scoreWithCorrections(advisor: Advisor, req: ScoreRequest, correct: (detected: Report) => Corrections): { detected: Report; report: Report } {
  checkInput(req.text);
  const read = detectPost({ text: req.text, platform: req.platform, lang: req.lang }, advisor.measureContext);
  const options = { replyLang: req.replyLang, maxSuggestions: req.maxSuggestions, ignoredRules: req.ignoredRules, kindFacts: kindOf(advisor.kinds, req.text, req.kind) };
  const detected = judgeMeasured(advisor, read, options);
  return { detected, report: judgeMeasured(advisor, read, { ...options, corrections: correct(detected) }) };
}

/** Bad input becomes a UserError with a next step: empty, too long, not text. */
function checkInput(text: string): void {
  if (text.trim() === '' || /^[\s\u200B-\u200D\u2060\uFEFF]*$/.test(text)) throw new UserError('empty_post');
  // why the limit is on UTF-16 units: that is what the engine's work grows with (an emoji is two);
  // the message counts what the user sees, so 100,000 emoji are not "200,000 characters"
  if (text.length > MAX_INPUT_CHARS) {
    const chars = visibleLength(text);
    throw new UserError(chars > MAX_INPUT_CHARS ? 'too_long' : 'too_long_wide', { chars, max: MAX_INPUT_CHARS });
  }
  // why "most": binary junk (a pasted file) is mostly control characters; a post with a few stray
  // ones (a colour code copied from a terminal) is scored, and the report notes hidden characters
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls > 0 && controls > text.replace(CONTROL, '').replace(/\s/g, '').length) throw new UserError('not_text');
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
  if (serverId && deps.history) rememberScore(deps, serverId, { score: report.score, missing: missedTopics(report, deps.advisor) });
  return report;
}

/**
 * The "remember" half on its own, for a score computed elsewhere (the bot scores in worker
 * threads and remembers on the thread that owns the database).
 */
export function rememberScore(deps: Pick<ScoreDeps, 'history' | 'log'>, serverId: string, result: { score: number; missing: readonly string[] }): void {
  if (!deps.history) return;
  const history = deps.history;
  // why: the score itself is what the user asked for: it doesn't wait for the store, and a full
  // disk or a lost database connection must not cost them the answer
  const remembered = (async () => history.record(serverId, result))();
  remembered.catch((err: unknown) => deps.log?.warn({ err, serverId }, 'could not remember the score for daily tips'));
}
