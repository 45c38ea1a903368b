// /tips: the schedule saved, its status, /tips now, and why a tip was not posted, in en and de.
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import type { TipFailure } from '../../../app/ports.ts';
import type { NextPost, PostNowResult, ScheduleProblem, TipStatus } from '../../../app/tips/daily-tips.ts';
import { figureOf, type Finding } from '../../../core/finding.ts';
import type { Lang } from '../../../core/post.ts';
import type { Tip } from '../../../core/tip.ts';
import { COLOURS, fitEmbed, type Rendered } from './format.ts';

/** customId of the "Score a post" button under a tip; the router opens the /score form for it. */
export const SCORE_MODAL_BUTTON = 'score-modal';

const TIP_COLOUR = 0x5865f2;

const TIP_TEXT = {
  en: { title: 'Tip of the day', evidence: 'The evidence', partly: 'partly verified', button: 'Score a post', footer: (id: string) => `/explain ${id} shows the study in full, with its caveat.` },
  de: { title: 'Tipp des Tages', evidence: 'Der Beleg', partly: 'teilweise belegt', button: 'Post bewerten', footer: (id: string) => `/explain ${id} zeigt die Studie ganz, mit Einschränkung.` },
} as const;

/**
 * A tip as a message: the tip's one actionable sentence, the figure behind it with the study and
 * its year, and a "Score a post" button. The same payload is posted in the channel and shown by
 * /tips preview.
 */
export function renderTip(tip: Tip, finding: Finding | undefined, lang: Lang): Rendered {
  const t = TIP_TEXT[lang];
  const fields = finding
    ? [
        {
          name: t.evidence,
          value: `${figureOf(finding, lang)}\n*${finding.study.title}* – ${finding.study.publisher}, ${finding.study.year}${finding.verified === 'partial' ? ` · ${t.partly}` : ''}`,
        },
      ]
    : [];
  const embed: APIEmbed = { title: t.title, description: tip.text[lang], color: TIP_COLOUR, fields, footer: { text: t.footer(tip.finding) } };
  return {
    embeds: [fitEmbed(embed)],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: SCORE_MODAL_BUTTON, label: t.button }],
      },
    ],
  };
}

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

export const tipsPermissionNames: Record<Lang, Record<TipPermission, string>> = {
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

const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAYS_DE = ['So', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa'];

const tipsEn: TipsUi = {
  cmd: { set: '/tips set', status: '/tips status', off: '/tips off', now: '/tips now', preview: '/tips preview' },
  permission: tipsPermissionNames.en,
  list: (items) => joinList(items, 'and'),
  language: { en: 'English', de: 'German' },
  weekday: WEEKDAYS_EN,
  days: (c) => daysIn(c, WEEKDAYS_EN, { daily: 'every day', weekends: 'weekends' }),
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
  weekday: WEEKDAYS_DE,
  days: (c) => daysIn(c, WEEKDAYS_DE, { daily: 'täglich', weekends: 'am Wochenende' }),
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


// ---- Daily tips (/tips) ----

/** Unix seconds, what Discord's `<t:…>` timestamps take. */
function unix(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** The address of a message, which Discord shows as a jump link. */
export function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

function channelMention(id: string): string {
  return `<#${id}>`;
}

/** When the next tip comes: Discord timestamps plus the server's wall-clock time and zone. */
export function tipWhen(next: NextPost, tz: string, lang: Lang): string {
  const t = tipsUi(lang);
  return t.when(unix(next.at), { weekday: t.weekday[next.weekday] ?? '', date: next.localDate, time: next.localTime, tz });
}

/** The answer to a saved /tips set: the schedule in words and when the first tip comes. */
export function renderTipsSaved(status: TipStatus, lang: Lang): string {
  const t = tipsUi(lang);
  const saved = t.saved({
    channel: channelMention(status.channelId),
    days: t.days(status.daysText),
    time: status.time,
    tz: status.tz,
    language: t.language[status.lang],
  });
  return status.next ? `${saved}\n${t.fieldNext}: ${tipWhen(status.next, status.tz, lang)}` : saved;
}

/** Validation problems of /tips set, all in one message. `values` are what the user typed, per field. */
export function renderTipsProblems(problems: readonly ScheduleProblem[], values: Partial<Record<ScheduleProblem['field'], string>>, lang: Lang): string {
  const t = tipsUi(lang);
  return t.problems(problems.map((p) => (p.code === 'bad-channel' ? t.problem['bad-channel']('') : t.problem[p.code](values[p.field] ?? ''))));
}

function lastPostView(status: TipStatus, lang: Lang): LastPostView | undefined {
  const p = status.lastPost;
  if (!p) return undefined;
  const t = tipsUi(lang);
  const date = p.localDate;
  switch (p.status) {
    case 'posted':
      return {
        status: 'posted',
        date,
        postedAt: p.postedAt ? unix(p.postedAt) : null,
        link: p.messageId ? messageLink(status.guildId, status.channelId, p.messageId) : null,
      };
    case 'posting':
      return { status: 'posting', date };
    case 'retrying':
      return { status: 'retrying', date, reason: t.reason(p.error ?? { code: 'other', detail: '?' }), nextAttemptAt: p.nextAttemptAt ? unix(p.nextAttemptAt) : null };
    case 'failed':
      return { status: 'failed', date, reason: t.reason(p.error ?? { code: 'other', detail: '?' }) };
    case 'unconfirmed':
      return { status: 'unconfirmed', date };
  }
}

/** /tips status: whether tips are on, the schedule, the next tip and how the last one went. */
export function renderTipStatus(status: TipStatus, lang: Lang): APIEmbed {
  const t = tipsUi(lang);
  const state = status.failingReason !== null ? t.statusFailing(t.reason(status.failingReason)) : status.enabled ? t.statusOn : t.statusOff;
  const last = lastPostView(status, lang);
  return fitEmbed({
    title: t.statusTitle,
    color: status.failingReason !== null ? COLOURS.weak : status.enabled ? COLOURS.strong : 0x99aab5,
    description: state,
    fields: [
      { name: t.fieldChannel, value: channelMention(status.channelId), inline: true },
      { name: t.fieldLanguage, value: t.language[status.lang], inline: true },
      { name: t.fieldSchedule, value: t.schedule(t.days(status.daysText), status.time, status.tz) },
      { name: t.fieldNext, value: status.next && status.enabled && status.failingReason === null ? tipWhen(status.next, status.tz, lang) : t.noNext },
      { name: t.fieldLast, value: last ? t.lastPost(last) : t.noLastPost },
    ],
  });
}

/**
 * The answer to /tips now. `status` is the schedule after the attempt (for the next tip's time and
 * the channel), `guildId` for the link to the posted message.
 */
export function renderPostNow(result: PostNowResult, status: TipStatus, lang: Lang): string {
  const t = tipsUi(lang);
  const channel = channelMention(status.channelId);
  switch (result.kind) {
    case 'posted':
      return t.posted(channel, messageLink(status.guildId, status.channelId, result.messageId), status.next && status.enabled ? tipWhen(status.next, status.tz, lang) : undefined);
    case 'cooldown':
      return t.nowCooldown(result.seconds);
    case 'failed':
      return result.permanent ? t.failedPermanent(channel, t.reason(result.reason)) : t.failed(t.reason(result.reason));
    case 'not-configured':
      return t.notSetUp;
    case 'no-tips':
      return t.noTips;
  }
}
