import { bandName, kindTitle, noteText } from '../../app/messages.ts';
import { figureOf } from '../../core/finding.ts';
import type { Report } from '../../core/engine.ts';
import type { Finding } from '../../core/finding.ts';
import type { Lang } from '../../core/post.ts';

/** ANSI styling, off when the output is not a terminal or NO_COLOR is set. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  band(band: Report['band'], s: string): string;
}

export const plain: Style = { bold: (s) => s, dim: (s) => s, band: (_, s) => s };
export const ansi: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  band: (b, s) => `\x1b[${b === 'strong' ? 32 : b === 'ok' ? 33 : 31}m${s}\x1b[39m`,
};

const words = {
  en: {
    score: 'Score', does: 'Does well', watch: 'Watch out', changes: 'Top changes',
    none: 'Nothing to add: no single change would raise the score.', points: 'points', length: 'Length',
    weighted: 'weighted characters', chars: 'characters', sum: 'How the score adds up', base: 'base',
    explain: 'details', partly: 'partly verified', english: 'English', german: 'German', other: 'other language',
  },
  de: {
    score: 'Bewertung', does: 'Das passt', watch: 'Achtung', changes: 'Die wichtigsten Änderungen',
    none: 'Nichts zu ergänzen: keine einzelne Änderung würde die Bewertung erhöhen.', points: 'Punkte', length: 'Länge',
    weighted: 'gewichtete Zeichen', chars: 'Zeichen', sum: 'So kommt die Bewertung zustande', base: 'Basis',
    explain: 'Details', partly: 'teilweise belegt', english: 'Englisch', german: 'Deutsch', other: 'andere Sprache',
  },
} as const;

/** Which kind of post it was judged as, why, and how to switch: the advice depends on it. */
function kindLine(r: Report, how: string): string {
  const de = r.replyLang === 'de';
  const title = kindTitle(r.kind.kind, r.replyLang);
  const others = (['reply', 'service', 'marketing'] as const).filter((k) => k !== r.kind.kind).join('|');
  if (!r.kind.detected) return de ? `Bewertet als ${title} (deine Wahl; ${how} auto erkennt die Art selbst).` : `Judged as ${title} (your choice; ${how} auto recognises the kind).`;
  const why = r.kind.cue ? (de ? ` (erkannt an „${r.kind.cue}“)` : ` (recognised from “${r.kind.cue}”)`) : '';
  return de ? `Bewertet als ${title}${why}. Stimmt nicht? ${how} ${others}` : `Judged as ${title}${why}. Not right? ${how} ${others}`;
}

// why not toLocaleString: its first call loads ICU's number formats, ~10 ms of a one-shot
// command's start-up, for a whole number that needs only a separator
const thousands = (n: number, lang: Lang) => String(n).replace(/\B(?=(\d{3})+$)/g, lang === 'de' ? '.' : ',');

const signed = (n: number) => (n > 0 ? `+${n}` : `−${Math.abs(n)}`).padStart(4);

/** A report as a short terminal answer: score and band, what works, what to change and why. */
export function renderReport(r: Report, style: Style = plain, options: { changes?: boolean; kindSwitch?: string } = {}): string {
  const w = words[r.replyLang];
  const lang = r.language === 'en' ? w.english : r.language === 'de' ? w.german : w.other;
  const platform = r.platform === 'twitter' ? 'X/Twitter' : 'Facebook';
  const out: string[] = [];
  out.push(`${style.bold(`${w.score} ${r.score}/100`)} · ${style.band(r.band, bandName(r.band, r.replyLang))}   ${style.dim(`(${platform}, ${lang})`)}`);
  const unit = r.platform === 'twitter' ? w.weighted : w.chars;
  out.push(`${w.length}: ${thousands(r.length.weighted, r.replyLang)}/${thousands(r.length.limit, r.replyLang)} ${unit}`);
  out.push(kindLine(r, options.kindSwitch ?? '--kind'));
  const good = r.findings.filter((f) => f.points > 0);
  const bad = r.findings.filter((f) => f.points < 0);
  if (good.length > 0) out.push('', style.bold(w.does), ...good.map((f) => `  ${signed(f.points)}  ${f.message}`));
  if (bad.length > 0) out.push('', style.bold(w.watch), ...bad.map((f) => `  ${signed(f.points)}  ${f.message}`));
  // why: with `-n 0` the user asked for no changes; "nothing to add" would be a false claim
  if (options.changes !== false) out.push('', style.bold(w.changes));
  if (options.changes !== false && r.suggestions.length === 0) out.push(`  ${w.none}`);
  r.suggestions.forEach((s, i) => {
    out.push(`  ${i + 1}. +${s.gain} ${w.points}: ${s.text}`);
    const partly = s.evidence.verified === 'partial' ? ` (${w.partly})` : '';
    out.push(style.dim(`     ${s.evidence.figure} — ${s.evidence.source}, ${s.evidence.year}${partly} [${w.explain}: fanpage-advisor explain ${s.evidence.finding}]`));
  });
  for (const note of r.notes) out.push('', style.dim(noteText(note, r.replyLang)));
  const parts = r.findings.map((f) => (f.points > 0 ? `+ ${f.points}` : `− ${Math.abs(f.points)}`)).join(' ');
  out.push('', style.dim(`${w.sum}: ${r.base} ${w.base} ${parts} = ${r.score}${r.score === 0 || r.score === 100 ? ' (0–100)' : ''}`));
  return out.join('\n');
}

/** One finding in full, as `explain` prints it. */
export function renderFinding(f: Finding, lang: Lang, style: Style = plain): string {
  const w = lang === 'de'
    ? { figures: 'Zahlen', source: 'Quelle', verified: 'Belegt', caveat: 'Einschränkung', yes: 'ja', partial: 'teilweise', no: 'nein – nicht als Tatsache zitieren' }
    : { figures: 'Figures', source: 'Source', verified: 'Verified', caveat: 'Caveat', yes: 'yes', partial: 'partly', no: 'no – do not cite as fact' };
  return [
    `${style.bold(f.title[lang])} ${style.dim(`(${f.id})`)}`,
    f.claim[lang],
    ...(f.consumers || f.companies ? [`${w.figures}: ${figureOf(f, lang)}`] : []),
    `${w.source}: ${f.study.publisher}, “${f.study.title}” (${f.study.year}); evidence.md ${f.study.sources.join(', ')}`,
    `${w.verified}: ${w[f.verified]}`,
    `${w.caveat}: ${f.caveat[lang]}`,
  ].join('\n');
}
