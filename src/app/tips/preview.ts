import type { Lang } from '../../core/post.ts';
import { localDate } from '../../core/schedule.ts';
import type { Tip } from '../../core/tip.ts';
import type { Clock, TipStore } from '../ports.ts';
import type { ChooseTip } from './choose.ts';

export interface TipPreview {
  tip: Tip;
  lang: Lang;
  localDate: string;
}

/** What /tips now would post, or, once today's tip is out, what the next slot will post. */
export function createTipPreview(deps: { store: TipStore; clock: Clock; choose: ChooseTip }): (guildId: string) => TipPreview | undefined {
  const { store, clock, choose } = deps;
  return (guildId) => {
    const s = store.getSchedule(guildId);
    const tz = s?.tz ?? 'UTC';
    const today = localDate(clock(), tz);
    const date = store.getPost(guildId, today) ? (s?.nextDueDate ?? today) : today;
    const chosen = choose(guildId, date);
    return chosen && { tip: chosen.tip, lang: s?.lang ?? 'en', localDate: date };
  };
}
