import { z } from 'zod';

/**
 * rules/findings/ask-topics.yml: question words that point at findings, for /ask. `words` match
 * whole words; a word of 4+ letters also matches as a prefix, a word with a space or `%` as written.
 * `findings` are in order of preference; `weight` is what one hit adds to the first of them.
 */
const Pattern = z.string().min(1).refine((s) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

const TopicSchema = z.strictObject({
  words: z.array(z.string().min(1)).min(1),
  /** Also a hit when the lower-cased question matches this (clock times, weekdays: "9am or 6pm?"). */
  pattern: Pattern.optional(),
  findings: z.array(z.string().min(1)).min(1),
  weight: z.number().positive().default(10),
});

export const AskTopicsFileSchema = z.strictObject({
  /** Findings for a question no topic matches. */
  general: z.array(z.string().min(1)).min(1),
  topics: z.array(TopicSchema).min(1),
});
export type AskTopicsFile = z.infer<typeof AskTopicsFileSchema>;

export interface AskTopic {
  words: readonly string[];
  pattern?: RegExp;
  findings: readonly string[];
  weight: number;
}

/** The topics compiled once: what `rankFindings` reads. */
export interface AskTopics {
  general: readonly string[];
  topics: readonly AskTopic[];
}

/** No topics: questions are ranked by word overlap with the findings alone. */
export const NO_ASK_TOPICS: AskTopics = { general: [], topics: [] };

export function compileAskTopics(file: AskTopicsFile): AskTopics {
  return {
    general: file.general,
    topics: file.topics.map((t) => ({ words: t.words, findings: t.findings, weight: t.weight, ...(t.pattern ? { pattern: new RegExp(t.pattern, 'u') } : {}) })),
  };
}
