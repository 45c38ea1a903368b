// report.html: one self-contained page (charts inlined as data: URIs, no scripts, no external
// files) that a manager can forward or open offline.
import type { AuditResult } from '../../core/audit/result.ts';
import { percent, ratioText, yourData, ratePercent } from '../../core/audit/wording.ts';
import type { Advisor } from '../../core/engine.ts';
import type { Lang } from '../../core/post.ts';
import type { ChartImage } from '../charts/audit-charts.ts';

const T = {
  title: { en: 'Page audit', de: 'Seiten-Audit' },
  intro: {
    en: 'What this page posts, what its fans respond to, and where it sits in the perception gap between what fans want and what companies think they want.',
    de: 'Was diese Seite postet, worauf ihre Fans reagieren und wo sie in der Wahrnehmungslücke zwischen Fan-Wünschen und Unternehmenssicht steht.',
  },
  recommendations: { en: 'Three recommendations', de: 'Drei Empfehlungen' },
  evidence: { en: 'Evidence', de: 'Beleg' },
  mix: { en: 'Content mix vs what fans want', de: 'Content-Mix vs. was Fans wollen' },
  engagement: { en: 'Engagement per category', de: 'Engagement je Kategorie' },
  category: { en: 'Category', de: 'Kategorie' },
  posts: { en: 'Posts', de: 'Posts' },
  share: { en: 'Share', de: 'Anteil' },
  fans: { en: 'Fans want it', de: 'Fans wollen es' },
  companies: { en: 'Companies think', de: 'Unternehmen glauben' },
  finding: { en: 'Finding', de: 'Befund' },
  median: { en: 'Median rate', de: 'Median-Rate' },
  ratio: { en: 'vs other posts', de: 'vs. übrige Posts' },
  interval: { en: '90% interval', de: '90-%-Intervall' },
  verdict: { en: 'Verdict', de: 'Ergebnis' },
  best: { en: 'Best posts', de: 'Beste Posts' },
  worst: { en: 'Weakest posts', de: 'Schwächste Posts' },
  rate: { en: 'Rate', de: 'Rate' },
  score: { en: 'Study score', de: 'Studien-Score' },
  text: { en: 'Text', de: 'Text' },
  skipped: { en: 'Rows skipped', de: 'Übersprungene Zeilen' },
  line: { en: 'Line', de: 'Zeile' },
  reason: { en: 'Reason', de: 'Grund' },
  metric: { en: 'Engagement rate', de: 'Engagement-Rate' },
  format: { en: 'Export format', de: 'Exportformat' },
  sources: { en: 'Sources', de: 'Quellen' },
  verdicts: {
    higher: { en: 'higher', de: 'höher' },
    lower: { en: 'lower', de: 'niedriger' },
    no_difference: { en: 'no difference', de: 'kein Unterschied' },
    not_enough_data: { en: 'not enough evidence yet', de: 'noch nicht genug Belege' },
  },
} as const;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function rate(x: number | null, lang: Lang): string {
  return x === null ? '–' : ratePercent(x, lang);
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function reportHtml(advisor: Advisor, audit: AuditResult, charts: readonly ChartImage[], lang: Lang): string {
  const t = <K extends keyof typeof T>(k: K) => (T[k] as Record<Lang, string>)[lang];
  const title = (c: string) => esc(advisor.categories.get(c as never)?.title[lang] ?? c);
  const source = yourData(audit.posts, audit.period, lang);
  const findings = [...new Set(audit.mix.map((m) => m.finding).filter((f): f is string => f !== null))].map((id) => advisor.findings.get(id)).filter((f) => f !== undefined);
  const img = (c: ChartImage) => `<figure><img src="data:image/png;base64,${c.png.toString('base64')}" alt="${esc(c.title)}"></figure>`;
  const [mixChart, ...others] = charts;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('title'))} – ${esc(source)}</title>
<style>
  body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #f6f7f9; margin: 0; }
  main { max-width: 860px; margin: 0 auto; padding: 24px 16px 48px; background: #fff; }
  h1 { font-size: 28px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 32px 0 8px; border-bottom: 1px solid #e3e5e8; padding-bottom: 4px; }
  .meta { color: #4e5058; margin: 0 0 16px; }
  figure { margin: 12px 0; } img { max-width: 100%; height: auto; display: block; border-radius: 8px; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e3e5e8; vertical-align: top; }
  th { background: #f2f3f5; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  ol li { margin-bottom: 10px; } .evidence { color: #4e5058; font-size: 14px; }
  .higher { color: #117a45; font-weight: 600; } .lower { color: #b3261e; font-weight: 600; }
</style>
</head>
<body><main>
<h1>${esc(t('title'))}</h1>
<p class="meta">${esc(source)} · ${esc(t('format'))}: ${esc(audit.format)} · ${esc(t('metric'))}: ${esc(audit.metric.name)}</p>
<p>${esc(t('intro'))}</p>
<h2>${esc(t('recommendations'))}</h2>
<ol>${audit.recommendations.map((r) => `<li>${esc(r.text)}<br><span class="evidence">${esc(t('evidence'))}: ${esc(r.evidence)}</span></li>`).join('')}</ol>
<h2>${esc(t('mix'))}</h2>
${mixChart ? img(mixChart) : ''}
${table(
  [t('category'), t('posts'), t('share'), t('fans'), t('companies'), t('finding')],
  audit.mix.map((m) => [title(m.category), `<span class="n">${m.posts}</span>`, percent(m.share, lang), m.consumers === null ? '–' : percent(m.consumers, lang), m.companies === null ? '–' : percent(m.companies, lang), esc(m.finding ?? '–')]),
)}
<h2>${esc(t('engagement'))}</h2>
${others.map(img).join('\n')}
${table(
  [t('category'), 'n', t('median'), t('ratio'), t('interval'), t('verdict')],
  audit.engagement.map((e) => [
    title(e.category),
    String(e.n),
    rate(e.median, lang),
    e.ratio === null ? '–' : ratioText(e.ratio, lang),
    e.low === null || e.high === null ? '–' : `${ratioText(e.low, lang)}–${ratioText(e.high, lang)}`,
    `<span class="${e.verdict}">${esc(T.verdicts[e.verdict][lang])}</span>`,
  ]),
)}
<h2>${esc(t('best'))}</h2>
${table([t('rate'), t('score'), t('text')], audit.best.map((p) => [rate(p.rate, lang), String(p.score), esc(p.text)]))}
<h2>${esc(t('worst'))}</h2>
${table([t('rate'), t('score'), t('text')], audit.worst.map((p) => [rate(p.rate, lang), String(p.score), esc(p.text)]))}
${audit.skipped.length ? `<h2>${esc(t('skipped'))} (${audit.skipped.length})</h2>${table([t('line'), t('reason')], audit.skipped.slice(0, 200).map((s) => [String(s.line), esc(s.reason)]))}` : ''}
<h2>${esc(t('sources'))}</h2>
<ul>${findings.map((f) => `<li>${esc(f!.id)}: ${esc(f!.study.publisher)}, “${esc(f!.study.title)}” (${f!.study.year})</li>`).join('')}</ul>
</main></body>
</html>
`;
}
