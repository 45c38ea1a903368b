// How far a time zone is from UTC at an instant. Intl is the only source of zone rules in Node
// 20 (no Temporal), and one Intl reading costs a few microseconds; a scheduler tick asks for
// several per due server. So the offsets are read from Intl once per zone and stretch of time,
// with the transitions inside it found to the second, and then looked up.
// Pure: instants come in as arguments, never from the clock.

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
/** Sample spacing within a stretch. */
const STEP_MS = 6 * HOUR_MS;
/** A stretch read at once: 32 samples. */
const CHUNK_MS = 8 * 24 * HOUR_MS;
// why a range: outside it the reference's own reading of Intl's fields (two-digit years,
// proleptic calendars) is what counts, so such instants always ask Intl directly
const CACHED_FROM_MS = Date.UTC(1900, 0, 1);
const CACHED_UNTIL_MS = Date.UTC(2300, 0, 1);
/** Stretches kept over all zones (a few hundred bytes each) before the cache starts over. */
const MAX_CHUNKS = 20_000;

// why: building an Intl.DateTimeFormat costs far more than using one, and ticks use few zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock fields of an instant as Intl reads them, as milliseconds of a pretend-UTC date (seconds kept). */
export function intlWallMs(instantMs: number, tz: string): number {
  const fields: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const hour = fields.hour === 24 ? 0 : fields.hour!;
  return Date.UTC(fields.year!, fields.month! - 1, fields.day!, hour, fields.minute!, fields.second!);
}

/** The reference: the offset at an instant straight from Intl, in ms (whole seconds; the sub-second part ignored). Throws RangeError for an unknown zone. */
export function intlOffsetMs(instantMs: number, tz: string): number {
  const whole = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
  return intlWallMs(whole, tz) - whole;
}

/** One stretch of a zone: offsets[i] holds from starts[i] (inclusive) to starts[i + 1]. */
interface Chunk {
  starts: number[];
  offsets: number[];
}

const zones = new Map<string, Map<number, Chunk>>();
let chunkCount = 0;

/**
 * Reads a stretch from Intl: a sample every STEP_MS, and where two samples differ, the
 * transitions between them found to the second (several, if there are several).
 * Assumes what tzdata has always held: no zone changes its offset and back within STEP_MS.
 */
function readChunk(index: number, tz: string): Chunk {
  const start = index * CHUNK_MS;
  const end = start + CHUNK_MS;
  const starts = [start];
  const offsets = [intlOffsetMs(start, tz)];
  let prevAt = start;
  for (let at = start + STEP_MS; at <= end; at += STEP_MS) {
    const target = intlOffsetMs(at, tz);
    let lo = prevAt;
    let loOffset = offsets[offsets.length - 1]!;
    // Each round finds the first second in (lo, at] that reads differently from lo.
    while (loOffset !== target) {
      let hi = at;
      while (hi - lo > SECOND_MS) {
        const mid = lo + Math.floor((hi - lo) / (2 * SECOND_MS)) * SECOND_MS;
        if (intlOffsetMs(mid, tz) === loOffset) lo = mid;
        else hi = mid;
      }
      loOffset = intlOffsetMs(hi, tz);
      lo = hi;
      if (hi < end) {
        starts.push(hi);
        offsets.push(loOffset);
      }
    }
    prevAt = at;
  }
  return { starts, offsets };
}

/**
 * The offset of a zone from UTC at an instant, in ms: exactly what intlOffsetMs says, from a
 * cache. Throws RangeError for an unknown zone, as Intl does.
 */
export function zoneOffsetMs(instantMs: number, tz: string): number {
  if (!(instantMs >= CACHED_FROM_MS && instantMs < CACHED_UNTIL_MS)) return intlOffsetMs(instantMs, tz);
  const whole = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
  const index = Math.floor(whole / CHUNK_MS);
  let chunks = zones.get(tz);
  let chunk = chunks?.get(index);
  if (!chunk) {
    chunk = readChunk(index, tz);
    if (chunkCount >= MAX_CHUNKS) {
      zones.clear();
      chunkCount = 0;
      chunks = undefined;
    }
    if (!chunks) zones.set(tz, (chunks = new Map()));
    chunks.set(index, chunk);
    chunkCount++;
  }
  const { starts, offsets } = chunk;
  let i = starts.length - 1;
  while (starts[i]! > whole) i--;
  return offsets[i]!;
}
