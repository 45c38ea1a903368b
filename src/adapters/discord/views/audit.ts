// How /audit, /audit last and the calibrated /score lines look in Discord, in English and German.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Calibration } from '../../../core/audit/calibration.ts';
import type { AuditResult } from '../../../core/audit/result.ts';
import { ratioText, yourData, ratePercent } from '../../../core/audit/wording.ts';
import type { Advisor } from '../../../core/engine.ts';
import type { Lang } from '../../../core/post.ts';
import type { ChartImage } from '../../charts/audit-charts.ts';
import { fitEmbed, truncate as cut } from './format.ts';

const BLURPLE = 0x5865f2;

const T = {
  en: {
    title: 'Page audit',
    charts: 'Charts below: what your page posts next to what fans want, and engagement per category against your other posts.',
    metric: 'Engagement rate',
    recommendations: 'Three recommendations',
    evidence: 'Evidence',
    engagement: 'What your fans respond to (your data)',
    thin: 'Not enough evidence yet',
    noClaims: 'No category has a clear difference yet (each needs 8 posts and a narrow 90% interval).',
    best: 'Best post',
    worst: 'Weakest post',
    score: 'study score',
    skipped: (n: number, first: string) => `${n} ${n === 1 ? 'row' : 'rows'} skipped (${first})`,
    line: 'line',
    engagementChart: 'Engagement vs your other posts',
    saved: 'Saved for this server: /audit last shows it again, and /score now adds what your page’s own data says.',
    yourPage: 'Your page',
    progress: (posts: string, percent: number) => `Reading your export… ${posts} posts scored so far (${percent}% of the file).`,
  },
  de: {
    title: 'Seiten-Audit',
    charts: 'Unten die Diagramme: was deine Seite postet neben dem, was Fans wollen, und das Engagement je Kategorie gegenüber deinen übrigen Posts.',
    metric: 'Engagement-Rate',
    recommendations: 'Drei Empfehlungen',
    evidence: 'Beleg',
    engagement: 'Worauf deine Fans reagieren (deine Daten)',
    thin: 'Noch nicht genug Belege',
    noClaims: 'Noch keine Kategorie mit klarem Unterschied (jede braucht 8 Posts und ein enges 90-%-Intervall).',
    best: 'Bester Post',
    worst: 'Schwächster Post',
    score: 'Studien-Score',
    skipped: (n: number, first: string) => `${n} ${n === 1 ? 'Zeile' : 'Zeilen'} übersprungen (${first})`,
    line: 'Zeile',
    engagementChart: 'Engagement vs. deine übrigen Posts',
    saved: 'Für diesen Server gespeichert: /audit last zeigt es wieder, und /score ergänzt jetzt, was die Daten deiner Seite sagen.',
    yourPage: 'Deine Seite',
    progress: (posts: string, percent: number) => `Ich lese deinen Export… bisher ${posts} Posts bewertet (${percent} % der Datei).`,
  },
} as const;

const rate = ratePercent;

/** The audit summary and one embed per chart; the charts travel as attachments named in `image.url`. */
export function renderAudit(advisor: Advisor, audit: AuditResult, charts: readonly ChartImage[], lang: Lang, saved: boolean): APIEmbed[] {
  const t = T[lang];
  const title = (c: string) => advisor.categories.get(c as never)?.title[lang] ?? c;
  const fields: APIEmbedField[] = [];
  fields.push({
    name: t.recommendations,
    value: cut(audit.recommendations.map((r, i) => `${i + 1}. ${cut(r.text, 300)}\n↳ ${t.evidence}: ${cut(r.evidence, 140)}`).join('\n'), 1024),
  });
  const claims = audit.engagement.filter((e) => e.verdict === 'higher' || e.verdict === 'lower' || e.verdict === 'no_difference');
  const thin = audit.engagement.filter((e) => e.verdict === 'not_enough_data');
  const lines = claims.map((e) => {
    const arrow = e.verdict === 'higher' ? '▲' : e.verdict === 'lower' ? '▼' : '＝';
    return `${arrow} **${title(e.category)}**: ${ratioText(e.ratio!, lang)} (${ratioText(e.low!, lang)}–${ratioText(e.high!, lang)}, n = ${e.n})`;
  });
  if (lines.length === 0) lines.push(t.noClaims);
  if (thin.length > 0) lines.push(`${t.thin}: ${thin.map((e) => `${title(e.category)} (n = ${e.n})`).join(', ')}`);
  fields.push({ name: t.engagement, value: cut(lines.join('\n'), 1024) });
  const best = audit.best[0];
  const worst = audit.worst[0];
  if (best) fields.push({ name: t.best, value: cut(`${rate(best.rate, lang)} · ${t.score} ${best.score}\n> ${best.text}`, 1024), inline: true });
  if (worst) fields.push({ name: t.worst, value: cut(`${rate(worst.rate, lang)} · ${t.score} ${worst.score}\n> ${worst.text}`, 1024), inline: true });
  const skipped = audit.skipped.length > 0 ? ` · ${t.skipped(audit.skipped.length, `${t.line} ${audit.skipped[0]!.line}: ${cut(audit.skipped[0]!.reason, 80)}`)}` : '';
  const description = [`${audit.format} · ${t.metric}: ${audit.metric.name}`, t.charts, saved ? `*${t.saved}*` : ''].filter((s) => s !== '').join('\n');
  const [mix, ...rest] = charts;
  const summary: APIEmbed = fitEmbed({
    title: cut(`${t.title}: ${yourData(audit.posts, audit.period, lang)}`, 256),
    color: BLURPLE,
    description: cut(description, 4096),
    fields,
    footer: { text: cut(`${yourData(audit.posts, audit.period, lang)}${skipped}`, 2048) },
    ...(mix ? { image: { url: `attachment://${mix.name}` } } : {}),
  });
  return [summary, ...rest.map((c) => ({ title: c.title, color: BLURPLE, image: { url: `attachment://${c.name}` } }))];
}

/** The page-evidence field under a /score answer: beside the study score, never mixed into it. */
/** The line a big /audit shows while it reads: rows so far and how much of the file. */
export function renderAuditProgress(rows: number, fraction: number, lang: Lang): string {
  const percent = Math.min(99, Math.max(0, Math.floor(fraction * 100)));
  return T[lang].progress(rows.toLocaleString(lang === 'de' ? 'de-DE' : 'en-US'), percent);
}

export function calibrationField(calibration: Calibration, lang: Lang): APIEmbedField | null {
  if (calibration.lines.length === 0) return null;
  const t = T[lang];
  const value = [...calibration.lines.map((l) => `${l.contradicts ? '⚠️ ' : ''}${l.text}`), `↳ ${calibration.source}`].join('\n');
  return { name: t.yourPage, value: cut(value, 1024) };
}
