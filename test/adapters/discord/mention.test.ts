import { describe, expect, it } from 'vitest';
import { looksLikeQuestion, mentionsBot, readMention } from '../../../src/adapters/discord/mention.ts';

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

describe('questions in a mention', () => {
  it('"ask:" or "frage:" always asks', () => {
    expect(readMention(`<@${BOT}> ask: which posts work best?`, BOT)).toEqual({ kind: 'ask', question: 'which posts work best?' });
    expect(readMention('Frage: Lohnen sich Gewinnspiele', BOT)).toEqual({ kind: 'ask', question: 'Lohnen sich Gewinnspiele' });
  });

  it('a short question about fans is asked, in English or German', () => {
    expect(readMention(`<@${BOT}> What do fans want most?`, BOT)).toEqual({ kind: 'ask', question: 'What do fans want most?' });
    for (const q of ['Do our followers care about discounts?', 'Was wollen Fans am meisten?', 'Wie oft sollten wir unseren Followern etwas schenken?']) {
      expect(looksLikeQuestion(q)).toBe(true);
    }
  });

  it('a post stays a post: no question word first, a link, a hashtag, several lines, no fans, or a platform prefix', () => {
    for (const post of [
      'Hey fans! Which colour do you want?',
      'What do fans think of https://shop.example.com/aero2?',
      'What do fans say about #Aero2?',
      'What do fans want?\nTell us below?',
      'What is new this week?',
      `What do fans want? ${'really '.repeat(40)}?`,
    ]) {
      expect(looksLikeQuestion(post), post).toBe(false);
    }
    expect(readMention('x: What do fans want most?', BOT)).toEqual({ kind: 'score', text: 'What do fans want most?', platform: 'twitter' });
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
