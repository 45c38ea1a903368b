// Idempotency keys for posting tips. Discord de-duplicates a message `nonce` per author across
// all channels and refuses one longer than 25 characters, so a key must differ for every server
// and day, fit in 25, and come out the same in every process that retries the same tip.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, over the UTF-16 code units: stable across processes and versions. */
function hash64(text: string): bigint {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * FNV_PRIME) & MASK;
  }
  return h;
}

const key = (prefix: string, text: string): string => prefix + hash64(text).toString(36).padStart(13, '0');

/** The key of a server's scheduled tip for one local day: every attempt, in any process, sends this one. */
export function dayNonce(guildId: string, localDate: string): string {
  return key('d', `${guildId}/${localDate}`);
}

/** The key of one /tips now request (its own, so it never collides with the day's tip). */
export function extraNonce(guildId: string, at: Date, owner: string): string {
  return key('n', `${guildId}/${at.getTime()}/${owner}`);
}
