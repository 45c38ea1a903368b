// The reply to a scored post (/score, the form, the context menu, a mention or DM, the platform button).
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbedField } from 'discord-api-types/v10';
import { bandName, kindTitle, noteText } from '../../../app/messages.ts';
import type { PostKind } from '../../../core/post-kind.ts';
import type { Report, Suggestion } from '../../../core/engine.ts';
import type { DetectedLang, Lang, Platform } from '../../../core/post.ts';
import { commonText, type CommonText } from './common.ts';
import { COLOURS, deNumber, enNumber, excerpt, fitEmbed, signed, type Rendered } from './format.ts';

export interface ScoreView {
  /** Key of the post in the bot's memory; buttons carry it instead of the text. */
  ref: string;
  /** The scored text, shown as a short quote so a public reply makes sense to the channel. */
  post?: string;
  /** Show the Rewrite button (only when a language model is configured). */
  rewrite: boolean;
  /** What the server's own audit says about this post's content, shown beside the study score. */
  page?: APIEmbedField | null;
}


export interface ScoreText {
  platform: Record<Platform, string>;
  lengthLine(platform: Platform, length: { chars: number; weighted: number; limit: number }): string;
  overLimit: string;
  language: Record<DetectedLang, string>;
  postLanguage(lang: string, guessed: boolean): string;
  doesWell: string;
  watchOut: string;
  notes: string;
  footer: string;
  why: string;
  scoreFor(platform: Platform): string;
  rewrite: string;
  /** The "Not right?" button: correct what was detected (views/corrections.ts has the form). */
  notRight: string;
  /** Which kind of post it was judged as, and from which words. */
  judgedAs(kind: string, cue: string | undefined, chosen: boolean): string;
  /** The button that judges the same post as another kind. */
  judgeAs(kind: PostKind): string;
  emptyTarget: string;
  modalTitle: string;
  modalPost: string;
  modalPostHint: string;
  modalPlatform: string;
  modalPlatformHint: string;
}

const scoreTexts: Record<Lang, ScoreText> = {
  en: {
    platform: { twitter: 'X/Twitter', facebook: 'Facebook' },
    lengthLine: (platform, l) =>
      platform === 'twitter'
        ? `X weighted length ${enNumber.format(l.weighted)}/${enNumber.format(l.limit)}`
        : `Facebook ${enNumber.format(l.chars)}/${enNumber.format(l.limit)} characters`,
    overLimit: 'over the limit',
    language: { en: 'English', de: 'German', other: 'neither English nor German' },
    postLanguage: (lang, guessed) => `Post language: ${lang}${guessed ? ' (guessed)' : ''}`,
    doesWell: 'Does well',
    watchOut: 'Watch out',
    notes: 'Notes',
    footer: 'Why? shows the studies behind this score.',
    why: 'Why?',
    scoreFor: (p) => `Score for ${p === 'twitter' ? 'X/Twitter' : 'Facebook'}`,
    rewrite: 'Rewrite',
    notRight: 'Not right?',
    judgedAs: (kind, cue, chosen) => `Judged as ${kind}${chosen ? ' (your choice)' : cue ? ` (recognised from “${cue}”)` : ''}.`,
    judgeAs: (kind) => ({ reply: 'Judge as a reply', service: 'Judge as a service notice', marketing: 'Judge as marketing' })[kind],
    emptyTarget: 'That message has no text I can read (only images, embeds or stickers). Pick a message with text, or use /score.',
    modalTitle: 'Score a post',
    modalPost: 'Post text',
    modalPostHint: 'Paste the post as you plan to publish it; line breaks are kept.',
    modalPlatform: 'Platform',
    modalPlatformHint: 'facebook or x',
  },
  de: {
    platform: { twitter: 'X/Twitter', facebook: 'Facebook' },
    lengthLine: (platform, l) =>
      platform === 'twitter'
        ? `X-gewichtete Länge ${deNumber.format(l.weighted)}/${deNumber.format(l.limit)}`
        : `Facebook ${deNumber.format(l.chars)}/${deNumber.format(l.limit)} Zeichen`,
    overLimit: 'über dem Limit',
    language: { en: 'Englisch', de: 'Deutsch', other: 'weder Englisch noch Deutsch' },
    postLanguage: (lang, guessed) => `Sprache des Posts: ${lang}${guessed ? ' (geraten)' : ''}`,
    doesWell: 'Das passt',
    watchOut: 'Achtung',
    notes: 'Hinweise',
    footer: 'Warum? zeigt die Studien hinter dieser Bewertung.',
    why: 'Warum?',
    scoreFor: (p) => `Für ${p === 'twitter' ? 'X/Twitter' : 'Facebook'} bewerten`,
    rewrite: 'Umschreiben',
    notRight: 'Stimmt nicht?',
    judgedAs: (kind, cue, chosen) => `Bewertet als ${kind}${chosen ? ' (deine Wahl)' : cue ? ` (erkannt an „${cue}“)` : ''}.`,
    judgeAs: (kind) => ({ reply: 'Als Antwort bewerten', service: 'Als Service-Hinweis bewerten', marketing: 'Als Marketing bewerten' })[kind],
    emptyTarget: 'Diese Nachricht enthält keinen Text, den ich lesen kann (nur Bilder, Embeds oder Sticker). Wähle eine Nachricht mit Text oder nutze /score.',
    modalTitle: 'Post bewerten',
    modalPost: 'Text des Posts',
    modalPostHint: 'Füge den Post so ein, wie du ihn veröffentlichen willst; Zeilenumbrüche bleiben erhalten.',
    modalPlatform: 'Plattform',
    modalPlatformHint: 'facebook oder x',
  },
};

export function scoreText(lang: Lang): ScoreText {
  return scoreTexts[lang];
}

// why: one button reaches every kind: a reply is most often mistaken for marketing and back
const NEXT_KIND: Record<PostKind, PostKind> = { reply: 'marketing', marketing: 'reply', service: 'marketing' };

function otherPlatform(p: Platform): Platform {
  return p === 'twitter' ? 'facebook' : 'twitter';
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponent {
  return { type: ComponentType.Button, style, label, custom_id: customId };
}


/** One suggestion as a field: the gain and title, the change, and its evidence with source and year. */
export function suggestionField(s: Suggestion, t: CommonText): APIEmbedField {
  const e = s.evidence;
  let evidence = '';
  if (e.verified === 'no') evidence = `*${t.unverified}*`;
  else if (e.figure) evidence = `*${e.figure} – ${e.source}, ${e.year}${e.verified === 'partial' ? ` (${t.partlyVerified})` : ''}*`;
  return { name: `${t.points(s.gain)} · ${s.title}`, value: [s.text, evidence].filter(Boolean).join('\n') };
}

/** The reply to a scored post: score and band, length, what works, what to watch, top suggestions. */
export function renderScore(report: Report, view: ScoreView): Rendered {
  const lang = report.replyLang;
  const t = { ...commonText(lang), ...scoreText(lang) };
  const overLimit = (report.platform === 'twitter' ? report.length.weighted : report.length.chars) > report.length.limit;
  const description = [
    view.post ? excerpt(view.post) : '',
    `${t.lengthLine(report.platform, report.length)}${overLimit ? ` – **${t.overLimit}**` : ''}`,
    t.judgedAs(kindTitle(report.kind.kind, lang), report.kind.cue, !report.kind.detected),
  ]
    .filter(Boolean)
    .join('\n');

  const fields: APIEmbedField[] = [];
  const line = (f: Report['findings'][number]) => `**${f.title}** (${signed(f.points)}): ${f.message}`;
  const good = report.findings.filter((f) => f.points > 0);
  const bad = report.findings.filter((f) => f.points < 0);
  if (good.length > 0) fields.push({ name: t.doesWell, value: good.map(line).join('\n') });
  if (bad.length > 0) fields.push({ name: t.watchOut, value: bad.map(line).join('\n') });
  fields.push(...report.suggestions.map((s) => suggestionField(s, t)));
  if (report.suggestions.length === 0 && report.band === 'strong') fields.push({ name: '\u200b', value: t.noSuggestions });
  if (report.notes.length > 0) fields.push({ name: t.notes, value: report.notes.map((n) => `• ${noteText(n, lang)}`).join('\n') });
  if (view.page) fields.push(view.page);

  const other = otherPlatform(report.platform);
  const buttons = [
    button(`why:${view.ref}`, t.why, ButtonStyle.Secondary),
    button(`platform:${view.ref}:${other}`, t.scoreFor(other), ButtonStyle.Secondary),
  ];
  if (view.rewrite) buttons.push(button(`rewrite:${view.ref}`, t.rewrite, ButtonStyle.Primary));
  buttons.push(button(`fix:${view.ref}`, t.notRight, ButtonStyle.Secondary));
  const next = NEXT_KIND[report.kind.kind];
  buttons.push(button(`kind:${view.ref}:${next}`, t.judgeAs(next), ButtonStyle.Secondary));

  const embed = fitEmbed({
    title: t.scoreTitle(report.score, bandName(report.band, lang)),
    color: COLOURS[report.band],
    description,
    fields,
    footer: { text: `${t.postLanguage(t.language[report.language], !report.languageDetected)} · ${t.footer}` },
  });
  return { embeds: [embed], components: [{ type: ComponentType.ActionRow, components: buttons }] };
}
