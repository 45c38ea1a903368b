// The contract of the correction and server-settings stores (src/app/ports.ts): what any store
// must do, in memory, on SQLite, and on any store added later:
//
//   describeCorrectionStoreContract('Postgres', { location: () => …, open: (location) => ({ corrections, settings, close }) });
//
// `open` on the same location must see the same data: that is how a restart and a second process
// sharing the store are simulated.
import { describe, expect, it } from 'vitest';
import type { CorrectionStore, NewCorrection, ServerSettingsStore } from '../../../src/app/ports.ts';

export interface CorrectionStoresUnderTest {
  location(): string;
  open(location: string): { corrections: CorrectionStore; settings: ServerSettingsStore; close(): void | Promise<void> };
}

function correction(over: Partial<NewCorrection> = {}): NewCorrection {
  return {
    at: new Date('2026-03-02T10:00:00Z'),
    guildId: 'guild-1',
    platform: 'facebook',
    language: 'en',
    detected: ['product_news'],
    wrong: ['product_news'],
    missing: ['discount'],
    labels: ['discount'],
    band: 'strong',
    text: null,
    ...over,
  };
}

export function describeCorrectionStoreContract(name: string, stores: CorrectionStoresUnderTest): void {
  describe(name, () => {
    it('keeps a correction as it was given, with ids in the order they were made', async () => {
      const { corrections, close } = stores.open(stores.location());
      const first = await corrections.addCorrection(correction());
      const second = await corrections.addCorrection(
        correction({ guildId: null, platform: 'twitter', language: 'other', detected: ['discount', 'tracking_link'], wrong: [], missing: ['contest'], labels: ['contest', 'discount', 'tracking_link'], band: 'strong', text: 'Win a bike! 20 % off 🚲\nline two' }),
      );
      expect(second).toBeGreaterThan(first);
      const all = await corrections.listCorrections();
      expect(all).toEqual([
        { ...correction(), id: first },
        {
          ...correction({ guildId: null, platform: 'twitter', language: 'other', detected: ['discount', 'tracking_link'], wrong: [], missing: ['contest'], labels: ['contest', 'discount', 'tracking_link'], band: 'strong', text: 'Win a bike! 20 % off 🚲\nline two' }),
          id: second,
        },
      ]);
      await close();
    });

    it('lists only shared corrections (stored with their text) when asked', async () => {
      const { corrections, close } = stores.open(stores.location());
      await corrections.addCorrection(correction({ text: null }));
      const shared = await corrections.addCorrection(correction({ text: 'Members get first pick a week early.' }));
      const list = await corrections.listCorrections({ sharedOnly: true });
      expect(list.map((c) => c.id)).toEqual([shared]);
      expect(list[0]?.text).toBe('Members get first pick a week early.');
      await close();
    });

    it('a changed returned record does not change what is stored', async () => {
      const { corrections, close } = stores.open(stores.location());
      await corrections.addCorrection(correction());
      const [got] = await corrections.listCorrections();
      got!.labels.push('contest');
      got!.at.setFullYear(2000);
      const [again] = await corrections.listCorrections();
      expect(again!.labels).toEqual(['discount']);
      expect(again!.at.toISOString()).toBe('2026-03-02T10:00:00.000Z');
      await close();
    });

    it('ignores, lists and un-ignores rules per server; twice is harmless', async () => {
      const { settings, close } = stores.open(stores.location());
      const at = new Date('2026-03-02T10:00:00Z');
      expect(await settings.ignoredRules('guild-1')).toEqual([]);
      expect(await settings.ignoreRule('guild-1', 'offer.discount', at)).toBe(true);
      expect(await settings.ignoreRule('guild-1', 'gap.only-overrated', at)).toBe(true);
      expect(await settings.ignoreRule('guild-1', 'offer.discount', at)).toBe(false);
      expect(await settings.ignoreRule('guild-2', 'links.untracked', at)).toBe(true);
      expect(await settings.ignoredRules('guild-1')).toEqual(['gap.only-overrated', 'offer.discount']);
      expect(await settings.ignoredRules('guild-2')).toEqual(['links.untracked']);
      expect(await settings.unignoreRule('guild-1', 'offer.discount')).toBe(true);
      expect(await settings.unignoreRule('guild-1', 'offer.discount')).toBe(false);
      expect(await settings.unignoreRule('guild-3', 'offer.discount')).toBe(false);
      expect(await settings.ignoredRules('guild-1')).toEqual(['gap.only-overrated']);
      await close();
    });

    it('keeps corrections and ignored rules across a restart, and a second instance sees them', async () => {
      const where = stores.location();
      const a = stores.open(where);
      await a.corrections.addCorrection(correction({ text: 'Shared post' }));
      await a.settings.ignoreRule('guild-1', 'offer.discount', new Date());
      const b = stores.open(where);
      expect((await b.corrections.listCorrections()).map((c) => c.text)).toEqual(['Shared post']);
      expect(await b.settings.ignoredRules('guild-1')).toEqual(['offer.discount']);
      await b.settings.unignoreRule('guild-1', 'offer.discount');
      expect(await a.settings.ignoredRules('guild-1')).toEqual([]);
      await a.close();
      await b.close();
      const c = stores.open(where);
      expect(await c.corrections.listCorrections()).toHaveLength(1);
      await c.close();
    });
  });
}
