import { describe, expect, it } from 'vitest';
import type { TipStatus } from '../../../../src/app/tips/daily-tips.ts';
import type { TipFailure } from '../../../../src/app/ports.ts';
import { LIMITS } from '../../../../src/adapters/discord/views/format.ts';
import { renderPostNow, renderTip, renderTipStatus, tipsUi } from '../../../../src/adapters/discord/views/tips.ts';

import { realAdvisor, realRules } from '../../../support/advisor.ts';

const advisor = realAdvisor();
const { tips } = realRules();

const STATUS: TipStatus = {
  guildId: '1',
  channelId: '2',
  time: '09:00',
  tz: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5],
  daysText: 'mon-fri',
  lang: 'de',
  enabled: true,
  failingReason: null,
  next: { at: new Date('2025-03-11T08:00:00Z'), localDate: '2025-03-11', localTime: '09:00', weekday: 2 },
  lastPost: null,
};

describe('renderTip', () => {
  it.each(['en', 'de'] as const)('every tip in the catalogue fits Discord and cites its study and year (%s)', (lang) => {
    for (const tip of tips) {
      const { embeds, components } = renderTip(tip, advisor.findings.get(tip.finding), lang);
      const embed = embeds[0]!;
      expect(embed.description).toBe(tip.text[lang]);
      const evidence = embed.fields?.[0]?.value ?? '';
      expect(evidence, tip.id).toMatch(/, (19|20)\d\d( · |$)/);
      expect(evidence.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(components[0]?.components[0]).toMatchObject({ custom_id: 'score-modal' });
    }
  });
});

describe('/tips texts', () => {
  it('days read as words in both languages', () => {
    const cases: Array<[string, string, string]> = [
      ['daily', 'every day', 'täglich'],
      ['mon-fri', 'Mon–Fri', 'Mo–Fr'],
      ['weekends', 'weekends', 'am Wochenende'],
      ['tue-thu', 'Tue–Thu', 'Di–Do'],
      ['mon,wed,fri', 'Mon, Wed, Fri', 'Mo, Mi, Fr'],
    ];
    for (const [canonical, en, de] of cases) {
      expect(tipsUi('en').days(canonical)).toBe(en);
      expect(tipsUi('de').days(canonical)).toBe(de);
    }
  });

  it('every reason the publisher and the scheduler give reads as German for German users', () => {
    const reasons: TipFailure[] = [
      { code: 'channel_deleted' },
      { code: 'left_server' },
      { code: 'no_access' },
      { code: 'missing_permissions', permissions: ['ViewChannel', 'SendMessages', 'EmbedLinks'], known: false },
      { code: 'missing_permissions', permissions: ['EmbedLinks'], known: true },
      { code: 'not_text_channel' },
      { code: 'platform_status', status: 503 },
      { code: 'refused', status: 400, detail: 'Invalid Form Body' },
      { code: 'rate_limited' },
      { code: 'unreachable' },
      { code: 'not_connected' },
      { code: 'gave_up', attempts: 5, cause: { code: 'platform_status', status: 500 } },
      { code: 'day_ended', cause: { code: 'platform_status', status: 502 } },
      { code: 'no_answer', seconds: 120 },
      { code: 'never_reported' },
      { code: 'schedule_off' },
      { code: 'tip_removed' },
      { code: 'schedule_broken' },
    ];
    for (const reason of reasons) {
      const de = tipsUi('de').reason(reason);
      expect(de, reason.code).not.toMatch(/\b(the|bot lacks|answered|gave up|channel)\b/);
    }
    expect(tipsUi('de').reason({ code: 'missing_permissions', permissions: ['EmbedLinks'], known: true })).toBe('dem Bot fehlt dort eine Berechtigung (es fehlt: Links einbetten)');
    expect(tipsUi('en').reason({ code: 'channel_deleted' })).toBe('the channel was deleted');
  });

  it('status shows every state of the last tip within Discord limits', () => {
    const last = { localDate: '2025-03-10', tipId: 't', messageId: null, postedAt: null, attempts: 1, nextAttemptAt: null, error: { code: 'platform_status', status: 500 } } as const;
    for (const status of ['posted', 'posting', 'retrying', 'failed', 'unconfirmed'] as const) {
      for (const lang of ['en', 'de'] as const) {
        const embed = renderTipStatus({ ...STATUS, lastPost: { ...last, status, messageId: status === 'posted' ? '3' : null } }, lang);
        const value = embed.fields?.find((f) => f.name === tipsUi(lang).fieldLast)?.value ?? '';
        expect(value).toMatch(/^2025-03-10: /);
        if (status === 'posted') expect(value).toContain('https://discord.com/channels/1/2/3');
      }
    }
    expect(renderTipStatus({ ...STATUS, enabled: false, next: null }, 'en').fields?.find((f) => f.name === 'Next tip')?.value).toBe('None while tips are off or paused.');
  });

  it('/tips now explains every result', () => {
    const results = [
      { kind: 'posted', tip: tips[0]!, messageId: '9', localDate: '2025-03-10' },
      { kind: 'cooldown', seconds: 42 },
      { kind: 'failed', localDate: '2025-03-10', reason: { code: 'channel_deleted' }, permanent: true },
      { kind: 'failed', localDate: '2025-03-10', reason: { code: 'gave_up', attempts: 5, cause: { code: 'platform_status', status: 500 } }, permanent: false },
      { kind: 'not-configured' },
      { kind: 'no-tips' },
    ] as const;
    const texts = results.map((r) => renderPostNow(r, STATUS, 'en'));
    expect(new Set(texts).size).toBe(results.length);
    for (const text of [...texts, ...results.map((r) => renderPostNow(r, STATUS, 'de'))]) expect(text.length).toBeLessThanOrEqual(LIMITS.content);
    expect(texts[0]).toContain('<t:1741680000:F>');
    expect(texts[1]).toContain('42 s');
    expect(texts[2]).toMatch(/paused/);
  });
});
