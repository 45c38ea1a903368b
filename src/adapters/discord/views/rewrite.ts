// The answer to Rewrite and /rewrite: versions that score higher, or why none is shown.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { bandName } from '../../../app/messages.ts';
import type { RejectReason, RewriteResult } from '../../../app/rewrite-post.ts';
import type { Report, Suggestion } from '../../../core/engine.ts';
import type { Lang } from '../../../core/post.ts';
import { commonText, type CommonText } from './common.ts';
import { COLOURS, deNumber, enNumber, escapeLine, excerpt, fitEmbed, LIMITS, truncate } from './format.ts';
import { suggestionField } from './score.ts';

export interface RewriteText {
  rewriteTitle: string;
  rewriteNoneTitle: string;
  rewriteNone: string;
  /** The original's score line at the top of a rewrite reply. */
  rewriteOriginal(score: number, band: string): string;
  rewriteVersion(n: number, before: number, after: number, gain: number): string;
  whatChanged: string;
  /** Shown under a variant cut to fit Discord. */
  shortened(shown: number, total: number): string;
  /** Why variants were not shown, in words (never their text). */
  rewriteDropped(count: number, reasons: readonly string[]): string;
  rejectReason: Record<RejectReason, string>;
  rewriteFooter: string;
  rewriteModalTitle: string;
}

const rewriteTexts: Record<Lang, RewriteText> = {
  en: {
    rewriteTitle: 'Rewrites that score higher',
    rewriteNoneTitle: 'No rewrite scored higher',
    rewriteNone: 'None of the rewrites scored higher than your post while keeping its facts, so here are the rule-based suggestions instead.',
    rewriteOriginal: (score, band) => `Your post: **${score}/100** · ${band}`,
    rewriteVersion: (n, before, after, gain) => `Version ${n}: ${before} → ${after} (+${gain})`,
    whatChanged: 'What changed',
    shortened: (shown, total) => `Shortened to fit Discord: ${enNumber.format(shown)} of ${enNumber.format(total)} characters shown.`,
    rewriteDropped: (count, reasons) => `${count} ${count === 1 ? 'version was' : 'versions were'} not shown: ${reasons.join('; ')}.`,
    rejectReason: {
      empty: 'it was empty',
      url_dropped: 'a link went missing',
      new_url: 'a link was added',
      price_changed: 'a price or amount changed',
      code_dropped: 'a code went missing',
      date_changed: 'a date changed',
      handle_dropped: 'an @handle went missing',
      product_dropped: 'a product name went missing',
      invented_offer: 'it invented an offer',
      invented_date: 'it invented a date',
      new_mention: 'it added a mention',
      mass_mention: 'it added @everyone or @here',
      over_limit: 'it was over the platform limit',
      prompt_echo: 'it repeated the instructions',
      not_better: 'it scored no higher',
    },
    rewriteFooter: 'Each version was re-scored by the same rules; links, prices, codes, dates and names were checked to be unchanged.',
    rewriteModalTitle: 'Rewrite a post',
  },
  de: {
    rewriteTitle: 'Umschreibungen mit höherer Bewertung',
    rewriteNoneTitle: 'Keine Umschreibung war besser',
    rewriteNone: 'Keine Umschreibung hat deinen Post übertroffen und dabei seine Fakten behalten; hier sind stattdessen die Regel-Vorschläge.',
    rewriteOriginal: (score, band) => `Dein Post: **${score}/100** · ${band}`,
    rewriteVersion: (n, before, after, gain) => `Version ${n}: ${before} → ${after} (+${gain})`,
    whatChanged: 'Was sich geändert hat',
    shortened: (shown, total) => `Für Discord gekürzt: ${deNumber.format(shown)} von ${deNumber.format(total)} Zeichen zu sehen.`,
    rewriteDropped: (count, reasons) => `${count} ${count === 1 ? 'Version wurde' : 'Versionen wurden'} nicht gezeigt: ${reasons.join('; ')}.`,
    rejectReason: {
      empty: 'sie war leer',
      url_dropped: 'ein Link fehlte',
      new_url: 'ein Link kam hinzu',
      price_changed: 'ein Preis oder Betrag hat sich geändert',
      code_dropped: 'ein Code fehlte',
      date_changed: 'ein Datum hat sich geändert',
      handle_dropped: 'ein @Handle fehlte',
      product_dropped: 'ein Produktname fehlte',
      invented_offer: 'sie hat ein Angebot erfunden',
      invented_date: 'sie hat ein Datum erfunden',
      new_mention: 'sie hat eine Erwähnung hinzugefügt',
      mass_mention: 'sie hat @everyone oder @here hinzugefügt',
      over_limit: 'sie war über dem Limit der Plattform',
      prompt_echo: 'sie hat die Anweisungen wiederholt',
      not_better: 'sie war nicht besser bewertet',
    },
    rewriteFooter: 'Jede Version wurde mit denselben Regeln neu bewertet; Links, Preise, Codes, Daten und Namen wurden auf Unverändertheit geprüft.',
    rewriteModalTitle: 'Post umschreiben',
  },
};

export function rewriteText(lang: Lang): RewriteText {
  return rewriteTexts[lang];
}

/** The suggestions as fields, or one line saying no single change would help. */
function suggestionFields(suggestions: readonly Suggestion[], t: CommonText): APIEmbedField[] {
  return suggestions.length > 0 ? suggestions.map((s) => suggestionField(s, t)) : [{ name: '\u200b', value: t.noSuggestionsLeft }];
}

/**
 * Text in a code block of at most `max` characters, fences included: shown exactly as written
 * (no Markdown, no mentions), and a run of backticks inside can't close the block early. Longer
 * text is cut with a visible "…"; `cut` then says how much is shown.
 */
function codeBlock(text: string, max: number): { block: string; cut?: { shown: number; total: number } } {
  const body = text.replace(/`(?=``)/g, '`\u200b');
  const room = Math.max(1, max - 8);
  if (body.length <= room) return { block: `\`\`\`\n${body}\n\`\`\`` };
  const shortened = truncate(body, room);
  return { block: `\`\`\`\n${shortened}\n\`\`\``, cut: { shown: Math.min(text.length, shortened.length - 1), total: text.length } };
}

/** Longest "what changed" note shown; it is the model's words, so it is kept short and inert. */
const MAX_CHANGES = 300;

function variantField(v: RewriteResult['improved'][number], n: number, before: number, t: CommonText & RewriteText): APIEmbedField {
  const changes = v.changes ? `**${t.whatChanged}:** ${escapeLine(truncate(v.changes.replace(/\s+/g, ' ').trim(), MAX_CHANGES))}` : '';
  // why: the block is sized so the note and the "what changed" line always fit behind it; cutting
  // the whole value afterwards would cut off the closing fence
  const note = (shown: number, total: number) => `*${t.shortened(shown, total)}*`;
  const room = LIMITS.fieldValue - changes.length - note(999_999, 999_999).length - 2;
  const { block, cut } = codeBlock(v.text, room);
  return { name: t.rewriteVersion(n, before, v.report.score, v.gain), value: [block, cut ? note(cut.shown, cut.total) : '', changes].filter(Boolean).join('\n') };
}

/** "2 versions were not shown: a link went missing; it invented an offer." Reasons only, never their text. */
function droppedLine(result: RewriteResult, t: CommonText & RewriteText): string {
  if (result.rejected.length === 0) return '';
  const reasons = [...new Set(result.rejected.flatMap((r) => r.reasons))].map((r) => t.rejectReason[r]);
  return t.rewriteDropped(result.rejected.length, reasons);
}

/**
 * The answer to Rewrite and /rewrite: the original's score, then each version that scores higher
 * with before → after, its text in a code block and what changed. When none does, the reply says
 * so and gives the rule-based suggestions. `post` is quoted at the top when given.
 */
export function renderRewrite(result: RewriteResult, post?: string): APIEmbed {
  const o = result.original;
  const t = { ...commonText(o.replyLang), ...rewriteText(o.replyLang) };
  const head = [post ? excerpt(post) : '', t.rewriteOriginal(o.score, bandName(o.band, o.replyLang))].filter(Boolean).join('\n');
  const dropped = droppedLine(result, t);
  if (result.improved.length === 0) {
    // why: a post at 100 is not sent to the model at all; "none scored higher" would be untrue
    const nothingToDo = o.score >= 100 && result.rejected.length === 0;
    return fitEmbed({
      title: nothingToDo ? t.scoreTitle(o.score, bandName(o.band, o.replyLang)) : t.rewriteNoneTitle,
      color: COLOURS[o.band],
      description: `${head}\n\n${nothingToDo ? t.noSuggestions : t.rewriteNone}`,
      fields: nothingToDo ? [] : suggestionFields(result.fallback, t),
      ...(dropped ? { footer: { text: dropped } } : {}),
    });
  }
  return fitEmbed({
    title: t.rewriteTitle,
    color: COLOURS[result.improved[0]!.report.band],
    description: head,
    fields: result.improved.map((v, i) => variantField(v, i + 1, o.score, t)),
    footer: { text: [dropped, t.rewriteFooter].filter(Boolean).join('\n') },
  });
}

/**
 * The model could not be used: its sentence (what happened, and that the score stands), the
 * rule-based suggestions, and the error id the operator finds in the log.
 */
export function renderRewriteUnavailable(report: Report, sentence: string, errorId: string, post?: string): APIEmbed {
  const t = commonText(report.replyLang);
  return fitEmbed({
    title: t.scoreTitle(report.score, bandName(report.band, report.replyLang)),
    color: COLOURS[report.band],
    description: [post ? excerpt(post) : '', sentence].filter(Boolean).join('\n\n'),
    fields: suggestionFields(report.suggestions, t),
    footer: { text: t.errorRef(errorId) },
  });
}
