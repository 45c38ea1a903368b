import { describe, expect, it } from 'vitest';
import { findLinks } from '../../src/core/links.ts';
import { realAdvisor } from '../support/advisor.ts';
import { advise } from '../../src/core/engine.ts';

const facts = realAdvisor().measureContext.links;
const advisor = realAdvisor();

describe('links on any host', () => {
  it.each([
    ['Shop: https://linnea.example/sale?utm_source=fb', 'https://linnea.example/sale?utm_source=fb', true],
    ['Details unter shop.example/sale?utm_campaign=herbst.', 'shop.example/sale?utm_campaign=herbst', true],
    ['intranet: http://intranet/offers?fbclid=1', 'http://intranet/offers?fbclid=1', true],
    ['Read more at www.bakery.test', 'www.bakery.test', false],
    ['See example.com', 'example.com', false],
  ])('%s', (text, url, tracked) => {
    const links = findLinks(text, facts);
    expect(links.map((l) => l.url)).toEqual([url]);
    expect(links[0]!.tracked).toBe(tracked);
  });

  it('reports tracking_link for a tagged link with or without a scheme', () => {
    for (const text of ['New menu: cafe-rosa.example/menu?utm_source=x', 'New menu: https://cafe-rosa.localhost/menu?gclid=abc'])
      expect(advise(advisor, { text, platform: 'twitter', lang: 'en' }).signals).toContain('tracking_link');
  });

  it('a shop path counts as a place to buy; "/workshop" does not', () => {
    expect(findLinks('https://x.example/shop/boots', facts)[0]!.shop).toBe(true);
    expect(findLinks('https://x.example/workshop', facts)[0]!.shop).toBe(false);
  });

  it('abbreviations are not links', () => {
    expect(findLinks('Brot, Brötchen usw. z.B. Dinkel, e.g. spelt', facts)).toEqual([]);
  });
});

describe('X length as X counts it', () => {
  it('a trailing media link is not counted', () => {
    const base = 'New colours are in store today.';
    const r = advise(advisor, { text: `${base} https://t.co/AbCdEf1234`, platform: 'twitter', lang: 'en' });
    expect(r.length.weighted).toBe(base.length);
  });
  it('a very long post counts each ASCII character once', () => {
    const r = advise(advisor, { text: 'a '.repeat(25_000), platform: 'twitter', lang: 'en' });
    expect(r.length.weighted).toBe(r.length.chars);
  });
});
