// Correcting a score and ignoring rules, on the in-memory stores (the same contract as SQLite).
import { describe, expect, it } from 'vitest';
import { createMemoryCorrectionStore, createMemoryServerSettingsStore } from '../../src/adapters/store/memory-corrections.ts';
import { correctScore, ignoredRulesOf, ignoreRule, listIgnoredRules, mergeCorrections, parseCategory, searchRules, unignoreRule } from '../../src/app/corrections.ts';
import { exportCorrections, toJsonl } from '../../src/app/corrections-export.ts';
import { userMessage } from '../../src/app/messages.ts';
import type { ServerSettingsStore } from '../../src/app/ports.ts';
import { scorePost } from '../../src/app/score-post.ts';
import { UserError } from '../../src/errors.ts';
import { realAdvisor } from '../support/advisor.ts';

const advisor = realAdvisor();
const at = new Date('2026-03-10T09:00:00Z');
const POST = 'New in: our spring collection, available now.';
const req = { text: POST, platform: 'facebook' as const, lang: 'auto' as const };

function deps() {
  return { advisor, corrections: createMemoryCorrectionStore(), serverSettings: createMemoryServerSettingsStore(), clock: () => at };
}

function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('no UserError thrown');
}

describe('correcting a score', () => {
  it('re-scores with the correction and stores ids only when the post is not shared', async () => {
    const d = deps();
    const before = scorePost(advisor, req);
    expect(before.categories).toContain('product_news');
    const { report, stored } = await correctScore(d, { ...req, correction: { wrong: ['product_news'], missing: ['discount'] }, share: false }, 'g1');
    expect(stored).toBe(true);
    expect(report.categories).toContain('discount');
    expect(report.categories).not.toContain('product_news');
    expect(report.score).toBeGreaterThan(before.score);
    const [kept] = await d.corrections.listCorrections();
    expect(kept).toMatchObject({ guildId: 'g1', at, platform: 'facebook', language: 'en', wrong: ['product_news'], missing: ['discount'], band: report.band, text: null });
    expect(kept!.detected).toContain('product_news');
    expect(kept!.labels).toEqual([...report.categories, ...report.signals]);
    expect(JSON.stringify(kept)).not.toContain('spring');
  });

  it('stores the text when the user shares the post, and export writes it in the dev-set format', async () => {
    const d = deps();
    await correctScore(d, { ...req, correction: { wrong: [], missing: ['exclusive'] }, share: false }, 'g1');
    await correctScore(d, { ...req, correction: { wrong: [], missing: ['discount'] }, share: true }, 'g1');
    const { posts, unshared, superseded } = await exportCorrections(d.corrections);
    expect(unshared).toBe(1);
    expect(superseded).toBe(0);
    expect(posts).toHaveLength(1);
    expect(Object.keys(posts[0]!)).toEqual(['id', 'split', 'text', 'platform', 'language', 'categories', 'band', 'tags', 'note']);
    expect(posts[0]).toMatchObject({ id: 'correction-2', split: 'train', text: POST, platform: 'facebook', language: 'en', band: 'strong', tags: ['user_correction'] });
    expect(posts[0]!.categories).toContain('discount');
    expect(posts[0]!.note).toContain('marked missing: discount');
    const line = JSON.parse(toJsonl(posts).trim()) as Record<string, unknown>;
    expect(line.text).toBe(POST);
  });

  it('a post corrected twice is exported once, with its newest labels', async () => {
    const d = deps();
    const first = await correctScore(d, { ...req, correction: { wrong: [], missing: ['discount'] }, share: true }, null);
    const second = await correctScore(d, { ...req, earlier: first.corrections, correction: { wrong: ['discount'], missing: ['contest'] }, share: true }, null);
    expect(second.corrections).toEqual({ wrong: [], missing: ['contest'] });
    expect(second.report.categories).not.toContain('discount');
    const { posts, superseded } = await exportCorrections(d.corrections);
    expect(superseded).toBe(1);
    expect(posts.map((p) => p.id)).toEqual(['correction-2']);
    expect(posts[0]!.categories).toContain('contest');
    expect(posts[0]!.categories).not.toContain('discount');
  });

  it('drops marks that change nothing, and stores nothing when nothing is left', async () => {
    const d = deps();
    const { corrections, stored } = await correctScore(d, { ...req, correction: { wrong: ['contest'], missing: ['product_news'] }, share: true }, 'g1');
    expect(corrections).toEqual({ wrong: [], missing: [] });
    expect(stored).toBe(false);
    expect(await d.corrections.listCorrections()).toEqual([]);
  });

  it('the newest word on a category wins when corrections build on each other', () => {
    expect(mergeCorrections({ wrong: ['discount'], missing: ['event'] }, { wrong: ['event'], missing: ['discount'] })).toEqual({ wrong: ['event'], missing: ['discount'] });
    expect(mergeCorrections(undefined, { wrong: ['loyalty'], missing: [] })).toEqual({ wrong: ['loyalty'], missing: [] });
  });

  it('a store that fails costs the user nothing: the corrected score still comes', async () => {
    const warnings: string[] = [];
    const broken = { addCorrection: async () => Promise.reject(new Error('disk full')), listCorrections: async () => [] };
    const { report, stored } = await correctScore({ advisor, corrections: broken, log: { warn: (_o, m) => void warnings.push(m) } }, { ...req, correction: { wrong: [], missing: ['discount'] }, share: true }, 'g1');
    expect(stored).toBe(false);
    expect(report.categories).toContain('discount');
    expect(warnings).toEqual(['could not store a correction']);
  });
});

describe('naming categories', () => {
  it('takes ids and en/de titles, case and dash insensitive', () => {
    expect(parseCategory(advisor, 'discount')).toBe('discount');
    expect(parseCategory(advisor, ' Customer-Service ')).toBe('customer_service');
    expect(parseCategory(advisor, advisor.categories.get('discount')!.title.de)).toBe('discount');
  });

  it('an unknown name gets a friendly sentence with the nearest id', () => {
    const err = userErrorOf(() => parseCategory(advisor, 'discont'));
    expect(err.code).toBe('unknown_category');
    expect(userMessage(err, 'en')).toContain('Did you mean discount?');
    expect(userMessage(err, 'de')).toContain('Meintest du discount?');
  });
});

describe('ignored rules', () => {
  it('ignore, list, unignore; an ignored rule leaves every score of that server', async () => {
    const d = deps();
    const base = scorePost(advisor, req);
    expect(base.suggestions.map((s) => s.rule)).toContain('offer.discount');
    expect(await ignoreRule(d, 'g1', 'OFFER.DISCOUNT')).toMatchObject({ rule: { id: 'offer.discount' }, changed: true });
    expect((await ignoreRule(d, 'g1', 'offer.discount')).changed).toBe(false);
    expect((await listIgnoredRules(d, 'g1')).map((r) => r.id)).toEqual(['offer.discount']);
    const ignored = await ignoredRulesOf(d, 'g1');
    expect(scorePost(advisor, { ...req, ignoredRules: ignored }).suggestions.map((s) => s.rule)).not.toContain('offer.discount');
    expect(await ignoredRulesOf(d, 'g2')).toEqual([]);
    expect(await ignoredRulesOf(d, null)).toEqual([]);
    expect((await unignoreRule(d, 'g1', 'offer.discount')).id).toBe('offer.discount');
    expect(await listIgnoredRules(d, 'g1')).toEqual([]);
  });

  it('an unknown rule id gets the nearest id; un-ignoring a rule not on the list says so', async () => {
    const d = deps();
    await expect(ignoreRule(d, 'g1', 'offer.discont')).rejects.toMatchObject({ code: 'unknown_rule', vars: { nearest: 'offer.discount' } });
    await expect(unignoreRule(d, 'g1', 'offer.discount')).rejects.toMatchObject({ code: 'rule_not_ignored' });
    await expect(unignoreRule(d, 'g1', 'offer.discont')).rejects.toMatchObject({ code: 'unknown_rule' });
  });

  it('a failing settings store means no rule is ignored, with a warning', async () => {
    const warnings: string[] = [];
    const broken = { ignoredRules: async () => Promise.reject(new Error('locked')) } as unknown as ServerSettingsStore;
    expect(await ignoredRulesOf({ advisor, serverSettings: broken, log: { warn: (_o, m) => void warnings.push(m) } }, 'g1')).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('search finds rules by id or title, ids starting with the query first', () => {
    expect(searchRules(advisor, 'disc', 'en').map((r) => r.id)).toContain('offer.discount');
    const offers = searchRules(advisor, 'offer', 'en').map((r) => r.id);
    const firstOther = offers.findIndex((id) => !id.startsWith('offer'));
    expect(offers.slice(0, firstOther === -1 ? undefined : firstOther).every((id) => id.startsWith('offer'))).toBe(true);
    expect(offers.slice(firstOther === -1 ? offers.length : firstOther).every((id) => !id.startsWith('offer'))).toBe(true);
    expect(searchRules(advisor, '', 'en').length).toBeLessThanOrEqual(25);
  });
});
