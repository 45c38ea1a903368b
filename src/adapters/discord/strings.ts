import type { AnswerProblem } from '../../core/ask.ts';
import type { Band } from '../../core/engine.ts';
import type { DetectedLang, Lang, Platform } from '../../core/post.ts';
import type { RejectReason } from '../../app/rewrite-post.ts';
import type { TipFailure } from '../../app/ports.ts';

/** Why /ask answered without the model (AskResult.llmSkipped), grouped for the reader. */
export type AskSkip = 'failed' | 'limited' | 'unchecked';

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
  noSuggestionsLeft: string;
  /** Footer of a failed model call: the id the operator finds in the log. */
  errorRef(errorId: string): string;
  rewriteModalTitle: string;
  askTitle: string;
  askByModel: string;
  askFromFindings: string;
  askSkipped: Record<AskSkip, string>;
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
  noSuggestionsLeft: 'No single change would raise the score.',
  errorRef: (id) => `Error id ${id}`,
  rewriteModalTitle: 'Rewrite a post',
  askTitle: 'What the research says',
  askByModel: 'Written by a language model from these findings only; its ids and numbers were checked against them.',
  askFromFindings: 'Taken straight from the findings.',
  askSkipped: {
    failed: 'The language model did not answer, so this comes straight from the findings.',
    limited: 'The language model’s limit for now is reached, so this comes straight from the findings.',
    unchecked: 'The language model’s answer did not match the findings, so this comes straight from them.',
  },
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
    '**Rewrite** (button under a score) or **/rewrite** `post` `platform` – up to three rewritten versions, shown only if they score higher. Needs a language model set up by the bot’s operator.',
    '**/ask** `question` – what fans want, answered from the research with its sources. Or mention me with `ask:` and a question.',
    '**/study** – what fans want vs what companies think.',
    '**/explain** `finding` – one finding in full: figures, source, year, caveat.',
    '**/tips set** – a daily study-backed tip in a channel of your choice (Manage Server).',
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
  noSuggestionsLeft: 'Keine einzelne Änderung würde die Bewertung erhöhen.',
  errorRef: (id) => `Fehler-ID ${id}`,
  rewriteModalTitle: 'Post umschreiben',
  askTitle: 'Das sagt die Forschung',
  askByModel: 'Von einem Sprachmodell nur aus diesen Befunden geschrieben; IDs und Zahlen wurden daran geprüft.',
  askFromFindings: 'Direkt aus den Befunden.',
  askSkipped: {
    failed: 'Das Sprachmodell hat nicht geantwortet, daher kommt das direkt aus den Befunden.',
    limited: 'Das Limit des Sprachmodells ist gerade erreicht, daher kommt das direkt aus den Befunden.',
    unchecked: 'Die Antwort des Sprachmodells passte nicht zu den Befunden, daher kommt das direkt aus ihnen.',
  },
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
    '**Umschreiben** (Knopf unter einer Bewertung) oder **/umschreiben** `post` `plattform` – bis zu drei umgeschriebene Versionen, nur wenn sie besser bewertet sind. Braucht ein Sprachmodell, das der Betreiber des Bots einrichtet.',
    '**/fragen** `frage` – was Fans wollen, beantwortet aus der Forschung mit Quellen. Oder erwähne mich mit `frage:` und deiner Frage.',
    '**/study** – was Fans wollen und was Unternehmen glauben.',
    '**/explain** `finding` – ein Befund ganz: Zahlen, Quelle, Jahr, Einschränkung.',
    '**/tipps einrichten** – jeden Tag ein Tipp mit Studienbeleg in einem Kanal deiner Wahl (Server verwalten).',
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
  rewrite: {
    name: { en: 'rewrite', de: 'umschreiben' },
    description: { en: 'Rewrite a post with a language model; only versions that score higher are shown', de: 'Lass einen Post vom Sprachmodell umschreiben; nur besser bewertete Versionen erscheinen' },
  },
  ask: {
    name: { en: 'ask', de: 'fragen' },
    description: { en: 'Ask what fans want; the answer comes from the research findings, with sources', de: 'Frag, was Fans wollen; die Antwort kommt aus den Forschungsbefunden, mit Quellen' },
    options: {
      question: { name: { en: 'question', de: 'frage' }, description: { en: 'e.g. What do fans want most from a brand page?', de: 'z. B. Was wollen Fans von einer Markenseite am meisten?' } },
    },
  },
  help: {
    name: { en: 'help', de: 'hilfe' },
    description: { en: 'What this bot does and how to use it', de: 'Was dieser Bot kann und wie du ihn nutzt' },
  },
  languageChoices: { auto: { en: 'Detect', de: 'Erkennen' }, en: { en: 'English', de: 'Englisch' }, de: { en: 'German', de: 'Deutsch' } },
  tips: {
    name: { en: 'tips', de: 'tipps' },
    description: { en: 'A daily study-backed tip for your team, posted in a channel', de: 'Jeden Tag ein Tipp mit Studienbeleg für dein Team, in einem Kanal' },
    set: {
      name: { en: 'set', de: 'einrichten' },
      description: { en: 'Choose the channel and the local time of the daily tip', de: 'Kanal und Uhrzeit (Ortszeit) für den täglichen Tipp wählen' },
      options: {
        channel: { name: { en: 'channel', de: 'kanal' }, description: { en: 'Where the tip is posted', de: 'Wo der Tipp gepostet wird' } },
        time: { name: { en: 'time', de: 'uhrzeit' }, description: { en: '24-hour local time, e.g. 09:00', de: 'Ortszeit im 24-Stunden-Format, z. B. 09:00' } },
        timezone: { name: { en: 'timezone', de: 'zeitzone' }, description: { en: 'Start typing a city, e.g. Berlin or New York', de: 'Tippe eine Stadt, z. B. Berlin oder Wien' } },
        days: { name: { en: 'days', de: 'tage' }, description: { en: 'Which days: daily (default), mon-fri, weekends, mon,wed,fri …', de: 'Welche Tage: täglich (Standard), mo-fr, wochenende, mo,mi,fr …' } },
        language: { name: { en: 'language', de: 'sprache' }, description: { en: 'Language of the tips (default: the server’s language)', de: 'Sprache der Tipps (Standard: Sprache des Servers)' } },
      },
    },
    status: {
      name: { en: 'status', de: 'status' },
      description: { en: 'When the next tip comes and how the last one went', de: 'Wann der nächste Tipp kommt und wie der letzte lief' },
    },
    off: { name: { en: 'off', de: 'aus' }, description: { en: 'Stop the daily tips', de: 'Die täglichen Tipps abschalten' } },
    now: {
      name: { en: 'now', de: 'jetzt' },
      description: { en: 'Post an extra tip now; the scheduled one still comes', de: 'Jetzt einen zusätzlichen Tipp posten; der geplante kommt trotzdem' },
    },
    preview: {
      name: { en: 'preview', de: 'vorschau' },
      description: { en: 'See the next tip yourself, without posting it', de: 'Den nächsten Tipp selbst ansehen, ohne ihn zu posten' },
    },
    languageChoices: { en: { en: 'English', de: 'Englisch' }, de: { en: 'German', de: 'Deutsch' } },
  },
} as const;

/** The permissions a tip channel needs, in the order they are checked. */
export type TipPermission = 'ViewChannel' | 'SendMessages' | 'EmbedLinks';

/** One piece of the tip's last post, as /tips status shows it. */
export type LastPostView =
  | { status: 'posted'; date: string; postedAt: number | null; link: string | null }
  | { status: 'posting'; date: string }
  | { status: 'retrying'; date: string; reason: string; nextAttemptAt: number | null }
  | { status: 'failed'; date: string; reason: string }
  | { status: 'unconfirmed'; date: string };

/** /tips texts. Times come in as unix seconds and go out as Discord timestamps, shown in the reader's own time zone. */
export interface TipsUi {
  /** Command paths as the reader's client shows them. */
  cmd: { set: string; status: string; off: string; now: string; preview: string };
  permission: Record<TipPermission, string>;
  list(items: readonly string[]): string;
  language: Record<Lang, string>;
  /** A weekday as 3 letters (0 = Sunday). */
  weekday: readonly string[];
  /** The canonical day text of src/core/schedule.ts ("daily", "mon-fri", "mon,wed,fri") in words. */
  days(canonical: string): string;
  unavailable: string;
  notTextChannel(channel: string): string;
  missingPermissions(channel: string, names: readonly string[]): string;
  problem: Record<'bad-time' | 'bad-time-zone' | 'bad-days' | 'bad-channel', (value: string) => string>;
  problems(lines: readonly string[]): string;
  saved(s: { channel: string; days: string; time: string; tz: string; language: string }): string;
  /** A tip's time: Discord timestamps (shown in the reader's zone), plus the server's wall-clock time and zone. */
  when(at: number, local: { weekday: string; date: string; time: string; tz: string }): string;
  notSetUp: string;
  isOff: string;
  turnedOff: string;
  statusTitle: string;
  fieldChannel: string;
  fieldSchedule: string;
  fieldLanguage: string;
  fieldNext: string;
  fieldLast: string;
  schedule(days: string, time: string, tz: string): string;
  statusOn: string;
  statusOff: string;
  statusFailing(reason: string): string;
  noNext: string;
  noLastPost: string;
  lastPost(p: LastPostView): string;
  /** /tips now posted an extra tip; `next`: when the scheduled one comes. */
  posted(channel: string, link: string, next: string | undefined): string;
  /** /tips now asked again within the cooldown. */
  nowCooldown(seconds: number): string;
  failedPermanent(channel: string, reason: string): string;
  failed(reason: string): string;
  noTips: string;
  previewNote: string;
  /** Autocomplete label of a time zone: name, UTC offset, local time now. */
  zoneChoice(zone: string, offset: string, time: string): string;
  /** Why a tip was not posted, in this language. */
  reason(failure: TipFailure): string;
}

const tipsPermissionNames: Record<Lang, Record<TipPermission, string>> = {
  en: { ViewChannel: 'View Channel', SendMessages: 'Send Messages', EmbedLinks: 'Embed Links' },
  de: { ViewChannel: 'Kanal ansehen', SendMessages: 'Nachrichten senden', EmbedLinks: 'Links einbetten' },
};

const link = (label: string, url: string | null): string => (url ? ` – [${label}](${url})` : '');

function joinList(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/** `daily` → all, `weekends`, ranges and lists: day tokens translated, "-" shown as a dash. */
function daysIn(canonical: string, names: readonly string[], words: { daily: string; weekends: string }): string {
  if (canonical === 'daily') return words.daily;
  if (canonical === 'weekends') return words.weekends;
  const index = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  return canonical
    .split(',')
    .map((part) => part.split('-').map((d) => names[index.indexOf(d)] ?? d).join('–'))
    .join(', ');
}

type Permission = TipPermission;

function permissionList(perms: readonly string[], lang: Lang): string {
  return perms.map((p) => tipsPermissionNames[lang][p as Permission] ?? p).join(', ');
}

/** Why a tip was not posted, in English; the failure codes come from the publisher and the scheduler. */
function reasonEn(f: TipFailure): string {
  switch (f.code) {
    case 'channel_deleted': return 'the channel was deleted';
    case 'left_server': return 'the bot is no longer in the server';
    case 'no_access': return 'the bot has no access to the channel';
    case 'missing_permissions': return `the bot lacks permission to post there (${f.known ? 'missing' : 'it needs'}: ${permissionList(f.permissions, 'en')})`;
    case 'not_text_channel': return 'the channel is not a text channel the bot can post in';
    case 'platform_status': return `Discord answered ${f.status}`;
    case 'refused': return `Discord refused the post (${f.status} ${f.detail})`;
    case 'rate_limited': return 'rate limited by Discord';
    case 'unreachable': return 'could not reach Discord';
    case 'not_connected': return 'the bot was not connected yet';
    case 'no_answer': return `no answer from Discord within ${f.seconds} s; the tip may or may not have been posted`;
    case 'never_reported': return 'the attempt never reported back; the tip may or may not have been posted';
    case 'schedule_off': return 'the schedule was turned off';
    case 'tip_removed': return 'the tip is no longer in the catalog';
    case 'schedule_broken': return 'the schedule could not be worked out; set it again with /tips set';
    case 'gave_up': return `${reasonEn(f.cause)} (gave up after ${f.attempts} attempts)`;
    case 'day_ended': return `the day ended before a retry got through (${f.cause ? reasonEn(f.cause) : 'unknown error'})`;
    case 'other': return f.detail;
  }
}

/** The same in German. */
function reasonDe(f: TipFailure): string {
  switch (f.code) {
    case 'channel_deleted': return 'der Kanal wurde gelöscht';
    case 'left_server': return 'der Bot ist nicht mehr auf dem Server';
    case 'no_access': return 'der Bot hat keinen Zugriff auf den Kanal';
    case 'missing_permissions': return `dem Bot fehlt dort eine Berechtigung (${f.known ? 'es fehlt' : 'nötig sind'}: ${permissionList(f.permissions, 'de')})`;
    case 'not_text_channel': return 'der Kanal ist kein Textkanal, in dem der Bot posten kann';
    case 'platform_status': return `Discord antwortete mit ${f.status}`;
    case 'refused': return `Discord hat den Post abgelehnt (${f.status} ${f.detail})`;
    case 'rate_limited': return 'Discord hat gebremst (Rate Limit)';
    case 'unreachable': return 'Discord war nicht erreichbar';
    case 'not_connected': return 'der Bot war noch nicht verbunden';
    case 'no_answer': return `keine Antwort von Discord innerhalb von ${f.seconds} s; der Tipp ist vielleicht gepostet`;
    case 'never_reported': return 'der Versuch hat sich nie zurückgemeldet; der Tipp ist vielleicht gepostet';
    case 'schedule_off': return 'der Plan wurde abgeschaltet';
    case 'tip_removed': return 'den Tipp gibt es nicht mehr';
    case 'schedule_broken': return 'der Plan ließ sich nicht berechnen; richte ihn mit /tipps einrichten neu ein';
    case 'gave_up': return `${reasonDe(f.cause)} (nach ${f.attempts} Versuchen aufgegeben)`;
    case 'day_ended': return `der Tag war vorbei, bevor ein neuer Versuch klappte (${f.cause ? reasonDe(f.cause) : 'unbekannter Fehler'})`;
    case 'other': return f.detail;
  }
}

const tipsEn: TipsUi = {
  cmd: { set: '/tips set', status: '/tips status', off: '/tips off', now: '/tips now', preview: '/tips preview' },
  permission: tipsPermissionNames.en,
  list: (items) => joinList(items, 'and'),
  language: { en: 'English', de: 'German' },
  weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  days: (c) => daysIn(c, ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'], { daily: 'every day', weekends: 'weekends' }),
  unavailable: 'Daily tips are not available on this bot: it runs without its database.',
  notTextChannel: (channel) => `${channel} is not a text channel. Pick a text or announcement channel.`,
  missingPermissions: (channel, names) =>
    names.length === 1
      ? `I can’t post tips in ${channel}: I’m missing the ${names[0]} permission there. Grant it to my role in that channel, or pick another channel.`
      : `I can’t post tips in ${channel}: I’m missing the ${joinList(names, 'and')} permissions there. Grant them to my role in that channel, or pick another channel.`,
  problem: {
    'bad-time': (v) => `“${v}” is not a time. Use 24-hour HH:MM, e.g. 09:00 or 17:30.`,
    'bad-time-zone': (v) => `“${v}” is not a time zone I know. Pick one from the list, e.g. Europe/Berlin.`,
    'bad-days': (v) => `“${v}” are not days I understand. Use daily, mon-fri, weekends or a list like mon,wed,fri.`,
    'bad-channel': () => 'Pick the channel the daily tip goes to.',
  },
  problems: (lines) => (lines.length === 1 ? lines[0]! : `That schedule can’t be saved yet:\n${lines.map((l) => `• ${l}`).join('\n')}`),
  saved: (s) => `Daily tips are on: ${s.days} at ${s.time} (${s.tz}) in ${s.channel}, in ${s.language}.`,
  when: (at, l) => `<t:${at}:F> (<t:${at}:R>) – ${l.weekday} ${l.date}, ${l.time} ${l.tz} time`,
  notSetUp: 'Daily tips are not set up here yet. Run /tips set to choose a channel and a time.',
  isOff: 'Daily tips are off here. /tips set turns them on again.',
  turnedOff: 'Daily tips are off. /tips set turns them on again; your schedule is kept until then.',
  statusTitle: 'Daily tips',
  fieldChannel: 'Channel',
  fieldSchedule: 'When',
  fieldLanguage: 'Language',
  fieldNext: 'Next tip',
  fieldLast: 'Last tip',
  schedule: (days, time, tz) => `${days} at ${time} (${tz})`,
  statusOn: 'On.',
  statusOff: 'Off. /tips set turns them on again.',
  statusFailing: (reason) => `Paused: ${reason}. Fix that, then run /tips set again.`,
  noNext: 'None while tips are off or paused.',
  noLastPost: 'None yet.',
  lastPost: (p) => {
    switch (p.status) {
      case 'posted':
        return `${p.date}: posted${p.postedAt ? ` <t:${p.postedAt}:R>` : ''}${link('open it', p.link)}`;
      case 'posting':
        return `${p.date}: being posted right now.`;
      case 'retrying':
        return `${p.date}: not posted yet (${p.reason}); next try${p.nextAttemptAt ? ` <t:${p.nextAttemptAt}:R>` : ' soon'}.`;
      case 'failed':
        return `${p.date}: not posted – ${p.reason}.`;
      case 'unconfirmed':
        return `${p.date}: Discord never confirmed it, so it may or may not be in the channel; it is not repeated.`;
    }
  },
  posted: (channel, url, next) => `Posted a tip in ${channel}${link('open it', url)}. It’s an extra one${next ? `; the scheduled tip still comes ${next}` : ''}.`,
  nowCooldown: (seconds) => `A tip was just posted on request. Try /tips now again in ${seconds} s.`,
  failedPermanent: (channel, reason) => `I couldn’t post in ${channel}: ${reason}. Daily tips are paused; fix that, then run /tips set again.`,
  failed: (reason) => `The tip couldn’t be posted: ${reason}. Try /tips now again in a moment; the scheduled tip comes as planned.`,
  noTips: 'There are no tips to post: the tip catalogue is empty. Tell the bot’s operator.',
  previewNote: 'Preview of the next tip – only you can see this.',
  zoneChoice: (zone, offset, time) => `${zone} (UTC${offset}, now ${time})`,
  reason: reasonEn,
};

const tipsDe: TipsUi = {
  cmd: { set: '/tipps einrichten', status: '/tipps status', off: '/tipps aus', now: '/tipps jetzt', preview: '/tipps vorschau' },
  permission: tipsPermissionNames.de,
  list: (items) => joinList(items, 'und'),
  language: { en: 'Englisch', de: 'Deutsch' },
  weekday: ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'],
  days: (c) => daysIn(c, ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'], { daily: 'täglich', weekends: 'am Wochenende' }),
  unavailable: 'Tägliche Tipps gibt es bei diesem Bot nicht: Er läuft ohne seine Datenbank.',
  notTextChannel: (channel) => `${channel} ist kein Textkanal. Wähle einen Text- oder Ankündigungskanal.`,
  missingPermissions: (channel, names) =>
    names.length === 1
      ? `Ich kann in ${channel} keine Tipps posten: Mir fehlt dort die Berechtigung „${names[0]}“. Gib sie meiner Rolle in diesem Kanal oder wähle einen anderen Kanal.`
      : `Ich kann in ${channel} keine Tipps posten: Mir fehlen dort die Berechtigungen ${joinList(names.map((n) => `„${n}“`), 'und')}. Gib sie meiner Rolle in diesem Kanal oder wähle einen anderen Kanal.`,
  problem: {
    'bad-time': (v) => `„${v}“ ist keine Uhrzeit. Nutze HH:MM im 24-Stunden-Format, z. B. 09:00 oder 17:30.`,
    'bad-time-zone': (v) => `„${v}“ ist keine bekannte Zeitzone. Wähle eine aus der Liste, z. B. Europe/Berlin.`,
    'bad-days': (v) => `„${v}“ verstehe ich nicht als Tage. Nutze täglich, mo-fr, wochenende oder eine Liste wie mo,mi,fr.`,
    'bad-channel': () => 'Wähle den Kanal für den täglichen Tipp.',
  },
  problems: (lines) => (lines.length === 1 ? lines[0]! : `So kann ich den Plan noch nicht speichern:\n${lines.map((l) => `• ${l}`).join('\n')}`),
  saved: (s) => `Tägliche Tipps sind an: ${s.days} um ${s.time} (${s.tz}) in ${s.channel}, auf ${s.language}.`,
  when: (at, l) => `<t:${at}:F> (<t:${at}:R>) – ${l.weekday} ${l.date}, ${l.time} Uhr ${l.tz}`,
  notSetUp: 'Tägliche Tipps sind hier noch nicht eingerichtet. Nutze /tipps einrichten für Kanal und Uhrzeit.',
  isOff: 'Tägliche Tipps sind hier aus. Mit /tipps einrichten schaltest du sie wieder ein.',
  turnedOff: 'Tägliche Tipps sind aus. Mit /tipps einrichten schaltest du sie wieder ein; bis dahin bleibt dein Plan gespeichert.',
  statusTitle: 'Tägliche Tipps',
  fieldChannel: 'Kanal',
  fieldSchedule: 'Wann',
  fieldLanguage: 'Sprache',
  fieldNext: 'Nächster Tipp',
  fieldLast: 'Letzter Tipp',
  schedule: (days, time, tz) => `${days} um ${time} Uhr (${tz})`,
  statusOn: 'An.',
  statusOff: 'Aus. Mit /tipps einrichten schaltest du sie wieder ein.',
  statusFailing: (reason) => `Pausiert: ${reason}. Behebe das und nutze dann /tipps einrichten noch einmal.`,
  noNext: 'Keiner, solange die Tipps aus oder pausiert sind.',
  noLastPost: 'Noch keiner.',
  lastPost: (p) => {
    switch (p.status) {
      case 'posted':
        return `${p.date}: gepostet${p.postedAt ? ` <t:${p.postedAt}:R>` : ''}${link('ansehen', p.link)}`;
      case 'posting':
        return `${p.date}: wird gerade gepostet.`;
      case 'retrying':
        return `${p.date}: noch nicht gepostet (${p.reason}); nächster Versuch${p.nextAttemptAt ? ` <t:${p.nextAttemptAt}:R>` : ' bald'}.`;
      case 'failed':
        return `${p.date}: nicht gepostet – ${p.reason}.`;
      case 'unconfirmed':
        return `${p.date}: Discord hat ihn nie bestätigt, er ist also vielleicht im Kanal; er wird nicht wiederholt.`;
    }
  },
  posted: (channel, url, next) => `Ein Tipp ist in ${channel} gepostet${link('ansehen', url)}. Er kommt zusätzlich${next ? `; der geplante Tipp kommt weiterhin ${next}` : ''}.`,
  nowCooldown: (seconds) => `Eben wurde schon ein Tipp auf Anfrage gepostet. Versuch /tipps jetzt in ${seconds} s noch einmal.`,
  failedPermanent: (channel, reason) => `Ich konnte nicht in ${channel} posten: ${reason}. Die Tipps sind pausiert; behebe das und nutze dann /tipps einrichten noch einmal.`,
  failed: (reason) => `Der Tipp ließ sich nicht posten: ${reason}. Versuch /tipps jetzt gleich noch einmal; der geplante Tipp kommt wie vorgesehen.`,
  noTips: 'Es gibt keine Tipps zum Posten: Der Tipp-Katalog ist leer. Sag dem Betreiber des Bots Bescheid.',
  previewNote: 'Vorschau auf den nächsten Tipp – nur du siehst das.',
  zoneChoice: (zone, offset, time) => `${zone} (UTC${offset}, jetzt ${time})`,
  reason: reasonDe,
};

const tipsUis: Record<Lang, TipsUi> = { en: tipsEn, de: tipsDe };

export function tipsUi(lang: Lang): TipsUi {
  return tipsUis[lang];
}
