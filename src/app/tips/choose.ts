import type { Tip } from '../../core/tip.ts';
import { pickTip } from '../../core/tip-picker.ts';
import type { ScoreRecord, TipRotation, TipStore } from '../ports.ts';
import type { ScoreHistory } from './score-history.ts';

export interface ChosenTip {
  tip: Tip;
  /** The rotation cycle the tip counts for. */
  cycle: number;
}

/** The tip for a server's local day: rotated without repeats, steered towards what it keeps missing. */
export type ChooseTip = (guildId: string, date: string) => Promise<ChosenTip | undefined>;

/**
 * ChooseTip for a whole chunk of servers (a tick's chunk), with one read of the store per kind of
 * data, or none when `known` brings what was read already (TipStore.takeDue).
 */
export type ChooseTips = (
  days: ReadonlyArray<{ guildId: string; date: string }>,
  known?: { rotations: ReadonlyMap<string, TipRotation>; recentScores: ReadonlyMap<string, readonly ScoreRecord[]> },
) => Promise<Array<ChosenTip | undefined>>;

export interface TipChooser {
  one: ChooseTip;
  many: ChooseTips;
  /** How many of a server's newest scores it weighs: what a read made ahead for `many` must bring. */
  scores: number;
}

export function createTipChooser(deps: {
  store: Pick<TipStore, 'rotations'>;
  tips: readonly Tip[];
  history: Pick<ScoreHistory, 'recentMissesOf' | 'missesFrom' | 'keep'>;
}): TipChooser {
  const pick = (guildId: string, date: string, rotation: TipRotation | undefined, recentMisses: Record<string, number> | undefined): ChosenTip | undefined => {
    const cycle = rotation?.cycle ?? 0;
    const picked = pickTip(deps.tips, {
      shownTipIds: rotation?.shownTipIds ?? [],
      recentMisses: recentMisses ?? {},
      dayKey: `${guildId}:${date}`,
      lastTipId: rotation?.lastTipId,
    });
    if (!picked) return undefined;
    return { tip: picked.tip, cycle: picked.newCycle || cycle === 0 ? cycle + 1 : cycle };
  };
  const many: ChooseTips = async (days, known) => {
    if (days.length === 0) return [];
    const ids = [...new Set(days.map((d) => d.guildId))];
    const [rotations, misses] = known
      ? [known.rotations, deps.history.missesFrom(known.recentScores)]
      : await Promise.all([deps.store.rotations(ids), deps.history.recentMissesOf(ids)]);
    return days.map((d) => pick(d.guildId, d.date, rotations.get(d.guildId), misses.get(d.guildId)));
  };
  return { one: async (guildId, date) => (await many([{ guildId, date }]))[0], many, scores: deps.history.keep };
}
