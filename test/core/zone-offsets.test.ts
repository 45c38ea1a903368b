import { describe, expect, it } from 'vitest';
import { listTimeZones, localParts } from '../../src/core/schedule.ts';
import { intlOffsetMs, intlWallMs, zoneOffsetMs } from '../../src/core/zone-offsets.ts';

const HOUR = 3_600_000;

/** Every transition in [from, to) as Intl reports it: readings three hours apart, each change found to the second. */
function referenceTransitions(tz: string, from: number, to: number): Array<{ at: number; before: number; after: number }> {
  const found = [];
  let prev = intlOffsetMs(from, tz);
  for (let t = from + 3 * HOUR; t <= to; t += 3 * HOUR) {
    const cur = intlOffsetMs(t, tz);
    if (cur !== prev) {
      let lo = t - 3 * HOUR;
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (intlOffsetMs(mid, tz) === prev) lo = mid;
        else hi = mid;
      }
      found.push({ at: hi, before: prev, after: intlOffsetMs(hi, tz) });
      prev = cur;
    }
  }
  return found;
}

// Zones with DST both ways round, half- and quarter-hour offsets, 30-minute DST, two-hour DST,
// DST suspended for Ramadan, a skipped calendar day, and offsets changed for good.
const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Africa/Casablanca',
  'Asia/Gaza',
  'Asia/Tehran',
  'Europe/Moscow',
  'Antarctica/Troll',
  'Asia/Kolkata',
  'UTC',
];
const DST_IN_2026 = new Set(['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'Asia/Gaza', 'Antarctica/Troll']);

describe('zoneOffsetMs (cached) against Intl', () => {
  it.each(ZONES)('%s: the same offset at every transition of 2011 and 2026, to the second', (tz) => {
    for (const year of [2011, 2026]) {
      const from = Date.UTC(year, 0, 1);
      const transitions = referenceTransitions(tz, from, Date.UTC(year + 1, 0, 1));
      if (year === 2026 && DST_IN_2026.has(tz)) expect(transitions.length, `${tz} ${year}`).toBeGreaterThanOrEqual(2);
      for (const { at, before, after } of transitions) {
        expect(zoneOffsetMs(at - 1000, tz), `${tz} 1 s before ${new Date(at).toISOString()}`).toBe(before);
        expect(zoneOffsetMs(at - 1, tz)).toBe(before);
        expect(zoneOffsetMs(at, tz), `${tz} at ${new Date(at).toISOString()}`).toBe(after);
        expect(zoneOffsetMs(at + 999, tz)).toBe(after);
      }
      // and every 7 hours and a minute, so readings fall between the chunks' own samples
      for (let t = from + 61_000; t < Date.UTC(year + 1, 0, 1); t += 7 * HOUR + 60_000) {
        if (zoneOffsetMs(t, tz) !== intlOffsetMs(t, tz)) expect.fail(`${tz} at ${new Date(t).toISOString()}`);
      }
    }
  });

  it('agrees for every zone the runtime knows, at instants spread over 1950–2100', () => {
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const from = Date.UTC(1950, 0, 1);
    const span = Date.UTC(2100, 0, 1) - from;
    const zones = listTimeZones();
    expect(zones.length).toBeGreaterThan(300);
    for (const tz of zones) {
      for (let i = 0; i < 6; i++) {
        const t = from + Math.floor(random() * span);
        if (zoneOffsetMs(t, tz) !== intlOffsetMs(t, tz)) expect.fail(`${tz} at ${new Date(t).toISOString()}`);
      }
    }
  });

  it('outside the cached years it asks Intl directly', () => {
    for (const t of [Date.UTC(1850, 5, 1, 12, 0, 0, 500), Date.UTC(1899, 11, 31, 23, 59, 59), Date.UTC(2400, 0, 1)]) {
      expect(zoneOffsetMs(t, 'Europe/Berlin')).toBe(intlOffsetMs(t, 'Europe/Berlin'));
    }
  });

  it('refuses an unknown zone as Intl does', () => {
    expect(() => zoneOffsetMs(Date.UTC(2026, 2, 10), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('localParts reads the wall clock as Intl does, sub-second instants beside a transition included', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 2026-03-29
    for (const t of [Date.UTC(2026, 2, 29, 0, 59, 59, 999), Date.UTC(2026, 2, 29, 1, 0, 0, 0), Date.UTC(2026, 2, 29, 1, 0, 0, 1)]) {
      const wall = new Date(intlWallMs(t, 'Europe/Berlin'));
      expect(localParts(new Date(t), 'Europe/Berlin')).toMatchObject({
        date: wall.toISOString().slice(0, 10),
        time: wall.toISOString().slice(11, 16),
        weekday: wall.getUTCDay(),
      });
    }
  });
});
