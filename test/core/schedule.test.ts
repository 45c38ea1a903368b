import { describe, expect, it } from 'vitest';
import {
  dueInstant,
  formatDays,
  isValidTimeZone,
  listTimeZones,
  localDate,
  localParts,
  nextDue,
  nextSlot,
  parseDays,
  parseTime,
  parseTimeZone,
  suggestTimeZones,
  type Schedule,
  type Weekday,
} from '../../src/core/schedule.ts';

function schedule(time: string, tz: string, days = 'daily'): Schedule {
  const t = parseTime(time);
  const d = parseDays(days);
  if (!t.ok || !d.ok) throw new Error('bad fixture');
  return { time: t.value, tz, days: d.value };
}

const iso = (d: Date) => d.toISOString();

/** Every slot from `from` on, following nextSlot as the scheduler does after each post. */
function slots(s: Schedule, from: string, count: number) {
  const out = [];
  let slot = nextSlot(s, new Date(from));
  for (let i = 0; i < count; i++) {
    out.push({ date: slot.date, at: iso(slot.at), local: localParts(slot.at, s.tz).time });
    slot = nextSlot(s, slot.at, { afterDate: slot.date });
  }
  return out;
}

describe('parseTime', () => {
  it.each([
    ['09:00', 9, 0],
    ['9:05', 9, 5],
    ['0930', 9, 30],
    ['23:59', 23, 59],
    ['0:00', 0, 0],
    ['7', 7, 0],
    ['18 Uhr', 18, 0],
  ])('%s', (input, hour, minute) => {
    expect(parseTime(input)).toEqual({ ok: true, value: { hour, minute } });
  });

  it.each(['24:00', '12:60', '9am', '', 'nine', '09:00:00', '-1:00'])('rejects %o', (input) => {
    expect(parseTime(input)).toMatchObject({ ok: false, code: 'bad-time' });
  });
});

describe('parseDays', () => {
  const days = (input: string) => {
    const r = parseDays(input);
    return r.ok ? [...r.value].sort() : r.code;
  };
  it.each<[string, Weekday[] | string]>([
    ['daily', [0, 1, 2, 3, 4, 5, 6]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['Mon - Fri', [1, 2, 3, 4, 5]],
    ['mon,wed,fri', [1, 3, 5]],
    ['weekends', [0, 6]],
    ['fri-mon', [0, 1, 5, 6]],
    ['mo-fr', [1, 2, 3, 4, 5]],
    ['mo,mi,fr', [1, 3, 5]],
    ['di do', [2, 4]],
    ['sa,so', [0, 6]],
    ['Montag und Freitag', [1, 5]],
    ['täglich', [0, 1, 2, 3, 4, 5, 6]],
    ['werktags', [1, 2, 3, 4, 5]],
    ['sunday', [0]],
    ['', 'bad-days'],
    ['mon-funday', 'bad-days'],
    ['every other day', 'bad-days'],
    ['1,2,3', 'bad-days'],
  ])('%o', (input, expected) => {
    expect(days(input)).toEqual(expected);
  });

  it('formats back to the shortest canonical spelling', () => {
    const fmt = (input: string) => {
      const r = parseDays(input);
      return r.ok ? formatDays(r.value) : undefined;
    };
    expect(fmt('mo,di,mi,do,fr')).toBe('mon-fri');
    expect(fmt('sunday,saturday')).toBe('weekends');
    expect(fmt('mon,wed,fri')).toBe('mon,wed,fri');
    expect(fmt('tue-thu')).toBe('tue-thu');
    expect(fmt('täglich')).toBe('daily');
  });
});

describe('time zones', () => {
  it('validates and canonicalizes IANA names', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(parseTimeZone('europe/berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone('Asia/Calcutta')).toEqual({ ok: true, value: 'Asia/Kolkata' });
    expect(parseTimeZone('asia/kolkata')).toEqual({ ok: true, value: 'Asia/Kolkata' });
    expect(parseTimeZone('Etc/UTC')).toEqual({ ok: true, value: 'UTC' });
    expect(parseTimeZone('CEST')).toMatchObject({ ok: false, code: 'bad-time-zone' });
  });

  it('lists zones including UTC', () => {
    const zones = listTimeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Asia/Kolkata');
    expect(zones).toContain('Europe/Kyiv');
    expect(zones).not.toContain('Asia/Calcutta');
    expect(zones.length).toBeGreaterThan(300);
  });

  it('suggests zones for autocomplete, best match first', () => {
    expect(suggestTimeZones('berlin')).toEqual(['Europe/Berlin']);
    expect(suggestTimeZones('new york')[0]).toBe('America/New_York');
    expect(suggestTimeZones('UTC')[0]).toBe('UTC');
    expect(suggestTimeZones('kolkata')).toEqual(['Asia/Kolkata']);
    expect(suggestTimeZones('kyiv')).toEqual(['Europe/Kyiv']);
    expect(suggestTimeZones('europe/')[0]).toMatch(/^Europe\//);
    expect(suggestTimeZones('europe', 5)).toHaveLength(5);
    expect(suggestTimeZones('')).toHaveLength(25);
    expect(suggestTimeZones('')[0]).toBe('UTC');
    expect(suggestTimeZones('zzzz')).toEqual([]);
    // name prefix, then part prefix, then substring
    const an = suggestTimeZones('an', 1000);
    expect(an.indexOf('Antarctica/Casey')).toBeLessThan(an.indexOf('Asia/Anadyr'));
    expect(an.indexOf('Asia/Anadyr')).toBeLessThan(an.indexOf('America/Santiago'));
  });
});

describe('localDate', () => {
  it('gives the calendar date on the server clock', () => {
    const instant = new Date('2026-06-30T22:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-06-30');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-07-01');
    expect(localDate(instant, 'America/New_York')).toBe('2026-06-30');
    expect(localDate(instant, 'Asia/Kolkata')).toBe('2026-07-01');
    expect(localDate(new Date('2026-12-31T23:59:59.999Z'), 'UTC')).toBe('2026-12-31');
  });
});

describe('nextDue in Europe/Berlin', () => {
  it('posts at 09:00 local in winter and summer', () => {
    const s = schedule('09:00', 'Europe/Berlin');
    expect(iso(nextDue(s, new Date('2026-01-15T00:00:00Z')))).toBe('2026-01-15T08:00:00.000Z');
    expect(iso(nextDue(s, new Date('2026-07-15T00:00:00Z')))).toBe('2026-07-15T07:00:00.000Z');
  });

  it('is strictly after `after`', () => {
    const s = schedule('09:00', 'Europe/Berlin');
    expect(iso(nextDue(s, new Date('2026-01-15T08:00:00Z')))).toBe('2026-01-16T08:00:00.000Z');
    expect(iso(nextDue(s, new Date('2026-01-15T07:59:59.999Z')))).toBe('2026-01-15T08:00:00.000Z');
  });

  it('spring-forward: 02:30 on 2026-03-29 does not exist, so the tip comes at 03:00, once', () => {
    const s = schedule('02:30', 'Europe/Berlin');
    expect(iso(dueInstant(s, '2026-03-29'))).toBe('2026-03-29T01:00:00.000Z');
    expect(slots(s, '2026-03-27T12:00:00Z', 4)).toEqual([
      { date: '2026-03-28', at: '2026-03-28T01:30:00.000Z', local: '02:30' },
      { date: '2026-03-29', at: '2026-03-29T01:00:00.000Z', local: '03:00' },
      { date: '2026-03-30', at: '2026-03-30T00:30:00.000Z', local: '02:30' },
      { date: '2026-03-31', at: '2026-03-31T00:30:00.000Z', local: '02:30' },
    ]);
  });

  it('fall-back: 02:30 on 2026-10-25 happens twice, the tip comes at the first, once', () => {
    const s = schedule('02:30', 'Europe/Berlin');
    expect(iso(dueInstant(s, '2026-10-25'))).toBe('2026-10-25T00:30:00.000Z');
    const got = slots(s, '2026-10-24T12:00:00Z', 3);
    expect(got).toEqual([
      { date: '2026-10-25', at: '2026-10-25T00:30:00.000Z', local: '02:30' },
      { date: '2026-10-26', at: '2026-10-26T01:30:00.000Z', local: '02:30' },
      { date: '2026-10-27', at: '2026-10-27T01:30:00.000Z', local: '02:30' },
    ]);
    // Right after the first 02:30, the second 02:30 (01:30Z) is not another slot for that day.
    expect(nextSlot(s, new Date('2026-10-25T00:30:00Z'))).toEqual({ date: '2026-10-26', at: new Date('2026-10-26T01:30:00Z') });
  });

  it('times beside the transitions are unaffected', () => {
    const s = schedule('09:00', 'Europe/Berlin');
    expect(iso(dueInstant(s, '2026-03-29'))).toBe('2026-03-29T07:00:00.000Z');
    expect(iso(dueInstant(s, '2026-10-25'))).toBe('2026-10-25T08:00:00.000Z');
    expect(iso(dueInstant(schedule('00:00', 'Europe/Berlin'), '2026-03-29'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(dueInstant(schedule('03:00', 'Europe/Berlin'), '2026-03-29'))).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('nextDue in other zones', () => {
  it('America/New_York across its 2026 transitions', () => {
    const s = schedule('09:00', 'America/New_York');
    expect(iso(dueInstant(s, '2026-03-07'))).toBe('2026-03-07T14:00:00.000Z');
    expect(iso(dueInstant(s, '2026-03-08'))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(dueInstant(s, '2026-11-01'))).toBe('2026-11-01T14:00:00.000Z');
    expect(iso(dueInstant(schedule('02:30', 'America/New_York'), '2026-03-08'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(dueInstant(schedule('01:30', 'America/New_York'), '2026-11-01'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('Asia/Kolkata (+05:30, no DST)', () => {
    const s = schedule('09:00', 'Asia/Kolkata');
    expect(iso(nextDue(s, new Date('2026-01-01T00:00:00Z')))).toBe('2026-01-01T03:30:00.000Z');
    expect(iso(nextDue(s, new Date('2026-01-01T03:30:00Z')))).toBe('2026-01-02T03:30:00.000Z');
    expect(localParts(new Date('2026-01-01T03:30:00Z'), 'Asia/Kolkata')).toMatchObject({ time: '09:00', offsetMinutes: 330 });
  });

  it('Pacific/Chatham (+12:45/+13:45), where a local day starts on the previous UTC day', () => {
    const s = schedule('09:00', 'Pacific/Chatham');
    expect(iso(dueInstant(s, '2026-07-01'))).toBe('2026-06-30T20:15:00.000Z');
    expect(iso(dueInstant(s, '2026-01-15'))).toBe('2026-01-14T19:15:00.000Z');
    expect(nextSlot(s, new Date('2026-06-30T12:00:00Z')).date).toBe('2026-07-01');
  });

  it('Australia/Lord_Howe shifts by half an hour', () => {
    // DST starts 2026-10-04 at 02:00 (+10:30 → +11): 02:15 doesn't exist, so 02:30 local.
    const s = schedule('02:15', 'Australia/Lord_Howe');
    const at = dueInstant(s, '2026-10-04');
    expect(iso(at)).toBe('2026-10-03T15:30:00.000Z');
    expect(localParts(at, 'Australia/Lord_Howe').time).toBe('02:30');
    // DST ends 2026-04-05 at 02:00 (+11 → +10:30): 01:45 happens twice, the first one counts.
    expect(iso(dueInstant(schedule('01:45', 'Australia/Lord_Howe'), '2026-04-05'))).toBe('2026-04-04T14:45:00.000Z');
  });

  it('a gap at midnight moves the slot to the end of the gap', () => {
    // America/Santiago springs forward at 24:00 on 2026-09-05 → 01:00 on the 6th.
    const s = schedule('00:30', 'America/Santiago');
    const at = dueInstant(s, '2026-09-06');
    expect(localParts(at, 'America/Santiago')).toMatchObject({ date: '2026-09-06', time: '01:00' });
  });
});

describe('days of the week', () => {
  it('mon-fri skips the weekend', () => {
    const s = schedule('09:00', 'Europe/Berlin', 'mon-fri');
    // 2026-01-16 is a Friday
    expect(slots(s, '2026-01-16T09:00:00Z', 3).map((x) => x.date)).toEqual(['2026-01-19', '2026-01-20', '2026-01-21']);
  });

  it('weekends only', () => {
    const s = schedule('10:00', 'UTC', 'weekends');
    expect(slots(s, '2026-01-12T00:00:00Z', 3).map((x) => x.date)).toEqual(['2026-01-17', '2026-01-18', '2026-01-24']);
  });

  it('uses the local weekday, not the UTC one', () => {
    // Monday 2026-01-19 09:00 in Chatham is Sunday 2026-01-18 19:15 UTC.
    const s = schedule('09:00', 'Pacific/Chatham', 'mon');
    expect(nextSlot(s, new Date('2026-01-17T00:00:00Z'))).toEqual({ date: '2026-01-19', at: new Date('2026-01-18T19:15:00Z') });
  });
});
