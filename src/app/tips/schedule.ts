import type { Lang } from '../../core/post.ts';
import {
  daysFromMask,
  daysToMask,
  formatDays,
  formatTime,
  localParts,
  nextSlot,
  parseDays,
  parseTime,
  parseTimeZone,
  type Schedule,
  type ScheduleProblemCode,
  type Weekday,
} from '../../core/schedule.ts';
import type { Clock, Log, TipFailure, TipPostStatus, TipScheduleRecord, TipStore } from '../ports.ts';

export interface ScheduleInput {
  channelId: string;
  /** Local 24-hour time, "09:00". */
  time: string;
  /** IANA zone, "Europe/Berlin". */
  tz: string;
  /** "daily" (default), "mon-fri", "mon,wed,fri", "weekends", German names too. */
  days?: string;
  lang?: Lang;
}

export interface ScheduleProblem {
  field: 'channelId' | 'time' | 'tz' | 'days';
  code: ScheduleProblemCode | 'bad-channel';
  message: string;
}

export interface NextPost {
  at: Date;
  /** The local day this post counts for. */
  localDate: string;
  /** When it happens on the server's clock (03:00 when 02:30 falls in a DST gap). */
  localTime: string;
  weekday: Weekday;
}

export interface LastPost {
  localDate: string;
  tipId: string;
  status: TipPostStatus;
  messageId: string | null;
  postedAt: Date | null;
  attempts: number;
  nextAttemptAt: Date | null;
  error: TipFailure | null;
}

export interface TipStatus {
  guildId: string;
  channelId: string;
  time: string;
  tz: string;
  days: Weekday[];
  /** Canonical spelling of `days`, e.g. "mon-fri". */
  daysText: string;
  lang: Lang;
  enabled: boolean;
  failingReason: TipFailure | null;
  /** Null while off or failing. */
  next: NextPost | null;
  lastPost: LastPost | null;
}

export type SetScheduleResult = { ok: true; status: TipStatus } | { ok: false; problems: ScheduleProblem[] };

/** A stored schedule as the pure scheduling core reads it. */
export function toCoreSchedule(s: TipScheduleRecord): Schedule {
  const [hour, minute] = s.time.split(':').map(Number) as [number, number];
  return { time: { hour, minute }, tz: s.tz, days: daysFromMask(s.days) };
}

export interface TipSchedules {
  setSchedule(guildId: string, input: ScheduleInput): Promise<SetScheduleResult>;
  /** False if the server had no schedule. */
  disable(guildId: string): Promise<boolean>;
  status(guildId: string): Promise<TipStatus | undefined>;
}

/** Setting, turning off and reading a server's daily-tip schedule. */
export function createTipSchedules(deps: { store: TipStore; clock: Clock; log: Log }): TipSchedules {
  const { store, clock, log } = deps;

  async function toStatus(s: TipScheduleRecord): Promise<TipStatus> {
    const last = await store.lastPost(s.guildId);
    const days = daysFromMask(s.days);
    let next: NextPost | null = null;
    if (s.nextDueAt && s.nextDueDate) {
      const local = localParts(s.nextDueAt, s.tz);
      next = { at: s.nextDueAt, localDate: s.nextDueDate, localTime: local.time, weekday: local.weekday };
    }
    return {
      guildId: s.guildId,
      channelId: s.channelId,
      time: s.time,
      tz: s.tz,
      days: [...days].sort(),
      daysText: formatDays(days),
      lang: s.lang,
      enabled: s.enabled,
      failingReason: s.failingReason,
      next,
      lastPost: last
        ? {
            localDate: last.localDate,
            tipId: last.tipId,
            status: last.status,
            messageId: last.messageId,
            postedAt: last.postedAt,
            attempts: last.attempts,
            nextAttemptAt: last.nextAttemptAt,
            error: last.lastError,
          }
        : null,
    };
  }

  return {
    async setSchedule(guildId, input) {
      const problems: ScheduleProblem[] = [];
      if (input.channelId.trim() === '') {
        problems.push({ field: 'channelId', code: 'bad-channel', message: 'Pick the channel the daily tip goes to.' });
      }
      const time = parseTime(input.time);
      if (!time.ok) problems.push({ field: 'time', code: time.code, message: time.message });
      const tz = parseTimeZone(input.tz);
      if (!tz.ok) problems.push({ field: 'tz', code: tz.code, message: tz.message });
      const days = parseDays(input.days ?? 'daily');
      if (!days.ok) problems.push({ field: 'days', code: days.code, message: days.message });
      if (!time.ok || !tz.ok || !days.ok || problems.length > 0) return { ok: false, problems };

      const now = clock();
      const schedule = { time: time.value, tz: tz.value, days: days.value };
      let slot = nextSlot(schedule, now);
      // why: re-running /tips set after today's tip went out must not promise a second one today
      if (await store.getPost(guildId, slot.date)) slot = nextSlot(schedule, now, { afterDate: slot.date });
      await store.saveSchedule({
        guildId,
        channelId: input.channelId.trim(),
        time: formatTime(time.value),
        tz: tz.value,
        days: daysToMask(days.value),
        lang: input.lang ?? 'en',
        nextDueAt: slot.at,
        nextDueDate: slot.date,
        updatedAt: now,
      });
      log.info({ guildId, tz: tz.value, time: formatTime(time.value), nextDueAt: slot.at }, 'daily tip schedule set');
      return { ok: true, status: await toStatus((await store.getSchedule(guildId))!) };
    },

    async disable(guildId) {
      const done = await store.disableSchedule(guildId, clock());
      if (done) log.info({ guildId }, 'daily tip schedule turned off');
      return done;
    },

    async status(guildId) {
      const s = await store.getSchedule(guildId);
      return s && toStatus(s);
    },

  };
}
