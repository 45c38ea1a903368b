import type { Tip } from '../../core/tip.ts';
import { pickTip } from '../../core/tip-picker.ts';
import type { TipStore } from '../ports.ts';

export interface ChosenTip {
  tip: Tip;
  /** The rotation cycle the tip counts for. */
  cycle: number;
}

/** The tip for a server's local day: rotated without repeats, steered towards what it keeps missing. */
export type ChooseTip = (guildId: string, date: string) => Promise<ChosenTip | undefined>;

export function createTipChooser(deps: { store: TipStore; tips: readonly Tip[]; recentMisses: (guildId: string) => Promise<Record<string, number>> }): ChooseTip {
  return async (guildId, date) => {
    const [rotation, recentMisses] = await Promise.all([deps.store.rotation(guildId), deps.recentMisses(guildId)]);
    const pick = pickTip(deps.tips, {
      shownTipIds: rotation.shownTipIds,
      recentMisses,
      dayKey: `${guildId}:${date}`,
      lastTipId: rotation.lastTipId,
    });
    if (!pick) return undefined;
    return { tip: pick.tip, cycle: pick.newCycle || rotation.cycle === 0 ? rotation.cycle + 1 : rotation.cycle };
  };
}
