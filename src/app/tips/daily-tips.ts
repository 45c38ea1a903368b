import type { Tip } from '../../core/tip.ts';
import type { Clock, Log, TipPublisher, TipStore } from '../ports.ts';
import { createTipChooser } from './choose.ts';
import { createTipDelivery, type DeliveryOptions, type PostNowResult, type TickSummary } from './deliver.ts';
import { createTipPreview, type TipPreview } from './preview.ts';
import { createScoreHistory, type ScoreHistory } from './score-history.ts';
import { createTipSchedules, type ScheduleInput, type SetScheduleResult, type TipStatus } from './schedule.ts';

export type { PostNowResult, TickSummary } from './deliver.ts';
export type { TipPreview } from './preview.ts';
export type { ScoreHistory } from './score-history.ts';
export type { LastPost, NextPost, ScheduleInput, ScheduleProblem, SetScheduleResult, TipStatus } from './schedule.ts';

export interface DailyTipsDeps extends DeliveryOptions {
  store: TipStore;
  publisher: TipPublisher;
  tips: readonly Tip[];
  clock: Clock;
  log?: Log;
  /** Where scores are remembered; built on `store` when absent. */
  history?: ScoreHistory;
  /** Scored posts that count towards "what this server keeps missing" when `history` is built here. Default 50. */
  scoreHistory?: number;
}

export interface DailyTips {
  setSchedule(guildId: string, input: ScheduleInput): Promise<SetScheduleResult>;
  /** False if the server had no schedule. */
  disable(guildId: string): Promise<boolean>;
  status(guildId: string): Promise<TipStatus | undefined>;
  /** Posts an extra tip at once (not the day's scheduled one), at most one per cooldown. */
  postNow(guildId: string): Promise<PostNowResult>;
  preview(guildId: string): Promise<TipPreview | undefined>;
  recordScore(guildId: string, result: { score: number; missing: readonly string[] }): Promise<void>;
  /** Claims everything due and sends it; resolves when all of it is recorded (tests, one-off runs). */
  tick(now?: Date): Promise<TickSummary>;
  /** The scheduler's tick: claims and queues what is due; sending goes on after it (see TipDelivery). */
  claimDue(now?: Date): Promise<TickSummary>;
  drained(): Promise<void>;
  stop(): Promise<void>;
}

const SILENT: Log = { info() {}, warn() {}, error() {} };

/**
 * Daily study-backed tips per server: schedules in local time (schedule.ts), exactly one post per
 * local day across all processes (deliver.ts), tips rotated without repeats and steered towards what the server's
 * scored posts keep missing (choose.ts, score-history.ts), and what comes next (preview.ts).
 */
export function createDailyTips(deps: DailyTipsDeps): DailyTips {
  const { store, tips, clock } = deps;
  const log = deps.log ?? SILENT;
  const history = deps.history ?? createScoreHistory({ store, clock, keep: deps.scoreHistory });
  const choose = createTipChooser({ store, tips, history });
  const schedules = createTipSchedules({ store, clock, log });
  const delivery = createTipDelivery({ ...deps, log, chooser: choose });
  return {
    setSchedule: schedules.setSchedule,
    disable: schedules.disable,
    status: schedules.status,
    postNow: delivery.postNow,
    tick: delivery.tick,
    claimDue: delivery.claimDue,
    drained: delivery.drained,
    stop: delivery.stop,
    preview: createTipPreview({ store, clock, choose: choose.one }),
    recordScore: history.record,
  };
}
