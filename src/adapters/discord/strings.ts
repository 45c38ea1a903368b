import type { Band } from '../../core/engine.ts';
import type { DetectedLang, Lang, Platform } from '../../core/post.ts';

// Discord-only UI text (labels, headings, command descriptions). Error sentences shared with the
// CLI live in src/app/messages.ts.

export interface Ui {
  band: Record<Band, string>;
  scoreTitle(score: number, band: string): string;
  platform: Record<Platform, string>;
  lengthLine(platform: Platform, length: { chars: number; weighted: number; limit: number }): string;
  overLimit: string;
  language: Record<DetectedLang, string>;
  postLanguage(lang: string, guessed: boolean): string;
  doesWell: string;
  watchOut: string;
  notes: string;
  points(gain: number): string;
  partlyVerified: string;
  unverified: string;
  noSuggestions: string;
  footer: string;
  why: string;
  scoreFor(platform: Platform): string;
  rewrite: string;
  expired: string;
  rewriteNotReady: string;
  emptyTarget: string;
  unknownCommand: string;
  whyTitle: string;
  whyEmpty: string;
  whyFooter: string;
  fans: string;
  companies: string;
  source: string;
  sources: string;
  caveat: string;
  evidence: string;
  verified: Record<'yes' | 'partial' | 'no', string>;
  studyTitle: string;
  studyIntro: string;
  studyColumns: [string, string];
  studyWho(fans: string, companies: string): string;
  studyFooter: string;
  helpTitle: string;
  helpBody: string;
  modalTitle: string;
  modalPost: string;
  modalPostHint: string;
  modalPlatform: string;
  modalPlatformHint: string;
}

// why: toLocaleString builds a formatter per call, which showed up in the bot benchmark's profile
const enNumber = new Intl.NumberFormat('en-US');
const deNumber = new Intl.NumberFormat('de-DE');

const en: Ui = {
  band: { strong: 'strong', ok: 'ok', weak: 'weak' },
  scoreTitle: (score, band) => `Score ${score}/100 · ${band}`,
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
  points: (gain) => `+${gain} points`,
  partlyVerified: 'partly verified',
  unverified: 'unverified, not cited as fact',
  noSuggestions: 'Nothing to add: this post already gives fans what they come for.',
  footer: 'Why? shows the studies behind this score.',
  why: 'Why?',
  scoreFor: (p) => `Score for ${p === 'twitter' ? 'X/Twitter' : 'Facebook'}`,
  rewrite: 'Rewrite',
  expired: 'This score has expired – run /score again.',
  rewriteNotReady: 'Rewrites are not available in this version yet; the suggestions above still apply.',
  emptyTarget: 'That message has no text I can read (only images, embeds or stickers). Pick a message with text, or use /score.',
  unknownCommand: 'I don’t know that command any more. Try /help.',
  whyTitle: 'The evidence behind this score',
  whyEmpty: 'No rule fired and nothing is suggested, so no study is involved in this score.',
  whyFooter: 'Full text of one finding: /explain',
  fans: 'Fans',
  companies: 'Companies',
  source: 'Source',
  sources: 'Source ids',
  caveat: 'Caveat',
  evidence: 'Evidence',
  verified: {
    yes: 'Verified against the cited sources.',
    partial: 'Partly verified: read the caveat before citing it.',
    no: 'Unverified: shown for completeness, not as fact. Don’t cite it.',
  },
  studyTitle: 'What fans want vs what companies think',
  studyIntro: 'Share of fans who say they want something, and the share companies believe. The gaps are what /score looks for.',
  studyColumns: ['Fans', 'Firms'],
  studyWho: (fans, companies) => `Fans: ${fans}. Firms: ${companies}.`,
  studyFooter: '/explain <finding> shows a row in full, with its caveat.',
  helpTitle: 'fanpage-advisor',
  helpBody: [
    'I score a planned Facebook or X post from 0 to 100 against surveys of what fans want, and name the few changes that would raise the score most, each with its evidence.',
    '',
    '**/score** `post` `platform` – score a post (without `post`, a form opens for multi-line posts). Private unless `public:true`.',
    '**Score this post** (right-click a message → Apps) – score that message.',
    '**@mention me** with a post, or send me a DM – I reply in the thread. Start with `x:` or `facebook:` to pick the platform.',
    '**/study** – what fans want vs what companies think.',
    '**/explain** `finding` – one finding in full: figures, source, year, caveat.',
  ].join('\n'),
  modalTitle: 'Score a post',
  modalPost: 'Post text',
  modalPostHint: 'Paste the post as you plan to publish it; line breaks are kept.',
  modalPlatform: 'Platform',
  modalPlatformHint: 'facebook or x',
};

const de: Ui = {
  band: { strong: 'stark', ok: 'okay', weak: 'schwach' },
  scoreTitle: (score, band) => `Bewertung ${score}/100 · ${band}`,
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
  points: (gain) => `+${gain} Punkte`,
  partlyVerified: 'teilweise belegt',
  unverified: 'unbelegt, nicht als Tatsache zitiert',
  noSuggestions: 'Nichts zu ergänzen: Der Post bietet Fans schon, wofür sie kommen.',
  footer: 'Warum? zeigt die Studien hinter dieser Bewertung.',
  why: 'Warum?',
  scoreFor: (p) => `Für ${p === 'twitter' ? 'X/Twitter' : 'Facebook'} bewerten`,
  rewrite: 'Umschreiben',
  expired: 'Diese Bewertung ist abgelaufen – starte /score noch einmal.',
  rewriteNotReady: 'Umschreiben gibt es in dieser Version noch nicht; die Vorschläge oben gelten weiter.',
  emptyTarget: 'Diese Nachricht enthält keinen Text, den ich lesen kann (nur Bilder, Embeds oder Sticker). Wähle eine Nachricht mit Text oder nutze /score.',
  unknownCommand: 'Diesen Befehl kenne ich nicht mehr. Versuch es mit /help.',
  whyTitle: 'Die Belege hinter dieser Bewertung',
  whyEmpty: 'Keine Regel hat gegriffen und es gibt keinen Vorschlag, daher stützt sich diese Bewertung auf keine Studie.',
  whyFooter: 'Einen Befund ganz lesen: /explain',
  fans: 'Fans',
  companies: 'Unternehmen',
  source: 'Quelle',
  sources: 'Quellen-IDs',
  caveat: 'Einschränkung',
  evidence: 'Beleglage',
  verified: {
    yes: 'An den zitierten Quellen geprüft.',
    partial: 'Teilweise belegt: Lies die Einschränkung, bevor du es zitierst.',
    no: 'Unbelegt: nur der Vollständigkeit halber, nicht als Tatsache. Nicht zitieren.',
  },
  studyTitle: 'Was Fans wollen und was Unternehmen glauben',
  studyIntro: 'Anteil der Fans, die etwas wollen, und der Anteil, den Unternehmen vermuten. Nach diesen Lücken sucht /score.',
  studyColumns: ['Fans', 'Firmen'],
  studyWho: (fans, companies) => `Fans: ${fans}. Firmen: ${companies}.`,
  studyFooter: '/explain <Befund> zeigt eine Zeile ganz, mit Einschränkung.',
  helpTitle: 'fanpage-advisor',
  helpBody: [
    'Ich bewerte einen geplanten Facebook- oder X-Post von 0 bis 100 anhand von Umfragen dazu, was Fans wollen, und nenne die wenigen Änderungen, die am meisten bringen, jeweils mit Beleg.',
    '',
    '**/score** `post` `platform` – einen Post bewerten (ohne `post` öffnet sich ein Formular für mehrzeilige Posts). Nur für dich sichtbar, außer mit `public:true`.',
    '**Post bewerten** (Rechtsklick auf eine Nachricht → Apps) – diese Nachricht bewerten.',
    '**Erwähne mich** mit einem Post oder schreib mir eine DM – ich antworte im Verlauf. Beginne mit `x:` oder `facebook:`, um die Plattform zu wählen.',
    '**/study** – was Fans wollen und was Unternehmen glauben.',
    '**/explain** `finding` – ein Befund ganz: Zahlen, Quelle, Jahr, Einschränkung.',
  ].join('\n'),
  modalTitle: 'Post bewerten',
  modalPost: 'Text des Posts',
  modalPostHint: 'Füge den Post so ein, wie du ihn veröffentlichen willst; Zeilenumbrüche bleiben erhalten.',
  modalPlatform: 'Plattform',
  modalPlatformHint: 'facebook oder x',
};

const uis: Record<Lang, Ui> = { en, de };

export function ui(lang: Lang): Ui {
  return uis[lang];
}

/** Discord locales: "de" is German; every other locale gets English. */
export function langOf(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** Command and option texts for Discord's own localisation fields (name ≤ 32, description ≤ 100). */
export const commandText = {
  score: {
    name: { en: 'score', de: 'bewerten' },
    description: { en: 'Score a planned post and get the changes that raise it most', de: 'Bewerte einen geplanten Post und erhalte die wirksamsten Änderungen' },
    options: {
      platform: { name: { en: 'platform', de: 'plattform' }, description: { en: 'Where the post will be published', de: 'Wo der Post erscheinen soll' } },
      post: { name: { en: 'post', de: 'post' }, description: { en: 'The post text (leave empty to open a form for multi-line posts)', de: 'Der Text des Posts (leer lassen für ein Formular mit Zeilenumbrüchen)' } },
      language: { name: { en: 'language', de: 'sprache' }, description: { en: 'Language of the post (default: detect)', de: 'Sprache des Posts (Standard: erkennen)' } },
      public: { name: { en: 'public', de: 'öffentlich' }, description: { en: 'Show the result to the whole channel (default: only you)', de: 'Ergebnis allen im Kanal zeigen (Standard: nur dir)' } },
    },
  },
  scoreMessage: { name: { en: 'Score this post', de: 'Post bewerten' } },
  study: {
    name: { en: 'study', de: 'studie' },
    description: { en: 'What fans want vs what companies think, with figures and sources', de: 'Was Fans wollen und was Unternehmen glauben, mit Zahlen und Quellen' },
  },
  explain: {
    name: { en: 'explain', de: 'erklären' },
    description: { en: 'One research finding in full: figures, source, year, caveat', de: 'Ein Forschungsbefund ganz: Zahlen, Quelle, Jahr, Einschränkung' },
    options: {
      finding: { name: { en: 'finding', de: 'befund' }, description: { en: 'Start typing a topic, e.g. discounts', de: 'Tippe ein Thema, z. B. Rabatte' } },
    },
  },
  help: {
    name: { en: 'help', de: 'hilfe' },
    description: { en: 'What this bot does and how to use it', de: 'Was dieser Bot kann und wie du ihn nutzt' },
  },
  languageChoices: { auto: { en: 'Detect', de: 'Erkennen' }, en: { en: 'English', de: 'Englisch' }, de: { en: 'German', de: 'Deutsch' } },
} as const;
