import { bandName } from '../../app/messages.ts';
import type { RewriteResult } from '../../app/rewrite-post.ts';
import type { Suggestion } from '../../core/engine.ts';
import type { Lang } from '../../core/post.ts';
import type { Style } from './render.ts';

const words = {
  en: {
    original: 'Your post', better: 'Rewrites that score higher', changed: 'Changed', dropped: 'dropped',
    none: 'None of the rewrites scored higher than your post while keeping its facts, so here are the rule-based suggestions instead:',
    nothing: 'No single change would raise the score.', points: 'points',
  },
  de: {
    original: 'Dein Post', better: 'Umschreibungen mit höherer Bewertung', changed: 'Geändert', dropped: 'verworfen',
    none: 'Keine Umschreibung hat deinen Post übertroffen und dabei seine Fakten behalten; hier sind stattdessen die Regel-Vorschläge:',
    nothing: 'Keine einzelne Änderung würde die Bewertung erhöhen.', points: 'Punkte',
  },
} as const;

function renderSuggestions(suggestions: readonly Suggestion[], lang: Lang, style: Style): string[] {
  const w = words[lang];
  if (suggestions.length === 0) return [`  ${w.nothing}`];
  return suggestions.flatMap((s, i) => [`  ${i + 1}. +${s.gain} ${w.points}: ${s.text}`, style.dim(`     ${s.evidence.figure} — ${s.evidence.source}, ${s.evidence.year} [${s.evidence.finding}]`)]);
}

/** A rewrite result for the terminal: the rewrites that score higher, or the rule-based suggestions. */
export function renderRewrite(r: RewriteResult, style: Style): string {
  const w = words[r.original.replyLang];
  const out = [`${style.bold(`${w.original}: ${r.original.score}/100`)} · ${style.band(r.original.band, bandName(r.original.band, r.original.replyLang))}`, ''];
  if (r.improved.length === 0) out.push(w.none, ...renderSuggestions(r.fallback, r.original.replyLang, style));
  else {
    out.push(style.bold(w.better));
    r.improved.forEach((v, i) => {
      out.push('', `${i + 1}. ${r.original.score} → ${style.band(v.report.band, String(v.report.score))} (+${v.gain})`);
      out.push(...v.text.split('\n').map((line) => `   ${line}`));
      if (v.changes) out.push(style.dim(`   ${w.changed}: ${v.changes}`));
    });
  }
  const reasons = r.rejected.flatMap((x) => x.reasons);
  if (reasons.length > 0) out.push('', style.dim(`(${r.rejected.length} ${w.dropped}: ${[...new Set(reasons)].join(', ')})`));
  return out.join('\n');
}
