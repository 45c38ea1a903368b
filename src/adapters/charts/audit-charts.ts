// The audit's charts and the /study chart: what the page posts next to what fans want, how each
// category's engagement compares with the page's other posts, and the studies' perception gap.
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { AuditResult } from '../../core/audit/result.ts';
import { shareOf } from '../../core/audit/figures.ts';
import { yourData } from '../../core/audit/wording.ts';
import type { Advisor } from '../../core/engine.ts';
import type { Finding } from '../../core/finding.ts';
import type { Lang } from '../../core/post.ts';
import { drawChart, SERIES, THEMES, type Theme } from './canvas.ts';

export interface ChartStyle {
  theme: Theme;
  lang: Lang;
  /** false: every text transparent (tests only). */
  text?: boolean;
}

export interface ChartImage {
  /** File name, e.g. "mix.png". */
  name: string;
  /** What the chart shows, for alt text and embeds. */
  title: string;
  png: Buffer;
}

const WIDTH = 800;
const FONT = { title: 26, subtitle: 17, label: 19, tick: 17, legend: 18 };

const T = {
  mixTitle: { en: 'What your page posts vs what fans want', de: 'Was deine Seite postet vs. was Fans wollen' },
  page: { en: 'Your posts with it', de: 'Deine Posts damit' },
  fans: { en: 'Fans who want it (study)', de: 'Fans, die es wollen (Studie)' },
  companies: { en: 'Companies who think so (study)', de: 'Unternehmen, die das glauben (Studie)' },
  engagementTitle: { en: 'Engagement vs your other posts', de: 'Engagement vs. deine übrigen Posts' },
  engagementNote: {
    en: 'median ratio (line) with 90% interval; green higher, red lower, grey not clear',
    de: 'Median-Verhältnis (Strich) mit 90-%-Intervall; grün höher, rot niedriger, grau unklar',
  },
  studyTitle: { en: 'What consumers want vs what companies think', de: 'Was Konsumenten wollen vs. was Unternehmen glauben' },
  consumers: { en: 'Consumers', de: 'Konsumenten' },
  companiesShort: { en: 'Companies / marketers', de: 'Unternehmen / Marketer' },
  studies: { en: 'studies', de: 'Studien' },
} as const;

function axisPercent(lang: Lang) {
  return (value: number | string) => (lang === 'de' ? `${value} %` : `${value}%`);
}

function categoryTitle(advisor: Advisor, id: string, lang: Lang): string {
  return advisor.categories.get(id as never)?.title[lang] ?? id;
}

function studyList(advisor: Advisor, ids: readonly (string | null)[]): string {
  const seen = new Map<string, string>();
  for (const id of ids) {
    const f = id ? advisor.findings.get(id) : undefined;
    if (f) seen.set(`${f.study.publisher} ${f.study.year}`, `${f.study.publisher.replace(/ Institute for Business Value| Conference/, '')} ${f.study.year}`);
  }
  return [...seen.values()].join(', ');
}

function baseOptions(style: ChartStyle, title: string, subtitle: string | string[]) {
  const theme = THEMES[style.theme];
  return {
    indexAxis: 'y' as const,
    layout: { padding: { left: 12, right: 24, top: 8, bottom: 12 } },
    plugins: {
      title: { display: true, text: title, font: { size: FONT.title, weight: 600 }, padding: { top: 8, bottom: 4 } },
      subtitle: { display: true, text: subtitle, font: { size: FONT.subtitle }, color: style.text === false ? 'rgba(0,0,0,0)' : theme.muted, padding: { bottom: 10 } },
      legend: { position: 'top' as const, labels: { font: { size: FONT.legend }, boxWidth: 22, padding: 14 } },
    },
    scales: {
      y: { ticks: { font: { size: FONT.label } }, grid: { display: false } },
      x: { ticks: { font: { size: FONT.tick }, maxRotation: 0 }, grid: { color: theme.grid }, beginAtZero: true },
    },
  };
}

/** The page's share of posts per category beside the study figures for fans and companies. */
export function mixChart(advisor: Advisor, audit: AuditResult, style: ChartStyle): ChartImage {
  const rows = audit.mix;
  const title = T.mixTitle[style.lang];
  const options = baseOptions(style, title, `${yourData(audit.posts, audit.period, style.lang)} · ${T.studies[style.lang]}: ${studyList(advisor, rows.map((r) => r.finding))}`);
  options.scales.x = { ...options.scales.x, ticks: { ...options.scales.x.ticks, callback: axisPercent(style.lang) } as never, max: 100 } as never;
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: rows.map((r) => categoryTitle(advisor, r.category, style.lang)),
      datasets: [
        { label: T.page[style.lang], data: rows.map((r) => Math.round(r.share * 1000) / 10), backgroundColor: SERIES.page, barPercentage: 0.9, categoryPercentage: 0.8 },
        { label: T.fans[style.lang], data: rows.map((r) => (r.consumers === null ? null : Math.round(r.consumers * 1000) / 10)) as number[], backgroundColor: SERIES.fans, barPercentage: 0.9, categoryPercentage: 0.8 },
        { label: T.companies[style.lang], data: rows.map((r) => (r.companies === null ? null : Math.round(r.companies * 1000) / 10)) as number[], backgroundColor: SERIES.companies, barPercentage: 0.9, categoryPercentage: 0.8 },
      ],
    },
    options: options as never,
  };
  const height = 190 + rows.length * 66;
  return { name: 'mix.png', title, png: drawChart(config, { width: WIDTH, height, theme: style.theme, text: style.text }) };
}

/** A dashed line at 1× and a tick at each category's median ratio. */
function ratioMarks(ratios: readonly number[], color: string): Plugin<'bar'> {
  return {
    id: 'ratioMarks',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x!;
      const y = scales.y!;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.setLineDash([6, 5]);
      ctx.lineWidth = 2;
      const one = x.getPixelForValue(1);
      ctx.beginPath();
      ctx.moveTo(one, chartArea.top);
      ctx.lineTo(one, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.lineWidth = 4;
      ratios.forEach((r, i) => {
        const px = x.getPixelForValue(r);
        const py = y.getPixelForValue(i);
        ctx.beginPath();
        ctx.moveTo(px, py - 16);
        ctx.lineTo(px, py + 16);
        ctx.stroke();
      });
      ctx.restore();
    },
  };
}

/** Each category's median engagement relative to the page's other posts, with its 90 % interval. */
export function engagementChart(advisor: Advisor, audit: AuditResult, style: ChartStyle): ChartImage {
  const rows = audit.engagement.filter((e) => e.low !== null && e.high !== null && e.ratio !== null);
  const title = T.engagementTitle[style.lang];
  const options = baseOptions(style, title, [`${yourData(audit.posts, audit.period, style.lang)} · ${audit.metric.name}`, T.engagementNote[style.lang]]);
  const fmt = (v: number | string) => `${style.lang === 'de' ? String(v).replace('.', ',') : v}×`;
  options.scales.x = { ...options.scales.x, ticks: { ...options.scales.x.ticks, callback: fmt } as never } as never;
  (options.plugins.legend as { display?: boolean }).display = false;
  const color = (v: string) => (v === 'higher' ? SERIES.higher : v === 'lower' ? SERIES.lower : SERIES.neutral);
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: rows.map((r) => `${categoryTitle(advisor, r.category, style.lang)} (n = ${r.n})`),
      datasets: [{ label: T.engagementNote[style.lang], data: rows.map((r) => [r.low!, r.high!]), backgroundColor: rows.map((r) => color(r.verdict)), barPercentage: 0.7 }],
    },
    options: options as never,
    plugins: [ratioMarks(rows.map((r) => r.ratio!), THEMES[style.theme].text)],
  };
  const height = 230 + Math.max(rows.length, 1) * 56;
  return { name: 'engagement.png', title, png: drawChart(config as ChartConfiguration, { width: WIDTH, height, theme: style.theme, text: style.text }) };
}

/** The perception gap from the findings: consumers' and companies' figure per finding. */
export function studyChart(findings: readonly Finding[], style: ChartStyle): ChartImage {
  const rows = findings.filter((f) => shareOf(f.consumers?.value) !== null && shareOf(f.companies?.value) !== null);
  const title = T.studyTitle[style.lang];
  const years = [...new Set(rows.map((f) => `${f.study.publisher.replace(/ Institute for Business Value| Conference/, '')} ${f.study.year}`))].join(', ');
  const options = baseOptions(style, title, `${T.studies[style.lang]}: ${years}`);
  options.scales.x = { ...options.scales.x, ticks: { ...options.scales.x.ticks, callback: axisPercent(style.lang) } as never, max: 100 } as never;
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: rows.map((f) => f.title[style.lang]),
      datasets: [
        { label: T.consumers[style.lang], data: rows.map((f) => Math.round(shareOf(f.consumers?.value)! * 1000) / 10), backgroundColor: SERIES.fans, barPercentage: 0.9, categoryPercentage: 0.8 },
        { label: T.companiesShort[style.lang], data: rows.map((f) => Math.round(shareOf(f.companies?.value)! * 1000) / 10), backgroundColor: SERIES.companies, barPercentage: 0.9, categoryPercentage: 0.8 },
      ],
    },
    options: options as never,
  };
  const height = 170 + rows.length * 48;
  return { name: 'study.png', title, png: drawChart(config, { width: WIDTH, height, theme: style.theme, text: style.text }) };
}

/** The charts of one audit, in the order a reader should see them. */
export function auditCharts(advisor: Advisor, audit: AuditResult, style: ChartStyle): ChartImage[] {
  return [mixChart(advisor, audit, style), engagementChart(advisor, audit, style)];
}
