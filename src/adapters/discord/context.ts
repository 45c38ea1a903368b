import type { DailyTips } from '../../app/tips/daily-tips.ts';
import type { LlmLimits } from '../../app/llm-limits.ts';
import type { ScoreHistory } from '../../app/tips/score-history.ts';
import type { AuditStore, CorrectionStore, Rewriter, ServerSettingsStore } from '../../app/ports.ts';
import type { ClassifyBatch } from '../../app/classify.ts';
import type { Advisor } from '../../core/engine.ts';
import type { Lang, Platform } from '../../core/post.ts';
import type { Logger } from '../log.ts';
import type { PostCache } from './post-cache.ts';
import type { ScoreAnswers } from './scoring/answers.ts';

// The context every Discord handler gets: what the composition root handed the bot, and per
// interaction the user's UI language.

/** What every handler may use; built once by bot.ts from what src/main.ts gave it. */
export interface BotContext {
  advisor: Advisor;
  posts: PostCache;
  /** Scoring replies: acknowledged first, scored off the gateway thread, within a bounded queue. */
  answers: ScoreAnswers;
  /** `variants`: rewritten versions asked of the model per request (config `llm.variants`). */
  defaults: { platform: Platform; lang: Lang | 'auto'; variants: number };
  /** The language model, when one is configured: score replies then carry a Rewrite button. */
  rewriter?: Rewriter;
  /** Per-server daily budget and per-user cooldown for model requests (config `llm.*`). */
  llmLimits?: LlmLimits;
  /** Daily tips of every server; absent when the bot runs without a database (some tests). */
  tips?: DailyTips;
  /** Where every score in a server is remembered for choosing its tips; absent without a database. */
  history?: ScoreHistory;
  /** Each server's last page audit (/audit, and the page's evidence under /score); absent without a database. */
  audits?: AuditStore;
  /** /audit: who may run it besides Manage Server (a role name or id, "" for nobody), the largest file, whether post texts are kept. */
  audit: { role: string; maxBytes: number; storePostText: boolean };
  /** How /audit scores its posts: on the scoring threads (never the gateway's), batches in flight at once. */
  auditScoring: { classify: ClassifyBatch; concurrency: number };
  /** Where "Not right?" corrections are kept; without it scores are still corrected, nothing is stored. */
  corrections?: CorrectionStore;
  /** Each server's ignored rules (/rules); without it /rules says it needs a database. */
  serverSettings?: ServerSettingsStore;
  /** The current time, injected so tests can move it; defaults to the system clock. */
  clock?: () => Date;
  log: Logger;
}

/** One interaction's view: the shared context plus the user's UI language. */
export interface CallContext extends BotContext {
  lang: Lang;
}

