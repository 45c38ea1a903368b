import { advise, type Advisor, type Report, type Suggestion } from '../core/engine.ts';
import type { Lang, Platform } from '../core/post.ts';
import { guardVariant, type GuardReason } from '../core/rewrite-guard.ts';
import { buildRewriteMessages } from '../core/rewrite-prompt.ts';
import { UserError } from '../errors.ts';
import type { LlmLimits, Requester } from './llm-limits.ts';
import { llmReason } from './messages.ts';
import { LlmError, type LlmErrorKind, type Log, type Rewriter, type RewriteVariant } from './ports.ts';
import { scorePost } from './score-post.ts';

/** At most this many improved versions are returned, best first. */
export const MAX_SHOWN = 3;

export interface RewriteRequest {
  advisor: Advisor;
  /** Undefined when no model is configured: the call fails with `llm_disabled`. */
  rewriter: Rewriter | undefined;
  text: string;
  platform: Platform;
  lang: Lang | 'auto';
  replyLang?: Lang;
  /** Versions to ask the model for (1–5); config `llm.variants`. */
  variants?: number;
  /** Budget and cooldown; checked only when a model request would actually go out. */
  limits?: LlmLimits;
  who?: Requester;
  signal?: AbortSignal;
  log?: Log;
}

export interface ImprovedVariant {
  text: string;
  changes: string;
  report: Report;
  /** Points above the original's score; always > 0. */
  gain: number;
}

/** `not_better`: passed the guard but scored no higher than the original (or repeated another). */
export type RejectReason = GuardReason | 'not_better';

export interface RejectedVariant {
  text: string;
  reasons: RejectReason[];
}

export interface RewriteResult {
  original: Report;
  /** Versions that keep every fact and score strictly higher, best first, at most 3. */
  improved: ImprovedVariant[];
  rejected: RejectedVariant[];
  /** The original's rule-based suggestions when nothing improved; empty otherwise. */
  fallback: Suggestion[];
}

/**
 * The model could not be used (timeout, 429, 5xx, malformed answer …). It is a UserError, so any
 * caller that only knows UserError shows its sentence ("… your score still stands; here are the
 * rule-based suggestions"); callers that know this class also show `report.suggestions`.
 */
export class LlmUnavailable extends UserError {
  readonly kind: LlmErrorKind;
  /** The original post's report: its score and rule-based suggestions still stand. */
  readonly report: Report;

  constructor(err: LlmError, report: Report) {
    super('llm_unavailable', { reason: llmReason(err.kind, report.replyLang) });
    this.kind = err.kind;
    this.report = report;
    this.cause = err;
  }
}

/**
 * Asks the model for rewrites of a post, then trusts none of them: each variant must keep the
 * original's facts and stay within the platform limit (rewrite-guard), and is re-scored by the
 * same engine; only versions scoring strictly higher are returned. Throws UserError for bad input,
 * `llm_disabled`, `cooldown` and `llm_budget`, and LlmUnavailable when the model fails.
 */
export async function rewritePost(req: RewriteRequest): Promise<RewriteResult> {
  if (req.rewriter === undefined) throw new UserError('llm_disabled');
  const original = scorePost(req.advisor, { text: req.text, platform: req.platform, lang: req.lang, replyLang: req.replyLang });
  // why: nothing can beat 100, so don't spend a request (or the user's budget) on it
  if (original.score >= 100) return { original, improved: [], rejected: [], fallback: original.suggestions };

  if (req.limits) {
    const verdict = await req.limits.take(req.who ?? {});
    if (!verdict.ok) throw verdict.code === 'cooldown' ? new UserError('cooldown', { seconds: verdict.seconds }) : new UserError('llm_budget', { budget: verdict.budget });
  }

  const wanted = Math.max(1, Math.min(5, Math.round(req.variants ?? 3)));
  const messages = buildRewriteMessages({ text: req.text, platform: req.platform, lang: original.language, report: original, variants: wanted });
  let variants: RewriteVariant[];
  try {
    ({ variants } = await req.rewriter.rewrite(messages, req.signal));
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    req.log?.warn({ kind: err.kind, status: err.status }, 'rewrite: language model unavailable');
    throw new LlmUnavailable(err, original);
  }

  const postLang = original.language === 'other' ? 'auto' : original.language;
  const improved: ImprovedVariant[] = [];
  const rejected: RejectedVariant[] = [];
  const seen = new Set([req.text.trim()]);
  for (const v of variants.slice(0, wanted)) {
    const text = v.text.trim();
    const verdict = guardVariant(req.text, text, { platform: req.platform, lang: original.language });
    if (!verdict.ok) {
      rejected.push({ text, reasons: verdict.reasons });
      continue;
    }
    const report = advise(req.advisor, { text, platform: req.platform, lang: postLang }, { replyLang: original.replyLang });
    if (report.score <= original.score || seen.has(text)) {
      rejected.push({ text, reasons: ['not_better'] });
      continue;
    }
    seen.add(text);
    improved.push({ text, changes: v.changes.trim(), report, gain: report.score - original.score });
  }
  improved.sort((a, b) => b.report.score - a.report.score);
  const shown = improved.slice(0, MAX_SHOWN);
  req.log?.info(
    { platform: req.platform, asked: wanted, received: variants.length, improved: shown.length, rejected: rejected.flatMap((r) => r.reasons) },
    'rewrite: variants checked',
  );
  return { original, improved: shown, rejected, fallback: shown.length === 0 ? original.suggestions : [] };
}
