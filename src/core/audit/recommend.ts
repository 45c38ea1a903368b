import type { CategoryId } from '../category.ts';
import type { Advisor } from '../engine.ts';
import type { Lang } from '../post.ts';
import { fanFigure } from './figures.ts';
import type { AuditResult, EngagementRow, MixRow, Recommendation } from './result.ts';
import { percent, ratioText, yourData } from './wording.ts';

type Partial = Omit<AuditResult, 'recommendations'>;

function title(advisor: Advisor, c: CategoryId, lang: Lang): string {
  return advisor.categories.get(c)?.title[lang] ?? c;
}

function studyOf(advisor: Advisor, c: CategoryId): string {
  const f = fanFigure(advisor, c);
  return f ? `${f.id}: ${f.study.publisher}, ${f.study.year}` : '';
}

function joined(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('; ');
}

/** The page's own figure for a category, when it makes a claim. */
function pageFact(row: EngagementRow | undefined, lang: Lang): string {
  if (!row || row.ratio === null || (row.verdict !== 'higher' && row.verdict !== 'lower')) return '';
  return lang === 'de'
    ? ` Auf deiner Seite erzielten solche Posts das ${ratioText(row.ratio, lang)} des Medians der übrigen (n = ${row.n}).`
    : ` On your page these posts got ${ratioText(row.ratio, lang)} the median engagement of the rest (n = ${row.n}).`;
}

/**
 * Three concrete changes, each with its evidence: the fan wish the page serves least, the
 * company-overrated content it posts most, and what its own engagement says works.
 */
export function recommend(advisor: Advisor, audit: Partial, lang: Lang): Recommendation[] {
  const out: Recommendation[] = [];
  const source = yourData(audit.posts, audit.period, lang);
  const engagementOf = (c: CategoryId) => audit.engagement.find((e) => e.category === c);
  const tier = (m: MixRow) => advisor.categories.get(m.category)?.tier;

  const gaps = audit.mix
    .filter((m) => m.consumers !== null && tier(m) === 'want' && m.share < m.consumers)
    .sort((a, b) => b.consumers! - b.share - (a.consumers! - a.share) || (a.category < b.category ? -1 : 1));
  const wish = gaps[0];
  if (wish) {
    const t = title(advisor, wish.category, lang);
    const companies = wish.companies === null ? '' : lang === 'de' ? `, Unternehmen schätzen ${percent(wish.companies, lang)}` : `; companies think ${percent(wish.companies, lang)}`;
    out.push({
      text:
        (lang === 'de'
          ? `Mehr „${t}“: ${wish.posts === 0 ? 'keiner deiner Posts bietet das' : `nur ${percent(wish.share, lang)} deiner Posts bieten das`}, aber ${percent(wish.consumers!, lang)} der Fans erwarten es${companies}.`
          : `Offer more "${t}": ${wish.posts === 0 ? 'none of your posts do' : `only ${percent(wish.share, lang)} of your posts do`}, but ${percent(wish.consumers!, lang)} of fans expect it${companies}.`) +
        pageFact(engagementOf(wish.category), lang),
      evidence: joined(source, studyOf(advisor, wish.category)),
    });
  }

  const overrated = audit.mix.filter((m) => tier(m) === 'overrated' && m.posts > 0).sort((a, b) => b.share - a.share || (a.category < b.category ? -1 : 1))[0];
  if (overrated) {
    const t = title(advisor, overrated.category, lang);
    const fans = overrated.consumers === null || overrated.companies === null ? '' :
      lang === 'de'
        ? ` Nur ${percent(overrated.consumers, lang)} der Fans kommen dafür, Unternehmen glauben ${percent(overrated.companies, lang)}.`
        : ` Only ${percent(overrated.consumers, lang)} of fans come for it, while companies think ${percent(overrated.companies, lang)} do.`;
    out.push({
      text:
        (lang === 'de'
          ? `Weniger „${t}“ allein: ${percent(overrated.share, lang)} deiner Posts sind das – Inhalte, die Unternehmen überschätzen.${fans} Verbinde sie mit einem Vorteil für Fans.`
          : `Less "${t}" on its own: ${percent(overrated.share, lang)} of your posts are this, content companies overrate.${fans} Pair it with something fans get.`) +
        pageFact(engagementOf(overrated.category), lang),
      evidence: joined(source, studyOf(advisor, overrated.category)),
    });
  }

  const works = audit.engagement
    .filter((e) => e.verdict === 'higher' && e.category !== wish?.category)
    .sort((a, b) => b.ratio! - a.ratio! || (a.category < b.category ? -1 : 1))[0];
  if (works) {
    const t = title(advisor, works.category, lang);
    out.push({
      text:
        lang === 'de'
          ? `Mach mehr von dem, was bei dir wirkt: Posts mit „${t}“ erzielten das ${ratioText(works.ratio!, lang)} des Medians der übrigen (90-%-Intervall ${ratioText(works.low!, lang)}–${ratioText(works.high!, lang)}, n = ${works.n}).`
          : `Do more of what works on your page: posts with "${t}" got ${ratioText(works.ratio!, lang)} the median engagement of the rest (90% interval ${ratioText(works.low!, lang)}–${ratioText(works.high!, lang)}, n = ${works.n}).`,
      evidence: source,
    });
  } else {
    const thin = audit.engagement.filter((e) => e.verdict === 'not_enough_data').length;
    out.push({
      text:
        lang === 'de'
          ? `Noch nicht genug Belege, welche Inhalte bei deinen Fans besser ankommen (${thin} Kategorien mit zu wenigen Posts oder zu breiter Streuung). Probiere gezielt Posts mit Vorteil für Fans aus und wiederhole das Audit später.`
          : `Not enough evidence yet on which content your fans respond to better (${thin} categories with too few posts or too much spread). Try posts that give fans something, then audit again later.`,
      evidence: source,
    });
  }
  return out;
}
