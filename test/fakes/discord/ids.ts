/**
 * Identifier helpers for the fake Discord: snowflakes, tokens and session ids that look
 * like the real ones (discord.js derives timestamps from snowflakes, so they must be valid).
 */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1420070400000n;

/** Creates snowflakes that are unique, increasing and carry the current timestamp. */
export function createSnowflakeGenerator(): () => string {
  let increment = 0n;
  let last = 0n;
  return () => {
    let ts = BigInt(Date.now()) - DISCORD_EPOCH;
    if (ts < last) ts = last;
    if (ts === last) {
      increment = (increment + 1n) & 0xfffn;
      if (increment === 0n) ts = last + 1n;
    } else {
      increment = 0n;
    }
    last = ts;
    return ((ts << 22n) | (1n << 17n) | increment).toString();
  };
}

/** Timestamp (ms since the Unix epoch) a snowflake was created at. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** A bot token shaped like Discord's: base64(user id) . timestamp part . hmac part. */
export function makeBotToken(botUserId: string): string {
  const idPart = Buffer.from(botUserId).toString('base64').replace(/=+$/, '');
  return `${idPart}.GfAke1.${'f4keD1sc0rdT0kenF0rTest5OnlyN0tR3al0000'.slice(0, 38)}`;
}

/** An interaction token (long, url-safe, unique). */
export function makeInteractionToken(interactionId: string): string {
  return `aW50ZXJhY3Rpb246${Buffer.from(`${interactionId}:`).toString('base64url')}${randomBytes(48).toString('base64url')}`;
}

/** A gateway session id (32 hex chars, like Discord's). */
export function makeSessionId(): string {
  return randomBytes(16).toString('hex');
}

/** A guild id (a snowflake made `n` ms after Discord's epoch) that lands on `shard` of `count`. */
export function guildIdOnShard(shard: number, count: number, n: number): string {
  return String((BigInt(n * count + shard) << 22n) | 1n);
}
