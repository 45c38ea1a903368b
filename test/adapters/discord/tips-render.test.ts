import { describe, expect, it } from 'vitest';
import type { TipStatus } from '../../../src/app/tips/daily-tips.ts';
import { LIMITS, renderPostNow, renderTipStatus } from '../../../src/adapters/discord/render.ts';
import { tipsUi } from '../../../src/adapters/discord/strings.ts';
import { renderTip } from '../../../src/adapters/discord/tip-publisher.ts';
import { realAdvisor, realRules } from '../../support/advisor.ts';

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
    const reasons = [
      'the channel was deleted',
      'the bot is no longer in the server',
      'the bot has no access to the channel',
      'the bot lacks permission to post there (it needs: View Channel, Send Messages, Embed Links)',
      'the bot lacks permission to post there (missing: Embed Links)',
      'the channel is not a text channel the bot can post in',
      'Discord answered 503',
      'Discord refused the post (400 Invalid Form Body)',
      'rate limited by Discord',
      'could not reach Discord',
      'Discord answered 500 (gave up after 5 attempts)',
      'the day ended before a retry got through (Discord answered 502)',
      'No answer from Discord within 120 s; the tip may or may not have been posted.',
    ];
    for (const reason of reasons) {
      const de = tipsUi('de').reason(reason);
      expect(de, reason).not.toMatch(/\b(the|bot lacks|answered|gave up|channel)\b/);
    }
    expect(tipsUi('de').reason('the bot lacks permission to post there (missing: Embed Links)')).toBe('dem Bot fehlt dort eine Berechtigung (es fehlt: Links einbetten)');
    expect(tipsUi('en').reason('the channel was deleted')).toBe('the channel was deleted');
  });

  it('status shows every state of the last tip within Discord limits', () => {
    const last = { localDate: '2025-03-10', tipId: 't', messageId: null, postedAt: null, attempts: 1, nextAttemptAt: null, error: 'Discord answered 500' };
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
      { kind: 'already-posted', localDate: '2025-03-10', tipId: 'x', messageId: '9' },
      { kind: 'in-doubt', localDate: '2025-03-10', status: 'unconfirmed' },
      { kind: 'retrying', localDate: '2025-03-10', reason: 'Discord answered 502', nextAttemptAt: new Date('2025-03-10T08:01:00Z') },
      { kind: 'failed', localDate: '2025-03-10', reason: 'the channel was deleted', permanent: true },
      { kind: 'failed', localDate: '2025-03-10', reason: 'Discord answered 500 (gave up after 5 attempts)', permanent: false },
      { kind: 'not-configured' },
      { kind: 'no-tips' },
    ] as const;
    const texts = results.map((r) => renderPostNow(r, STATUS, 'en'));
    expect(new Set(texts).size).toBe(results.length);
    for (const text of [...texts, ...results.map((r) => renderPostNow(r, STATUS, 'de'))]) expect(text.length).toBeLessThanOrEqual(LIMITS.content);
    expect(texts[1]).toContain('<t:1741680000:F>');
    expect(texts[4]).toMatch(/paused/);
  });
});
