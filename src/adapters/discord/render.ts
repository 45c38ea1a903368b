import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  type MessageMentionOptions,
} from 'discord.js';
import type { AskResult } from '../../app/ask.ts';
import type { NextPost, PostNowResult, ScheduleProblem, TipStatus } from '../../app/tips/daily-tips.ts';
import { noteText } from '../../app/messages.ts';
import type { RewriteResult } from '../../app/rewrite-post.ts';
import { figureOf, localPercent } from '../../core/finding.ts';
import type { Band, Report, Suggestion } from '../../core/engine.ts';
import type { Finding } from '../../core/finding.ts';
import type { Lang, Platform } from '../../core/post.ts';
import { tipsUi, ui, type AskSkip, type LastPostView, type Ui } from './strings.ts';

// Only this file knows Discord formatting. Everything here is a pure function of its arguments.

/** Discord's documented limits; anything longer is rejected with a 400. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  total: 6000,
  content: 2000,
} as const;

/** Sent on every message: a post quoting @everyone, roles or users must never ping anyone. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

export const COLOURS: Record<Band, number> = { strong: 0x57f287, ok: 0xfee75c, weak: 0xed4245 };

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

export interface Rendered {
  embeds: APIEmbed[];
  components: ButtonRow[];
}

export interface ScoreView {
  /** Key of the post in the bot's memory; buttons carry it instead of the text. */
  ref: string;
  /** The scored text, shown as a short quote so a public reply makes sense to the channel. */
  post?: string;
  /** Show the Rewrite button (only when a language model is configured). */
  rewrite: boolean;
}

/** Cuts text to `max` UTF-16 units with a visible "…", never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** A one-sentence private answer (errors, expired buttons, empty messages), within 2,000 characters. */
export function notice(text: string): { content: string; flags: MessageFlags.Ephemeral; allowedMentions: MessageMentionOptions } {
  return { content: truncate(text, LIMITS.content), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS };
}

function embedSize(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

// why: below these the text stops saying anything; past them whole fields go instead
const MIN_DESCRIPTION = 300;
const MIN_FIELD = 120;

/**
 * Makes an embed acceptable to Discord: every part within its limit and the total within 6,000.
 * Over the total, the description shrinks first, then fields from the last one, then whole
 * fields go; whatever is cut ends in "…" so the reader can see it.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.author) };
  const fields: APIEmbedField[] = (embed.fields ?? []).slice(0, LIMITS.fields).map((f) => ({
    ...f,
    // why: Discord rejects empty names and values
    name: truncate(f.name || '\u200b', LIMITS.fieldName),
    value: truncate(f.value || '\u200b', LIMITS.fieldValue),
  }));
  if (fields.length > 0) out.fields = fields;
  else delete out.fields;

  const over = (): number => embedSize(out) - LIMITS.total;
  if (over() > 0 && out.description) {
    out.description = truncate(out.description, Math.max(MIN_DESCRIPTION, out.description.length - over()));
  }
  for (let i = fields.length - 1; i >= 0 && over() > 0; i--) {
    const f = fields[i]!;
    fields[i] = { ...f, value: truncate(f.value, Math.max(MIN_FIELD, f.value.length - over())) };
  }
  while (over() > 0 && fields.length > 1) {
    fields.pop();
    const last = fields[fields.length - 1]!;
    if (!last.value.endsWith('…')) fields[fields.length - 1] = { ...last, value: truncate(`${last.value}…`, LIMITS.fieldValue) };
  }
  if (over() > 0 && out.description) out.description = truncate(out.description, Math.max(1, out.description.length - over()));
  if (over() > 0 && out.title) out.title = truncate(out.title, Math.max(1, out.title.length - over()));
  return out;
}

function signed(points: number): string {
  return points > 0 ? `+${points}` : `−${Math.abs(points)}`;
}

/**
 * One line of user or model text with Markdown and mention syntax shown as typed, not rendered.
 * why: one character class instead of discord.js' escapeMarkdown, whose dozen regexes showed up
 * in the benchmark's profile; on one line, only these characters and a list or heading marker at
 * the start can render
 */
function escapeLine(line: string): string {
  return line.replace(/[\\*_~`|[\]()<>]/g, '\\$&').replace(/^(\s*)([#>+-])/, '$1\\$2').replace(/^(\s*\d+)\./, '$1\\.');
}

/** The post's start on one line, with Markdown and mention syntax shown as typed, not rendered. */
function excerpt(post: string): string {
  return `> ${escapeLine(truncate(post.replace(/\s+/g, ' ').trim(), 200))}`;
}

function otherPlatform(p: Platform): Platform {
  return p === 'twitter' ? 'facebook' : 'twitter';
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponent {
  return { type: ComponentType.Button, style, label, custom_id: customId };
}

/** One suggestion as a field: the gain and title, the change, and its evidence with source and year. */
function suggestionField(s: Suggestion, t: Ui): APIEmbedField {
  const e = s.evidence;
  let evidence = '';
  if (e.verified === 'no') evidence = `*${t.unverified}*`;
  else if (e.figure) evidence = `*${e.figure} – ${e.source}, ${e.year}${e.verified === 'partial' ? ` (${t.partlyVerified})` : ''}*`;
  return { name: `${t.points(s.gain)} · ${s.title}`, value: [s.text, evidence].filter(Boolean).join('\n') };
}

/** The reply to a scored post: score and band, length, what works, what to watch, top suggestions. */
export function renderScore(report: Report, view: ScoreView): Rendered {
  const lang = report.replyLang;
  const t = ui(lang);
  const overLimit = (report.platform === 'twitter' ? report.length.weighted : report.length.chars) > report.length.limit;
  const description = [
    view.post ? excerpt(view.post) : '',
    `${t.lengthLine(report.platform, report.length)}${overLimit ? ` – **${t.overLimit}**` : ''}`,
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

  const other = otherPlatform(report.platform);
  const buttons = [
    button(`why:${view.ref}`, t.why, ButtonStyle.Secondary),
    button(`platform:${view.ref}:${other}`, t.scoreFor(other), ButtonStyle.Secondary),
  ];
  if (view.rewrite) buttons.push(button(`rewrite:${view.ref}`, t.rewrite, ButtonStyle.Primary));

  const embed = fitEmbed({
    title: t.scoreTitle(report.score, t.band[report.band]),
    color: COLOURS[report.band],
    description,
    fields,
    footer: { text: `${t.postLanguage(t.language[report.language], !report.languageDetected)} · ${t.footer}` },
  });
  return { embeds: [embed], components: [{ type: ComponentType.ActionRow, components: buttons }] };
}

// ---- Rewrites (Rewrite button, /rewrite) and answers (/ask, mentions) ----

/** The suggestions as fields, or one line saying no single change would help. */
function suggestionFields(suggestions: readonly Suggestion[], t: Ui): APIEmbedField[] {
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

function variantField(v: RewriteResult['improved'][number], n: number, before: number, t: Ui): APIEmbedField {
  const changes = v.changes ? `**${t.whatChanged}:** ${escapeLine(truncate(v.changes.replace(/\s+/g, ' ').trim(), MAX_CHANGES))}` : '';
  // why: the block is sized so the note and the "what changed" line always fit behind it; cutting
  // the whole value afterwards would cut off the closing fence
  const note = (shown: number, total: number) => `*${t.shortened(shown, total)}*`;
  const room = LIMITS.fieldValue - changes.length - note(999_999, 999_999).length - 2;
  const { block, cut } = codeBlock(v.text, room);
  return { name: t.rewriteVersion(n, before, v.report.score, v.gain), value: [block, cut ? note(cut.shown, cut.total) : '', changes].filter(Boolean).join('\n') };
}

/** "2 versions were not shown: a link went missing; it invented an offer." Reasons only, never their text. */
function droppedLine(result: RewriteResult, t: Ui): string {
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
  const t = ui(o.replyLang);
  const head = [post ? excerpt(post) : '', t.rewriteOriginal(o.score, t.band[o.band])].filter(Boolean).join('\n');
  const dropped = droppedLine(result, t);
  if (result.improved.length === 0) {
    // why: a post at 100 is not sent to the model at all; "none scored higher" would be untrue
    const nothingToDo = o.score >= 100 && result.rejected.length === 0;
    return fitEmbed({
      title: nothingToDo ? t.scoreTitle(o.score, t.band[o.band]) : t.rewriteNoneTitle,
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
  const t = ui(report.replyLang);
  return fitEmbed({
    title: t.scoreTitle(report.score, t.band[report.band]),
    color: COLOURS[report.band],
    description: [post ? excerpt(post) : '', sentence].filter(Boolean).join('\n\n'),
    fields: suggestionFields(report.suggestions, t),
    footer: { text: t.errorRef(errorId) },
  });
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
  const t = ui(lang);
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

function side(f: Finding, which: 'consumers' | 'companies', lang: Lang): string | undefined {
  const s = f[which];
  return s ? `${localPercent(s.value, lang)} – ${s.who[lang]}` : undefined;
}

function citation(f: Finding): string {
  return `${f.study.publisher}: ${f.study.title}, ${f.study.year}`;
}

function marker(f: Finding, lang: Lang): string {
  const t = ui(lang);
  return f.verified === 'partial' ? ` (${t.partlyVerified})` : f.verified === 'no' ? ` (${t.unverified})` : '';
}

/** "Why?": each finding behind the score with its claim, both figures, source, year and caveat. */
export function renderWhy(findings: readonly Finding[], lang: Lang): APIEmbed {
  const t = ui(lang);
  const fields = findings.slice(0, LIMITS.fields).map((f) => {
    const fans = side(f, 'consumers', lang);
    const firms = side(f, 'companies', lang);
    const value = [
      f.verified === 'no' ? t.verified.no : f.claim[lang],
      fans ? `**${t.fans}:** ${fans}` : '',
      firms ? `**${t.companies}:** ${firms}` : '',
      `**${t.source}:** ${citation(f)}`,
      `**${t.caveat}:** ${f.caveat[lang]}`,
    ];
    return { name: `${f.title[lang]}${marker(f, lang)}`, value: value.filter(Boolean).join('\n') };
  });
  return fitEmbed({
    title: t.whyTitle,
    color: 0x5865f2,
    description: fields.length === 0 ? t.whyEmpty : undefined,
    fields,
    footer: { text: t.whyFooter },
  });
}

/** /explain: one finding in full. An unverified one is labelled as such and its claim is hedged. */
export function renderFinding(f: Finding, lang: Lang): APIEmbed {
  const t = ui(lang);
  const fields: APIEmbedField[] = [];
  const fans = side(f, 'consumers', lang);
  const firms = side(f, 'companies', lang);
  if (fans) fields.push({ name: t.fans, value: fans, inline: true });
  if (firms) fields.push({ name: t.companies, value: firms, inline: true });
  fields.push({ name: t.source, value: `${citation(f)}\n${t.sources}: ${f.study.sources.join(', ')}` });
  fields.push({ name: t.evidence, value: t.verified[f.verified] });
  fields.push({ name: t.caveat, value: f.caveat[lang] });
  return fitEmbed({
    // why: an unverified finding says so in bold in the description (and its title already does)
    title: `${f.title[lang]}${f.verified === 'partial' ? marker(f, lang) : ''}`,
    color: f.verified === 'yes' ? 0x5865f2 : f.verified === 'partial' ? COLOURS.ok : 0x99aab5,
    description: f.verified === 'no' ? `**${t.verified.no}**\n${f.claim[lang]}` : f.claim[lang],
    fields,
    footer: { text: f.id },
  });
}

function pad(text: string, width: number): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return cut + ' '.repeat(Math.max(0, width - cut.length));
}

/** /study: the perception gap as one monospace table per study (fans vs companies). */
export function renderStudy(findings: readonly Finding[], lang: Lang): APIEmbed {
  const t = ui(lang);
  const studies = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.verified === 'no') continue;
    const key = `${f.study.publisher}|${f.study.title}|${f.study.year}`;
    studies.set(key, [...(studies.get(key) ?? []), f]);
  }
  const width = 26;
  const fields: APIEmbedField[] = [];
  for (const rows of studies.values()) {
    const first = rows[0]!;
    const header = `${pad('', width)} ${t.studyColumns[0].padStart(6)} ${t.studyColumns[1].padStart(6)}`;
    const lines = rows.map((f) => {
      const fans = f.consumers ? localPercent(f.consumers.value, lang) : '–';
      const firms = f.companies ? localPercent(f.companies.value, lang) : '–';
      return `${pad(f.title[lang], width - 1)}${f.verified === 'partial' ? '*' : ' '} ${fans.padStart(6)} ${firms.padStart(6)}`;
    });
    const who = rows.find((f) => f.consumers && f.companies) ?? first;
    const partial = rows.some((f) => f.verified === 'partial') ? `\n\\* ${t.partlyVerified}` : '';
    fields.push({
      name: `${first.study.publisher}, ${first.study.year}`,
      value: `*${first.study.title}*\n\`\`\`\n${[header, ...lines].join('\n')}\n\`\`\`${t.studyWho(who.consumers?.who[lang] ?? '–', who.companies?.who[lang] ?? '–')}${partial}`,
    });
  }
  return fitEmbed({ title: t.studyTitle, color: 0x5865f2, description: t.studyIntro, fields, footer: { text: t.studyFooter } });
}

export function renderHelp(lang: Lang): APIEmbed {
  const t = ui(lang);
  return fitEmbed({ title: t.helpTitle, color: 0x5865f2, description: t.helpBody });
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
