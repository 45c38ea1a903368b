import { describe, expect, it } from 'vitest';
import { mentionsBot, readMention } from '../../../src/adapters/discord/mention.ts';

const BOT = '1180000000000000001';

describe('readMention', () => {
  it('strips the mention and keeps the post, line breaks included', () => {
    expect(readMention(`<@${BOT}> Big news!\nLine two`, BOT)).toEqual({ kind: 'score', text: 'Big news!\nLine two' });
    expect(readMention(`Hey <@!${BOT}> rate this`, BOT)).toEqual({ kind: 'score', text: 'Hey   rate this' });
  });

  it('a leading platform prefix picks the platform', () => {
    expect(readMention(`<@${BOT}> x: Sale today`, BOT)).toEqual({ kind: 'score', text: 'Sale today', platform: 'twitter' });
    expect(readMention('Facebook:Sale today', BOT)).toEqual({ kind: 'score', text: 'Sale today', platform: 'facebook' });
    expect(readMention('Sale today: 20% off', BOT)).toEqual({ kind: 'score', text: 'Sale today: 20% off' });
  });

  it('a bare mention or "help" asks for help', () => {
    expect(readMention(`<@${BOT}>`, BOT)).toEqual({ kind: 'help' });
    expect(readMention(`<@${BOT}> help`, BOT)).toEqual({ kind: 'help', lang: undefined });
    expect(readMention('Hilfe', BOT)).toEqual({ kind: 'help', lang: 'de' });
  });
});

describe('mentionsBot', () => {
  it('is true only when the text names the bot', () => {
    expect(mentionsBot(`hi <@${BOT}>`, BOT)).toBe(true);
    expect(mentionsBot(`hi <@!${BOT}>`, BOT)).toBe(true);
    expect(mentionsBot('hi <@123>', BOT)).toBe(false);
    expect(mentionsBot('hi @everyone', BOT)).toBe(false);
  });
});
