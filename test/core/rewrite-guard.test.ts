import { describe, expect, it } from 'vitest';
import { advise } from '../../src/core/engine.ts';
import type { DetectedLang, Platform } from '../../src/core/post.ts';
import { extractFacts, guardVariant, postedLength, type FactKind, type GuardReason } from '../../src/core/rewrite-guard.ts';
import { realAdvisor } from '../support/advisor.ts';

const facts = (text: string, lang: DetectedLang = 'en') => extractFacts(text, lang).map((f) => `${f.kind}:${f.value}`);
const reasons = (original: string, variant: string, lang: DetectedLang = 'en', platform: Platform = 'twitter'): GuardReason[] => {
  const v = guardVariant(original, variant, { platform, lang });
  return v.ok ? [] : v.reasons;
};

describe('extractFacts', () => {
  it.each<[string, DetectedLang, FactKind, string]>([
    ['Shop now: https://shop.example.com/aero2', 'en', 'url', 'https://shop.example.com/aero2'],
    ['Shop now: shop.example.com/aero2', 'en', 'url', 'shop.example.com/aero2'],
    ['Local test: https://shop.example/aero2 works too', 'en', 'url', 'https://shop.example/aero2'],
    ['Now only 19,99 € instead of 29,99 €', 'de', 'amount', '19,99 €'],
    ['Get $5 off today', 'en', 'amount', '$5'],
    ['20% off everything', 'en', 'amount', '20%'],
    ['Alles 20 % günstiger', 'de', 'amount', '20 %'],
    ['Use code FAN5 at checkout', 'en', 'code', 'FAN5'],
    ['Mit dem Gutscheincode SONNE gibt es mehr', 'de', 'code', 'SONNE'],
    ['SPRING24 works until Friday', 'en', 'code', 'SPRING24'],
    ['Doors open 18:30 on 12.5.', 'de', 'date', '18:30'],
    ['Doors open 18:30 on 12.5.', 'de', 'date', '12.5.'],
    ['Until Sunday only', 'en', 'date', 'Sunday'],
    ['Join us on March 3rd', 'en', 'date', 'March 3rd'],
    ['Nur bis morgen', 'de', 'date', 'morgen'],
    ['Thanks @aerosound for the photos', 'en', 'handle', '@aerosound'],
    ['The new Aero 2 is here', 'en', 'product', 'Aero 2'],
    ['Meet ScentCapture, our diffuser', 'en', 'product', 'ScentCapture'],
    ['The X200 is back', 'en', 'code', 'X200'],
    ['The Roomba i7 is back', 'en', 'product', 'i7'],
    ['Made with Gore-Tex® fabric', 'en', 'product', 'Gore-Tex'],
    ['Our bakery in Berlin opens a second shop', 'en', 'product', 'Berlin'],
  ])('%s (%s) → %s %s', (text, lang, kind, value) => {
    expect(facts(text, lang)).toContain(`${kind}:${value}`);
  });

  it.each<[string, DetectedLang, string]>([
    ['#launch day for our shop', 'en', 'hashtags are not facts: the rules may ask to drop them'],
    ['Unsere neue Kollektion ist im Laden', 'de', 'German nouns are capitalised, not names'],
    ['New Spring Collection Out Now', 'en', 'a title-case line says nothing about names'],
    ['THIS IS HUGE NEWS', 'en', 'shouting is not a name'],
    ['Guten Morgen zusammen', 'de', '"Morgen" as a greeting is not a date'],
    ['You may like this. Only 3 left.', 'en', '"may" and "Only 3" are not dates or products'],
    ['Write to info@shop.de', 'en', 'an e-mail address is not a handle'],
  ])('%s (%s): no facts — %s', (text, lang) => {
    expect(facts(text, lang)).toEqual([]);
  });

  it('does not count a URL or hashtag twice as something else', () => {
    expect(facts('Aero2 at https://shop.example.com/AERO2 #Aero2')).toEqual(['url:https://shop.example.com/AERO2', 'product:Aero2']);
  });
});

describe('guardVariant', () => {
  const original = 'Fans only: use code FAN5 for $5 off the new Aero 2 headphones until Sunday. https://shop.example.com/aero2 @aerosound #audio #sale #music';

  it('passes a rewrite that keeps every fact, drops hashtags and adds a placeholder', () => {
    expect(guardVariant(original, 'Just for fans: $5 off the Aero 2 with code FAN5, until Sunday 🎧 [your fan-only offer] https://shop.example.com/aero2 @aerosound #audio', { platform: 'twitter', lang: 'en' })).toEqual({ ok: true });
  });

  it('treats "5 €", "€5" and "5€" as the same amount, and "20 %" as "20%"', () => {
    expect(reasons('Nur heute 5 € Rabatt, alles 20 % günstiger', 'Heute: €5 Rabatt und alles 20% günstiger', 'de')).toEqual([]);
  });

  it('keeps pence: "50p" and "50 pence" are one amount, "80p" another', () => {
    expect(reasons('50p off every loaf after 4pm', 'Every loaf is 50 pence off after 4pm', 'en')).toEqual([]);
    expect(reasons('50p off every loaf after 4pm', 'Every loaf is 80p off after 4pm', 'en')).toContain('price_changed');
  });

  it.each<[string, string, GuardReason]>([
    ['drops the URL', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday. @aerosound', 'url_dropped'],
    ['changes the price', 'Fans only: code FAN5 for $6 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound', 'price_changed'],
    ['drops the code', 'Fans only: $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound', 'code_dropped'],
    ['changes the code', 'Fans only: code FAN10 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound', 'code_dropped'],
    ['drops the date', 'Fans only: code FAN5 for $5 off the new Aero 2 this week. https://shop.example.com/aero2 @aerosound', 'date_changed'],
    ['drops the handle', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2', 'handle_dropped'],
    ['renames the product', 'Fans only: code FAN5 for $5 off the new Aero headphones until Sunday. https://shop.example.com/aero2 @aerosound', 'product_dropped'],
    ['adds a percentage', 'Fans only: code FAN5 for $5 off, plus 20% on the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound', 'invented_offer'],
    ['adds a code', 'Fans only: code FAN5 or VIP20 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound', 'invented_offer'],
    ['adds free shipping', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday, free shipping. https://shop.example.com/aero2 @aerosound', 'invented_offer'],
    ['adds a deadline', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday, 18:00. https://shop.example.com/aero2 @aerosound', 'invented_date'],
    ['adds a link', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 https://evil.example.com @aerosound', 'new_url'],
    ['mentions someone new', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound @bob', 'new_mention'],
    ['pings everyone', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound @everyone', 'mass_mention'],
    ['pings a Discord role', 'Fans only: code FAN5 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound <@&123456789>', 'new_mention'],
    ['echoes the prompt delimiters', 'POST>>> Fans only: code FAN5 for $5 off the new Aero 2 until Sunday. https://shop.example.com/aero2 @aerosound', 'prompt_echo'],
  ])('rejects a rewrite that %s', (_, variant, reason) => {
    expect(reasons(original, variant)).toContain(reason);
  });

  it('a bracket with a number is a claim, not a placeholder', () => {
    expect(reasons('New mugs are in.', 'New mugs are in. [20% off for fans]')).toContain('invented_offer');
    expect(reasons('New mugs are in.', 'New mugs are in. [your fan-only offer]')).toEqual([]);
  });

  it('rejects an empty rewrite', () => {
    expect(reasons('New mugs are in.', '  \n ')).toEqual(['empty']);
  });

  it('measures the X limit as the engine does: a long URL counts 23', () => {
    const url = `https://shop.example.com/${'a'.repeat(200)}`;
    const fits = `${'Fans get it first. '.repeat(13)}${url}`;
    const report = advise(realAdvisor(), { text: fits, platform: 'twitter', lang: 'en' });
    expect(postedLength(fits, 'twitter')).toEqual({ weighted: report.length.weighted, limit: 280 });
    expect(fits.length).toBeGreaterThan(280);
    expect(reasons(url, fits)).toEqual([]);
    const over = `${'Fans get it first. '.repeat(15)}${url}`;
    expect(reasons(url, over)).toEqual(['over_limit']);
    expect(reasons(url, over, 'en', 'facebook')).toEqual([]);
  });

  it('counts emoji as 2 on X, as the engine does', () => {
    const text = '🎉'.repeat(141);
    expect(postedLength(text, 'twitter').weighted).toBe(advise(realAdvisor(), { text, platform: 'twitter', lang: 'en' }).length.weighted);
    expect(reasons('🎉', text)).toEqual(['over_limit']);
  });
});
