// Local wall-clock schedules for the daily tip, with time-zone math done by Intl alone (read
// through a cache of each zone's offsets, zone-offsets.ts).
// Everything here is pure: instants come in as arguments, never from the clock.

import { zoneOffsetMs } from './zone-offsets.ts';

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay` counts. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A local time of day, e.g. 09:00. */
export interface LocalTime {
  hour: number;
  minute: number;
}

/** When a server wants its tip: a local time on some weekdays in an IANA time zone. */
export interface Schedule {
  time: LocalTime;
  tz: string;
  days: ReadonlySet<Weekday>;
}

/**
 * One occurrence of a schedule. `date` is the local date the slot belongs to, which is the key
 * for "one tip per local day"; `at` is the instant it falls due. They can disagree: 23:30 in a
 * zone that jumps from 23:00 to 00:00 falls due at 00:00 of the next local day.
 */
export interface Slot {
  date: string;
  at: Date;
}

export type ScheduleProblemCode = 'bad-time' | 'bad-days' | 'bad-time-zone';

export type Checked<T> =
  | { ok: true; value: T }
  | { ok: false; code: ScheduleProblemCode; message: string };

const DAY_MS = 86_400_000;

/** Accepts "9:00", "09:00", "0900", "9" and "21:30" (24-hour clock). */
export function parseTime(input: string): Checked<LocalTime> {
  const m = /^\s*(\d{1,2})(?::?(\d{2}))?\s*(?:h|uhr)?\s*$/i.exec(input);
  const hour = m ? Number(m[1]) : NaN;
  const minute = m?.[2] === undefined ? 0 : Number(m[2]);
  if (!m || hour > 23 || minute > 59) {
    return { ok: false, code: 'bad-time', message: `"${input}" is not a time — use 24-hour HH:MM, for example 09:00 or 17:30.` };
  }
  return { ok: true, value: { hour, minute } };
}

/** `{hour: 9, minute: 5}` → "09:05". */
export function formatTime(t: LocalTime): string {
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}

// English and German names and abbreviations. Monday-first order for ranges such as "fri-mon".
const DAY_NAMES: ReadonlyArray<readonly [Weekday, readonly string[]]> = [
  [1, ['mon', 'monday', 'mo', 'montag']],
  [2, ['tue', 'tues', 'tuesday', 'tu', 'di', 'dienstag']],
  [3, ['wed', 'wednesday', 'we', 'mi', 'mittwoch']],
  [4, ['thu', 'thur', 'thurs', 'thursday', 'th', 'do', 'donnerstag']],
  [5, ['fri', 'friday', 'fr', 'freitag']],
  [6, ['sat', 'saturday', 'sa', 'samstag', 'sonnabend']],
  [0, ['sun', 'sunday', 'su', 'so', 'sonntag']],
];
const DAY_BY_NAME = new Map(DAY_NAMES.flatMap(([day, names]) => names.map((n) => [n, day] as const)));
const MONDAY_FIRST: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 0];
const DAY_ABBR = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const ALL_DAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const PRESETS = new Map<string, readonly Weekday[]>([
  ['daily', ALL_DAYS], ['every day', ALL_DAYS], ['everyday', ALL_DAYS], ['all', ALL_DAYS], ['*', ALL_DAYS],
  ['täglich', ALL_DAYS], ['taeglich', ALL_DAYS], ['jeden tag', ALL_DAYS],
  ['weekdays', [1, 2, 3, 4, 5]], ['workdays', [1, 2, 3, 4, 5]], ['werktags', [1, 2, 3, 4, 5]], ['wochentags', [1, 2, 3, 4, 5]],
  ['weekends', [6, 0]], ['weekend', [6, 0]], ['wochenende', [6, 0]], ['wochenenden', [6, 0]],
]);

/**
 * Accepts "daily", "weekdays", "weekends", ranges ("mon-fri", "fri-mon" wraps), lists
 * ("mon,wed,fri", "mo di mi") and English or German names, and returns the set of weekdays.
 */
export function parseDays(input: string): Checked<ReadonlySet<Weekday>> {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\s*[-–]\s*/g, '-');
  const fail = (): Checked<ReadonlySet<Weekday>> => ({
    ok: false,
    code: 'bad-days',
    message: `"${input}" is not a list of days — use daily, weekdays, weekends, a range such as mon-fri, or a list such as mon,wed,fri.`,
  });
  const preset = PRESETS.get(text);
  if (preset) return { ok: true, value: new Set(preset) };
  const parts = text.split(/ (?:and|und) |\s*[,;/ ]\s*/).filter((p) => p !== '');
  if (parts.length === 0) return fail();
  const days = new Set<Weekday>();
  for (const part of parts) {
    const range = /^([a-zäöü]+)\.?-([a-zäöü]+)\.?$/.exec(part);
    if (range) {
      const from = DAY_BY_NAME.get(range[1]!);
      const to = DAY_BY_NAME.get(range[2]!);
      if (from === undefined || to === undefined) return fail();
      let i = MONDAY_FIRST.indexOf(from);
      for (;;) {
        const day = MONDAY_FIRST[i % 7]!;
        days.add(day);
        if (day === to) break;
        i++;
      }
      continue;
    }
    const day = DAY_BY_NAME.get(part.replace(/\.$/, ''));
    if (day === undefined) return fail();
    days.add(day);
  }
  return { ok: true, value: days };
}

/** The shortest canonical spelling: "daily", "weekdays", "weekends", "mon-fri", "mon,wed,fri". */
export function formatDays(days: ReadonlySet<Weekday>): string {
  if (days.size === 7) return 'daily';
  const mask = daysToMask(days);
  if (mask === daysToMask(new Set([1, 2, 3, 4, 5]))) return 'mon-fri';
  if (mask === daysToMask(new Set([6, 0]))) return 'weekends';
  const ordered = MONDAY_FIRST.filter((d) => days.has(d));
  // A contiguous run of three or more reads better as a range.
  const first = MONDAY_FIRST.indexOf(ordered[0]!);
  const contiguous = ordered.every((d, i) => MONDAY_FIRST[first + i] === d);
  if (contiguous && ordered.length >= 3) return `${DAY_ABBR[ordered[0]!]}-${DAY_ABBR[ordered[ordered.length - 1]!]}`;
  return ordered.map((d) => DAY_ABBR[d]).join(',');
}

/** Bit `d` set for each weekday `d`; the storable form of a day set. */
export function daysToMask(days: ReadonlySet<Weekday>): number {
  let mask = 0;
  for (const d of days) mask |= 1 << d;
  return mask;
}

export function daysFromMask(mask: number): ReadonlySet<Weekday> {
  return new Set(ALL_DAYS.filter((d) => (mask & (1 << d)) !== 0));
}

// why: older ICU (Node 20) names zones by CLDR's frozen spelling, so it would store and list
// Asia/Calcutta for someone who typed Asia/Kolkata and find nothing for "kyiv". These are the
// CLDR names whose IANA name differs; Intl accepts both spellings either way.
const IANA_NAME: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

function ianaName(zone: string): string {
  return Object.hasOwn(IANA_NAME, zone) ? IANA_NAME[zone]! : zone;
}

/**
 * The canonical IANA name for a zone the runtime knows ("europe/berlin" → "Europe/Berlin",
 * "Asia/Calcutta" → "Asia/Kolkata", "Etc/UTC" → "UTC"), else undefined.
 */
export function canonicalTimeZone(tz: string): string | undefined {
  const name = tz.trim();
  if (name === '') return undefined;
  if (canonical.has(name)) return canonical.get(name);
  let result: string | undefined;
  try {
    result = ianaName(new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone);
  } catch {
    result = undefined;
  }
  // why: memoized, since constructing a DateTimeFormat costs ~0.1 ms; bounded, since names
  // come from users and unknown ones are remembered too.
  if (canonical.size >= 2000) canonical.clear();
  canonical.set(name, result);
  return result;
}
const canonical = new Map<string, string | undefined>();

export function isValidTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== undefined;
}

/** Validates and canonicalizes a zone name, with a message for the person who typed it. */
export function parseTimeZone(input: string): Checked<string> {
  const tz = canonicalTimeZone(input);
  if (tz === undefined) {
    return { ok: false, code: 'bad-time-zone', message: `"${input}" is not a time zone — pick one from the list, for example Europe/Berlin or America/New_York.` };
  }
  return { ok: true, value: tz };
}

/** The local wall-clock reading of an instant in a zone. */
export interface LocalParts {
  date: string;
  time: string;
  weekday: Weekday;
  /** Minutes east of UTC at that instant. */
  offsetMinutes: number;
}

/** Wall-clock fields of an instant, as milliseconds of a pretend-UTC date (seconds kept). */
function wallMs(instantMs: number, tz: string): number {
  return Math.floor(instantMs / 1000) * 1000 + zoneOffsetMs(instantMs, tz);
}

export function localParts(instant: Date, tz: string): LocalParts {
  const wall = wallMs(instant.getTime(), tz);
  const d = new Date(wall);
  return {
    date: isoDate(d),
    time: `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`,
    weekday: d.getUTCDay() as Weekday,
    offsetMinutes: Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000),
  };
}

/** The local calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(instant: Date, tz: string): string {
  return isoDate(new Date(wallMs(instant.getTime(), tz)));
}

/**
 * The instant a local wall-clock time happens. If it happens twice (clocks go back), the first
 * occurrence; if it never happens (clocks go forward over it), the first instant after the gap.
 */
export function localToInstant(date: string, time: LocalTime, tz: string): Date {
  const wall = Date.UTC(...dateFields(date), time.hour, time.minute);
  // why: no transition is closer than a day to another in tzdata, so the offsets a day either
  // side are the only two the wall time can be read with.
  const before = zoneOffsetMs(wall - DAY_MS, tz);
  const after = zoneOffsetMs(wall + DAY_MS, tz);
  if (before === after) return new Date(wall - before); // no transition near: the common case
  const candidates = [wall - before, wall - after].filter((t) => zoneOffsetMs(t, tz) === wall - t);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap, `wall - after` reads earlier than the wall time, `wall - before` later; the
  // transition lies between them. Search it to the second.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  const loOffset = zoneOffsetMs(lo, tz);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (zoneOffsetMs(mid, tz) === loOffset) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/** The instant the schedule falls due on a local date (whether or not the weekday is allowed). */
export function dueInstant(schedule: Schedule, date: string): Date {
  return localToInstant(date, schedule.time, schedule.tz);
}

/** The first slot on an allowed weekday that falls due strictly after `after`. */
export function nextSlot(schedule: Schedule, after: Date, opts: { afterDate?: string } = {}): Slot {
  if (schedule.days.size === 0) throw new RangeError('schedule has no days');
  // Start a day early: a slot dated yesterday can fall due today (see Slot).
  let date = addDays(localDate(after, schedule.tz), -1);
  if (opts.afterDate !== undefined && date <= opts.afterDate) date = addDays(opts.afterDate, 1);
  for (let i = 0; i < 16; i++, date = addDays(date, 1)) {
    if (!schedule.days.has(weekdayOf(date))) continue;
    const at = dueInstant(schedule, date);
    if (at.getTime() > after.getTime()) return { date, at };
  }
  throw new RangeError('no slot within 16 days'); // unreachable with a non-empty day set
}

/** The UTC instant of the next local HH:MM on an allowed weekday, strictly after `after`. */
export function nextDue(schedule: Schedule, after: Date): Date {
  return nextSlot(schedule, after).at;
}

/** The weekday of a 'YYYY-MM-DD' calendar date. */
export function weekdayOf(date: string): Weekday {
  return new Date(Date.UTC(...dateFields(date))).getUTCDay() as Weekday;
}

/** Calendar arithmetic on 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.UTC(...dateFields(date)) + days * DAY_MS));
}

/** The first instant of the local day after `date`: the end of that day, exclusive. */
export function endOfLocalDay(date: string, tz: string): Date {
  return localToInstant(addDays(date, 1), { hour: 0, minute: 0 }, tz);
}

/** Every IANA zone the runtime knows, plus UTC. */
export function listTimeZones(): readonly string[] {
  if (!zoneList) {
    const zones = new Set(Intl.supportedValuesOf('timeZone').map(ianaName));
    zones.add('UTC');
    zoneList = [...zones].sort();
  }
  return zoneList;
}
let zoneList: readonly string[] | undefined;

/**
 * Zone names for autocomplete, best first: exact match, then names starting with the query, then
 * names with a part starting with it ("berlin" → Europe/Berlin, "new york" → America/New_York),
 * then names containing it. Ties sort alphabetically.
 */
export function suggestTimeZones(query: string, limit = 25): string[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '_');
  const zones = listTimeZones();
  if (q === '') return ['UTC', ...zones.filter((z) => z !== 'UTC')].slice(0, limit);
  const ranked: Array<[number, string]> = [];
  for (const zone of zones) {
    const z = zone.toLowerCase();
    let rank: number;
    if (z === q) rank = 0;
    else if (z.startsWith(q)) rank = 1;
    else if (z.split('/').some((part) => part.startsWith(q))) rank = 2;
    else if (z.includes(q)) rank = 3;
    else continue;
    ranked.push([rank, zone]);
  }
  ranked.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return ranked.slice(0, limit).map(([, zone]) => zone);
}

function dateFields(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
}

function isoDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
