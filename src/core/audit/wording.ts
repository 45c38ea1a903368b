import type { Lang } from '../post.ts';

/** 0.123 → "12%" in English, "12 %" in German (whole percent; "<1%" for a small non-zero share). */
export function percent(share: number, lang: Lang): string {
  const p = Math.round(share * 100);
  const text = p === 0 && share > 0 ? '<1' : String(p);
  return lang === 'de' ? `${text} %` : `${text}%`;
}

/** 2.345 → "2.3×" / "2,3×"; near 1 with two decimals, so an interval ending at 0.96 never reads "1.0". */
export function ratioText(ratio: number, lang: Lang): string {
  const t = ratio >= 10 ? ratio.toFixed(0) : Math.abs(ratio - 1) < 0.1 ? ratio.toFixed(2) : ratio.toFixed(1);
  return `${lang === 'de' ? t.replace('.', ',') : t}×`;
}

/** How the page's own numbers are cited: "your data, 412 posts, 2026-01-02 to 2026-09-28". */
export function yourData(posts: number, period: { from: string; to: string } | null, lang: Lang): string {
  const n = lang === 'de' ? posts.toLocaleString('de-DE') : posts.toLocaleString('en-US');
  const range = period ? (lang === 'de' ? `, ${period.from} bis ${period.to}` : `, ${period.from} to ${period.to}`) : '';
  return lang === 'de' ? `deine Daten, ${n} Posts${range}` : `your data, ${n} posts${range}`;
}

/** An engagement rate with two decimals: 0.09554 → "9.55%" / "9,55 %". */
export function ratePercent(rate: number, lang: Lang): string {
  const t = (rate * 100).toFixed(2);
  return lang === 'de' ? `${t.replace('.', ',')} %` : `${t}%`;
}
