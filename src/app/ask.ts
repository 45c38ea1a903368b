import { buildAskMessages, questionLang, rankFindings, verifyAnswer, type AnswerProblem } from '../core/ask.ts';
import { NO_ASK_TOPICS } from '../core/ask-topics.ts';
import type { Advisor } from '../core/engine.ts';
import type { Finding } from '../core/finding.ts';
import { detectLanguage } from '../core/language.ts';
import type { Lang } from '../core/post.ts';
import { UserError } from '../errors.ts';
import type { LlmLimits, Requester } from './llm-limits.ts';
import { LlmError, type LlmErrorKind, type Log, type Rewriter } from './ports.ts';

/** Longest question we take; a question, not a document. */
export const MAX_QUESTION_CHARS = 500;
/** Findings in a no-model answer. */
const SHOWN = 3;
/** Findings given to the model as context: a few more than shown, so it can pick. */
const CONTEXT = 5;

export interface AskRequest {
  /** Only its findings and language data are used. */
  advisor: Advisor;
  question: string;
  /** The answer's language; detected from the question when absent. */
  lang?: Lang;
  /** Optional: without one, the answer is composed from the best-matching findings. */
  rewriter?: Rewriter;
  /** Budget and cooldown for the model; when they refuse, the answer comes without it. */
  limits?: LlmLimits;
  who?: Requester;
  signal?: AbortSignal;
  log?: Log;
}

export interface AskResult {
  answer: string;
  /** The finding ids the answer rests on, in the order cited. */
  findings: string[];
  usedLlm: boolean;
  lang: Lang;
  /** Why a configured model was not used: it failed, was limited, or its answer did not check out. */
  llmSkipped?: LlmErrorKind | 'cooldown' | 'llm_budget' | AnswerProblem;
}

const words = {
  en: { intro: 'What the research says:', none: 'No finding matches that question closely. What fans want most, according to the research:', partly: 'partly verified' },
  de: { intro: 'Das sagt die Forschung:', none: 'Zu dieser Frage passt kein Befund genau. Was Fans laut Forschung am meisten wollen:', partly: 'teilweise belegt' },
} as const;

/** A short answer without a model: each finding's claim with its study, year and id. */
export function composeAnswer(findings: readonly Finding[], lang: Lang, matched: boolean): string {
  const w = words[lang];
  const lines = findings.map((f) => {
    const partly = f.verified === 'partial' ? ` (${w.partly})` : '';
    return `• ${f.claim[lang]}${partly} — ${f.study.publisher}, “${f.study.title}” (${f.study.year}) [${f.id}]`;
  });
  return [matched ? w.intro : w.none, ...lines].join('\n');
}

/**
 * Answers "what do fans want?"-style questions from the findings only. Without a model, or when
 * the model fails, is limited, or gives an answer that cites nothing it was given or uses a number
 * that is not in those findings, the answer is composed from the best-matching findings instead.
 */
export async function ask(req: AskRequest): Promise<AskResult> {
  const question = req.question.trim();
  if (question === '') throw new UserError('empty_question');
  if (question.length > MAX_QUESTION_CHARS) throw new UserError('question_too_long', { chars: question.length, max: MAX_QUESTION_CHARS });
  const ctx = req.advisor.measureContext;
  const guess = detectLanguage(question.toLowerCase(), Object.values(ctx.languages), ctx.defaultLang);
  const sure = guess.hits.en !== guess.hits.de && guess.lang !== 'other';
  const lang: Lang = req.lang ?? (sure ? (guess.lang as Lang) : (questionLang(question) ?? (guess.lang === 'other' ? ctx.defaultLang : guess.lang)));

  const topics = req.advisor.askTopics ?? NO_ASK_TOPICS;
  const ranked = rankFindings(req.advisor.findings.values(), topics, question, CONTEXT).map((r) => r.finding);
  const matched = ranked.length > 0;
  const context = matched ? ranked : topics.general.flatMap((id) => req.advisor.findings.get(id) ?? []);
  const plain = (llmSkipped?: AskResult['llmSkipped']): AskResult => {
    const shown = context.slice(0, SHOWN);
    return { answer: composeAnswer(shown, lang, matched), findings: shown.map((f) => f.id), usedLlm: false, lang, ...(llmSkipped ? { llmSkipped } : {}) };
  };
  if (!req.rewriter || context.length === 0) return plain();

  if (req.limits) {
    const verdict = await req.limits.take(req.who ?? {});
    if (!verdict.ok) return plain(verdict.code);
  }
  let answer: string;
  try {
    answer = await req.rewriter.complete(buildAskMessages({ question, lang, findings: context }), req.signal);
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    req.log?.warn({ kind: err.kind, status: err.status }, 'ask: language model unavailable; answering from the findings');
    return plain(err.kind);
  }
  const check = verifyAnswer(answer, context);
  if (!check.ok) {
    req.log?.warn({ problem: check.problem }, 'ask: model answer failed verification; answering from the findings');
    return plain(check.problem);
  }
  return { answer: answer.trim(), findings: check.cited, usedLlm: true, lang };
}
