// A fixed, generated benchmark corpus: short tweets and long Facebook posts in English and German.
// Generated (not copied from anywhere) so it can live in the repo; seeded, so every run is the same.
import type { Lang, Platform } from '../src/core/post.ts';

export interface BenchPost {
  id: string;
  text: string;
  platform: Platform;
  lang: Lang;
}

const parts: Record<Lang, string[]> = {
  en: [
    'New spring collection out now!', 'Fans only: 20% off with code FAN20 until Sunday.', 'Shop now: https://shop.example.com/spring?utm_source=twitter',
    'Members earn double points this week.', 'Which colour should we make next?', 'We are proud of our team in Berlin.',
    'Join us on Saturday at 3pm for a tasting.', 'Rated 4.8/5 by 2,000 customers.', 'Sorry for the delays today, DM us if you need help.',
    'Thank you for 10k followers!', 'Giveaway: win one of three bikes.', 'Free shipping on every order until Friday.',
    'Behind the scenes at our bakery.', 'Back in stock: the classic tote. #bags', 'Our app is down for maintenance until 3 am.',
    'Read the full story: https://www.example.com/story', 'Happy Friday, everyone! 🎉', 'No discount today, but fresh bread as always.',
  ],
  de: [
    'Jetzt neu: unsere Herbstkollektion!', 'Nur für Fans: 5 € Rabatt mit Code FAN5 bis Sonntag.', 'Jetzt bestellen: https://www.example.de/shop?utm_source=facebook',
    'Diese Woche doppelte Treuepunkte auf alles.', 'Welche Sorte sollen wir als Nächstes backen?', 'Wir sind stolz auf unser Team in Köln.',
    'Am Samstag um 15 Uhr: Tag der offenen Tür.', 'Testsieger bei Stiftung Warentest.', 'Entschuldigt die Störung, wir arbeiten daran.',
    'Danke für eure Treue!', 'Gewinnspiel: Wir verlosen drei Fahrräder.', 'Versandkostenfrei bis Freitag.',
    'Ein Blick hinter die Kulissen unserer Backstube.', 'Wieder da: die klassische Tasche. #taschen', 'Unsere Redaktion empfiehlt das neue Kochbuch.',
    'Alles zur neuen Kollektion: https://www.example.de/herbst', 'Schönes Wochenende euch allen! ☀️', 'Kein Rabatt heute, aber frische Brötchen.',
  ],
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `count` posts; `chars` is the target length (tweets ~100–250, Facebook posts e.g. 2,000). */
export function generate(count: number, chars: number, platform: Platform, seed = 42): BenchPost[] {
  const next = rng(seed);
  const posts: BenchPost[] = [];
  for (let i = 0; i < count; i++) {
    const lang: Lang = i % 2 === 0 ? 'en' : 'de';
    const pool = parts[lang];
    let text = '';
    while (text.length < chars) text += `${pool[Math.floor(next() * pool.length)]} `;
    posts.push({ id: `${platform}-${i}`, text: text.slice(0, chars).trim(), platform, lang });
  }
  return posts;
}
