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

/** What today's scheduled tip will be, or, once it is out, what the next slot will post. */
export function createTipPreview(deps: { store: TipStore; clock: Clock; choose: ChooseTip }): (guildId: string) => Promise<TipPreview | undefined> {
  const { store, clock, choose } = deps;
  return async (guildId) => {
    const s = await store.getSchedule(guildId);
    const tz = s?.tz ?? 'UTC';
    const today = localDate(clock(), tz);
    const date = (await store.getPost(guildId, today)) ? (s?.nextDueDate ?? today) : today;
    const chosen = await choose(guildId, date);
    return chosen && { tip: chosen.tip, lang: s?.lang ?? 'en', localDate: date };
  };
}
