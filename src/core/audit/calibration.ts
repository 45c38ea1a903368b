import { z } from 'zod';
import { CategoryId } from '../category.ts';
import type { Advisor } from '../engine.ts';
import type { Lang } from '../post.ts';
import type { AuditResult, EngagementRow, Verdict } from './result.ts';
import { ratioText, yourData } from './wording.ts';

/**
 * What a page's own audit says about the categories of one scored post. The study score is
 * never changed by it: these lines are shown beside the score.
 */
export interface Calibration {
  /** Where the page's numbers come from: format, post count, period. */
  source: string;
  lines: CalibrationLine[];
}

export interface CalibrationLine {
  category: CategoryId;
  verdict: Verdict;
  /** True when the page's data points the other way from the studies. */
  contradicts: boolean;
  text: string;
}

/** The part of an audit that `score --calibration` and `/score` read (calibration.json). */
export type CalibrationData = Pick<AuditResult, 'format' | 'posts' | 'period' | 'metric' | 'engagement'>;

const Share = z.number().nullable();

/** calibration.json as `audit --out` writes it; checked before it is believed. */
export const CalibrationDataSchema = z.object({
  format: z.enum(['meta-facebook', 'meta-instagram', 'x-content', 'x-activity', 'generic']),
  posts: z.number().int().min(0),
  period: z.object({ from: z.string(), to: z.string() }).nullable(),
  metric: z.object({ name: z.string(), numerator: z.array(z.string()), denominator: z.string() }),
  engagement: z.array(
    z.object({
      category: CategoryId,
      n: z.number().int().min(0),
      median: Share,
      low: Share,
      high: Share,
      ratio: Share,
      verdict: z.enum(['higher', 'lower', 'no_difference', 'not_enough_data']),
    }),
  ),
});

export function calibrationData(audit: AuditResult): CalibrationData {
  return { format: audit.format, posts: audit.posts, period: audit.period, metric: audit.metric, engagement: audit.engagement };
}

function phrase(advisor: Advisor, row: EngagementRow, lang: Lang): { text: string; contradicts: boolean } {
  const title = advisor.categories.get(row.category)?.title[lang] ?? row.category;
  const tier = advisor.categories.get(row.category)?.tier;
  const n = `n = ${row.n}`;
  const ratio = row.ratio === null ? '' : ratioText(row.ratio, lang);
  switch (row.verdict) {
    case 'higher': {
      const contradicts = tier === 'overrated';
      const text = lang === 'de'
        ? `Auf deiner Seite erzielten Posts mit „${title}“ das ${ratio} des Median-Engagements (${n}).${contradicts ? ' Das widerspricht den Studien, die diesen Inhalt als von Unternehmen überschätzt sehen.' : ''}`
        : `On your page, posts with "${title}" got ${ratio} the median engagement (${n}).${contradicts ? ' That contradicts the studies, which find companies overrate this content.' : ''}`;
      return { text, contradicts };
    }
    case 'lower': {
      const contradicts = tier === 'want';
      const text = lang === 'de'
        ? `Auf deiner Seite erzielten Posts mit „${title}“ nur das ${ratio} des Median-Engagements (${n}).${contradicts ? ' Das widerspricht den Studien, nach denen Fans das wollen.' : ''}`
        : `On your page, posts with "${title}" got only ${ratio} the median engagement (${n}).${contradicts ? ' That contradicts the studies, which find fans want this.' : ''}`;
      return { text, contradicts };
    }
    case 'no_difference':
      return {
        text: lang === 'de' ? `Auf deiner Seite liefen Posts mit „${title}“ etwa wie die übrigen (${n}).` : `On your page, posts with "${title}" did about as well as the rest (${n}).`,
        contradicts: false,
      };
    default:
      return {
        text: lang === 'de' ? `Zu „${title}“ gibt es auf deiner Seite noch nicht genug Belege (${n}).` : `Not enough evidence yet on your page about "${title}" (${n}).`,
        contradicts: false,
      };
  }
}

/** The page-evidence lines for a post with these categories; none when the audit never saw them. */
export function calibrate(advisor: Advisor, data: CalibrationData, categories: readonly CategoryId[], lang: Lang): Calibration {
  const lines = categories.flatMap((c) => {
    const row = data.engagement.find((e) => e.category === c);
    return row ? [{ category: c, verdict: row.verdict, ...phrase(advisor, row, lang) }] : [];
  });
  return { source: yourData(data.posts, data.period, lang), lines };
}
