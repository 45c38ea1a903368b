// The answer to /ask or a question in a mention.
import type { APIEmbed } from 'discord.js';
import type { AskResult } from '../../../app/ask.ts';
import { figureOf, type Finding } from '../../../core/finding.ts';
import type { Lang } from '../../../core/post.ts';
import { escapeLine, excerpt, fitEmbed } from './format.ts';
import { marker } from './study.ts';

/** Why /ask answered without the model (AskResult.llmSkipped), grouped for the reader. */
export type AskSkip = 'failed' | 'limited' | 'unchecked';

export interface AskText {
  askTitle: string;
  askByModel: string;
  askFromFindings: string;
  askSkipped: Record<AskSkip, string>;
}

const askTexts: Record<Lang, AskText> = {
  en: {
    askTitle: 'What the research says',
    askByModel: 'Written by a language model from these findings only; its ids and numbers were checked against them.',
    askFromFindings: 'Taken straight from the findings.',
    askSkipped: {
      failed: 'The language model did not answer, so this comes straight from the findings.',
      limited: 'The language model’s limit for now is reached, so this comes straight from the findings.',
      unchecked: 'The language model’s answer did not match the findings, so this comes straight from them.',
    },
  },
  de: {
    askTitle: 'Das sagt die Forschung',
    askByModel: 'Von einem Sprachmodell nur aus diesen Befunden geschrieben; IDs und Zahlen wurden daran geprüft.',
    askFromFindings: 'Direkt aus den Befunden.',
    askSkipped: {
      failed: 'Das Sprachmodell hat nicht geantwortet, daher kommt das direkt aus den Befunden.',
      limited: 'Das Limit des Sprachmodells ist gerade erreicht, daher kommt das direkt aus den Befunden.',
      unchecked: 'Die Antwort des Sprachmodells passte nicht zu den Befunden, daher kommt das direkt aus ihnen.',
    },
  },
};

export function askText(lang: Lang): AskText {
  return askTexts[lang];
}

function askSkip(reason: NonNullable<AskResult['llmSkipped']>): AskSkip {
  switch (reason) {
    case 'cooldown':
    case 'llm_budget':
      return 'limited';
    case 'timeout':
    case 'rate_limited':
    case 'server':
    case 'bad_answer':
    case 'auth':
    case 'network':
      return 'failed';
    default:
      return 'unchecked';
  }
}

/**
 * The answer to /ask or a question in a mention: the question, the answer, and one field per
 * cited finding with its figure, study and year (and "partly verified" where it applies). A
 * model's answer is shown as plain text; the footer says where the answer came from.
 */
export function renderAnswer(result: AskResult, question: string, findings: readonly Finding[]): APIEmbed {
  const lang = result.lang;
  const t = askText(lang);
  const answer = result.usedLlm ? result.answer.split('\n').map(escapeLine).join('\n') : result.answer;
  const fields = findings.map((f) => ({
    name: `${f.title[lang]}${marker(f, lang)} · ${f.id}`,
    value: [f.consumers || f.companies ? figureOf(f, lang) : f.claim[lang], `${f.study.publisher}, “${f.study.title}”, ${f.study.year}`].join('\n'),
  }));
  return fitEmbed({
    title: t.askTitle,
    color: 0x5865f2,
    description: `${excerpt(question)}\n\n${answer}`,
    fields,
    footer: { text: result.usedLlm ? t.askByModel : result.llmSkipped ? t.askSkipped[askSkip(result.llmSkipped)] : t.askFromFindings },
  });
}
