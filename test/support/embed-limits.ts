import type { APIEmbed } from 'discord.js';
import { expect } from 'vitest';
import { LIMITS } from '../../src/adapters/discord/views/format.ts';

/** Characters Discord counts towards an embed's 6,000 total. */
export function embedSize(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Every limit Discord enforces on an embed; a breach would be a 400 from the API. */
export function expectWithinLimits(e: APIEmbed): void {
  expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
  expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
  expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
  expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
  for (const f of e.fields ?? []) {
    expect(f.name.length).toBeGreaterThan(0);
    expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  }
  expect(embedSize(e)).toBeLessThanOrEqual(LIMITS.total);
}
